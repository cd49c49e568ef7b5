"""The Pareto analysis read from the database (the rules themselves are in `domain`).

Built for 100,000 accounts and millions of rollup rows: the sums are one GROUP BY
(account, currency) over `MonthlyRollup` returning plain integers (minor units), each
account-currency total is converted once with the planning rate, and the account
attributes come from one values_list query. No model instance is loaded per account.

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

from keyplan.accounts.access import ALL_ACCOUNT_ROLES, active_user, visible_accounts
from keyplan.accounts.models import Account
from keyplan.core import dataversion
from keyplan.sales.figures.domain import Period, Scope, money_text
from keyplan.sales.figures.selectors import account_figures

from ..access import can_manage_portfolio
from ..common.selectors import AccountRow, account_rows, gc_paused, in_scope, owner_names
from ..models import Metric, PortfolioSettings
from . import columns, domain

SIX_PLACES = Decimal("0.000001")
HUNDRED = Decimal(100)
ALL_ACCOUNTS = Scope()  # no scope

__all__ = ["LEVELS", "ParetoResult", "ParetoRow", "pareto"]


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
            "value": money_text(self.value),
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
            "total": money_text(self.total),
            "positive_total": money_text(self.positive_total),
            "negative_total": money_text(self.negative_total),
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


def _roll_up_groups(
    values: dict[int, tuple[Decimal, Decimal]],
    accounts: dict[int, AccountRow],
    sees_all: bool,
    minor: dict[int, list[int]],
) -> tuple[dict[int, tuple[Decimal, Decimal]], dict[int, list[int]], dict[int, int]]:
    """Each account's figures summed into its topmost visible ancestor's (the Decimals
    and the minor units alike), and how many accounts each such root holds."""
    if sees_all:
        parents = {pk: a.parent_id for pk, a in accounts.items()}
    else:
        parents = dict(
            Account.objects.filter(parent__isnull=False).order_by().values_list("id", "parent_id")
        )
    roots = _group_roots(values, parents, None if sees_all else set(accounts))
    grouped: dict[int, list[Decimal]] = {}
    grouped_minor: dict[int, list[int]] = {}
    members: dict[int, int] = {}
    for pk, (revenue, gross_profit) in values.items():
        root = roots[pk]
        pair = grouped.get(root)
        revenue_minor, gross_profit_minor = minor[pk]
        if pair is None:
            grouped[root] = [revenue, gross_profit]
            grouped_minor[root] = [revenue_minor, gross_profit_minor]
            members[root] = 1
        else:
            pair[0] += revenue
            pair[1] += gross_profit
            pair_minor = grouped_minor[root]
            pair_minor[0] += revenue_minor
            pair_minor[1] += gross_profit_minor
            members[root] += 1
    return {pk: (pair[0], pair[1]) for pk, pair in grouped.items()}, grouped_minor, members


def _rows_from_columns(cols: columns.Columns, accounts, values, members):
    """The ranked and the zero/negative ParetoRows, straight from the columns."""
    owners = owner_names(accounts[pk] for pk in values)
    head = cols.head_count

    def make(pk, value, rank, share, cumulative, in_head) -> ParetoRow:
        account = accounts[pk]
        revenue, gross_profit = values[pk]
        return ParetoRow(
            pk,
            account.external_id,
            account.name,
            account.account_class,
            account.country,
            owners[account.owner_id],
            members.get(pk, 1),
            revenue,
            gross_profit,
            value,
            rank,
            share,
            cumulative,
            in_head,
        )

    ranked = [
        make(pk, value, rank, share, cumulative, rank <= head)
        for rank, (pk, value, share, cumulative) in enumerate(
            zip(cols.ranked_ids, cols.ranked_values, cols.shares, cols.cumulative, strict=True),
            start=1,
        )
    ]
    rest = [
        make(pk, value, None, None, None, False)
        for pk, value in zip(cols.rest_ids, cols.rest_values, strict=True)
    ]
    return ranked, rest


def _rank(values, minor, metric: str, threshold: Decimal):
    """The Pareto of `values` (the figures as Decimals, `minor` the same in minor units):
    on columns (`columns`), or by the plain rules for amounts beyond int64."""
    index = 0 if metric == Metric.REVENUE else 1
    ids = list(values)
    cols = columns.pareto_columns(
        ids, [values[pk][index] for pk in ids], [minor[pk][index] for pk in ids], metric, threshold
    )
    if cols is not None:
        return cols
    return columns.from_pareto(
        domain.pareto(
            [domain.Item(pk, revenue, gp) for pk, (revenue, gp) in values.items()],
            metric,
            threshold,
        )
    )


def _viewer(user) -> tuple:
    """Whose view of the accounts an analysis is: every user who sees all of them shares
    one; anyone else has their own (their accounts, and totals over those only)."""
    active = active_user(user)
    if active is None:
        return ("nobody",)
    if active.role in ALL_ACCOUNT_ROLES:
        return ("all", can_manage_portfolio(active))
    return ("user", active.pk, active.role)


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

    Computed once per data version and viewer (keyplan.core.dataversion: a change to the
    rollups, accounts, teams, users, rates or portfolio settings makes a new version), so
    repeated requests and pages of the table read the computed result. The result is
    shared: callers read it and never change it.
    """
    if metric not in (Metric.REVENUE, Metric.GROSS_PROFIT):
        raise ValueError(f"Unknown metric {metric!r}.")
    if level not in LEVELS:
        raise ValueError(f"Unknown level {level!r}.")
    key = ("pareto", _viewer(user), metric, period, level, scope)
    return dataversion.cached(
        key,
        lambda: _compute(user=user, metric=metric, period=period, level=level, scope=scope),
    )


@gc_paused
def _compute(*, user, metric: str, period: Period, level: str, scope: Scope) -> ParetoResult:
    settings = PortfolioSettings.load()
    threshold = settings.pareto_share / HUNDRED
    sees_all = can_manage_portfolio(user)
    # Archived accounts keep their sales: a period's Pareto does not change by archiving.
    visible_qs = visible_accounts(user, include_archived=True)
    accounts = account_rows(visible_qs)
    figures = account_figures(
        None if sees_all else visible_qs,
        period,
        base=settings.base_currency,
        scope=Scope(business_unit=scope.business_unit),
    )
    values = {
        pk: pair
        for pk, pair in figures.values.items()
        if pk in accounts and in_scope(accounts[pk], scope)
    }
    minor = figures.minor
    members: dict[int, int] = {}
    if level == "group":
        values, minor, members = _roll_up_groups(values, accounts, sees_all, minor)

    result = _rank(values, minor, metric, threshold)
    rows, non_positive = _rows_from_columns(result, accounts, values, members)
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
        analysed=len(rows) + len(non_positive),
        top_shares=result.top_shares,
        gini=result.gini,
        rows=rows,
        non_positive=non_positive,
        missing_rates=figures.missing_rates,
    )
