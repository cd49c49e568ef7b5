"""Reading the satisfaction answers (keyplan.stakeholders.models.SatisfactionAnswer): the
public reads the KPIs and the health score use. Set-based: one query for any number of
accounts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Avg, Count, Max, QuerySet
from django.db.models.functions import TruncMonth

from keyplan.stakeholders.models import SatisfactionAnswer

TWO_PLACES = Decimal("0.01")


@dataclass(frozen=True)
class Satisfaction:
    """The mean score (0–10, two places) of `answers` answers, the latest on `latest`."""

    mean: Decimal
    answers: int
    latest: date


def _mean(value) -> Decimal:
    return Decimal(str(value)).quantize(TWO_PLACES)


def answers_between(account_ids, since: date | None, until: date | None) -> QuerySet:
    """The answers of `account_ids` (ids or a queryset of ids) answered in [since, until];
    a missing bound is open."""
    found = SatisfactionAnswer.objects.filter(account_id__in=account_ids)
    if since:
        found = found.filter(answered_on__gte=since)
    if until:
        found = found.filter(answered_on__lte=until)
    return found


def account_satisfaction(
    account_ids, since: date | None, until: date | None
) -> dict[int, Satisfaction]:
    """Per account with answers in [since, until]: the mean score, the count, the latest
    day. An account without answers is absent (no data, never a zero)."""
    rows = (
        answers_between(account_ids, since, until)
        .values("account_id")
        .annotate(mean=Avg("score"), answers=Count("id"), latest=Max("answered_on"))
        .order_by()
    )
    return {
        row["account_id"]: Satisfaction(_mean(row["mean"]), row["answers"], row["latest"])
        for row in rows
    }


def monthly_satisfaction(
    account_ids, since: date | None, until: date | None
) -> list[tuple[date, Satisfaction]]:
    """The mean score of all answers of `account_ids` per month (first day), oldest first;
    months without answers are absent."""
    rows = (
        answers_between(account_ids, since, until)
        .annotate(month=TruncMonth("answered_on"))
        .values("month")
        .annotate(mean=Avg("score"), answers=Count("id"), latest=Max("answered_on"))
        .order_by("month")
    )
    return [
        (row["month"], Satisfaction(_mean(row["mean"]), row["answers"], row["latest"]))
        for row in rows
    ]
