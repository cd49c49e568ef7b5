"""The KPI report (SPEC §7): every KPI per year (the three years before and the current one
to date) for the accounts a user may see, for the whole portfolio and per class, with the
directors' targets. Composed from the lower apps' public selectors: revenue and gross
profit (sales.figures), the wallet estimates (sales.figures.series), the opportunities
(sales.pipeline), the class as it stood at a day (accounts), the criteria scores as they
stood (portfolio.scoring), the satisfaction answers (stakeholders.satisfaction) and our
people's time at its hourly cost (economics.settings). The formulas are in `domain`.

A per-class figure counts an account in the class it had at the start of the year (one
created since: the class it was created with); the retention and the criteria growth
follow the cohort of the accounts that were in the class at the start of the year, and
their portfolio figure is the strategic portfolio's. A fixed number of queries whatever
the number of accounts (about a dozen per year shown).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import cast

from django.db.models import QuerySet
from django.utils import timezone

from keyplan.accounts.access import visible_accounts
from keyplan.accounts.models import AccountClass
from keyplan.accounts.selectors import account_classes_on
from keyplan.portfolio.models import PortfolioSettings
from keyplan.portfolio.scoring.selectors import weighted_totals_on
from keyplan.sales.figures.domain import Period, month_count, year_before
from keyplan.sales.figures.selectors import account_figures, planning_rates
from keyplan.sales.figures.series import first_sale_months, wallet_estimates
from keyplan.sales.models import OpportunityStatus
from keyplan.sales.pipeline.selectors import visible_opportunities
from keyplan.stakeholders.satisfaction.selectors import account_satisfaction
from keyplan.users.models import User

from ..models import Kpi, KpiTarget
from ..settings.selectors import time_costs
from . import domain

ZERO = Decimal(0)
CLASSES: tuple[str, ...] = tuple(AccountClass.values)
PROSPECTS = frozenset({AccountClass.PROSPECT, AccountClass.SUSPECT})
COHORT_CLASS = AccountClass.STRATEGIC  # the portfolio's retention and criteria growth

Key = tuple[str, str, int]  # (kpi, account class or "" for the portfolio, year)


@dataclass(frozen=True)
class YearSpan:
    """A year of the report: whole months for the money (`period`), days for the rest
    (`date_from`..`date_to`; the current year ends today)."""

    year: int
    period: Period
    date_from: date
    date_to: date
    to_date: bool  # the current year, so far

    @property
    def next_start(self) -> date:
        return date(self.year + 1, 1, 1)


def year_span(year: int, today: date) -> YearSpan:
    start = date(year, 1, 1)
    if year >= today.year:
        return YearSpan(year, Period.months(start, today), start, today, True)
    end = date(year, 12, 31)
    return YearSpan(year, Period.months(start, end), start, end, False)


@dataclass(frozen=True)
class AccountGrowth:
    """One account's revenue and gross profit in a year against the same months before."""

    account_id: int
    name: str
    account_class: str  # at the start of the year
    revenue: Decimal
    previous_revenue: Decimal
    gross_profit: Decimal
    previous_gross_profit: Decimal

    @property
    def revenue_growth(self) -> Decimal | None:
        return domain.growth(self.revenue, self.previous_revenue)

    @property
    def gross_profit_growth(self) -> Decimal | None:
        return domain.growth(self.gross_profit, self.previous_gross_profit)

    @property
    def class_label(self) -> str:
        return str(AccountClass(self.account_class).label) if self.account_class in CLASSES else ""


@dataclass
class KpiReport:
    years: list[int]
    today: date
    scope: str  # the account class the report is narrowed to, "" for the portfolio
    currency: str
    values: dict[Key, Decimal | None] = field(default_factory=dict)
    details: dict[Key, dict] = field(default_factory=dict)  # what a value is made of
    targets: dict[Key, Decimal] = field(default_factory=dict)
    accounts: list[AccountGrowth] = field(default_factory=list)  # the last year's
    missing_rates: list[str] = field(default_factory=list)
    unpriced_minutes: int = 0

    @property
    def year(self) -> int:
        return self.years[-1]

    def value(self, kpi: str, year: int, account_class: str = "") -> Decimal | None:
        return self.values.get((kpi, account_class, year))

    def target(self, kpi: str, year: int, account_class: str = "") -> Decimal | None:
        return self.targets.get((kpi, account_class, year))

    def status(self, kpi: str, year: int, account_class: str = "") -> str | None:
        return domain.status(
            kpi, self.value(kpi, year, account_class), self.target(kpi, year, account_class)
        )


@dataclass
class _Year:
    """What one year's KPIs are computed from."""

    span: YearSpan
    classes: dict[int, str]  # class at the start (or at creation), every visible account
    cohorts: dict[int, str]  # class at the start, accounts that existed then only
    current: dict[int, tuple[Decimal, Decimal]]
    previous: dict[int, tuple[Decimal, Decimal]]
    satisfaction: dict[int, tuple[Decimal, int]]
    won: dict[int, int]
    lost: dict[int, int]
    cycles: dict[int, list[int]]
    prospect_time: Decimal | None
    new_accounts: int
    scores_start: dict[int, Decimal]
    scores_end: dict[int, Decimal]


class _Figures:
    """account_figures per period, each period read once."""

    def __init__(self, accounts: QuerySet, base: str) -> None:
        self.accounts, self.base = accounts, base
        self.cache: dict[Period, dict[int, tuple[Decimal, Decimal]]] = {}
        self.missing: set[str] = set()

    def __call__(self, period: Period) -> dict[int, tuple[Decimal, Decimal]]:
        if period not in self.cache:
            found = account_figures(self.accounts, period, base=self.base)
            self.cache[period] = found.values
            self.missing |= set(found.missing_rates)
        return self.cache[period]


def _opportunities(user: User, spans: list[YearSpan]) -> dict[int, list[tuple]]:
    """The won and lost opportunities closed in the spans, by year (one query)."""
    rows = (
        visible_opportunities(user)
        .filter(
            status__in=[OpportunityStatus.WON, OpportunityStatus.LOST],
            close_date__gte=spans[0].date_from,
            close_date__lte=spans[-1].date_to,
        )
        .order_by()
        .values_list("account_id", "status", "created_date", "close_date")
    )
    by_year: dict[int, list[tuple]] = defaultdict(list)
    for row in rows:
        if row[3] is not None:  # the filter excludes it; for the type checker
            by_year[row[3].year].append(row)
    return by_year


def _new_accounts(accounts: QuerySet, span: YearSpan) -> int:
    """Accounts whose first sale (first month with revenue) falls in the year."""
    return (
        accounts.filter(pk__in=first_sale_months(span.date_from))
        .exclude(pk__in=first_sale_months(span.next_start))
        .count()
    )


def _prospect_time(time, classes: dict[int, str]) -> Decimal | None:
    """The cost of the priced time on prospects and suspects; None without any (time not
    logged is no data, not a cost of 0)."""
    priced = [
        pk
        for pk, minutes in time.priced_minutes.items()
        if minutes and classes.get(pk) in PROSPECTS
    ]
    if not priced:
        return None
    return sum((time.costs[pk] for pk in priced), ZERO)


def _load_year(span: YearSpan, accounts: QuerySet, ctx: dict, opportunities: list[tuple]) -> _Year:
    current_class: dict[int, str] = ctx["current_class"]
    ids = accounts.values("pk")
    classes = current_class | account_classes_on(
        day=span.date_from, account_ids=accounts, first_known=True
    )
    won: dict[int, int] = defaultdict(int)
    lost: dict[int, int] = defaultdict(int)
    cycles: dict[int, list[int]] = defaultdict(list)
    for account_id, status, created, closed in opportunities:
        if status == OpportunityStatus.WON:
            won[account_id] += 1
            if created is not None and created <= closed:
                cycles[account_id].append((closed - created).days)
        else:
            lost[account_id] += 1
    time = time_costs(accounts, Period(span.date_from, span.date_to), base=ctx["base"])
    ctx["unpriced"] += sum(time.unpriced_minutes.values())
    ctx["missing"] |= set(time.missing_rates)
    end = min(span.next_start, ctx["today"])
    scores = ctx["scores"]
    return _Year(
        span=span,
        classes=classes,
        cohorts=account_classes_on(day=span.date_from, account_ids=accounts),
        current=ctx["figures"](span.period),
        previous=ctx["figures"](year_before(span.period)),
        satisfaction={
            pk: (s.mean, s.answers)
            for pk, s in account_satisfaction(ids, span.date_from, span.date_to).items()
        },
        won=won,
        lost=lost,
        cycles=cycles,
        prospect_time=_prospect_time(time, classes),
        new_accounts=_new_accounts(accounts, span),
        scores_start=scores.get(span.date_from, {}),
        scores_end=scores.get(end, {}),
    )


def _sum(values: dict[int, tuple[Decimal, Decimal]], members: set[int], index: int) -> Decimal:
    return sum((values[pk][index] for pk in members if pk in values), ZERO)


def _scope_values(data: _Year, members: set[int], cohort: set[int], ctx: dict) -> dict:
    """Every KPI (but the cost of a new account) of one scope in one year, with details."""
    revenue = {pk: value[0] for pk, value in data.current.items()}
    before = {pk: value[0] for pk, value in data.previous.items()}
    kept = domain.retention(cohort, revenue, before)
    wallets = {pk: w for pk, w in ctx["wallets"].items() if pk in members}
    growth, level = domain.criteria_growth(data.scores_start, data.scores_end, cohort)
    won = sum(data.won.get(pk, 0) for pk in members)
    lost = sum(data.lost.get(pk, 0) for pk in members)
    cycles = [days for pk in members for days in data.cycles.get(pk, [])]
    return {
        Kpi.REVENUE_GROWTH: (
            domain.growth(_sum(data.current, members, 0), _sum(data.previous, members, 0)),
            {
                "current": _sum(data.current, members, 0),
                "previous": _sum(data.previous, members, 0),
            },
        ),
        Kpi.GROSS_PROFIT_GROWTH: (
            domain.growth(_sum(data.current, members, 1), _sum(data.previous, members, 1)),
            {
                "current": _sum(data.current, members, 1),
                "previous": _sum(data.previous, members, 1),
            },
        ),
        Kpi.GROSS_RETENTION: (kept.gross, {"cohort": kept.accounts, "previous": kept.previous}),
        Kpi.NET_RETENTION: (kept.net, {"cohort": kept.accounts, "current": kept.current}),
        Kpi.SHARE_OF_WALLET: (
            domain.share_of_wallet(revenue, wallets, month_count(data.span.period)),
            {"estimates": len(wallets)},
        ),
        Kpi.SATISFACTION: (
            domain.mean_score(data.satisfaction[pk] for pk in members if pk in data.satisfaction),
            {"answers": sum(data.satisfaction[pk][1] for pk in members if pk in data.satisfaction)},
        ),
        Kpi.WIN_RATE: (domain.win_rate(won, lost), {"won": won, "lost": lost}),
        Kpi.SALES_CYCLE: (domain.sales_cycle(cycles), {"won": len(cycles)}),
        Kpi.CRITERIA_GROWTH: (growth, {"mean_score": level, "cohort": len(cohort)}),
    }


def _fill(report: KpiReport, data: _Year, ctx: dict) -> None:
    year = data.span.year
    everyone = set(ctx["current_class"])
    for scope in ("", *CLASSES):
        members = everyone if not scope else {pk for pk in everyone if data.classes[pk] == scope}
        cohort_class = scope or COHORT_CLASS
        cohort = {pk for pk, cls in data.cohorts.items() if cls == cohort_class}
        for kpi, (value, detail) in _scope_values(data, members, cohort, ctx).items():
            report.values[(kpi, scope, year)] = value
            report.details[(kpi, scope, year)] = detail
    cost = Kpi.COST_PER_NEW_ACCOUNT
    report.values[(cost, "", year)] = (
        None
        if data.prospect_time is None
        else domain.cost_per_new_account(data.prospect_time, data.new_accounts)
    )
    report.details[(cost, "", year)] = {"cost": data.prospect_time, "new": data.new_accounts}


def _account_rows(data: _Year, names: dict[int, str], scope: str) -> list[AccountGrowth]:
    rows = []
    for pk in set(data.current) | set(data.previous):
        if pk not in names or (scope and data.classes.get(pk) != scope):
            continue
        revenue, gross_profit = data.current.get(pk, (ZERO, ZERO))
        before, gp_before = data.previous.get(pk, (ZERO, ZERO))
        rows.append(
            AccountGrowth(
                pk, names[pk], data.classes.get(pk, ""), revenue, before, gross_profit, gp_before
            )
        )
    return sorted(rows, key=lambda row: (row.name.casefold(), row.account_id))


def kpi_targets(years: list[int]) -> dict[Key, Decimal]:
    """The targets set for `years`, by (kpi, class, year). One query."""
    return {
        (kpi, cls, year): value
        for kpi, cls, year, value in KpiTarget.objects.filter(year__in=years).values_list(
            "kpi", "account_class", "year", "value"
        )
    }


def kpi_report(
    *,
    user: User,
    year: int | None = None,
    account_class: str = "",
    today: date | None = None,
    first_year: int | None = None,
) -> KpiReport:
    """Every KPI for the years up to `year` (default this one) from `first_year` (default
    the three before it; ten at most)
    over the accounts `user` may see: per class always, and the accounts' revenue and
    gross profit growth in the last year (narrowed to `account_class` if one is given).
    Missing data is None, never 0. A fixed number of queries."""
    today = today or timezone.localdate()
    years = domain.years_shown(today, year, first_year)
    scope = account_class if account_class in CLASSES else ""
    base = PortfolioSettings.load().base_currency
    report = KpiReport(years=years, today=today, scope=scope, currency=base)
    accounts = visible_accounts(user).order_by()
    rows = list(accounts.values_list("pk", "name", "account_class"))
    report.targets = kpi_targets(years)
    if not rows:
        return report
    spans = [year_span(y, today) for y in years]
    rates = planning_rates(base)
    ctx: dict = {
        "base": base,
        "today": today,
        "current_class": {pk: cls for pk, _name, cls in rows},
        "figures": _Figures(accounts, base),
        "unpriced": 0,
        "missing": set(),
        "wallets": {
            pk: w.category_spend * rates[w.currency]
            # A subquery, not a list: the visible accounts may be too many for IN (...).
            for pk, w in wallet_estimates(cast("list[int]", accounts.values("pk"))).items()
            if w.currency in rates
        },
        "scores": weighted_totals_on(
            days=[*(s.date_from for s in spans), min(spans[-1].next_start, today)],
            account_ids=accounts,
        ),
    }
    opportunities = _opportunities(user, spans)
    for span in spans:
        data = _load_year(span, accounts, ctx, opportunities.get(span.year, []))
        _fill(report, data, ctx)
    report.accounts = _account_rows(data, {pk: name for pk, name, _c in rows}, scope)
    report.missing_rates = sorted(ctx["missing"] | ctx["figures"].missing)
    report.unpriced_minutes = ctx["unpriced"]
    return report


def target_list(years: list[int]) -> list[KpiTarget]:
    """The targets set for `years`, by KPI, scope and year, with who set them. One query."""
    return list(
        KpiTarget.objects.filter(year__in=years)
        .select_related("set_by")
        .order_by("kpi", "account_class", "year")
    )


def kpi_target_history(limit: int) -> list:
    """The newest `limit` changes to the targets (set, changed, cleared), with who made
    them. One query."""
    return list(
        KpiTarget.history.select_related("history_user").order_by("-history_date", "-history_id")[
            :limit
        ]
    )
