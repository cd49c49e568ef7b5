"""The money of one account or a few, month by month: what the account's drill-down, the
goals' progress, the review packs and the selling figures read, so that no app above
sales reads `MonthlyRollup` itself.

Amounts are integers in minor units (`keyplan.core.fields.from_minor` turns them into
Decimals) or Decimals in the base currency after conversion; a currency without a
planning rate is listed in `missing`, never mixed in.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db.models import BigIntegerField, Max, Min, QuerySet, Sum

from keyplan.sales.models import MonthlyRollup, WalletEstimate

from .domain import Period, converted_sums
from .selectors import planning_rates

__all__ = [
    "account_currencies",
    "account_month_bounds",
    "account_monthly_converted",
    "account_total",
    "first_sale_months",
    "monthly_rows",
    "wallet_estimates",
]

_REVENUE = Sum("revenue", output_field=BigIntegerField())
_COST = Sum("cost", output_field=BigIntegerField())


def account_total(
    account_id: int, currency: str, date_from: date, date_to: date
) -> tuple[int, int] | None:
    """(revenue, cost) in minor units of `currency` over the months from `date_from`'s to
    `date_to`; None when the account never sold in that currency (no data yet)."""
    rollups = MonthlyRollup.objects.filter(account_id=account_id, currency=currency)
    totals = rollups.filter(month__gte=date_from.replace(day=1), month__lte=date_to).aggregate(
        revenue=_REVENUE, cost=_COST
    )
    if totals["revenue"] is None and not rollups.exists():
        return None
    return int(totals["revenue"] or 0), int(totals["cost"] or 0)


def account_month_bounds(account_id: int) -> tuple[date | None, date | None]:
    """The account's first and last month with sales (None, None without any)."""
    bounds = MonthlyRollup.objects.filter(account_id=account_id).aggregate(
        first=Min("month"), last=Max("month")
    )
    return bounds["first"], bounds["last"]


def account_monthly_converted(
    account_id: int, period: Period, *, base: str, rates: dict[str, Decimal] | None = None
) -> tuple[dict[date, list[int]], list[str]]:
    """{month: [revenue, gross profit]} in minor units of `base` (each month-currency
    total converted once with its planning rate), and the currencies without a rate.
    `rates`: the planning rates already read for `base` (Figures.rates), to save a query."""
    rows = (
        MonthlyRollup.objects.filter(
            account_id=account_id, month__gte=period.date_from, month__lte=period.date_to
        )
        .order_by()
        .values("month", "currency")
        .annotate(r=_REVENUE, c=_COST)
        .values_list("month", "currency", "r", "c")
    )
    return converted_sums(rows, rates if rates is not None else planning_rates(base))


def monthly_rows(account_ids: list[int], since: date) -> list[tuple[int, str, date, int, int]]:
    """(account id, currency, month, revenue, cost) in minor units from `since` on."""
    rows = (
        MonthlyRollup.objects.filter(account_id__in=account_ids, month__gte=since)
        .order_by()
        .values("account_id", "currency", "month")
        .annotate(r=_REVENUE, c=_COST)
        .values_list("account_id", "currency", "month", "r", "c")
    )
    return [(pk, cur, month, int(r or 0), int(c or 0)) for pk, cur, month, r, c in rows]


def account_currencies(account_ids: list[int]) -> set[tuple[int, str]]:
    """The (account id, currency) pairs the accounts ever sold in."""
    return set(
        MonthlyRollup.objects.filter(account_id__in=account_ids)
        .order_by()
        .values_list("account_id", "currency")
        .distinct()
    )


def first_sale_months(since: date) -> QuerySet:
    """Ids (a subquery) of the accounts whose first month with revenue is `since` or later."""
    return (
        MonthlyRollup.objects.filter(revenue__gt=0)
        .values("account_id")
        .annotate(first=Min("month"))
        .filter(first__gte=since)
        .values("account_id")
    )


def wallet_estimates(account_ids: list[int]) -> dict[int, WalletEstimate]:
    """The accounts' share-of-wallet estimates (yearly category spend), by account id."""
    return {w.account_id: w for w in WalletEstimate.objects.filter(account_id__in=account_ids)}
