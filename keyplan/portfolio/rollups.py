"""What the portfolio analyses read: whole-month periods and the scope, revenue and gross
profit per account summed over `MonthlyRollup` in the base currency, and the accounts'
columns, without loading a model instance per account (see `analysis`).

Amounts are in the base currency (`PortfolioSettings.base_currency`); a currency with
sales but no `ExchangeRate` is left out and listed in `missing_rates`, never mixed in.
"""

from __future__ import annotations

import calendar
import functools
import gc
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import BigIntegerField, Max, Min, QuerySet, Sum

from keyplan.accounts.models import Account
from keyplan.sales.models import MonthlyRollup
from keyplan.users.models import User

from .access import can_manage_portfolio
from .models import ExchangeRate, PortfolioSettings

CENT = Decimal("0.01")

__all__ = [
    "Figures",
    "Period",
    "Scope",
    "account_figures",
    "default_period",
    "whole_history",
]


# --- periods and scope -------------------------------------------------------------


def _month_start(day: date) -> date:
    return day.replace(day=1)


def _month_end(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def add_months(month: date, months: int) -> date:
    """The first day of the month `months` after (or before) `month`."""
    index = month.year * 12 + month.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


@dataclass(frozen=True)
class Scope:
    business_unit: int | None = None  # BusinessUnit id (rollup business_unit_key)
    country: str = ""
    owner: int | None = None  # User id
    industry: str = ""

    @property
    def filters_accounts(self) -> bool:
        return bool(self.country or self.owner is not None or self.industry)


@dataclass(frozen=True)
class Period:
    date_from: date  # the first day of a month
    date_to: date  # the last day of a month

    @classmethod
    def months(cls, date_from: date, date_to: date) -> Period:
        """The whole months from `date_from`'s to `date_to`'s."""
        if date_from > date_to:
            raise ValueError("The period starts after it ends.")
        return cls(_month_start(date_from), _month_end(date_to))

    @classmethod
    def last_months(cls, last_month: date, count: int = 12) -> Period:
        """`count` months up to and including `last_month`'s."""
        return cls(add_months(_month_start(last_month), 1 - count), _month_end(last_month))

    def month_starts(self) -> list[date]:
        months = []
        month = _month_start(self.date_from)
        while month <= self.date_to:
            months.append(month)
            month = add_months(month, 1)
        return months

    def to_json(self) -> dict:
        return {"from": self.date_from.isoformat(), "to": self.date_to.isoformat()}

    def __str__(self) -> str:
        return f"{self.date_from.isoformat()} – {self.date_to.isoformat()}"


def _rollup_months() -> tuple[date | None, date | None]:
    bounds = MonthlyRollup.objects.aggregate(first=Min("month"), last=Max("month"))
    return bounds["first"], bounds["last"]


def default_period() -> Period | None:
    """The 12 months up to and including the latest sales month; None without sales."""
    last = MonthlyRollup.objects.aggregate(last=Max("month"))["last"]
    return Period.last_months(last) if last else None


def whole_history() -> Period | None:
    """From the first sales month to the last; None without sales."""
    first, last = _rollup_months()
    if first is None or last is None:
        return None
    return Period.months(first, last)


# --- money ---------------------------------------------------------------------------


@dataclass
class Figures:
    values: dict[int, tuple[Decimal, Decimal]]  # account id -> (revenue, gross profit)
    currency: str
    missing_rates: list[str] = field(default_factory=list)
    rates: dict[str, Decimal] = field(default_factory=dict)  # the rates used


def planning_rates(base: str) -> dict[str, Decimal]:
    rates = dict(ExchangeRate.objects.values_list("currency", "rate"))
    rates[base] = Decimal(1)
    return rates


def _convert_minor(minor: int, rate: Decimal) -> int:
    """Minor units of a currency -> minor units of the base currency (half up)."""
    return int((minor * rate).to_integral_value(rounding=ROUND_HALF_UP))


def from_minor(minor: int) -> Decimal:
    return Decimal(minor).scaleb(-2)


def _money_text(value: Decimal) -> str:
    return str(value.quantize(CENT))


def _id_filter(account_ids) -> dict:
    if account_ids is None:
        return {}
    if isinstance(account_ids, QuerySet):
        if account_ids.model is Account and not account_ids.query.values_select:
            account_ids = account_ids.values("pk")
        return {"account_id__in": account_ids}
    return {"account_id__in": list(account_ids)}


def _raw_rows(queryset: QuerySet) -> list[tuple]:
    """The rows of a values_list queryset as the driver returns them.

    Why: Django's per-row converters cost more than the query itself at 100,000 rows.
    Only for columns that need no conversion (ints, strings; SQLite gives dates as text).
    """
    try:
        sql, params = queryset.query.sql_with_params()
    except EmptyResultSet:  # e.g. visible_accounts(...) of a portal user: none()
        return []
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def converted_sums(rows: Iterable[tuple], rates: dict[str, Decimal]) -> tuple[dict, list[str]]:
    """Rows (key, currency, revenue minor, cost minor) -> {key: [revenue, gp] in base
    minor units}, and the currencies that had sales but no rate."""
    totals: dict = {}
    missing: set[str] = set()
    for key, currency, revenue, cost in rows:
        # int(): SQLite returns ints, PostgreSQL's SUM(bigint) a Decimal.
        revenue, cost = int(revenue or 0), int(cost or 0)
        rate = rates.get(currency)
        if rate is None:
            if revenue or cost:
                missing.add(currency)
            continue
        gross_profit = revenue - cost
        if rate != 1:
            revenue = _convert_minor(revenue, rate)
            gross_profit = _convert_minor(gross_profit, rate)
        pair = totals.get(key)
        if pair is None:
            totals[key] = [revenue, gross_profit]
        else:
            pair[0] += revenue
            pair[1] += gross_profit
    return totals, sorted(missing)


def account_figures(account_ids_qs, period: Period, scope: Scope = Scope()) -> Figures:
    """Revenue and gross profit per account over `period`, in the base currency.

    `account_ids_qs`: an Account queryset, a queryset of ids, an iterable of ids, or None
    for every account. Only accounts with a converted sale appear in `values`.
    """
    return scoped_figures(account_ids_qs, period, scope, PortfolioSettings.load())


def scoped_figures(
    account_ids_qs, period: Period, scope: Scope, settings: PortfolioSettings
) -> Figures:
    base = settings.base_currency
    rates = planning_rates(base)
    rollups = MonthlyRollup.objects.filter(
        month__gte=period.date_from, month__lte=period.date_to, **_id_filter(account_ids_qs)
    )
    if scope.business_unit is not None:
        rollups = rollups.filter(business_unit_key=scope.business_unit)
    if scope.country:
        rollups = rollups.filter(account__country=scope.country)
    if scope.owner is not None:
        rollups = rollups.filter(account__owner_id=scope.owner)
    if scope.industry:
        rollups = rollups.filter(account__industry=scope.industry)
    rows = (
        rollups.order_by()
        .values("account_id", "currency")
        .annotate(
            r=Sum("revenue", output_field=BigIntegerField()),
            c=Sum("cost", output_field=BigIntegerField()),
        )
        .values_list("account_id", "currency", "r", "c")
    )
    totals, missing = converted_sums(_raw_rows(rows), rates)
    scale = Decimal(1).scaleb(-2)
    values = {
        account_id: (revenue * scale, gross_profit * scale)
        for account_id, (revenue, gross_profit) in totals.items()
    }
    return Figures(values, base, missing, rates)


# --- account attributes ----------------------------------------------------------


class _Account(NamedTuple):
    """The columns every analysis needs, one query for all accounts."""

    id: int
    external_id: str
    name: str
    account_class: str
    country: str
    industry: str
    owner_id: int | None
    parent_id: int | None
    status: str


def _owner_name(first: str | None, last: str | None, username: str | None) -> str:
    # As User.__str__: the full name, else the username.
    return f"{first or ''} {last or ''}".strip() or (username or "")


def _accounts(queryset: QuerySet[Account]) -> dict[int, _Account]:
    rows = _raw_rows(queryset.order_by().values_list(*_Account._fields))
    make = _Account._make
    return {row[0]: make(row) for row in rows}


def _owner_names(accounts: Iterable[_Account]) -> dict[int | None, str]:
    """Display names of the accounts' owners (a few hundred users at most), "" for none."""
    ids = {a.owner_id for a in accounts if a.owner_id is not None}
    names: dict[int | None, str] = {None: ""}
    users = User.objects.filter(pk__in=ids).values_list("pk", "first_name", "last_name", "username")
    for pk, first, last, username in users:
        names[pk] = _owner_name(first, last, username)
    return names


def _in_scope(account: _Account, scope: Scope) -> bool:
    return (
        (not scope.country or account.country == scope.country)
        and (scope.owner is None or account.owner_id == scope.owner)
        and (not scope.industry or account.industry == scope.industry)
    )


def _sees_all(user) -> bool:
    return can_manage_portfolio(user)


def _gc_paused(function):
    """Run `function` with the cycle collector paused.

    Why: an analysis allocates several small objects per account (100,000 accounts),
    and the collector's passes over the growing heap cost about a third of the time.
    Reference counting still frees everything; cycles wait for the next pass.
    """

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        was_enabled = gc.isenabled()
        gc.disable()
        try:
            return function(*args, **kwargs)
        finally:
            if was_enabled:
                gc.enable()

    return wrapper
