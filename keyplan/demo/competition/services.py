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
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from keyplan.accounts.models import Account
from keyplan.competition.assessments.selectors import assessment_view, latest_assessment
from keyplan.competition.assessments.services import assessment_start, attack_create
from keyplan.competition.competitors.services import competitor_create
from keyplan.competition.models import (
    Answer,
    BuyingCriterion,
    Competitor,
    OfferScore,
    PillarRating,
    Presence,
    WeaknessAnswer,
)
from keyplan.competition.presences.services import presence_create
from keyplan.plans.versions.selectors import current_plan
from keyplan.users.models import User

from ..accounts.domain import language
from .domain import COMPETITORS, CRITERIA, DEMO_NAMES, EVIDENCE, TOP_ACCOUNTS, assessment_scores


def clear_competition() -> None:
    """Remove the demo's competitors (their presences go with the accounts first)."""
    Presence.objects.filter(competitor__name__in=DEMO_NAMES).delete()
    Competitor.objects.filter(name__in=DEMO_NAMES).delete()


@dataclass
class _Bulk:
    """What is written in bulk at the end: the assessments' ratings and answers, and the
    buying criteria with (competitor id or None for our offer, score) of each."""

    ratings: list[PillarRating] = field(default_factory=list)
    answers: list[WeaknessAnswer] = field(default_factory=list)
    criteria: list[tuple[BuyingCriterion, list[tuple[int | None, int]]]] = field(
        default_factory=list
    )


def seed_competition(
    *, rng: random.Random, today: date | None = None, top: int = TOP_ACCOUNTS
) -> dict[str, int]:
    """Write the demo's competition data over the accounts in the database (see the
    module docstring); returns counts for the loader's summary."""
    today = today or timezone.localdate()
    director = User.objects.filter(role="director", is_active=True).order_by("username").first()
    registry_user = director or User.objects.filter(role="admin").order_by("username").first()
    if registry_user is None:
        return {"competitors": 0, "presences": 0, "assessments": 0, "criteria": 0, "attacks": 0}
    existing = {c.name: c for c in Competitor.objects.filter(name__in=DEMO_NAMES)}
    competitors = [
        existing.get(c["name"]) or competitor_create(user=registry_user, data=c)
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
    bulk = _Bulk()
    attack_candidates = []
    for index, account in enumerate(accounts):
        presences = _presences(account, index, competitors, bulk, rng=rng, today=today)
        counts["presences"] += len(presences)
        counts["assessments"] += 2 * len(presences)
        attack_candidates += presences
        _criteria(account, presences, bulk, rng)
    counts["criteria"] = _write_bulk(bulk)
    counts["attacks"] = _one_attack(attack_candidates)
    return counts


def _presences(
    account: Account,
    index: int,
    competitors: list[Competitor],
    bulk: _Bulk,
    *,
    rng: random.Random,
    today: date,
) -> list[Presence]:
    """One to three competitors at the account (one of them the incumbent), each assessed
    twice."""
    # The CIS specialist is at Russian-speaking accounts; the others anywhere.
    pool = competitors[:3] + ([competitors[3]] if language(account.country) == "ru" else [])
    present = rng.sample(pool, k=min(len(pool), rng.randint(1, 3)))
    incumbent = rng.randrange(len(present))
    presences = []
    for position, competitor in enumerate(present):
        presence = presence_create(
            user=account.owner,
            account=account,
            data={
                "competitor_id": competitor.pk,
                "is_incumbent": position == incumbent,
                "share_of_spend": rng.choice([10, 15, 20, 25, 30, 40, 55]),
                "supplies": competitor.products,
            },
        )
        presences.append(presence)
        _assessments(presence, account, (index + position) % 3 == 0, bulk, rng=rng, today=today)
    return presences


def _assessments(
    presence: Presence,
    account: Account,
    support_rising: bool,
    bulk: _Bulk,
    *,
    rng: random.Random,
    today: date,
) -> None:
    """Two assessments a few months apart; their ratings and answers go to `bulk`."""
    evidence = EVIDENCE[language(account.country)]
    strong = rng.random() < 0.3
    first_on = today - timedelta(days=rng.randint(150, 200))
    second_on = today - timedelta(days=rng.randint(15, 45))
    first, second = assessment_scores(rng, strong=strong, support_rising=support_rising)
    for on, pillar_scores in ((first_on, first), (second_on, second)):
        assessment = assessment_start(user=account.owner, presence=presence, assessed_on=on)
        for rating in assessment.ratings.all():
            rating.score = pillar_scores[rating.pillar]
            rating.evidence = evidence[rating.pillar]
            bulk.ratings.append(rating)
        for answer in assessment.answers.select_related("question"):
            roll = rng.random()
            weak = pillar_scores[answer.question.pillar] <= 3
            if roll < (0.35 if weak else 0.1):
                answer.answer = Answer.YES
            elif roll < 0.7:
                answer.answer = Answer.NO
            bulk.answers.append(answer)


def _criteria(account: Account, presences: list[Presence], bulk: _Bulk, rng: random.Random) -> None:
    """Four to six buying criteria, with our offer and each present competitor's scored."""
    offers = [None, *(p.competitor_id for p in presences)]
    for position, (name, description) in enumerate(
        CRITERIA[language(account.country)][: rng.randint(4, 6)]
    ):
        criterion = BuyingCriterion(
            account=account,
            name=name,
            description=description,
            weight=rng.choice([10, 15, 20, 25, 30, 40]),
            position=position,
        )
        criterion._history_user = account.owner  # type: ignore[attr-defined]
        bulk.criteria.append((criterion, [(c, rng.randint(2, 5)) for c in offers]))


def _write_bulk(bulk: _Bulk) -> int:
    """Write the criteria, ratings, answers and offer scores; how many criteria."""
    made = bulk_create_with_history([c for c, _ in bulk.criteria], BuyingCriterion, batch_size=500)
    scores = [
        OfferScore(criterion=criterion, competitor_id=competitor_id, score=value)
        for criterion, (_, offers) in zip(made, bulk.criteria, strict=True)
        for competitor_id, value in offers
    ]
    bulk_update_with_history(bulk.ratings, PillarRating, ["score", "evidence"], batch_size=500)
    bulk_update_with_history(bulk.answers, WeaknessAnswer, ["answer"], batch_size=500)
    bulk_create_with_history(scores, OfferScore, batch_size=500)
    return len(made)


def _one_attack(presences: list[Presence]) -> int:
    """Turn the top weak point of the first presence whose account has a plan that can
    still change into an action; 0 when none has."""
    for presence in presences:
        plan = current_plan(presence.account)
        if plan is None or not plan.is_editable:
            continue
        latest = latest_assessment(presence)
        points = assessment_view(latest).weak_points if latest else []
        if not points:
            continue
        point = points[0]
        attack_create(
            user=presence.account.owner,
            presence=presence,
            pillar=point.pillar,
            question_id=point.question_id,
        )
        return 1
    return 0
