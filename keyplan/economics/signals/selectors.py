"""The facts behind the health score and the early warnings, read for many accounts at
once (`account_signals`): a fixed number of queries whatever the number of accounts
(about 20: the planning rates, the monthly sales, the payments' lateness, the
receivables, the zipper facts, the competition alerts, the current plans and their
completeness, their actions, the satisfaction answers).

The windows, all in whole months up to the last full month at `as_of` (the month of
`as_of` itself when `as_of` is its last day, else the month before), so that the figures
as of a month's end never change once the month is over:

- revenue_12m, gross_profit_12m: the 12 months up to the last full month;
- revenue: the last 3 full months against the same 3 months a year before;
- gross_margin: the last 6 full months against the 6 before them (None when a window
  has no revenue);
- days_late: the amount-weighted days paid late of the items paid in the last 6 full
  months against the 6 before (None without such items);
- open_amount, overdue_amount: the receivables at `as_of` itself;
- satisfaction: the answers of the 365 days up to `as_of`.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from decimal import Decimal
from typing import cast

from django.db.models import (
    BigIntegerField,
    Count,
    ExpressionWrapper,
    F,
    FloatField,
    Q,
    QuerySet,
    Sum,
)
from django.utils import timezone

from keyplan.execution.common.selectors import competition_alerts
from keyplan.plans.completeness.selectors import completeness_for_account_ids
from keyplan.plans.models import OPEN_ACTION_STATES, Action
from keyplan.portfolio.common.selectors import gc_paused
from keyplan.sales.cash.domain import weighted_days
from keyplan.sales.cash.selectors import open_and_overdue
from keyplan.sales.figures.domain import add_months, converted_sums, from_minor
from keyplan.sales.figures.selectors import DaysBetween, default_period, planning_rates
from keyplan.sales.figures.series import monthly_rows
from keyplan.sales.models import Payment
from keyplan.stakeholders.relationships import domain as stakeholders_domain
from keyplan.stakeholders.relationships.selectors import (
    EMPTY_FACTS,
    RelationshipFacts,
    relationship_facts,
    risks_from_facts,
    thresholds,
)
from keyplan.stakeholders.satisfaction.selectors import account_satisfaction

from .domain import AccountSignals, Compared, CompetitorAlert, PersonRisk

__all__ = ["account_signals", "last_full_month", "month_end"]

HUNDRED = Decimal(100)
SATISFACTION_DAYS = 365

# The accounts the facts are read for: a list of ids, or a queryset of ids (evaluated
# once; every query uses it as a subquery, so that 100,000 accounts are neither sent as
# 100,000 parameters nor loaded as model objects).
Ids = list[int] | QuerySet


def month_end(month: date) -> date:
    """The last day of `month`'s month."""
    return add_months(month.replace(day=1), 1) - timedelta(days=1)


def facts_as_of(today: date | None = None) -> date:
    """The day the facts are read at by default: the end of the latest sales month, never
    after today. Sales arrive by import, often weeks after a month ends; read at today,
    the months not imported yet would look like orders stopping everywhere."""
    today = today or timezone.localdate()
    period = default_period()
    if period is None:
        return today
    return min(today, period.date_to)


def last_full_month(as_of: date) -> date:
    """The first day of the last month that is over at `as_of` (its own month when
    `as_of` is the month's last day)."""
    month = as_of.replace(day=1)
    return month if month_end(as_of) == as_of else add_months(month, -1)


def _window(last: date, months: int, back: int = 0) -> tuple[date, date]:
    """(first month, last month) of `months` months ending `back` months before `last`."""
    end = add_months(last, -back)
    return add_months(end, 1 - months), end


# --- sales -------------------------------------------------------------------------------


def _by_window(
    rows: Iterable[tuple[int, str, date, int, int]], windows: dict[str, tuple[date, date]]
) -> dict[str, list[tuple[int, str, int, int]]]:
    """The month rows (account, currency, month, revenue, cost) of each window, without
    the month, in one pass over the rows."""
    found: dict[str, list[tuple[int, str, int, int]]] = {name: [] for name in windows}
    bounds = [(found[name], first, end) for name, (first, end) in windows.items()]
    for pk, currency, month, revenue, cost in rows:
        row = (pk, currency, revenue, cost)
        for inside, first, end in bounds:
            if first <= month <= end:
                inside.append(row)
    return found


def _sales(
    signals: dict[int, AccountSignals], ids: Ids, last: date, rates: dict[str, Decimal]
) -> None:
    """Revenue, gross profit and margin of each account from one read of the months."""
    windows = {
        "12m": _window(last, 12),
        "recent3": _window(last, 3),
        "before3": _window(last, 3, 12),
        "recent6": _window(last, 6),
        "before6": _window(last, 6, 6),
    }
    since = min(first for first, _last in windows.values())
    rows = _by_window(monthly_rows(cast(list[int], ids), since), windows)
    sums = {name: converted_sums(inside, rates)[0] for name, inside in rows.items()}
    # The accounts that sold in these 15 months; the others have nothing to compare.
    seen = {pk for inside in rows.values() for pk, *_rest in inside}
    for pk in seen:
        if (signal := signals.get(pk)) is None:
            continue

        def total(name: str, pk: int = pk) -> tuple[Decimal, Decimal]:
            revenue, gross_profit = sums[name].get(pk, (0, 0))
            return from_minor(revenue), from_minor(gross_profit)

        signal.revenue_12m, signal.gross_profit_12m = total("12m")
        signal.revenue = Compared(total("recent3")[0], total("before3")[0])
        signal.gross_margin = Compared(_margin(*total("recent6")), _margin(*total("before6")))


def _margin(revenue: Decimal, gross_profit: Decimal) -> Decimal | None:
    if revenue <= 0:
        return None
    return gross_profit / revenue * HUNDRED


# --- payments ----------------------------------------------------------------------------


def _lateness(
    signals: dict[int, AccountSignals], ids: Ids, last: date, rates: dict[str, Decimal]
) -> None:
    """Amount-weighted days paid late in the last 6 full months against the 6 before
    (one query; the same definition as keyplan.sales.cash's days paid late)."""
    big: BigIntegerField = BigIntegerField()
    amount_days = ExpressionWrapper(
        F("amount") * DaysBetween("paid_date", "due_date"), output_field=FloatField()
    )
    aggregates = {}
    for name, back in (("recent", 0), ("before", 6)):
        first, end = _window(last, 6, back)
        paid = Q(paid_date__gte=first, paid_date__lte=month_end(end))
        aggregates[f"{name}_days"] = Sum(amount_days, filter=paid, output_field=FloatField())
        aggregates[f"{name}_amount"] = Sum("amount", filter=paid, output_field=big)
    rows = (
        Payment.objects.filter(account_id__in=ids, due_date__isnull=False)
        .order_by()
        .values("account_id", "currency")
        .annotate(**aggregates)
        .values_list("account_id", "currency", *aggregates)
    )
    sums: dict[tuple[int, str], list] = {}
    for pk, currency, *values in rows:
        rate = rates.get(currency)
        if rate is None:  # never mixed in unconverted
            continue
        for name, days, amount in (("recent", *values[:2]), ("before", *values[2:])):
            pair = sums.setdefault((pk, name), [0.0, Decimal(0)])
            pair[0] += float(days or 0) * float(rate)
            pair[1] += Decimal(int(amount or 0)) * rate
    nothing = (0.0, Decimal(0))
    for pk in {pk for pk, _name in sums}:  # the others keep "not compared"
        if (signal := signals.get(pk)) is None:
            continue
        recent, before = (sums.get((pk, name), nothing) for name in ("recent", "before"))
        signal.days_late = Compared(weighted_days(*recent), weighted_days(*before))


def _receivables(
    signals: dict[int, AccountSignals], ids: Ids, as_of: date, rates: dict[str, Decimal]
) -> None:
    for pk, (open_amount, overdue_amount) in open_and_overdue(
        ids, as_of=as_of, rates=rates
    ).items():
        if (signal := signals.get(pk)) is not None:
            signal.open_amount = open_amount
            signal.overdue_amount = overdue_amount


# --- relationships and competition --------------------------------------------------------


RISK_ORDER = {stakeholders_domain.HIGH: 0, stakeholders_domain.MEDIUM: 1}


def _assessed(facts: RelationshipFacts, limits: stakeholders_domain.Thresholds, as_of: date):
    """One account's relationship risks by keyplan.stakeholders' rules, high ones first
    (as keyplan.execution.review's relationship_risks orders them)."""
    found = risks_from_facts(facts, limits=limits, today=as_of)
    return sorted(found, key=lambda risk: RISK_ORDER.get(risk.severity, 2))


def _person_risks(risks: Iterable, made: dict[object, PersonRisk]) -> list[PersonRisk]:
    """One risk per (code, person): several rules naming the same person count once.
    `made` keeps the risks already converted (accounts share most of theirs)."""
    seen: set[tuple[str, int | None]] = set()
    found = []
    for risk in risks:
        key = (risk.code, risk.person_id)
        if key in seen:
            continue
        seen.add(key)
        if risk not in made:
            made[risk] = PersonRisk(
                code=risk.code,
                severity=risk.severity,
                person_id=risk.person_id,
                person=risk.person,
                message=str(risk.message),
                days=risk.days,
            )
        found.append(made[risk])
    return found


def _risks(signals: dict[int, AccountSignals], ids: Ids, as_of: date) -> None:
    """The relationship risks of each account. The accounts without any contact, link or
    interaction (most of a large portfolio) are assessed once, not once each."""
    limits = thresholds()
    facts = relationship_facts(ids, today=as_of)
    made: dict[object, PersonRisk] = {}
    empty = _person_risks(_assessed(EMPTY_FACTS, limits, as_of), made)
    for pk, signal in signals.items():
        found = facts.get(pk)
        signal.relationship_risks = (
            list(empty) if found is None else _person_risks(_assessed(found, limits, as_of), made)
        )


def _alerts(signals: dict[int, AccountSignals], ids: Ids) -> None:
    """One alert per (code, competitor)."""
    for pk, alerts in competition_alerts(cast(list[int], ids)).items():
        seen: set[tuple[str, int]] = set()
        for alert in alerts:
            key = (alert.code, alert.competitor_id)
            if key in seen:
                continue
            seen.add(key)
            signals[pk].competitor_alerts.append(
                CompetitorAlert(
                    code=alert.code,
                    competitor_id=alert.competitor_id,
                    competitor=alert.competitor,
                    message=str(alert.message),
                )
            )


# --- plans, actions, satisfaction --------------------------------------------------------


def _changed_on(plan) -> date:
    """The day the plan was last changed or reviewed (local dates)."""
    days = [timezone.localdate(plan.updated_at)]
    if plan.reviewed_at is not None:
        days.append(timezone.localdate(plan.reviewed_at))
    return max(days)


def _plans(signals: dict[int, AccountSignals], ids: Ids, as_of: date) -> None:
    """The current plan's freshness and completeness, and its open and overdue actions."""
    chosen = completeness_for_account_ids(ids, today=as_of)
    account_of_plan = {}
    for pk, (plan, completeness) in chosen.items():
        if pk not in signals:
            continue
        signals[pk].plan_updated_on = _changed_on(plan)
        signals[pk].plan_completeness = completeness.score
        account_of_plan[plan.pk] = pk
    if not account_of_plan:
        return
    is_open = Q(status__in=OPEN_ACTION_STATES)
    rows = (
        Action.objects.filter(plan_id__in=list(account_of_plan))
        .order_by()
        .values("plan_id")
        .annotate(
            open=Count("pk", filter=is_open),
            overdue=Count("pk", filter=is_open & Q(due_on__lt=as_of)),
        )
        .values_list("plan_id", "open", "overdue")
    )
    for plan_id, open_count, overdue_count in rows:
        signal = signals[account_of_plan[plan_id]]
        signal.open_actions, signal.overdue_actions = open_count, overdue_count


def _satisfaction(signals: dict[int, AccountSignals], ids: Ids, as_of: date) -> None:
    since = as_of - timedelta(days=SATISFACTION_DAYS - 1)
    for pk, found in account_satisfaction(ids, since, as_of).items():
        if (signal := signals.get(pk)) is not None:
            signal.satisfaction = found.mean
            signal.satisfaction_answers = found.answers


def _ids(accounts: Iterable[int] | QuerySet) -> tuple[list[int], Ids]:
    """The ids of `accounts` and what the queries filter by: the ids themselves, or for a
    queryset (of accounts or of their ids) its ids as a subquery, evaluated here once (the
    readers that walk the ids walk its cached rows)."""
    if not isinstance(accounts, QuerySet):
        ids = list(dict.fromkeys(accounts))
        return ids, ids
    within = accounts.order_by().values_list("pk", flat=True)
    return list(within), within


@gc_paused  # several objects per account, for 100,000 accounts: see gc_paused
def account_signals(
    account_ids: Iterable[int] | QuerySet, *, as_of: date, base: str
) -> dict[int, AccountSignals]:
    """The `AccountSignals` of each account in `account_ids` (ids, or a queryset of
    accounts read as a subquery) as of `as_of`, money in the base currency `base` (a
    currency without a planning rate is left out, never mixed in). A fixed number of
    queries whatever the number of accounts; the caller has checked access. Facts without
    data stay None (see the module docstring)."""
    ids, within = _ids(account_ids)
    if not ids:
        return {}
    signals = {pk: AccountSignals(account_id=pk, as_of=as_of) for pk in ids}
    rates = planning_rates(base)
    last = last_full_month(as_of)
    _sales(signals, within, last, rates)
    _lateness(signals, within, last, rates)
    _receivables(signals, within, as_of, rates)
    _risks(signals, within, as_of)
    _alerts(signals, within)
    _plans(signals, within, as_of)
    _satisfaction(signals, within, as_of)
    return signals
