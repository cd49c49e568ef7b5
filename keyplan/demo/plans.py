"""The demo's account plans (issue #5): a plan for each of the top strategic accounts,
written through the plan services (so history records who wrote what), with content in
the account's language (Polish, Russian, else English).

Plans are in every state: most approved, some in review, some drafts, one revised (an
approved version superseded by a draft copy); actions include overdue and blocked ones,
so that My actions, the account page and the completeness panel have something to show.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

LANGUAGE_OF_COUNTRY = {"PL": "pl", "RU": "ru", "KZ": "ru", "BY": "ru"}
TOP_ACCOUNTS = 15

TEXT = {
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


def seed_plans(
    *,
    accounts: Iterable,
    users: Mapping[str, object],
    rng: random.Random,
    today: date | None = None,
    limit: int = TOP_ACCOUNTS,
) -> dict[str, int]:
    """Write plans for the `limit` largest strategic accounts among `accounts` (by
    customer revenue). `users` maps user names to users: the director approves, the
    account's owner and team write. Returns counts for the loader's summary."""
    from keyplan.accounts.models import AccountTeamMember
    from keyplan.plans import services

    today = today or timezone.localdate()
    strategic = sorted(
        (a for a in accounts if a.account_class == "strategic" and a.owner_id),
        key=lambda a: (-(a.annual_revenue or 0), a.pk),
    )[:limit]
    director = users.get("director")
    counts = {"plans": 0, "items": 0}
    year = today.year
    for index, account in enumerate(strategic):
        language = LANGUAGE_OF_COUNTRY.get(account.country, "en")
        text = TEXT[language]
        owner = account.owner
        team = list(
            AccountTeamMember.objects.filter(account=account)
            .select_related("user")
            .values_list("user", flat=True)
        )
        people = [owner.pk, *team]
        plan = services.plan_create(
            user=owner,
            account=account,
            period=f"FY{year}",
            starts_on=date(year, 1, 1),
            ends_on=date(year, 12, 31),
            summary=text["summary"],
        )
        counts["plans"] += 1

        def add(kind: str, data: dict, plan=plan, owner=owner) -> object:
            counts["items"] += 1
            return services.item_create(user=owner, plan=plan, kind=kind, data=data)

        # Later accounts get thinner plans: completeness varies across the portfolio.
        depth = 1.0 if index < 6 else (0.6 if index < 11 else 0.3)

        def pick(rows: list, minimum: int = 1, depth: float = depth) -> list:
            return rows[: max(minimum, round(len(rows) * depth))]

        for topic, body in pick(text["profile"], 2):
            add("profile", {"topic": topic, "text": body})
        for category, body, effect in pick(text["industry"]):
            add(
                "industry",
                {
                    "category": category,
                    "description": body,
                    "effect_on_customer": effect,
                    "impact": rng.randint(2, 5),
                },
            )
        for quadrant, factor, body in pick(text["swot"], 2):
            add(
                "swot",
                {
                    "quadrant": quadrant,
                    "factor": factor,
                    "text": body,
                    "importance": rng.randint(2, 5),
                },
            )
        customer_goals = [
            add("customer_goal", {"text": goal, "offering": offering})
            for goal, offering in pick(text["customer_goal"])
        ]
        for i, problem in enumerate(pick(text["customer_problem"])):
            add(
                "customer_problem",
                {"text": problem, "customer_goal_id": customer_goals[i % len(customer_goals)].pk},
            )
        for note in pick(text["culture"]):
            add("culture", {"text": note})
        base = Decimal(account.annual_revenue or 1_000_000) * Decimal("0.04")
        if depth > 0.5:
            for step in range(3):
                add(
                    "potential",
                    {
                        "year": year + step,
                        "expected_volume": (base * Decimal(1 + 0.12 * step)).quantize(Decimal("1")),
                        "currency": account.currency,
                        "trends": text["trends"] if step == 0 else "",
                    },
                )
        goals = []
        for i, (title, why) in enumerate(pick(text["goal"])):
            goals.append(
                add(
                    "goal",
                    {
                        "title": title,
                        "why": why,
                        "metric": "revenue" if i == 0 else "other",
                        "target": base.quantize(Decimal("1")) if i == 0 else None,
                        "deadline": date(year, 12, 31) if i == 0 else None,
                        "horizon": "short" if i == 0 else "long",
                    },
                )
            )
        for kind_of_value, body in pick(text["value"]):
            add("value", {"value_kind": kind_of_value, "text": body})
        if depth > 0.5:
            for quadrant, body, theirs, ours in text["perception"]:
                add(
                    "perception",
                    {
                        "quadrant": quadrant,
                        "text": body,
                        "customer_rating": theirs,
                        "our_rating": ours,
                    },
                )
        for i, (title, obstacle) in enumerate(pick(text["action"])):
            status = rng.choice(["planned", "in_progress", "in_progress", "done"])
            if i == 1 and index % 3 == 0:
                status = "blocked"
            due = today + timedelta(days=rng.randint(-40, 90))
            add(
                "action",
                {
                    "title": title,
                    "obstacle": obstacle,
                    "owner_id": people[i % len(people)],
                    "due_on": due,
                    "status": status,
                    "goal_id": goals[0].pk if goals else None,
                    "progress_note": text["progress"] if status == "blocked" else "",
                },
            )
        # States: most approved, some in review, some drafts, one revised.
        if director is None or index % 5 == 4:
            continue  # a draft
        services.plan_submit(user=owner, plan=plan)
        if index % 5 == 3:
            continue  # in review
        plan = services.plan_approve(user=director, plan=plan)
        if index == 0:
            services.plan_revise(user=owner, plan=plan)
            counts["plans"] += 1
    return counts
