"""The demo's resource requests in the language of the account they are for (a Polish
customer's request is written in Polish, a Russian-speaking one's in Russian), like the
plans' texts; the English ones are in domain.REQUESTS. Same order as REQUESTS:
(title, business case, decision reason)."""

from __future__ import annotations

# fmt: off
REQUEST_TEXTS: dict[str, list[tuple[str, str, str]]] = {
    "pl": [
        ("Uruchomienie nowej linii pakującej",
         "Nasi inżynierowie na miejscu przy rozruchu zapewniają kolejny kontrakt na części "
         "zamienne.", ""),
        ("Program konserwacji zapobiegawczej", "Mniej awarii; klient przedłuża umowę ramową.", ""),
        ("Szkolenie operatorów w dwóch zakładach",
         "Przeszkoleni operatorzy zamawiają właściwe części i rzadziej reklamują.",
         "W tym kwartale tylko jeden zakład; drugi po wakacjach."),
        ("Stały inżynier serwisu u klienta",
         "Osoba na miejscu codziennie: życzenie klienta z ostatniego przeglądu.", ""),
        ("Audyt zainstalowanej bazy",
         "Audyt wskaże części do wymiany: około 20 % więcej zamówień.", ""),
        ("Dwóch inżynierów na postój w marcu",
         "Na corocznym postoju w zeszłym roku wygrał konkurent.", ""),
        ("Uszczelka na zamówienie do nowej prasy",
         "Design-in: zostajemy jedynym kwalifikowanym dostawcą tej części.", ""),
        ("Seria testowa łożyska powlekanego", "Kwalifikacja otwiera drugi zakład klienta.", ""),
        ("Studium zastosowania do modernizacji przekładni",
         "Modernizacja zastępuje napęd konkurenta w 40 maszynach.", ""),
        ("Inżynier oddelegowany do działu R&D klienta",
         "Wspólne opracowanie następnej generacji linii.",
         "Brak uzasadnienia biznesowego w liczbach; przedstaw oczekiwany wolumen na następnym "
         "przeglądzie."),
        ("Utworzenie magazynu konsygnacyjnego",
         "Zapas przy bramie zakładu wygrywa kryterium dostawy w 24 godziny.", ""),
        ("Codzienny milk run do trzech zakładów", "Dostawy bez własnej ciężarówki klienta.",
         "Koszt przewyższa zysk brutto, który przynosi; możliwy jest kurs raz w tygodniu."),
        ("Opakowania na eksport do Kazachstanu",
         "Nowy zakład klienta jest zaopatrywany z naszego magazynu.", ""),
        ("Wspólne stoisko targowe", "Pokazuje naszą ofertę całemu zespołowi zakupów klienta.", ""),
        ("Współfinansowane badanie niezawodności",
         "Badanie dowodzi niższego całkowitego kosztu naszych łożysk.", ""),
        ("Wydarzenie dla klienta w naszym zakładzie",
         "Wizyta dla nowych kierowników zakładu klienta.", ""),
    ],
    "ru": [
        ("Пусконаладка новой упаковочной линии",
         "Наши инженеры на площадке при запуске обеспечат следующий контракт на запчасти.", ""),
        ("Программа планово-предупредительного обслуживания",
         "Меньше поломок; клиент продлевает рамочный договор.", ""),
        ("Обучение операторов на двух заводах",
         "Обученные операторы заказывают правильные детали и реже жалуются.",
         "В этом квартале только один завод; второй после лета."),
        ("Постоянный сервисный инженер у клиента",
         "Человек на площадке каждый день: пожелание клиента на последнем обзоре.", ""),
        ("Аудит установленного оборудования",
         "Аудит найдёт детали под замену: примерно на 20 % больше заказов.", ""),
        ("Два инженера на мартовскую остановку",
         "На ежегодной остановке в прошлом году выиграл конкурент.", ""),
        ("Специальное уплотнение для нового пресса",
         "Design-in: мы станем единственным квалифицированным поставщиком детали.", ""),
        ("Опытная партия подшипника с покрытием", "Квалификация откроет второй завод клиента.", ""),
        ("Инженерное исследование для модернизации редуктора",
         "Модернизация заменит привод конкурента на 40 машинах.", ""),
        ("Инженер, командированный в R&D клиента",
         "Совместная разработка следующего поколения линии.",
         "Пока нет экономического обоснования в цифрах; принесите ожидаемый объём на следующий "
         "обзор."),
        ("Организация консигнационного склада",
         "Запас у ворот завода выигрывает критерий поставки за 24 часа.", ""),
        ("Ежедневный милк-ран на три завода", "Поставки без собственного грузовика клиента.",
         "Затраты превышают валовую прибыль, которую он приносит; возможен еженедельный рейс."),
        ("Упаковка для экспорта в Казахстан",
         "Новый завод клиента снабжается с нашего склада.", ""),
        ("Совместный стенд на выставке",
         "Показывает наше предложение всей команде закупок клиента.", ""),
        ("Совместно финансируемое исследование надёжности",
         "Исследование докажет более низкую совокупную стоимость наших подшипников.", ""),
        ("Мероприятие для клиента на нашем заводе",
         "Визит для новых руководителей завода клиента.", ""),
    ],
}
# fmt: on


def request_text(index: int, language: str, english: tuple[str, str, str]) -> tuple[str, str, str]:
    """The `index`-th request's texts in `language` (English when there are none)."""
    texts = REQUEST_TEXTS.get(language)
    return texts[index] if texts and index < len(texts) else english
