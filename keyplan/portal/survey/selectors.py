"""Reads of the perception survey: what it asks (the account's buying criteria, the
current plan's perception items) and the perception gap the team sees: per statement
and per criterion, our own rating beside the customer's average answer (domain.gap_row),
and the survey's satisfaction scores."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from keyplan.accounts.models import Account
from keyplan.competition.models import BuyingCriterion, OfferScore
from keyplan.plans.models import PerceptionItem
from keyplan.plans.versions.selectors import current_plan

from .. import domain
from ..models import CriterionRating, StatementRating, SurveyResponse


def criteria(account: Account) -> list[BuyingCriterion]:
    return list(BuyingCriterion.objects.filter(account=account).order_by("position", "pk"))


def statements(account: Account) -> list[PerceptionItem]:
    plan = current_plan(account)
    if plan is None:
        return []
    return list(PerceptionItem.objects.filter(plan=plan).order_by("position", "pk"))


@dataclass(frozen=True)
class PerceptionGap:
    statements: list[domain.GapRow]
    criteria: list[domain.GapRow]
    responses: int
    satisfaction: object


def perception_gap(account: Account) -> PerceptionGap:
    """The gap of every statement and criterion (a fixed number of queries)."""
    by_origin: dict[object, list[int]] = defaultdict(list)
    for origin, score in StatementRating.objects.filter(response__account=account).values_list(
        "origin", "score"
    ):
        by_origin[origin].append(score)
    rows = [
        domain.gap_row(item.pk, item.text, item.our_rating, by_origin.get(item.origin, []))
        for item in statements(account)
    ]
    by_criterion: dict[int, list[int]] = defaultdict(list)
    for criterion_id, score in CriterionRating.objects.filter(
        response__account=account
    ).values_list("criterion_id", "score"):
        by_criterion[criterion_id].append(score)
    ours = dict(
        OfferScore.objects.filter(criterion__account=account, competitor__isnull=True).values_list(
            "criterion_id", "score"
        )
    )
    criterion_rows = [
        domain.gap_row(c.pk, c.name, ours.get(c.pk), by_criterion.get(c.pk, []))
        for c in criteria(account)
    ]
    scores = list(
        SurveyResponse.objects.filter(account=account, satisfaction__isnull=False).values_list(
            "satisfaction__score", flat=True
        )
    )
    return PerceptionGap(rows, criterion_rows, len(scores), domain.average(scores))
