"""Portfolio analyses read from the database: Pareto, classification preview, an
account's monthly history and its class history.

Built for 100,000 accounts and millions of rollup rows: the sums are one GROUP BY
(account, currency) over `MonthlyRollup` returning plain integers (minor units), each
account-currency total is converted once with the planning rate, and the account
attributes come from one values_list query. No model instance is loaded per account.
The rules themselves live in `domain` (pure).

Conventions (also on the pages and in `--help`):
- amounts are in the base currency (`PortfolioSettings.base_currency`); a currency with
  sales but no `ExchangeRate` is left out and listed in `missing_rates`, never mixed in;
- periods are whole months; the default is the 12 months up to the latest sales month;
- accounts whose metric is zero or negative are listed and totalled apart: they are
  never part of the cumulative share, which therefore never decreases nor passes 100%.
"""

from __future__ import annotations

import calendar
import functools
import gc
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import BigIntegerField, Max, Min, QuerySet, Sum

from keyplan.accounts.access import visible_accounts
from keyplan.accounts.models import Account, AccountClass, AccountStatus
from keyplan.sales.models import MonthlyRollup, Opportunity, OpportunityStatus
from keyplan.users.models import User

from . import domain
from .access import can_manage_portfolio
from .models import ExchangeRate, Metric, PortfolioSettings

SIX_PLACES = Decimal("0.000001")
CENT = Decimal("0.01")
HUNDRED = Decimal(100)
MAX_HISTORY_MONTHS = 60

__all__ = [
    "ClassRow",
    "Classification",
    "Figures",
    "ParetoResult",
    "ParetoRow",
    "Period",
    "Scope",
    "account_figures",
    "class_history",
    "classification_preview",
    "default_period",
    "monthly_history",
    "pareto",
    "whole_history",
]


# --- periods and scope -------------------------------------------------------------


def _month_start(day: date) -> date:
    return day.replace(day=1)


def _month_end(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def _add_months(month: date, months: int) -> date:
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
        return cls(_add_months(_month_start(last_month), 1 - count), _month_end(last_month))

    def month_starts(self) -> list[date]:
        months = []
        month = _month_start(self.date_from)
        while month <= self.date_to:
            months.append(month)
            month = _add_months(month, 1)
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


def _rates(base: str) -> dict[str, Decimal]:
    rates = dict(ExchangeRate.objects.values_list("currency", "rate"))
    rates[base] = Decimal(1)
    return rates


def _convert_minor(minor: int, rate: Decimal) -> int:
    """Minor units of a currency -> minor units of the base currency (half up)."""
    return int((minor * rate).to_integral_value(rounding=ROUND_HALF_UP))


def _from_minor(minor: int) -> Decimal:
    return Decimal(minor).scaleb(-2)


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


def _converted_sums(rows: Iterable[tuple], rates: dict[str, Decimal]) -> tuple[dict, list[str]]:
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
    return _figures(account_ids_qs, period, scope, PortfolioSettings.load())


def _figures(account_ids_qs, period: Period, scope: Scope, settings: PortfolioSettings) -> Figures:
    base = settings.base_currency
    rates = _rates(base)
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
    totals, missing = _converted_sums(_raw_rows(rows), rates)
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


# --- Pareto ----------------------------------------------------------------------


def _share_text(value: Decimal | None) -> str | None:
    return None if value is None else str(value.quantize(SIX_PLACES))


def _money_text(value: Decimal) -> str:
    return str(value.quantize(CENT))


@dataclass(slots=True)
class ParetoRow:
    account_id: int
    external_id: str
    name: str
    account_class: str
    country: str
    owner: str
    members: int  # accounts in the group (1 at account level)
    revenue: Decimal
    gross_profit: Decimal
    value: Decimal
    rank: int | None
    share: Decimal | None
    cumulative_share: Decimal | None
    in_head: bool

    def to_json(self) -> dict:
        return {
            "external_id": self.external_id,
            "name": self.name,
            "value": _money_text(self.value),
            "share": _share_text(self.share),
            "cumulative_share": _share_text(self.cumulative_share),
            "rank": self.rank,
            "class": self.account_class,
        }


@dataclass
class ParetoResult:
    metric: str
    level: str
    period: Period
    scope: Scope
    currency: str
    threshold: Decimal
    total: Decimal
    positive_total: Decimal
    negative_total: Decimal
    accounts_for_threshold: int
    share_of_accounts_for_threshold: Decimal
    analysed: int
    top_shares: dict[str, Decimal]
    gini: Decimal
    rows: list[ParetoRow]  # ranked (positive) rows
    non_positive: list[ParetoRow]  # zero / negative rows
    missing_rates: list[str]

    def to_json(self) -> dict:
        """The CLI/API document (see the contract): money as "1234.50", shares with six
        places, null where there is no share."""
        return {
            "metric": self.metric,
            "period": self.period.to_json(),
            "level": self.level,
            "currency": self.currency,
            "total": _money_text(self.total),
            "positive_total": _money_text(self.positive_total),
            "negative_total": _money_text(self.negative_total),
            "accounts_for_80pct": self.accounts_for_threshold,
            "share_of_accounts_for_80pct": _share_text(self.share_of_accounts_for_threshold),
            "negative_accounts": len(self.non_positive),
            "concentration": {
                "top1": _share_text(self.top_shares["top1"]),
                "top5": _share_text(self.top_shares["top5"]),
                "top10": _share_text(self.top_shares["top10"]),
                "gini": _share_text(self.gini),
            },
            "missing_rates": list(self.missing_rates),
            "accounts": [row.to_json() for row in self.rows]
            + [row.to_json() for row in self.non_positive],
        }


LEVELS = ("account", "group")


def _group_roots(
    account_ids: Iterable[int], parents: dict[int, int | None], visible: set[int] | None
) -> dict[int, int]:
    """Each account's topmost visible ancestor (itself when none is visible above it).

    `visible` None: every account is visible. Invisible accounts in the middle of a
    chain are walked through; a cycle in bad data stops the walk.
    """
    top: dict[int, int | None] = {}  # memo: the topmost visible account at or above

    def topmost(start: int) -> int | None:
        chain: list[int] = []  # from `start` upwards, until a known node or the top
        node: int | None = start
        while node is not None and node not in top and node not in chain:
            chain.append(node)
            node = parents.get(node)
        result = top.get(node) if node is not None else None
        for member in reversed(chain):  # downwards: the highest visible one wins
            if result is None and (visible is None or member in visible):
                result = member
            top[member] = result
        return top[start]

    return {pk: topmost(pk) or pk for pk in account_ids}


@_gc_paused
def pareto(
    *,
    user,
    metric: str,
    period: Period,
    level: str = "account",
    scope: Scope = Scope(),
) -> ParetoResult:
    """The Pareto analysis of the accounts `user` may see, with sales in `period`.

    level "group": each account's figures roll up to its topmost visible ancestor (the
    row shows the ancestor; `members` counts the accounts rolled in). Scope: business unit
    on the sales, country/owner/industry on the accounts.
    """
    if metric not in (Metric.REVENUE, Metric.GROSS_PROFIT):
        raise ValueError(f"Unknown metric {metric!r}.")
    if level not in LEVELS:
        raise ValueError(f"Unknown level {level!r}.")
    settings = PortfolioSettings.load()
    threshold = settings.pareto_share / HUNDRED
    sees_all = _sees_all(user)
    visible_qs = visible_accounts(user)
    accounts = _accounts(visible_qs)
    figures = _figures(
        None if sees_all else visible_qs,
        period,
        Scope(business_unit=scope.business_unit),
        settings,
    )
    values = {
        pk: pair
        for pk, pair in figures.values.items()
        if pk in accounts and _in_scope(accounts[pk], scope)
    }

    members: dict[int, int] = {}
    if level == "group":
        if sees_all:
            parents = {pk: a.parent_id for pk, a in accounts.items()}
        else:
            parents = dict(
                Account.objects.filter(parent__isnull=False)
                .order_by()
                .values_list("id", "parent_id")
            )
        roots = _group_roots(values, parents, None if sees_all else set(accounts))
        grouped: dict[int, list[Decimal]] = {}
        for pk, (revenue, gross_profit) in values.items():
            root = roots[pk]
            pair = grouped.get(root)
            if pair is None:
                grouped[root] = [revenue, gross_profit]
                members[root] = 1
            else:
                pair[0] += revenue
                pair[1] += gross_profit
                members[root] += 1
        values = {pk: (pair[0], pair[1]) for pk, pair in grouped.items()}

    result = domain.pareto(
        [domain.Item(pk, revenue, gp) for pk, (revenue, gp) in values.items()], metric, threshold
    )

    owners = _owner_names(accounts[pk] for pk in values)

    def row(ranked: domain.Ranked) -> ParetoRow:
        account = accounts[ranked.id]
        revenue, gross_profit = values[ranked.id]
        return ParetoRow(
            ranked.id,
            account.external_id,
            account.name,
            account.account_class,
            account.country,
            owners[account.owner_id],
            members.get(ranked.id, 1),
            revenue,
            gross_profit,
            ranked.value,
            ranked.rank,
            ranked.share,
            ranked.cumulative_share,
            ranked.in_head,
        )

    return ParetoResult(
        metric=metric,
        level=level,
        period=period,
        scope=scope,
        currency=figures.currency,
        threshold=threshold,
        total=result.total,
        positive_total=result.positive_total,
        negative_total=result.negative_total,
        accounts_for_threshold=result.head_count,
        share_of_accounts_for_threshold=result.head_share,
        analysed=len(result.ranked) + len(result.non_positive),
        top_shares=result.top_shares,
        gini=result.gini,
        rows=[row(r) for r in result.ranked],
        non_positive=[row(r) for r in result.non_positive],
        missing_rates=figures.missing_rates,
    )


# --- one account's months ------------------------------------------------------------


def monthly_history(account, *, period: Period | None = None) -> dict:
    """The account's revenue and gross profit per month in the base currency (drill-down).

    Months without sales are included as zeros. Default period: the account's first to
    last month with sales, at most the last 60 of them. The caller checks access.
    """
    settings = PortfolioSettings.load()
    base = settings.base_currency
    rollups = MonthlyRollup.objects.filter(account_id=account.pk)
    if period is None:
        bounds = rollups.aggregate(first=Min("month"), last=Max("month"))
        if bounds["first"] is None:
            return {
                "currency": base,
                "missing_rates": [],
                "period": None,
                "months": [],
                "total_revenue": Decimal("0.00"),
                "total_gross_profit": Decimal("0.00"),
            }
        first = max(bounds["first"], _add_months(bounds["last"], 1 - MAX_HISTORY_MONTHS))
        period = Period.months(first, bounds["last"])
    rows = (
        rollups.filter(month__gte=period.date_from, month__lte=period.date_to)
        .order_by()
        .values("month", "currency")
        .annotate(
            r=Sum("revenue", output_field=BigIntegerField()),
            c=Sum("cost", output_field=BigIntegerField()),
        )
        .values_list("month", "currency", "r", "c")
    )
    totals, missing = _converted_sums(rows, _rates(base))
    months = []
    total_revenue = total_gp = 0
    for month in period.month_starts():
        revenue, gross_profit = totals.get(month, (0, 0))
        total_revenue += revenue
        total_gp += gross_profit
        months.append(
            {
                "month": month,
                "revenue": _from_minor(revenue),
                "gross_profit": _from_minor(gross_profit),
            }
        )
    return {
        "currency": base,
        "missing_rates": missing,
        "period": period,
        "months": months,
        "total_revenue": _from_minor(total_revenue),
        "total_gross_profit": _from_minor(total_gp),
    }


# --- classification ------------------------------------------------------------------


@dataclass(slots=True)
class ClassRow:
    account_id: int
    name: str
    external_id: str
    owner: str
    current: str
    proposed: str
    revenue: Decimal
    gross_profit: Decimal
    value: Decimal
    rank: int | None
    cumulative_share: Decimal | None

    @property
    def changed(self) -> bool:
        return self.current != self.proposed


@dataclass
class Classification:
    period: Period
    metric: str
    currency: str
    parameters: dict  # the settings used, JSON-ready
    rows: list[ClassRow]  # every classified account shown, rank order then name
    counts_before: dict[str, int]
    counts_after: dict[str, int]
    missing_rates: list[str]

    @property
    def changes(self) -> list[ClassRow]:
        return [row for row in self.rows if row.changed]


def _class_counts(classes: Iterable[str]) -> dict[str, int]:
    counts = {key: 0 for key in AccountClass.values}
    for cls in classes:
        counts[cls] = counts.get(cls, 0) + 1
    return counts


def _fallback_period() -> Period:
    """Without any sales: the 12 months up to this one (only interest dates matter)."""
    return Period.last_months(date.today())


@_gc_paused
def classification_preview(*, user, period: Period | None = None) -> Classification:
    """What the classes would be for `period` (default: the 12 months up to the latest
    sales month), computed company-wide over every account that is not closed.

    Managers get every row; other users the rows of the accounts they may see (the
    classes are still the company-wide ones), and the counts over those rows.
    """
    settings = PortfolioSettings.load()
    period = period or default_period() or _fallback_period()
    metric = settings.strategic_metric
    cumulative_share = settings.strategic_cumulative_share / HUNDRED
    max_share = settings.strategic_max_share / HUNDRED
    interest_since = period.date_to - timedelta(days=settings.prospect_interest_days)

    accounts = _accounts(Account.objects.exclude(status=AccountStatus.CLOSED))
    figures = _figures(None, period, Scope(), settings)
    with_open_opportunity = set(
        Opportunity.objects.filter(status=OpportunityStatus.OPEN)
        .order_by()
        .values_list("account_id", flat=True)
        .distinct()
    )
    with_interest = set(
        Account.objects.filter(interest_recorded_on__gte=interest_since)
        .order_by()
        .values_list("id", flat=True)
    )
    zero = Decimal("0.00")
    no_sales = (zero, zero)
    get_figures = figures.values.get
    inputs = [
        domain.ClassInput(
            pk, *get_figures(pk, no_sales), pk in with_open_opportunity, pk in with_interest
        )
        for pk in accounts
    ]
    proposed = domain.classify(
        inputs, metric=metric, cumulative_share=cumulative_share, max_share=max_share
    )
    ranking = domain.pareto(
        [domain.Item(c.id, c.revenue, c.gross_profit) for c in inputs],
        metric,
        settings.pareto_share / HUNDRED,
    )

    shown: set[int] | None = None
    if not _sees_all(user):
        shown = set(visible_accounts(user).values_list("id", flat=True))
    owners = _owner_names(
        accounts.values() if shown is None else (accounts[pk] for pk in shown if pk in accounts)
    )

    def make(entry: domain.Ranked) -> ClassRow:
        account = accounts[entry.id]
        revenue, gross_profit = get_figures(entry.id, no_sales)
        return ClassRow(
            entry.id,
            account.name,
            account.external_id,
            owners[account.owner_id],
            account.account_class,
            proposed[entry.id],
            revenue,
            gross_profit,
            entry.value,
            entry.rank,
            entry.cumulative_share,
        )

    ranked = [make(e) for e in ranking.ranked if shown is None or e.id in shown]
    unranked = [make(e) for e in ranking.non_positive if shown is None or e.id in shown]
    unranked.sort(key=lambda r: (r.name.casefold(), r.account_id))
    rows = ranked + unranked

    parameters = {
        "metric": metric,
        "date_from": period.date_from.isoformat(),
        "date_to": period.date_to.isoformat(),
        "base_currency": figures.currency,
        "strategic_cumulative_share": _money_text(Decimal(settings.strategic_cumulative_share)),
        "strategic_max_share": _money_text(Decimal(settings.strategic_max_share)),
        "strategic_cap": domain.strategic_cap(len(inputs), max_share) if inputs else 0,
        "prospect_interest_days": settings.prospect_interest_days,
        "interest_since": interest_since.isoformat(),
        "pareto_share": _money_text(Decimal(settings.pareto_share)),
        "classified": len(inputs),
        "rates": {cur: str(rate) for cur, rate in sorted(figures.rates.items())},
        "missing_rates": figures.missing_rates,
    }
    return Classification(
        period=period,
        metric=metric,
        currency=figures.currency,
        parameters=parameters,
        rows=rows,
        counts_before=_class_counts(r.current for r in rows),
        counts_after=_class_counts(r.proposed for r in rows),
        missing_rates=figures.missing_rates,
    )


# --- class history -----------------------------------------------------------------


def class_history(account) -> list[dict]:
    """The account's class over time from its history, newest first: one entry when it
    was created and one per change, as {date, user, old, new, reason} (old is None for
    the creation; user is a display name, "" when unknown). The caller checks access."""
    records = (
        Account.history.filter(id=account.pk)
        .order_by("history_date", "history_id")
        .values_list(
            "history_date",
            "account_class",
            "history_change_reason",
            "history_user_id",
            "history_user__first_name",
            "history_user__last_name",
            "history_user__username",
        )
    )
    entries: list[dict] = []
    previous: str | None = None
    first = True
    for when, cls, reason, user_id, first_name, last_name, username in records:
        if first or cls != previous:
            entries.append(
                {
                    "date": when,
                    "user": _owner_name(first_name, last_name, username) if user_id else "",
                    "old": None if first else previous,
                    "new": cls,
                    "reason": reason or "",
                }
            )
        previous, first = cls, False
    entries.reverse()
    return entries
