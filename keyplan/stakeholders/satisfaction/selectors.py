"""Reading the satisfaction answers (keyplan.stakeholders.models.SatisfactionAnswer): the
public reads the KPIs and the health score use (set-based: one query for any number of
accounts), and one account's answers for its page and the API (the caller has passed the
access rule: `answer_for_user`, `keyplan.accounts.access.account_for_user`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Avg, Count, Max, QuerySet
from django.db.models.functions import TruncMonth
from django.http import Http404

from keyplan.accounts.access import AccountAccess, account_for_user
from keyplan.accounts.models import Account, Contact
from keyplan.core.web import parse_pk
from keyplan.stakeholders.models import SatisfactionAnswer

from .domain import MonthPoint, last_twelve_months, month_starts, monthly_points

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


# --- one account's answers: its page and the API ------------------------------------------


def answer_for_user(
    user, pk: object, *, write: bool = False
) -> tuple[SatisfactionAnswer, AccountAccess]:
    """The answer `pk` through its account's access rule: Http404 alike for a missing
    answer and one of an account `user` may not see; PermissionDenied (403) for a
    read-only user asking to write."""
    answer_pk = parse_pk(pk)
    account_id = (
        SatisfactionAnswer.objects.filter(pk=answer_pk).values_list("account_id", flat=True).first()
    )
    if account_id is None:
        raise Http404
    access = account_for_user(user, account_id, write=write)
    answer = SatisfactionAnswer.objects.select_related("contact", "created_by").filter(pk=answer_pk)
    found = answer.first()
    if found is None:  # deleted in between
        raise Http404
    found.account = access.account
    return found, access


def account_answer_list(account: Account) -> QuerySet[SatisfactionAnswer]:
    """The account's answers, newest first (by date, then the latest entered), with the
    respondent and who entered them."""
    return (
        SatisfactionAnswer.objects.filter(account=account)
        .select_related("contact", "created_by")
        .order_by("-answered_on", "-pk")
    )


def account_contacts(account: Account) -> QuerySet[Contact]:
    """The people of the account who may be an answer's respondent."""
    return Contact.objects.filter(account=account).order_by("last_name", "first_name", "pk")


@dataclass(frozen=True)
class AccountSatisfaction:
    """An account's page figures: the last 12 months (`since`..`until`) as `recent` (None
    without answers) and each of the last 12 months for the chart."""

    since: date
    until: date
    recent: Satisfaction | None
    months: list[MonthPoint]


def account_satisfaction_summary(account: Account, today: date) -> AccountSatisfaction:
    """The 12-month mean and count and the monthly means of the chart. Two queries."""
    since, until = last_twelve_months(today)
    recent = account_satisfaction([account.pk], since, until).get(account.pk)
    months = month_starts(today)
    found = {
        # TruncMonth gives a date on SQLite and PostgreSQL alike for a DateField.
        month: (value.mean, value.answers)
        for month, value in monthly_satisfaction([account.pk], months[0], today)
    }
    return AccountSatisfaction(since, until, recent, monthly_points(months, found))


HISTORY = 10  # changes the account's page lists


def account_answer_changes(account: Account, *, limit: int = HISTORY) -> list[Any]:
    """The latest `limit` versions of the account's answers (added, changed, deleted),
    newest first, with who made them (`history_user`) and the respondent. One query."""
    return list(
        SatisfactionAnswer.history.filter(account_id=account.pk)
        .select_related("history_user", "contact")
        .order_by("-history_date", "-history_id")[:limit]
    )


def answer_changes(answer: SatisfactionAnswer) -> list[Any]:
    """Every version of one answer, newest first."""
    return list(
        answer.history.select_related("history_user", "contact").order_by(
            "-history_date", "-history_id"
        )
    )
