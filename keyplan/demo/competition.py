"""The demo's competition data (issue #7): four invented competitors of an industrial
components supplier, present at the largest strategic accounts, each assessed twice a
few months apart on the four pillars (support rising at some accounts), the
customers' buying criteria (4-6, in the account's language) with our offer and the
competitors' scored, and one weak point already turned into an action of a plan.

Registry, presences, assessments and the attack are written through the services (so
history records who did what); the ratings, answers and offer scores are written in
bulk for speed. Deterministic for a given random generator.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from .plans import LANGUAGE_OF_COUNTRY

TOP_ACCOUNTS = 15

COMPETITORS = [
    {
        "name": "Baltron Industrial Components",
        "website": "https://baltron.example",
        "products": "Bearings, seals, power transmission parts.",
        "strengths": "Low prices, wide catalogue, large stock in Gdańsk.",
    },
    {
        "name": "Kestrel Drive Systems",
        "website": "https://kestrel-drives.example",
        "products": "Gear motors, drives, automation components.",
        "strengths": "Engineering support, strong brand with plant engineers.",
    },
    {
        "name": "Norvik Bearings & Seals",
        "website": "https://norvik.example",
        "products": "Premium bearings and sealing systems.",
        "strengths": "Quality and certifications; long-standing executive relationships.",
    },
    {
        "name": "Severtek Components",
        "website": "https://severtek.example",
        "products": "Hydraulics, pneumatics, spare parts for CIS markets.",
        "strengths": "Local warehouses in Russia and Kazakhstan; fast delivery.",
    },
]

CRITERIA = {
    "pl": [
        ("Cena i warunki płatności", "Cena jednostkowa, rabaty, terminy płatności."),
        ("Jakość i niezawodność", "Awaryjność części, certyfikaty."),
        ("Czas dostawy", "Dostępność z magazynu, dostawa 24 h."),
        ("Wsparcie techniczne", "Inżynierowie aplikacyjni, serwis na miejscu."),
        ("Szerokość oferty", "Jeden dostawca dla wielu kategorii."),
        ("Relacja i zaufanie", "Znajomość zakładu, historia współpracy."),
    ],
    "ru": [
        ("Цена и условия оплаты", "Цена за единицу, скидки, отсрочка платежа."),
        ("Качество и надёжность", "Отказы деталей, сертификаты."),
        ("Сроки поставки", "Наличие на складе, доставка за 24 часа."),
        ("Техническая поддержка", "Инженеры по применению, сервис на площадке."),
        ("Широта ассортимента", "Один поставщик на несколько категорий."),
        ("Отношения и доверие", "Знание завода, история сотрудничества."),
    ],
    "en": [
        ("Price and payment terms", "Unit price, discounts, payment terms."),
        ("Quality and reliability", "Part failures, certifications."),
        ("Delivery time", "Availability from stock, 24-hour delivery."),
        ("Technical support", "Application engineers, on-site service."),
        ("Range of products", "One supplier for several categories."),
        ("Relationship and trust", "Knowledge of the plant, history together."),
    ],
}

EVIDENCE = {
    "pl": {
        "strength": "Dostarczają od lat; ostatnio reklamacje partii łożysk.",
        "strategy": "Stawiają na niską cenę, klient coraz bardziej na jakość.",
        "staff": "Nowy opiekun klienta od wiosny.",
        "support": "Wspiera ich kierownik utrzymania ruchu.",
    },
    "ru": {
        "strength": "Поставляют много лет; недавно были рекламации.",
        "strategy": "Делают ставку на низкую цену, клиенту важнее качество.",
        "staff": "Сменился менеджер клиента.",
        "support": "Их поддерживает главный механик.",
    },
    "en": {
        "strength": "Long-standing supplier; recent complaints about a batch of bearings.",
        "strategy": "They sell on low price while the customer moves towards quality.",
        "staff": "A new account manager since spring.",
        "support": "The maintenance manager backs them.",
    },
}


DEMO_NAMES = [c["name"] for c in COMPETITORS]


def clear_competition() -> None:
    """Remove the demo's competitors (their presences go with the accounts first)."""
    from keyplan.competition.models import Competitor, Presence

    Presence.objects.filter(competitor__name__in=DEMO_NAMES).delete()
    Competitor.objects.filter(name__in=DEMO_NAMES).delete()


def _scores(rng: random.Random, *, strong: bool) -> dict[str, int]:
    low, high = (3, 5) if strong else (1, 4)
    return {p: rng.randint(low, high) for p in ("strength", "strategy", "staff", "support")}


def seed_competition(
    *, rng: random.Random, today: date | None = None, top: int = TOP_ACCOUNTS
) -> dict[str, int]:
    """Write the demo's competition data over the accounts in the database (see the
    module docstring); returns counts for the loader's summary."""
    from keyplan.accounts.models import Account
    from keyplan.competition import services
    from keyplan.competition.models import (
        Answer,
        BuyingCriterion,
        Competitor,
        OfferScore,
        PillarRating,
        WeaknessAnswer,
    )
    from keyplan.plans.selectors import current_plan
    from keyplan.users.models import User

    today = today or timezone.localdate()
    director = User.objects.filter(role="director", is_active=True).order_by("username").first()
    registry_user = director or User.objects.filter(role="admin").order_by("username").first()
    if registry_user is None:
        return {"competitors": 0, "presences": 0, "assessments": 0, "criteria": 0, "attacks": 0}
    existing = {c.name: c for c in Competitor.objects.filter(name__in=DEMO_NAMES)}
    competitors = [
        existing.get(c["name"]) or services.competitor_create(user=registry_user, data=c)
        for c in COMPETITORS
    ]
    accounts = sorted(
        (
            a
            for a in Account.objects.select_related("owner").filter(account_class="strategic")
            if a.owner_id
        ),
        key=lambda a: (-(a.annual_revenue or 0), a.pk),
    )[:top]
    counts = {"competitors": len(competitors), "presences": 0, "assessments": 0, "criteria": 0}
    ratings: list[PillarRating] = []
    answers: list[WeaknessAnswer] = []
    criteria: list[tuple[BuyingCriterion, list[tuple[int | None, int]]]] = []
    attack_candidates = []
    for index, account in enumerate(accounts):
        language = LANGUAGE_OF_COUNTRY.get(account.country, "en")
        owner = account.owner
        # The CIS specialist is at Russian-speaking accounts; the others anywhere.
        pool = competitors[:3] + ([competitors[3]] if language == "ru" else [])
        present = rng.sample(pool, k=min(len(pool), rng.randint(1, 3)))
        incumbent = rng.randrange(len(present))
        presences = []
        for position, competitor in enumerate(present):
            presence = services.presence_create(
                user=owner,
                account=account,
                data={
                    "competitor_id": competitor.pk,
                    "is_incumbent": position == incumbent,
                    "share_of_spend": rng.choice([10, 15, 20, 25, 30, 40, 55]),
                    "supplies": competitor.products,
                },
            )
            presences.append(presence)
            counts["presences"] += 1
            strong = rng.random() < 0.3
            first_on = today - timedelta(days=rng.randint(150, 200))
            second_on = today - timedelta(days=rng.randint(15, 45))
            first_scores = _scores(rng, strong=strong)
            second_scores = dict(first_scores)
            if (index + position) % 3 == 0:  # support rising here
                second_scores["support"] = min(5, first_scores["support"] + rng.randint(1, 2))
                first_scores["support"] = min(first_scores["support"], 4)
            else:
                pillar = rng.choice(list(second_scores))
                second_scores[pillar] = max(1, second_scores[pillar] - rng.randint(0, 1))
            for on, pillar_scores in ((first_on, first_scores), (second_on, second_scores)):
                assessment = services.assessment_start(
                    user=owner, presence=presence, assessed_on=on
                )
                counts["assessments"] += 1
                for rating in assessment.ratings.all():
                    rating.score = pillar_scores[rating.pillar]
                    rating.evidence = EVIDENCE[language][rating.pillar]
                    ratings.append(rating)
                for answer in assessment.answers.select_related("question"):
                    roll = rng.random()
                    weak = pillar_scores[answer.question.pillar] <= 3
                    if roll < (0.35 if weak else 0.1):
                        answer.answer = Answer.YES
                    elif roll < 0.7:
                        answer.answer = Answer.NO
                    answers.append(answer)
            attack_candidates.append(presence)
        for position, (name, description) in enumerate(CRITERIA[language][: rng.randint(4, 6)]):
            criterion = BuyingCriterion(
                account=account,
                name=name,
                description=description,
                weight=rng.choice([10, 15, 20, 25, 30, 40]),
                position=position,
            )
            criterion._history_user = owner  # type: ignore[attr-defined]
            offers = [None, *(p.competitor_id for p in presences)]
            criteria.append((criterion, [(c, rng.randint(2, 5)) for c in offers]))
    made = bulk_create_with_history([c for c, _ in criteria], BuyingCriterion, batch_size=500)
    counts["criteria"] = len(made)
    scores = [
        OfferScore(criterion=criterion, competitor_id=competitor_id, score=value)
        for criterion, (_, offers) in zip(made, criteria, strict=True)
        for competitor_id, value in offers
    ]
    bulk_update_with_history(ratings, PillarRating, ["score", "evidence"], batch_size=500)
    bulk_update_with_history(answers, WeaknessAnswer, ["answer"], batch_size=500)
    bulk_create_with_history(scores, OfferScore, batch_size=500)
    counts["attacks"] = _one_attack(attack_candidates, current_plan, services)
    return counts


def _one_attack(presences, current_plan, services) -> int:
    """Turn the top weak point of the first presence whose account has a plan that can
    still change into an action; 0 when none has."""
    from keyplan.competition import selectors

    for presence in presences:
        plan = current_plan(presence.account)
        if plan is None or not plan.is_editable:
            continue
        latest = selectors.latest_assessment(presence)
        points = selectors.assessment_view(latest).weak_points if latest else []
        if not points:
            continue
        point = points[0]
        services.attack_create(
            user=presence.account.owner,
            presence=presence,
            pillar=point.pillar,
            question_id=point.question_id,
        )
        return 1
    return 0
