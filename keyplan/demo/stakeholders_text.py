"""Words for the demo's stakeholders (keyplan.demo.stakeholders): people's names by
country (with the feminine surname where the language has one), job titles for the
positions of an org chart, and what interactions and time entries are about, in the
account's language (Polish, Russian, else English)."""

from __future__ import annotations

import unicodedata

# First names (male, female) and surnames per naming group. A surname "A:B" is A for a
# man and B for a woman; without a colon it is the same for both, unless the group has
# a rule below (Polish -ski/-cki/-dzki, Russian -ov/-ev/-in).
NAMES: dict[str, tuple[str, str, str]] = {
    "pl": (
        "Piotr Krzysztof Andrzej Tomasz Paweł Marcin Michał Grzegorz Jakub Łukasz Adam Marek "
        "Wojciech Rafał Robert Jacek Dariusz Artur",
        "Anna Katarzyna Magdalena Agnieszka Joanna Monika Ewa Małgorzata Aleksandra Karolina "
        "Barbara Justyna Beata Dorota Iwona Marta",
        "Nowak Kowalski Wiśniewski Wójcik Kowalczyk Kamiński Lewandowski Zieliński Szymański "
        "Woźniak Dąbrowski Kozłowski Jankowski Mazur Krawczyk Piotrowski Grabowski Pawłowski "
        "Michalski Król Wieczorek Jabłoński Majewski Olszewski Stępień Malinowski Górski "
        "Rutkowski Sikora Baran Zawadzki Sadowski",
    ),
    "ru": (
        "Алексей Дмитрий Сергей Андрей Михаил Александр Николай Владимир Игорь Павел Евгений "
        "Юрий Олег Виктор Константин Роман",
        "Ольга Елена Наталья Ирина Татьяна Светлана Марина Анна Екатерина Юлия Галина Людмила "
        "Вера Оксана",
        "Иванов Смирнов Кузнецов Попов Соколов Лебедев Козлов Новиков Морозов Волков Петров "
        "Соловьёв Васильев Зайцев Павлов Семёнов Голубев Виноградов Богданов Воробьёв Фёдоров "
        "Михайлов Беляев Тарасов Белов Комаров Орлов Киселёв Макаров Андреев Никитин Зимин",
    ),
    "kz": (
        "Асхат Ерлан Нурлан Бауыржан Даурен Канат Серик Мурат Алексей Сергей Дмитрий",
        "Айгуль Динара Жанар Сауле Гульнара Асель Елена Ольга Наталья",
        "Нурланов Ахметов Жумабаев Искаков Омаров Касымов Сейтказиев Абенов Тулегенов "
        "Иванов Ким Попов Садыков Бекмуханов",
    ),
    "by": (
        "Александр Сергей Андрей Дмитрий Виктор Игорь Павел Николай Вадим Артём",
        "Ольга Елена Наталья Ирина Татьяна Светлана Анастасия Алеся Юлия Марина",
        "Ковалевич Лукашевич Новик Жук Климович Козловский:Козловская Макаревич Романович "
        "Шевчук Мельников Бондаренко Карпович Ивашкевич Кравченко Сидоров Петров",
    ),
    "de": (
        "Thomas Michael Andreas Stefan Markus Christian Frank Jürgen Matthias Tobias Florian "
        "Martin Uwe",
        "Sabine Claudia Petra Andrea Katrin Julia Anja Stefanie Susanne Nicole Birgit Monika",
        "Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Koch "
        "Richter Wolf Neumann Schwarz Braun Hofmann Zimmermann Krüger Hartmann Lange Werner",
    ),
    "cz": (
        "Jan Petr Jiří Pavel Martin Tomáš Jaroslav Miroslav Lukáš Ondřej Marek Peter",
        "Jana Eva Hana Lenka Kateřina Lucie Petra Veronika Martina Zuzana",
        "Novák:Nováková Svoboda:Svobodová Novotný:Novotná Dvořák:Dvořáková Černý:Černá "
        "Procházka:Procházková Kučera:Kučerová Veselý:Veselá Horák:Horáková Němec:Němcová "
        "Pokorný:Pokorná Marek:Marková Kováč:Kováčová Horváth:Horváthová",
    ),
    "lt": (
        "Tomas Mantas Darius Andrius Giedrius Paulius Vytautas Rimantas Saulius",
        "Rasa Jurgita Laura Rūta Inga Agnė Eglė Kristina Vilma",
        "Kazlauskas:Kazlauskienė Jankauskas:Jankauskienė Petrauskas:Petrauskienė "
        "Stankevičius:Stankevičienė Vasiliauskas:Vasiliauskienė Žukauskas:Žukauskienė "
        "Butkus:Butkienė Paulauskas:Paulauskienė Urbonas:Urbonienė Kavaliauskas:Kavaliauskienė",
    ),
    "nl": (
        "Jan Pieter Mark Sander Bas Joost Thijs Ruud Maarten Erik",
        "Anke Sanne Eva Femke Marieke Lotte Ingrid Esther",
        "de Jong|Jansen|de Vries|van den Berg|van Dijk|Bakker|Visser|Smit|Meijer|de Boer|Mulder"
        "|Bos|Vos|Peters",
    ),
    "it": (
        "Marco Luca Giuseppe Andrea Alessandro Francesco Matteo Davide Stefano Roberto",
        "Giulia Francesca Chiara Sara Valentina Elena Laura Paola Silvia",
        "Rossi Russo Ferrari Esposito Bianchi Romano Colombo Ricci Marino Greco Bruno Gallo "
        "Conti Costa",
    ),
    "se": (
        "Erik Lars Anders Johan Magnus Per Karl Henrik Mikael Fredrik",
        "Anna Maria Karin Sara Lena Emma Ingrid Eva Helena Kristina",
        "Andersson Johansson Karlsson Nilsson Eriksson Larsson Olsson Persson Svensson "
        "Gustafsson Lindberg Lindqvist Berg",
    ),
}
NAMING_OF_COUNTRY = {
    "PL": "pl",
    "RU": "ru",
    "KZ": "kz",
    "BY": "by",
    "DE": "de",
    "AT": "de",
    "CZ": "cz",
    "SK": "cz",
    "LT": "lt",
    "NL": "nl",
    "IT": "it",
    "SE": "se",
}
PHONE_PREFIX = {
    "PL": "+48",
    "RU": "+7",
    "KZ": "+7",
    "BY": "+375",
    "DE": "+49",
    "AT": "+43",
    "CZ": "+420",
    "SK": "+421",
    "LT": "+370",
    "NL": "+31",
    "IT": "+39",
    "SE": "+46",
}


def name_lists(group: str) -> tuple[list[str], list[str], list[str]]:
    male, female, last = NAMES.get(group, NAMES["de"])
    surnames = last.split("|") if "|" in last else last.split()
    return male.split(), female.split(), surnames


def surname(name: str, *, female: bool, group: str) -> str:
    """The surname in the person's gender: "Kowalski" -> "Kowalska", "Иванов" -> "Иванова"."""
    male_form, _, female_form = name.partition(":")
    if not female:
        return male_form
    if female_form:
        return female_form
    if group == "pl" and male_form.endswith(("ski", "cki", "dzki")):
        return male_form[:-1] + "a"
    if group in ("ru", "kz", "by") and male_form.endswith(("ов", "ев", "ёв", "ин")):
        return male_form + "а"
    return male_form


def agree(first_name: str, last_name: str, group: str) -> str:
    """The surname in the gender of the first name, for Polish and Russian names
    ("Joanna Kowalski" -> "Joanna Kowalska", "Сергей Смирнова" -> "Сергей Смирнов");
    other names as they are. A first name ending in -a/-я is a woman's."""
    female = first_name.endswith(("a", "а", "я"))
    if group == "pl":
        for male_end, female_end in (("ski", "ska"), ("cki", "cka"), ("dzki", "dzka")):
            if female and last_name.endswith(male_end):
                return last_name[:-1] + "a"
            if not female and last_name.endswith(female_end):
                return last_name[:-1] + "i"
    if group in ("ru", "kz", "by"):
        if female and last_name.endswith(("ов", "ев", "ёв", "ин")):
            return last_name + "а"
        if not female and last_name.endswith(("ова", "ева", "ёва", "ина")):
            return last_name[:-1]
    return last_name


_ROMAN = (
    "a b v g d e e zh z i y k l m n o p r s t u f kh ts ch sh shch - y - e yu ya u q g n o u h i"
)
CYRILLIC = dict(zip("абвгдеёжзийклмнопрстуфхцчшщъыьэюяұқғңөүһі", _ROMAN.split(), strict=True))
LATIN = {"ł": "l", "ß": "ss", "ø": "o", "æ": "ae"}


def ascii_name(text: str) -> str:
    """A name as it would appear in an e-mail address: lower case ASCII letters only."""
    out = []
    for char in text.lower():
        char = CYRILLIC.get(char, LATIN.get(char, char))
        if char == "-":
            continue
        out.append(char)
    folded = unicodedata.normalize("NFKD", "".join(out)).encode("ascii", "ignore").decode()
    return "".join(c for c in folded if c.isalnum())


# Job titles of the org chart's positions (keys of stakeholders.POSITIONS).
TITLES: dict[str, dict[str, str]] = {
    "pl": {
        "ceo": "Prezes zarządu",
        "cfo": "Dyrektor finansowy",
        "coo": "Dyrektor operacyjny",
        "purchasing": "Dyrektor zakupów",
        "plant": "Dyrektor zakładu",
        "engineering": "Dyrektor techniczny",
        "buyer": "Specjalista ds. zakupów",
        "maintenance": "Kierownik utrzymania ruchu",
        "assistant": "Asystent zarządu",
        "quality": "Kierownik działu jakości",
        "logistics": "Kierownik logistyki",
        "production": "Kierownik produkcji",
        "controller": "Kontroler finansowy",
        "maint_engineer": "Inżynier utrzymania ruchu",
        "process_engineer": "Technolog procesu",
        "senior_buyer": "Starszy kupiec",
        "projects": "Kierownik projektów inwestycyjnych",
        "warehouse": "Kierownik magazynu",
        "ehs": "Kierownik BHP i ochrony środowiska",
        "automation": "Inżynier automatyk",
    },
    "ru": {
        "ceo": "Генеральный директор",
        "cfo": "Финансовый директор",
        "coo": "Директор по производству",
        "purchasing": "Директор по закупкам",
        "plant": "Директор завода",
        "engineering": "Главный инженер",
        "buyer": "Менеджер по закупкам",
        "maintenance": "Главный механик",
        "assistant": "Помощник генерального директора",
        "quality": "Начальник отдела качества",
        "logistics": "Начальник отдела логистики",
        "production": "Начальник производства",
        "controller": "Финансовый контролёр",
        "maint_engineer": "Инженер-механик",
        "process_engineer": "Инженер-технолог",
        "senior_buyer": "Ведущий специалист по закупкам",
        "projects": "Руководитель инвестиционных проектов",
        "warehouse": "Заведующий складом",
        "ehs": "Начальник отдела охраны труда",
        "automation": "Инженер по автоматизации",
    },
    "en": {
        "ceo": "Managing Director",
        "cfo": "Chief Financial Officer",
        "coo": "Chief Operating Officer",
        "purchasing": "Head of Procurement",
        "plant": "Plant Manager",
        "engineering": "Technical Director",
        "buyer": "Buyer",
        "maintenance": "Maintenance Manager",
        "assistant": "Executive Assistant",
        "quality": "Quality Manager",
        "logistics": "Logistics Manager",
        "production": "Production Manager",
        "controller": "Financial Controller",
        "maint_engineer": "Maintenance Engineer",
        "process_engineer": "Process Engineer",
        "senior_buyer": "Senior Buyer",
        "projects": "Capital Projects Manager",
        "warehouse": "Warehouse Supervisor",
        "ehs": "EHS Manager",
        "automation": "Automation Engineer",
    },
}

# Interaction subjects by kind, notes and next steps, and notes of manual time entries.
SUBJECTS: dict[str, dict[str, list[str]]] = {
    "pl": {
        "meeting": [
            "Przegląd kwartalny współpracy",
            "Negocjacje umowy ramowej",
            "Prezentacja oferty serwisowej",
            "Omówienie planu zakupów na przyszły rok",
            "Warsztat z inżynierami klienta",
            "Spotkanie w sprawie reklamacji",
        ],
        "call": [
            "Terminy dostaw",
            "Pytanie o ofertę",
            "Status zamówienia",
            "Uzgodnienie cen na kolejny kwartał",
            "Umówienie wizyty",
        ],
        "visit": [
            "Wizyta w zakładzie: przegląd linii",
            "Audyt magazynu części zamiennych",
            "Uruchomienie nowej linii",
            "Wizyta z działem serwisu",
        ],
        "email": [
            "Oferta na części zamienne",
            "Potwierdzenie zamówienia",
            "Przesłanie specyfikacji technicznej",
            "Podsumowanie spotkania",
        ],
    },
    "ru": {
        "meeting": [
            "Квартальный обзор сотрудничества",
            "Переговоры по рамочному договору",
            "Презентация сервисного предложения",
            "Обсуждение плана закупок на следующий год",
            "Рабочая встреча с инженерами клиента",
            "Встреча по рекламации",
        ],
        "call": [
            "Сроки поставки",
            "Вопрос по коммерческому предложению",
            "Статус заказа",
            "Согласование цен на следующий квартал",
            "Договорились о визите",
        ],
        "visit": [
            "Визит на завод: осмотр линии",
            "Аудит склада запчастей",
            "Запуск новой линии",
            "Совместный визит с сервисной службой",
        ],
        "email": [
            "Коммерческое предложение на запчасти",
            "Подтверждение заказа",
            "Техническая спецификация",
            "Итоги встречи",
        ],
    },
    "en": {
        "meeting": [
            "Quarterly business review",
            "Framework agreement negotiation",
            "Service offer presentation",
            "Next year's purchasing plan",
            "Workshop with the customer's engineers",
            "Complaint review meeting",
        ],
        "call": [
            "Delivery dates",
            "Question about the quote",
            "Order status",
            "Prices for next quarter",
            "Arranging a visit",
        ],
        "visit": [
            "Plant visit: line review",
            "Spare-parts stock audit",
            "New line commissioning",
            "Joint visit with service",
        ],
        "email": [
            "Quote for spare parts",
            "Order confirmation",
            "Technical specification sent",
            "Meeting summary",
        ],
    },
}
NOTES: dict[str, list[str]] = {
    "pl": [
        "Klient zadowolony z terminowości dostaw.",
        "Zgłoszono uwagi do jakości ostatniej partii.",
        "Budżet na przyszły rok jeszcze nie zatwierdzony.",
        "Konkurent zaproponował niższą cenę.",
        "Zainteresowanie kontraktem serwisowym.",
    ],
    "ru": [
        "Клиент доволен сроками поставок.",
        "Есть замечания по качеству последней партии.",
        "Бюджет на следующий год ещё не утверждён.",
        "Конкурент предложил более низкую цену.",
        "Интерес к сервисному контракту.",
    ],
    "en": [
        "The customer is happy with delivery times.",
        "Remarks on the quality of the last batch.",
        "Next year's budget not approved yet.",
        "A competitor offered a lower price.",
        "Interest in a service contract.",
    ],
}
NEXT_STEPS: dict[str, list[str]] = {
    "pl": ["Wysłać ofertę", "Umówić wizytę w zakładzie", "Przygotować próbki", "Oddzwonić"],
    "ru": ["Отправить предложение", "Назначить визит", "Подготовить образцы", "Перезвонить"],
    "en": ["Send the quote", "Arrange a plant visit", "Prepare samples", "Call back"],
}
MANUAL: dict[str, list[str]] = {
    "pl": ["Przygotowanie oferty", "Aktualizacja planu klienta", "Kalkulacja cen"],
    "ru": ["Подготовка предложения", "Обновление плана по клиенту", "Расчёт цен"],
    "en": ["Quote preparation", "Account plan update", "Pricing"],
}
