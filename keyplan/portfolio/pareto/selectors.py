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

from keyplan.accounts.access import visible_accounts
from keyplan.accounts.models import Account
from keyplan.sales.figures.domain import Period, Scope, money_text
from keyplan.sales.figures.selectors import account_figures

from ..access import can_manage_portfolio
from ..common.selectors import AccountRow, account_rows, gc_paused, in_scope, owner_names
from ..models import Metric, PortfolioSettings
from . import domain

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
) -> tuple[dict[int, tuple[Decimal, Decimal]], dict[int, int]]:
    """Each account's figures summed into its topmost visible ancestor's, and how many
    accounts each such root holds."""
    if sees_all:
        parents = {pk: a.parent_id for pk, a in accounts.items()}
    else:
        parents = dict(
            Account.objects.filter(parent__isnull=False).order_by().values_list("id", "parent_id")
        )
    roots = _group_roots(values, parents, None if sees_all else set(accounts))
    grouped: dict[int, list[Decimal]] = {}
    members: dict[int, int] = {}
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
    return {pk: (pair[0], pair[1]) for pk, pair in grouped.items()}, members


def _row_maker(accounts, values, members):
    """A function making the ParetoRow of one ranked entry (owners read once)."""
    owners = owner_names(accounts[pk] for pk in values)

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

    return row


@gc_paused
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
    members: dict[int, int] = {}
    if level == "group":
        values, members = _roll_up_groups(values, accounts, sees_all)

    result = domain.pareto(
        [domain.Item(pk, revenue, gp) for pk, (revenue, gp) in values.items()], metric, threshold
    )
    row = _row_maker(accounts, values, members)
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
