"""Receivables per account at a date, and their monthly trend (keyplan.sales.cash.domain
has the definitions). One GROUP BY query over the payment items per call, whatever the
number of accounts or items; conditional sums work alike on SQLite and PostgreSQL."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import (
    BigIntegerField,
    Count,
    ExpressionWrapper,
    F,
    FloatField,
    Max,
    Q,
    QuerySet,
    Sum,
)

from keyplan.accounts.models import Account

from ..figures.domain import add_months, from_minor
from ..figures.selectors import DaysBetween, planning_rates, raw_rows
from ..models import Payment
from .domain import BUCKETS, DSO_WINDOW_DAYS, Cash, converted_cash, due_range, total

__all__ = [
    "CashReport",
    "CashTrendPoint",
    "account_cash",
    "average_open",
    "cash_as_of_default",
    "cash_trend",
    "month_ends",
    "open_and_overdue",
]


@dataclass
class CashReport:
    as_of: date
    currency: str
    values: dict[int, Cash]  # account id -> its receivables (accounts with items only)
    missing_rates: list[str] = field(default_factory=list)

    @property
    def total(self) -> Cash:
        return total(self.values.values())


def cash_as_of_default() -> date | None:
    """The last day the payments say anything about (a due or paid date), but never after
    today: the default date of the cash view. None without payments."""
    latest = Payment.objects.aggregate(paid=Max("paid_date"), due=Max("due_date"))
    days = [d for d in latest.values() if d is not None]
    if not days:
        return None
    return min(max(days), date.today())


def _issued(as_of: date) -> Q:
    # Without an invoice date an item counts as issued (open from the start).
    return Q(invoice_date__isnull=True) | Q(invoice_date__lte=as_of)


def _open(as_of: date) -> Q:
    return _issued(as_of) & (Q(paid_date__isnull=True) | Q(paid_date__gt=as_of))


def _amount_days() -> ExpressionWrapper:
    """amount x (paid date - due date), in stored units x days."""
    return ExpressionWrapper(
        F("amount") * DaysBetween("paid_date", "due_date"), output_field=FloatField()
    )


def _between(name: str, earliest: date | None, latest: date | None) -> Q:
    q = Q(**{f"{name}__isnull": False})
    if earliest is not None:
        q &= Q(**{f"{name}__gte": earliest})
    if latest is not None:
        q &= Q(**{f"{name}__lte": latest})
    return q


def _aggregates(as_of: date) -> dict:
    big: BigIntegerField = BigIntegerField()
    window_start = as_of - timedelta(days=DSO_WINDOW_DAYS - 1)
    is_open = _open(as_of)
    overdue = is_open & Q(due_date__lt=as_of)
    buckets = {}
    for key, low, high in BUCKETS:
        if key == "current":  # not yet due, or no due date
            condition = is_open & (Q(due_date__isnull=True) | Q(due_date__gte=as_of))
        else:
            condition = is_open & _between("due_date", *due_range(as_of, low, high))
        buckets[key] = Sum("amount", filter=condition, output_field=big)
    late = _between("paid_date", window_start, as_of) & Q(due_date__isnull=False)
    return {
        "billed": Sum("amount", filter=_between("due_date", window_start, as_of), output_field=big),
        "paid": Sum("amount", filter=_between("paid_date", window_start, as_of), output_field=big),
        "open": Sum("amount", filter=is_open, output_field=big),
        "overdue": Sum("amount", filter=overdue, output_field=big),
        **buckets,
        "open_items": Count("pk", filter=is_open),
        "overdue_items": Count("pk", filter=overdue),
        "late_amount_days": Sum(
            _amount_days(),
            filter=late,
            output_field=FloatField(),
        ),
        "late_amount": Sum("amount", filter=late, output_field=big),
    }


def _id_filter(account_ids) -> dict:
    if account_ids is None:
        return {}
    if isinstance(account_ids, QuerySet):
        if account_ids.model is Account and not account_ids.query.values_select:
            account_ids = account_ids.values("pk")
        return {"account_id__in": account_ids}
    return {"account_id__in": list(account_ids)}


def _rows(account_ids, aggregates: dict, keys: tuple[str, ...]) -> list[tuple]:
    query = (
        Payment.objects.filter(**_id_filter(account_ids))
        .order_by()
        .values(*keys)
        .annotate(**aggregates)
        .values_list(*keys, *aggregates)
    )
    return raw_rows(query)


def account_cash(
    account_ids, *, as_of: date, base: str, rates: dict[str, Decimal] | None = None
) -> CashReport:
    """Receivables per account at `as_of` in the base currency `base`.

    `account_ids`: an Account queryset (the caller's visible accounts), ids, or None for
    every account. Accounts without payment items are absent from `values`.
    """
    rows = _rows(account_ids, _aggregates(as_of), ("account_id", "currency"))
    values, missing = converted_cash(rows, planning_rates(base) if rates is None else rates)
    return CashReport(as_of=as_of, currency=base, values=values, missing_rates=missing)


def open_and_overdue(
    account_ids, *, as_of: date, rates: dict[str, Decimal]
) -> dict[int, tuple[Decimal, Decimal]]:
    """{account id: (open, overdue)} at `as_of`, in the base currency of `rates` (the
    planning rates): `account_cash`'s open and overdue amounts for the same accounts,
    without its other aggregates (buckets, DSO, lateness), which cost more to build
    than the query takes to run for one account (the account page's warnings). A
    currency without a rate is left out; accounts without payment items are absent."""
    big: BigIntegerField = BigIntegerField()
    is_open = _open(as_of)
    aggregates = {
        "open": Sum("amount", filter=is_open, output_field=big),
        "overdue": Sum("amount", filter=is_open & Q(due_date__lt=as_of), output_field=big),
    }
    result: dict[int, tuple[Decimal, Decimal]] = {}
    for account_id, currency, open_, overdue in _rows(
        account_ids, aggregates, ("account_id", "currency")
    ):
        rate = rates.get(currency)
        if rate is None:
            continue
        amounts = (from_minor(int(open_ or 0)) * rate, from_minor(int(overdue or 0)) * rate)
        if account_id in result:
            known = result[account_id]
            amounts = (known[0] + amounts[0], known[1] + amounts[1])
        result[account_id] = amounts
    return result


@dataclass(frozen=True)
class CashTrendPoint:
    day: date  # a month's last day, or the report's date for the last month
    open: Decimal
    overdue: Decimal
    dso: Decimal | None
    days_late: Decimal | None  # of the items paid in that month


def _month_end(month: date) -> date:
    return add_months(month, 1) - timedelta(days=1)


def cash_trend(account_ids, *, as_of: date, base: str, months: int = 12) -> list[CashTrendPoint]:
    """Open, overdue and DSO at each month end of the last `months` months up to `as_of`
    (the last point is `as_of` itself), and the days paid late of the items paid in each
    month. One query per month (grouped by currency only): bounded whatever the data."""
    rates = planning_rates(base)
    first = add_months(as_of.replace(day=1), -(months - 1))
    points = []
    for index in range(months):
        month = add_months(first, index)
        day = min(_month_end(month), as_of)
        aggregates = _aggregates(day)
        paid_in_month = _between("paid_date", month, day) & Q(due_date__isnull=False)
        # The month's own lateness replaces the 365-day window's.
        aggregates["late_amount_days"] = Sum(
            _amount_days(),
            filter=paid_in_month,
            output_field=FloatField(),
        )
        aggregates["late_amount"] = Sum(
            "amount", filter=paid_in_month, output_field=BigIntegerField()
        )
        rows = [(0, *row) for row in _rows(account_ids, aggregates, ("currency",))]
        summed = total(converted_cash(rows, rates)[0].values())
        points.append(
            CashTrendPoint(day, summed.open, summed.overdue, summed.dso, summed.days_late)
        )
    return points


def month_ends(first: date, last: date) -> list[date]:
    """The last day of each month from `first`'s month to `last`'s."""
    days = []
    month = first.replace(day=1)
    while month <= last:
        days.append(_month_end(month))
        month = add_months(month, 1)
    return days


def average_open(
    account_ids, days: list[date], *, base: str
) -> tuple[dict[int, Decimal], list[str]]:
    """Each account's receivables open at `days` (e.g. the month ends of a period),
    averaged over those days, in `base`: the money tied up, for the cost of capital.
    One query whatever the number of days or accounts."""
    if not days:
        return {}, []
    big: BigIntegerField = BigIntegerField()
    aggregates = {
        f"d{index}": Sum("amount", filter=_open(day), output_field=big)
        for index, day in enumerate(days)
    }
    rows = _rows(account_ids, aggregates, ("account_id", "currency"))
    rates = planning_rates(base)
    sums: dict[int, Decimal] = {}
    missing: set[str] = set()
    for account_id, currency, *values in rows:
        open_units = sum(int(v or 0) for v in values)
        rate = rates.get(currency)
        if rate is None:
            if open_units:
                missing.add(currency)
            continue
        sums[account_id] = sums.get(account_id, Decimal(0)) + Decimal(open_units).scaleb(-4) * rate
    count = len(days)
    return {pk: value / count for pk, value in sums.items()}, sorted(missing)
