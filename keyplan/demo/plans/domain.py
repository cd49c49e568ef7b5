"""What the demo's account plans say (keyplan.demo.plans.services writes them): the
content of a plan in the account's language (Polish, Russian, else English).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

TOP_ACCOUNTS = 15
# The plan's potential against what the account bought in the last twelve months: the
# plan year and the two after it, growing as the plan's goals would have it.
POTENTIAL_GROWTH = (Decimal("1.08"), Decimal("1.18"), Decimal("1.30"))
# The revenue goal for the plan year, against the last twelve months.
REVENUE_GOAL_GROWTH = Decimal("1.06")
# Without sales (an account the demo sells nothing to yet): a share of its own turnover.
SHARE_OF_TURNOVER = Decimal("0.04")


def plan_base(last_12_months: Decimal, annual_revenue: Decimal | int | None) -> Decimal:
    """What the plan's figures grow from: the account's revenue with us over the last
    twelve months, in its currency (so that the plan agrees with its sales); without
    sales, a share of the account's own turnover."""
    if last_12_months > 0:
        return last_12_months
    return Decimal(annual_revenue or 1_000_000) * SHARE_OF_TURNOVER


def potential_volumes(base: Decimal, year: int) -> list[tuple[int, Decimal]]:
    """The plan's potential: (year, expected volume) for the plan year and the two after
    it, whole currency units."""
    return [
        (year + step, (base * growth).quantize(Decimal("1")))
        for step, growth in enumerate(POTENTIAL_GROWTH)
    ]


def last_months(end: date, count: int = 12) -> tuple[date, date]:
    """The first days of the first and the last of the `count` months up to `end`."""
    index = end.year * 12 + end.month - 1 - (count - 1)
    return date(index // 12, index % 12 + 1, 1), date(end.year, end.month, 1)


# Language -> what each part of a plan says.
TEXT: dict[str, dict[str, Any]] = {
    "pl": {
        "profile": [
            ("industry_markets", "Producent komponentów dla przemysłu, eksport do DE i CZ."),
            ("direction", "Zarząd planuje nowy zakład i automatyzację linii do 2027 r."),
            ("structure_management", "Zakupy scentralizowane; decyzje techniczne w zakładach."),
            ("performance", "Przychody rosną ok. 8% rocznie, marża pod presją kosztów."),
            ("need_for_products", "Potrzebują stałych dostaw części i serwisu 24/7."),
        ],
        "industry": [
            ("market", "Spowolnienie w budownictwie", "Mniej zamówień w II półroczu"),
            ("technology", "Automatyzacja i predykcyjne utrzymanie ruchu", "Szansa na serwis"),
            ("political", "Nowe wymogi UE dotyczące emisji", "Inwestycje w modernizację"),
        ],
        "swot": [
            ("S", "cash_flow", "Silna pozycja gotówkowa"),
            ("S", "brand_image", "Rozpoznawalna marka w regionie"),
            ("W", "management", "Częste zmiany w dziale zakupów"),
            ("O", "market_changes", "Nowe rynki eksportowe w Skandynawii"),
            ("T", "price_pressure", "Tani import z Azji"),
            ("T", "competitor_actions", "Konkurent oferuje dłuższe terminy płatności"),
        ],
        "customer_goal": [
            ("Skrócić nieplanowane przestoje o 30%", "Kontrakt serwisowy z monitoringiem"),
            ("Obniżyć koszty zakupów", "Umowa ramowa z rabatem wolumenowym"),
        ],
        "customer_problem": ["Stary park maszynowy", "Brak magazynu części zamiennych"],
        "culture": ["Decyzje podejmowane konsensusem", "Duża waga relacji osobistych"],
        "goal": [
            ("Zwiększyć przychody z klientem", "Nasz udział w zakupach jest niski"),
            ("Wejść z usługami serwisowymi", "Serwis wiąże klienta na lata"),
        ],
        "value": [
            ("unique", "Dostawa części w 24 godziny z magazynu w Poznaniu"),
            ("raise_actual", "Wspólne warsztaty z inżynierami klienta"),
            ("raise_perceived", "Kwartalny raport oszczędności dla zarządu"),
        ],
        "perception": [
            ("S", "Wysoka jakość produktów", 5, 5),
            ("W", "Wolne przygotowanie ofert", 2, 4),
            ("W", "Słaba obecność w zakładach", 2, 3),
        ],
        "action": [
            ("Spotkanie z dyrektorem zakładu", "Brak dostępu do decydentów technicznych"),
            ("Przygotować ofertę kontraktu serwisowego", "Klient nie zna naszego serwisu"),
            ("Przegląd kwartalny z działem zakupów", ""),
            ("Pilotaż monitoringu maszyn", "Obawy o bezpieczeństwo danych"),
        ],
        "progress": "Czekamy na decyzję zarządu",
        "trends": "Rozbudowa zakładu, automatyzacja",
        "summary": "Rozwój współpracy od dostaw do partnerstwa serwisowego.",
    },
    "ru": {
        "profile": [
            ("industry_markets", "Производитель оборудования, рынки России и Казахстана."),
            ("direction", "Планируют модернизацию производства до 2027 года."),
            ("structure_management", "Закупки централизованы в головном офисе."),
            ("performance", "Выручка растёт, но маржа снижается."),
            ("need_for_products", "Нужны регулярные поставки комплектующих и сервис."),
        ],
        "industry": [
            ("market", "Рост спроса в энергетике", "Больше заказов на комплектующие"),
            ("supply_demand", "Дефицит импортных компонентов", "Ищут надёжного поставщика"),
            ("political", "Изменения таможенного регулирования", "Сроки поставок растут"),
        ],
        "swot": [
            ("S", "leadership", "Сильная команда руководителей"),
            ("W", "cash_flow", "Длинные сроки оплаты поставщикам"),
            ("O", "demand_swings", "Рост спроса в регионах"),
            ("T", "government_actions", "Новые требования к сертификации"),
        ],
        "customer_goal": [
            ("Сократить простои оборудования", "Сервисный контракт"),
            ("Локализовать закупки", "Склад комплектующих рядом с заводом"),
        ],
        "customer_problem": ["Изношенное оборудование", "Долгие сроки поставки запчастей"],
        "culture": ["Решения принимает генеральный директор", "Ценят личные встречи"],
        "goal": [
            ("Увеличить выручку с клиентом", "Наша доля в закупках мала"),
            ("Запустить сервисное обслуживание", "Сервис удерживает клиента"),
        ],
        "value": [
            ("unique", "Склад запчастей с поставкой за 48 часов"),
            ("raise_perceived", "Ежеквартальный отчёт об экономии"),
        ],
        "perception": [
            ("S", "Надёжность поставок", 4, 5),
            ("W", "Медленные ответы на запросы", 2, 4),
        ],
        "action": [
            ("Встреча с генеральным директором", "Нет выхода на первое лицо"),
            ("Подготовить предложение по сервису", "Клиент не знает наш сервис"),
            ("Согласовать рамочный договор", ""),
        ],
        "progress": "Ждём решения руководства",
        "trends": "Модернизация производства",
        "summary": "От разовых поставок к долгосрочному партнёрству.",
    },
    "en": {
        "profile": [
            ("industry_markets", "Component maker serving automotive and machinery in the EU."),
            ("direction", "Board plans a new plant and line automation by 2027."),
            ("structure_management", "Central purchasing; technical decisions at the plants."),
            ("performance", "Revenue up about 6% a year, margins under cost pressure."),
            ("need_for_products", "Needs reliable supply of parts and 24/7 service."),
        ],
        "industry": [
            ("market", "Slowdown in automotive orders", "Fewer orders in the second half"),
            ("technology", "Predictive maintenance becomes standard", "Opening for service"),
            ("political", "New EU emission rules", "Investment in modernisation"),
        ],
        "swot": [
            ("S", "product_quality", "Known for quality and reliability"),
            ("W", "management", "High turnover in purchasing"),
            ("O", "market_changes", "New export markets in Scandinavia"),
            ("T", "price_pressure", "Low-cost imports from Asia"),
        ],
        "customer_goal": [
            ("Cut unplanned downtime by 30%", "Service contract with remote monitoring"),
            ("Lower purchasing costs", "Framework agreement with volume discount"),
        ],
        "customer_problem": ["Ageing machines", "No spare-parts stock on site"],
        "culture": ["Decisions by consensus", "Engineers have a strong voice"],
        "goal": [
            ("Grow revenue with the account", "Our share of their spend is low"),
            ("Start a service business", "Service ties the customer to us"),
        ],
        "value": [
            ("unique", "24-hour spare parts from our Poznań warehouse"),
            ("raise_actual", "Joint workshops with the customer's engineers"),
            ("raise_perceived", "Quarterly savings report for their board"),
        ],
        "perception": [
            ("S", "Product quality", 5, 5),
            ("W", "Slow quotes", 2, 4),
        ],
        "action": [
            ("Meet the plant director", "No access to technical decision makers"),
            ("Prepare a service contract offer", "The customer does not know our service"),
            ("Quarterly review with purchasing", ""),
        ],
        "progress": "Waiting for the board's decision",
        "trends": "Plant expansion, automation",
        "summary": "From supplier to service partner.",
    },
}
