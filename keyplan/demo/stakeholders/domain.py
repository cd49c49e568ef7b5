"""The demo's org charts (keyplan.demo.stakeholders.services writes them): the positions
of a chart and who our people link with, people's names by country (with the feminine
surname where the language has one) and job titles, in the account's language (Polish,
Russian, else English)."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

TOP_ACCOUNTS = 30
EXEC, SENIOR, MANAGER, SPECIALIST = "executive", "senior_manager", "manager", "specialist"


@dataclass(frozen=True)
class Position:
    key: str
    level: str
    parent: str | None
    roles: tuple[str, ...]
    authority: tuple[int, int]
    influence: tuple[int, int]


# Parents come before their reports. The first CORE positions are in every chart.
POSITIONS = (
    Position("ceo", EXEC, None, ("decision_maker",), (5, 5), (4, 5)),
    Position("cfo", EXEC, "ceo", ("economic_buyer",), (4, 5), (4, 5)),
    Position("coo", EXEC, "ceo", ("decision_maker",), (4, 5), (3, 5)),
    Position("purchasing", SENIOR, "cfo", ("technical_buyer", "influencer"), (3, 4), (3, 5)),
    Position("plant", SENIOR, "coo", ("user", "influencer"), (3, 4), (3, 4)),
    Position("engineering", SENIOR, "coo", ("technical_buyer",), (3, 4), (3, 5)),
    Position("buyer", SPECIALIST, "purchasing", ("gatekeeper",), (1, 2), (1, 3)),
    Position("maintenance", MANAGER, "plant", ("user",), (2, 3), (2, 4)),
    Position("assistant", SPECIALIST, "ceo", ("gatekeeper",), (1, 1), (2, 3)),
    Position("quality", MANAGER, "coo", ("influencer",), (2, 3), (2, 4)),
    Position("logistics", MANAGER, "coo", ("user",), (2, 3), (1, 3)),
    Position("production", MANAGER, "plant", ("user",), (2, 3), (2, 3)),
    Position("controller", MANAGER, "cfo", ("influencer",), (2, 3), (2, 3)),
    Position("maint_engineer", SPECIALIST, "maintenance", ("user",), (1, 2), (1, 3)),
    Position("process_engineer", SPECIALIST, "engineering", ("influencer",), (1, 2), (2, 4)),
    Position("senior_buyer", SPECIALIST, "purchasing", ("technical_buyer",), (1, 2), (2, 3)),
    Position("projects", MANAGER, "engineering", ("influencer",), (2, 3), (2, 4)),
    Position("warehouse", SPECIALIST, "logistics", ("user",), (1, 2), (1, 2)),
    Position("ehs", MANAGER, "coo", ("influencer",), (2, 2), (1, 3)),
    Position("automation", SPECIALIST, "engineering", ("user",), (1, 2), (1, 3)),
)
BY_KEY = {p.key: p for p in POSITIONS}
CORE = 7
INTEREST = {
    "user": (3, 5),
    "technical_buyer": (3, 5),
    "decision_maker": (3, 5),
    "economic_buyer": (2, 4),
    "influencer": (2, 4),
    "gatekeeper": (1, 3),
}
ATTITUDES = ("champion", "supporter", "neutral", "sceptic", "opponent")
# Attitude to the main competitor, given the attitude to us.
COMPETITOR_WEIGHTS = {
    "champion": (0, 1, 4, 3, 2),
    "supporter": (0, 2, 4, 3, 1),
    "neutral": (1, 2, 4, 2, 1),
    "sceptic": (2, 4, 2, 1, 0),
    "opponent": (4, 3, 1, 0, 0),
}
# Whom our people link with: the owner, the director, and the team by business unit.
PEERS = {
    "owner": ("purchasing", "buyer", "plant", "engineering", "senior_buyer", "coo", "production"),
    "director": ("ceo", "cfo", "coo"),
    "service": ("maintenance", "maint_engineer", "production", "plant"),
    "logistics": ("logistics", "warehouse", "buyer"),
    "rnd": ("engineering", "process_engineer", "automation", "projects", "quality"),
    "finance": ("controller", "cfo"),
    "sales": ("buyer", "senior_buyer"),
}
STRENGTH_WEIGHTS = {
    "owner": (0.5, 1, 2, 3, 3, 2),
    "director": (0.5, 1, 2, 2, 2, 1),
    "team": (1, 2, 3, 2, 1, 0.5),
}
LINK_CHANCE = {"owner": 0.75, "director": 0.6, "team": 0.7}


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


# Job titles of the org chart's positions (keys of POSITIONS).
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
