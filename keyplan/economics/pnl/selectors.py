"""The account P&L (SPEC §7) of the accounts a user may see, and the portfolio's whale
curve. Composed from the money owner's public selectors: revenue and gross profit
(sales.figures), service costs (sales.costs), receivables (sales.cash); our people's
time at their hourly cost and the cost of capital come from the economics settings.
A fixed number of queries whatever the number of accounts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from keyplan.accounts.models import Account, AccountClass
from keyplan.portfolio.models import PortfolioSettings
from keyplan.sales.cash.selectors import average_open, month_ends
from keyplan.sales.costs.selectors import service_costs
from keyplan.sales.figures.domain import Period, from_minor, growth, quantize, year_before
from keyplan.sales.figures.selectors import account_figures, default_period
from keyplan.sales.figures.series import account_monthly_converted
from keyplan.users.models import User

from ..common import filtered_accounts, sorted_rows
from ..settings.domain import capital_cost
from ..settings.selectors import cost_of_capital, time_costs
from .domain import PnL, WhaleCurve, total, whale_curve

ZERO = Decimal(0)


@dataclass
class PnLReport:
    period: Period
    currency: str
    values: dict[int, PnL]  # accounts with revenue, costs or receivables in the period
    missing_rates: list[str] = field(default_factory=list)
    unpriced_minutes: int = 0  # time without an hourly cost: left out, never guessed
    cost_of_capital: Decimal = ZERO  # annual %, as used

    @property
    def total(self) -> PnL:
        return total(self.values.values())


def account_pnls(account_ids, period: Period, *, base: str) -> PnLReport:
    """Each account's P&L over `period` in the base currency `base`. `account_ids`: an
    Account queryset (the caller's visible accounts), ids, or None for every account."""
    figures = account_figures(account_ids, period, base=base)
    services = service_costs(account_ids, period, base=base)
    time = time_costs(account_ids, period, base=base)
    averages, missing_cash = average_open(
        account_ids, month_ends(period.date_from, period.date_to), base=base
    )
    rate = cost_of_capital()
    days = (period.date_to - period.date_from).days + 1
    ids = set(figures.values) | set(services.totals) | set(time.costs) | set(averages)
    values = {}
    for pk in ids:
        revenue, gross_profit = figures.values.get(pk, (ZERO, ZERO))
        values[pk] = PnL(
            revenue=revenue,
            gross_profit=gross_profit,
            time=time.costs.get(pk, ZERO),
            services=services.totals.get(pk, ZERO),
            money=capital_cost(averages.get(pk, ZERO), days, rate),
        )
    missing = sorted(
        set(figures.missing_rates)
        | set(services.missing_rates)
        | set(time.missing_rates)
        | set(missing_cash)
    )
    return PnLReport(
        period=period,
        currency=base,
        values=values,
        missing_rates=missing,
        unpriced_minutes=sum(time.unpriced_minutes.values()),
        cost_of_capital=rate,
    )


DEFAULT_SORT = "-contribution"
SORT_KEYS = {
    "name": lambda row: row.name.casefold(),
    "revenue": lambda row: row.pnl.revenue,
    "gross_profit": lambda row: row.pnl.gross_profit,
    "gross_margin": lambda row: row.pnl.gross_margin,
    "cost_to_serve": lambda row: row.pnl.cost_to_serve,
    "contribution": lambda row: row.pnl.contribution,
    "contribution_margin": lambda row: row.pnl.contribution_margin,
}
SORTS = {*SORT_KEYS, *(f"-{key}" for key in SORT_KEYS)}


@dataclass(frozen=True)
class PnLFilters:
    q: str = ""
    owner: int | None = None
    account_class: str = ""
    sort: str = DEFAULT_SORT


@dataclass(frozen=True)
class PnLRow:
    account_id: int
    name: str
    account_class: str
    owner: str
    pnl: PnL

    @property
    def class_label(self) -> str:
        if self.account_class not in AccountClass.values:
            return ""
        return str(AccountClass(self.account_class).label)


@dataclass
class PnLTable:
    report: PnLReport
    rows: list[PnLRow]

    @property
    def total(self) -> PnL:
        return total(row.pnl for row in self.rows)

    def whale(self) -> WhaleCurve:
        return whale_curve(
            {row.account_id: row.pnl.contribution for row in self.rows},
            {row.account_id: row.name for row in self.rows},
        )


def _accounts(user: User, filters: PnLFilters):
    return filtered_accounts(
        user, q=filters.q, owner=filters.owner, account_class=filters.account_class
    )


def sort_rows(rows: list[PnLRow], sort: str) -> list[PnLRow]:
    """`sort` order ("-" descending); rows without a value (no margin) last, by name."""
    return sorted_rows(
        rows, sort, SORT_KEYS, DEFAULT_SORT, name=lambda row: (row.name.casefold(), row.account_id)
    )


def pnl_table(*, user: User, period: Period, filters: PnLFilters) -> PnLTable:
    """The P&L of every account `user` may see that has money in the period; totals and
    the whale curve cover only those rows."""
    accounts = _accounts(user, filters)
    report = account_pnls(accounts, period, base=PortfolioSettings.load().base_currency)
    details = accounts.filter(pk__in=list(report.values)).values_list(
        "pk", "name", "account_class", "owner__first_name", "owner__last_name"
    )
    rows = [
        PnLRow(pk, name, cls, f"{first} {last}".strip(), report.values[pk])
        for pk, name, cls, first, last in details
    ]
    return PnLTable(report, sort_rows(rows, filters.sort))


@dataclass
class AccountPnL:
    report: PnLReport
    pnl: PnL
    months: list[tuple[Period, PnL]]


def account_pnl(*, account: Account, period: Period) -> AccountPnL:
    """One account's P&L over `period` and month by month (the caller checked access):
    a fixed number of queries per month."""
    base = PortfolioSettings.load().base_currency
    report = account_pnls([account.pk], period, base=base)
    months = []
    for start in period.month_starts():
        month = Period.months(start, start)
        monthly = account_pnls([account.pk], month, base=base)
        months.append((month, monthly.values.get(account.pk, PnL())))
    return AccountPnL(report, report.values.get(account.pk, PnL()), months)


def account_pnl_summary(*, account: Account) -> dict:
    """What the account page shows of the P&L: the default period's (the 12 months up to
    the latest sale), or nothing without sales. A fixed number of queries."""
    period = default_period()
    if period is None:
        return {"pnl": None, "pnl_period": None}
    report = account_pnls([account.pk], period, base=PortfolioSettings.load().base_currency)
    return {"pnl": report.values.get(account.pk), "pnl_period": period}


@dataclass(frozen=True)
class TrendMonth:
    month: date  # the first day
    revenue: Decimal  # in the base currency, at two places
    gross_profit: Decimal


@dataclass(frozen=True)
class SalesTrend:
    """Revenue and gross profit of the last 12 months of sales against the 12 before,
    in the base currency; growth in percent (None without a base to compare with);
    `months`: the 24 months of both, oldest first, each month's own figures (a month
    without sales at zero), for the overview's chart."""

    period: Period
    previous_period: Period
    currency: str
    revenue: Decimal
    previous_revenue: Decimal
    gross_profit: Decimal
    previous_gross_profit: Decimal
    missing_rates: list[str]
    months: tuple[TrendMonth, ...] = ()

    @property
    def revenue_growth(self) -> Decimal | None:
        return growth(self.revenue, self.previous_revenue)

    @property
    def gross_profit_growth(self) -> Decimal | None:
        return growth(self.gross_profit, self.previous_gross_profit)


def account_sales_trend(*, account: Account) -> SalesTrend | None:
    """The account workspace's trend: the default period (the 12 months up to the latest
    sale) against the year before; None without sales. A fixed number of queries."""
    period = default_period()
    if period is None:
        return None
    base = PortfolioSettings.load().base_currency
    before = year_before(period)
    now = account_figures([account.pk], period, base=base)
    then = account_figures([account.pk], before, base=base)
    revenue, gross_profit = now.values.get(account.pk, (ZERO, ZERO))
    previous_revenue, previous_gross_profit = then.values.get(account.pk, (ZERO, ZERO))
    window = Period(before.date_from, period.date_to)
    monthly, _ = account_monthly_converted(account.pk, window, base=base, rates=now.rates)
    months = tuple(
        TrendMonth(
            start,
            quantize(from_minor(monthly.get(start, (0, 0))[0])),
            quantize(from_minor(monthly.get(start, (0, 0))[1])),
        )
        for start in window.month_starts()
    )
    return SalesTrend(
        period=period,
        previous_period=before,
        currency=base,
        revenue=revenue,
        previous_revenue=previous_revenue,
        gross_profit=gross_profit,
        previous_gross_profit=previous_gross_profit,
        missing_rates=sorted(set(now.missing_rates) | set(then.missing_rates)),
        months=months,
    )
