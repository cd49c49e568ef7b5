"""The measured values per account that the data-scored criteria use (SPEC §1.3):
tenure, revenue and gross profit with their growth, average invoice, days late, and the
share of wallet with its headroom.

`account_metrics` aggregates in the database: a handful of GROUP BY queries whatever
the number of accounts (the segmentation benchmark runs it over 100,000 accounts).
Amounts are in the base currency (`PortfolioSettings.base_currency`); a currency
without a planning rate is left out, never mixed in.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, localcontext

from django.db.models import Avg, Count, FloatField, Func, Min, QuerySet, Sum

from keyplan.accounts.models import Account, AccountStatus
from keyplan.sales.models import InvoiceLine, MonthlyRollup, Payment

from .models import (
    DataMetric,
    PortfolioSettings,
    WalletEstimate,
)
from .rollups import Period, account_figures, add_months, planning_rates

__all__ = ["ALL_METRICS", "METRIC_GROUPS", "account_metrics", "year_before"]

CENT = Decimal("0.01")
ZERO = Decimal(0)
HUNDRED = Decimal(100)

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

# --- measurements -----------------------------------------------------------------


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


def _month_count(period: Period) -> int:
    return (
        (period.date_to.year - period.date_from.year) * 12
        + period.date_to.month
        - period.date_from.month
        + 1
    )


def year_before(period: Period) -> Period:
    """The same months a year earlier (year-on-year comparison)."""
    return Period.months(
        add_months(period.date_from, -12), add_months(period.date_to.replace(day=1), -12)
    )


def _q(value: Decimal, quantum: Decimal = CENT) -> Decimal:
    return value.quantize(quantum, rounding=ROUND_HALF_UP)


def _growth(current: Decimal, previous: Decimal) -> Decimal | None:
    """Percent change; None when the base is zero or negative (no meaningful growth)."""
    if previous <= 0:
        return None
    with localcontext() as ctx:
        ctx.prec = 40
        return _q((current - previous) / previous * HUNDRED)


def account_metrics(
    period: Period | None,
    account_ids=None,
    *,
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
    # Without any sales (period None) only the wallet can be said.
    period_months = 12 if period is None else _month_count(period)

    first_month: dict[int, date] = {}
    if period is not None and needs("history"):
        first_month = dict(
            MonthlyRollup.objects.filter(account_id__in=ids, month__lte=period.date_to)
            .values("account_id")
            .annotate(first=Min("month"))
            .order_by()
            .values_list("account_id", "first")
        )
    figures: dict[int, tuple[Decimal, Decimal]] = {}
    rates: dict[str, Decimal] | None = None
    if period is not None and needs("figures"):
        current = account_figures(ids, period)
        figures, rates = current.values, current.rates
    previous: dict[int, tuple[Decimal, Decimal]] = {}
    previous_needed = needs("previous")
    if period is not None and previous_needed:
        previous = account_figures(ids, year_before(period)).values
    if rates is None and (needs("invoices") or needs("wallet")):
        rates = planning_rates(PortfolioSettings.load().base_currency)
    rates = rates or {}

    documents: dict[int, int] = defaultdict(int)
    invoiced: dict[int, Decimal] = defaultdict(Decimal)
    if period is not None and needs("invoices"):
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
            invoiced[account_id] += Decimal(amount or 0) * rate
            documents[account_id] += count

    lateness: dict[int, float] = {}
    if period is not None and needs("payments"):
        lateness = dict(
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

    wallets: dict[int, Decimal] = {}  # yearly category spend in the base currency
    if needs("wallet"):
        for account_id, spend, currency in WalletEstimate.objects.filter(
            account_id__in=ids
        ).values_list("account_id", "category_spend", "currency"):
            rate = rates.get(currency)
            if rate is not None:
                wallets[account_id] = Decimal(spend) * rate

    tenure_of: dict[date, Decimal] = {}  # few distinct first months: compute each once
    with localcontext() as ctx:
        ctx.prec = 40
        for pk, row in result.items():
            first = first_month.get(pk)
            # account_figures' amounts are whole cents already: no rounding needed
            revenue, gross_profit = figures.get(pk, (ZERO, ZERO))
            if period is not None and first is not None:  # bought before the period ended
                tenure = tenure_of.get(first)
                if tenure is None:
                    months = (
                        (period.date_to.year - first.year) * 12
                        + period.date_to.month
                        - first.month
                        + 1
                    )
                    tenure = tenure_of[first] = _q(Decimal(months) / 12)
                row[M.TENURE_YEARS] = tenure
                row[M.REVENUE] = revenue
                row[M.GROSS_PROFIT] = gross_profit
                if previous_needed:
                    prev_revenue, prev_gp = previous.get(pk, (ZERO, ZERO))
                    row[M.REVENUE_GROWTH] = _growth(revenue, prev_revenue)
                    row[M.GROSS_PROFIT_GROWTH] = _growth(gross_profit, prev_gp)
            if documents and documents.get(pk):
                row[M.AVERAGE_INVOICE] = _q(invoiced[pk] / documents[pk])
            days = lateness.get(pk)
            if days is not None:
                row[M.DAYS_LATE] = Decimal(round(float(days), 2)).quantize(CENT)
            wallet = wallets.get(pk)
            if wallet is not None:
                yearly = revenue * 12 / period_months if revenue > 0 else ZERO
                row[M.HEADROOM] = _q(max(wallet - yearly, ZERO))
                row[M.SHARE_OF_WALLET] = _q(yearly / wallet * HUNDRED) if wallet > 0 else None
    return result
