"""What the portfolio analyses read about money: the planning rates, the sales months,
revenue and gross profit per account summed over `MonthlyRollup` in the base currency,
and the measured values per account that the data-scored criteria use (SPEC §1.3).

Amounts are in the base currency passed in as `base` (the portfolio's); a currency with
sales but no `ExchangeRate` is left out and listed in `missing_rates`, never mixed in.
`account_metrics` aggregates in the database: a handful of GROUP BY queries whatever
the number of accounts (the segmentation benchmark runs it over 100,000 accounts).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, localcontext

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import Avg, BigIntegerField, Count, FloatField, Func, Max, Min, QuerySet, Sum

from keyplan.accounts.models import Account, AccountStatus
from keyplan.core import dataversion
from keyplan.core.requestmemo import memo
from keyplan.sales.models import InvoiceLine, MonthlyRollup, Payment

from ..models import DataMetric, ExchangeRate, WalletEstimate
from .domain import (
    CENT,
    HUNDRED,
    Period,
    Scope,
    converted_sums,
    from_minor,
    growth,
    month_count,
    quantize,
    year_before,
)

ZERO = Decimal(0)
NO_SCOPE = Scope()

__all__ = [
    "ALL_METRICS",
    "METRIC_GROUPS",
    "Figures",
    "account_figures",
    "account_metrics",
    "default_period",
    "planning_rates",
    "raw_rows",
    "whole_history",
]


# --- the sales months -----------------------------------------------------------------


def _rollup_months() -> tuple[date | None, date | None]:
    bounds = MonthlyRollup.objects.aggregate(first=Min("month"), last=Max("month"))
    return bounds["first"], bounds["last"]


def default_period() -> Period | None:
    """The 12 months up to and including the latest sales month; None without sales."""
    last = memo(
        ("latest-sales-month",), lambda: MonthlyRollup.objects.aggregate(last=Max("month"))["last"]
    )
    return Period.last_months(last) if last else None


def whole_history() -> Period | None:
    """From the first sales month to the last; None without sales."""
    first, last = _rollup_months()
    if first is None or last is None:
        return None
    return Period.months(first, last)


# --- revenue and gross profit ---------------------------------------------------------


@dataclass
class Figures:
    values: dict[int, tuple[Decimal, Decimal]]  # account id -> (revenue, gross profit)
    currency: str
    missing_rates: list[str] = field(default_factory=list)
    rates: dict[str, Decimal] = field(default_factory=dict)  # the rates used
    # The same values as exact integers in minor units (ten-thousandths): for column
    # arithmetic (numpy) over many accounts. Read only.
    minor: dict[int, list[int]] = field(default_factory=dict)


def planning_rates(base: str) -> dict[str, Decimal]:
    # A new dict each call (callers add to it); the rows are read once per page.
    rates = dict(
        memo(
            ("exchange-rates",), lambda: tuple(ExchangeRate.objects.values_list("currency", "rate"))
        )
    )
    rates[base] = Decimal(1)
    return rates


def _id_filter(account_ids) -> dict:
    if account_ids is None:
        return {}
    if isinstance(account_ids, QuerySet):
        if account_ids.model is Account and not account_ids.query.values_select:
            account_ids = account_ids.values("pk")
        return {"account_id__in": account_ids}
    return {"account_id__in": list(account_ids)}


def raw_rows(queryset: QuerySet) -> list[tuple]:
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


def account_figures(
    account_ids_qs, period: Period, *, base: str, scope: Scope = NO_SCOPE
) -> Figures:
    """Revenue and gross profit per account over `period`, in the base currency `base`.

    `account_ids_qs`: an Account queryset, a queryset of ids, an iterable of ids, or None
    for every account. Only accounts with a converted sale appear in `values`.

    For every account (None) the figures are read once per data version and kept in the
    process (keyplan.core.dataversion: a change to the rollups or the rates makes a new
    version): the Pareto, the classification preview, the data scores and the
    suggestions of one period share one read. They are the company's figures, not a
    user's view: the callers apply access. The result is shared: read it, never change it.
    """
    if account_ids_qs is None:
        return dataversion.cached(
            ("account_figures", period, base, scope),
            lambda: _read_figures(None, period, base=base, scope=scope),
        )
    return _read_figures(account_ids_qs, period, base=base, scope=scope)


def _read_figures(account_ids_qs, period: Period, *, base: str, scope: Scope) -> Figures:
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
    totals, missing = converted_sums(raw_rows(rows), rates)
    values = {
        account_id: (from_minor(revenue), from_minor(gross_profit))
        for account_id, (revenue, gross_profit) in totals.items()
    }
    return Figures(values, base, missing, rates, totals)


# --- the measured values of the data-scored criteria ----------------------------------

M = DataMetric
# Which measurements need which queries: account_metrics runs only the groups asked for.
METRIC_GROUPS: dict[str, frozenset[str]] = {
    # the first invoice month: tenure, and whether an account ever bought (revenue and
    # gross profit are None for one that never did)
    "history": frozenset(
        {M.TENURE_YEARS, M.REVENUE, M.GROSS_PROFIT, M.REVENUE_GROWTH, M.GROSS_PROFIT_GROWTH}
    ),
    "figures": frozenset(
        {
            M.REVENUE,
            M.GROSS_PROFIT,
            M.REVENUE_GROWTH,
            M.GROSS_PROFIT_GROWTH,
            M.HEADROOM,
            M.SHARE_OF_WALLET,
        }
    ),
    "previous": frozenset({M.REVENUE_GROWTH, M.GROSS_PROFIT_GROWTH}),
    "invoices": frozenset({M.AVERAGE_INVOICE}),
    "payments": frozenset({M.DAYS_LATE}),
    "wallet": frozenset({M.HEADROOM, M.SHARE_OF_WALLET}),
}
ALL_METRICS: tuple[str, ...] = tuple(M.values)


class DaysBetween(Func):
    """Days from the second date to the first, as a number, on SQLite and PostgreSQL."""

    output_field = FloatField()
    arity = 2

    def as_sql(self, compiler, connection, **extra_context):  # PostgreSQL: date - date = days
        return super().as_sql(
            compiler, connection, template="(%(expressions)s)", arg_joiner=" - ", **extra_context
        )

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(
            compiler,
            connection,
            template="(julianday(%(expressions)s))",
            arg_joiner=") - julianday(",
            **extra_context,
        )


def _ids_queryset(account_ids) -> QuerySet:
    """A values("pk") queryset usable in `account_id__in=`, from None (every account that
    is not closed), a queryset of accounts or ids, or an iterable of ids."""
    if account_ids is None:
        return Account.objects.exclude(status=AccountStatus.CLOSED).order_by().values("pk")
    if isinstance(account_ids, QuerySet):
        if account_ids.model is Account and not getattr(account_ids, "_fields", None):
            return account_ids.order_by().values("pk")
        return account_ids.order_by()
    return Account.objects.filter(pk__in=list(account_ids)).order_by().values("pk")


@dataclass
class _Inputs:
    """What account_metrics read per account before it computes the values."""

    period: Period | None
    base: str  # the base currency
    months: int  # the period's length (12 without sales: only the wallet can be said)
    growth: bool  # whether the year-on-year growth is wanted
    first_month: dict[int, date] = field(default_factory=dict)
    figures: dict[int, tuple[Decimal, Decimal]] = field(default_factory=dict)
    previous: dict[int, tuple[Decimal, Decimal]] = field(default_factory=dict)
    rates: dict[str, Decimal] | None = None
    invoiced: dict[int, Decimal] = field(default_factory=lambda: defaultdict(Decimal))
    documents: dict[int, int] = field(default_factory=lambda: defaultdict(int))
    lateness: dict[int, float] = field(default_factory=dict)
    wallets: dict[int, Decimal] = field(default_factory=dict)  # yearly spend, base currency


def _first_months(ids: QuerySet, period: Period) -> dict[int, date]:
    return dict(
        MonthlyRollup.objects.filter(account_id__in=ids, month__lte=period.date_to)
        .values("account_id")
        .annotate(first=Min("month"))
        .order_by()
        .values_list("account_id", "first")
    )


def _read_sales(inputs: _Inputs, ids: QuerySet, period: Period, needs, everyone: bool) -> None:
    if needs("history"):
        inputs.first_month = _first_months(ids, period)
    # Every account: the company's figures, shared with the other analyses of the period
    # (the closed accounts among them are never looked up).
    within = None if everyone else ids
    if needs("figures"):
        current = account_figures(within, period, base=inputs.base)
        inputs.figures, inputs.rates = current.values, current.rates
    if inputs.growth:
        inputs.previous = account_figures(within, year_before(period), base=inputs.base).values


def _read_invoices(inputs: _Inputs, ids: QuerySet, period: Period, rates) -> None:
    rows = (
        InvoiceLine.objects.filter(
            account_id__in=ids, date__gte=period.date_from, date__lte=period.date_to
        )
        .values("account_id", "currency")
        .annotate(revenue=Sum("revenue"), documents=Count("document_number", distinct=True))
        .order_by()
        .values_list("account_id", "currency", "revenue", "documents")
    )
    for account_id, currency, amount, count in rows:
        rate = rates.get(currency)
        if rate is None:  # reported by the figures' missing_rates; never mixed in
            continue
        inputs.invoiced[account_id] += Decimal(amount or 0) * rate
        inputs.documents[account_id] += count


def _lateness(ids: QuerySet, period: Period) -> dict[int, float]:
    return dict(
        Payment.objects.filter(
            account_id__in=ids,
            paid_date__gte=period.date_from,
            paid_date__lte=period.date_to,
            due_date__isnull=False,
        )
        .values("account_id")
        .annotate(days=Avg(DaysBetween("paid_date", "due_date")))
        .order_by()
        .values_list("account_id", "days")
    )


def _wallets(ids: QuerySet, rates) -> dict[int, Decimal]:
    wallets = {}
    for account_id, spend, currency in WalletEstimate.objects.filter(
        account_id__in=ids
    ).values_list("account_id", "category_spend", "currency"):
        rate = rates.get(currency)
        if rate is not None:
            wallets[account_id] = Decimal(spend) * rate
    return wallets


def _read_inputs(
    period: Period | None,
    base: str,
    ids: QuerySet,
    needs: Callable[[str], bool],
    everyone: bool = False,
) -> _Inputs:
    """Only the queries the wanted metrics need; without sales only the wallet."""
    inputs = _Inputs(
        period, base, months=12 if period is None else month_count(period), growth=needs("previous")
    )
    if period is not None:
        _read_sales(inputs, ids, period, needs, everyone)
    if inputs.rates is None and (needs("invoices") or needs("wallet")):
        inputs.rates = planning_rates(inputs.base)
    rates = inputs.rates or {}
    if period is not None and needs("invoices"):
        _read_invoices(inputs, ids, period, rates)
    if period is not None and needs("payments"):
        inputs.lateness = _lateness(ids, period)
    if needs("wallet"):
        inputs.wallets = _wallets(ids, rates)
    return inputs


def _tenure(first: date, period: Period, memo: dict[date, Decimal]) -> Decimal:
    """Whole months from the first invoice month to the period's end, in years."""
    tenure = memo.get(first)
    if tenure is None:
        months = (period.date_to.year - first.year) * 12 + period.date_to.month - first.month + 1
        tenure = memo[first] = quantize(Decimal(months) / 12)
    return tenure


def _measure(row: dict, pk: int, inputs: _Inputs, tenure_of: dict[date, Decimal]) -> None:
    """Fill one account's values from the inputs (under a 40-digit context)."""
    first = inputs.first_month.get(pk)
    # account_figures' amounts are whole cents already: no rounding needed
    revenue, gross_profit = inputs.figures.get(pk, (ZERO, ZERO))
    if inputs.period is not None and first is not None:  # bought before the period ended
        row[M.TENURE_YEARS] = _tenure(first, inputs.period, tenure_of)
        row[M.REVENUE] = revenue
        row[M.GROSS_PROFIT] = gross_profit
        if inputs.growth:
            prev_revenue, prev_gp = inputs.previous.get(pk, (ZERO, ZERO))
            row[M.REVENUE_GROWTH] = growth(revenue, prev_revenue)
            row[M.GROSS_PROFIT_GROWTH] = growth(gross_profit, prev_gp)
    if inputs.documents.get(pk):
        row[M.AVERAGE_INVOICE] = quantize(inputs.invoiced[pk] / inputs.documents[pk])
    days = inputs.lateness.get(pk)
    if days is not None:
        row[M.DAYS_LATE] = Decimal(round(float(days), 2)).quantize(CENT)
    wallet = inputs.wallets.get(pk)
    if wallet is not None:
        yearly = revenue * 12 / inputs.months if revenue > 0 else ZERO
        row[M.HEADROOM] = quantize(max(wallet - yearly, ZERO))
        row[M.SHARE_OF_WALLET] = quantize(yearly / wallet * HUNDRED) if wallet > 0 else None


def account_metrics(
    period: Period | None,
    account_ids=None,
    *,
    base: str,
    metrics: Iterable[str] | None = None,
) -> dict[int, dict[str, Decimal | None]]:
    """Every `DataMetric` value per account over `period` (None values: not measurable).

    - tenure_years: whole months from the first invoice month to the period's end, / 12;
    - revenue, gross_profit: in the period (0 for an account that bought before but not
      in the period; None for one that never bought);
    - revenue_growth, gross_profit_growth: % against the same months a year earlier (None
      when that base is zero or negative);
    - average_invoice: revenue / distinct documents among the period's invoice lines;
    - days_late: the average of paid date - due date over the payments paid in the period
      (negative: paid early);
    - headroom: yearly category spend (the wallet estimate) - yearly revenue, at least 0;
      share_of_wallet: yearly revenue / category spend, %. Yearly revenue is the period's
      revenue scaled to twelve months (equal to it for the default 12-month period).
      None without an estimate (or when its currency has no rate).

    `account_ids`: None (every account that is not closed), a queryset or ids. `metrics`
    limits the work to the queries those metrics need (the dict still has every key).
    A constant number of queries, independent of the number of accounts.
    """
    wanted = set(ALL_METRICS if metrics is None else metrics)
    unknown = wanted - set(ALL_METRICS)
    if unknown:
        raise ValueError(f"Unknown metrics: {', '.join(sorted(unknown))}")

    def needs(group: str) -> bool:
        return bool(wanted & METRIC_GROUPS[group])

    ids = _ids_queryset(account_ids)
    account_list = list(ids.values_list("pk", flat=True))
    result: dict[int, dict[str, Decimal | None]] = {
        pk: dict.fromkeys(ALL_METRICS) for pk in account_list
    }
    if not result:
        return result
    inputs = _read_inputs(period, base, ids, needs, everyone=account_ids is None)
    tenure_of: dict[date, Decimal] = {}  # few distinct first months: compute each once
    with localcontext() as ctx:
        ctx.prec = 40
        for pk, row in result.items():
            _measure(row, pk, inputs, tenure_of)
    return result
