"""Portfolio analyses read from the database: Pareto and an account's monthly history
(the classification preview and the class history are in `classification`, the sums
and periods they share in `rollups`).

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

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import BigIntegerField, Max, Min, Sum

from keyplan.accounts.access import visible_accounts
from keyplan.accounts.models import Account
from keyplan.sales.models import MonthlyRollup

# Names imported `as` themselves are re-exported: the periods, the figures and the
# classification were first defined here, and the demo, the benchmark and the commands
# import them from here.
from . import domain
from .classification import Classification as Classification
from .classification import ClassRow as ClassRow
from .classification import class_history as class_history
from .classification import classification_preview as classification_preview
from .models import Metric, PortfolioSettings
from .rollups import Figures as Figures
from .rollups import Period as Period
from .rollups import Scope as Scope
from .rollups import (
    _accounts,
    _gc_paused,
    _in_scope,
    _money_text,
    _owner_names,
    _sees_all,
    add_months,
    converted_sums,
    from_minor,
    planning_rates,
    scoped_figures,
)
from .rollups import account_figures as account_figures
from .rollups import default_period as default_period
from .rollups import whole_history as whole_history

SIX_PLACES = Decimal("0.000001")
HUNDRED = Decimal(100)
MAX_HISTORY_MONTHS = 60
ALL_ACCOUNTS = Scope()  # no scope

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


# --- Pareto ----------------------------------------------------------------------


def _share_text(value: Decimal | None) -> str | None:
    return None if value is None else str(value.quantize(SIX_PLACES))


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
    scope: Scope = ALL_ACCOUNTS,
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
    figures = scoped_figures(
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
        first = max(bounds["first"], add_months(bounds["last"], 1 - MAX_HISTORY_MONTHS))
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
    totals, missing = converted_sums(rows, planning_rates(base))
    months = []
    total_revenue = total_gp = 0
    for month in period.month_starts():
        revenue, gross_profit = totals.get(month, (0, 0))
        total_revenue += revenue
        total_gp += gross_profit
        months.append(
            {
                "month": month,
                "revenue": from_minor(revenue),
                "gross_profit": from_minor(gross_profit),
            }
        )
    return {
        "currency": base,
        "missing_rates": missing,
        "period": period,
        "months": months,
        "total_revenue": from_minor(total_revenue),
        "total_gross_profit": from_minor(total_gp),
    }
