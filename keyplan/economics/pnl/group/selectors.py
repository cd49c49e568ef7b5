"""The P&L of an account's group under the one access rule: the top parent and all its
descendants that the user may see, never an account they may not (not listed, not summed,
not counted). A fixed number of queries whatever the size of the group or the portfolio.
"""

from __future__ import annotations

from dataclasses import dataclass

from keyplan.accounts.access import visible_accounts
from keyplan.accounts.models import Account, AccountClass
from keyplan.portfolio.models import PortfolioSettings
from keyplan.sales.figures.domain import Period
from keyplan.users.models import User

from ...common import sorted_rows
from ..domain import PnL, total
from ..selectors import PnLReport, account_pnls
from .domain import Group, group_ids, group_of

TREE = "tree"  # the default order: parents before their subsidiaries
SORT_KEYS = {
    "tree": lambda row: row.position,
    "name": lambda row: row.name.casefold(),
    "revenue": lambda row: row.pnl.revenue,
    "gross_profit": lambda row: row.pnl.gross_profit,
    "cost_to_serve": lambda row: row.pnl.cost_to_serve,
    "contribution": lambda row: row.pnl.contribution,
    "contribution_margin": lambda row: row.pnl.contribution_margin,
}
SORTS = {*SORT_KEYS, *(f"-{key}" for key in SORT_KEYS)}


@dataclass(frozen=True)
class GroupRow:
    account_id: int
    name: str
    account_class: str
    level: int  # how many shown ancestors: the indentation in tree order
    position: int  # the place in tree order
    pnl: PnL

    @property
    def indent(self) -> range:
        return range(min(self.level, 8))

    @property
    def class_label(self) -> str:
        if self.account_class not in AccountClass.values:
            return ""
        return str(AccountClass(self.account_class).label)


@dataclass
class GroupPnL:
    top_id: int  # the shown member nearest the group's top (the top parent when shown)
    top_name: str
    report: PnLReport
    rows: list[GroupRow]  # one per shown member

    @property
    def total(self) -> PnL:
        return total(row.pnl for row in self.rows)

    @property
    def is_group(self) -> bool:
        return len(self.rows) > 1


def _parents() -> dict[int, int | None]:
    # One query for every link: walking up and down level by level would cost a query
    # per level of the hierarchy.
    return dict(
        Account.objects.filter(parent__isnull=False).order_by().values_list("id", "parent_id")
    )


def group_members(*, user: User, account: Account) -> tuple[Group, dict[int, tuple]]:
    """`account`'s group as `user` may see it, and (name, class) of each shown member."""
    parents = _parents()
    ids = group_ids(account.pk, parents)
    details = {
        pk: (name, cls)
        for pk, name, cls in visible_accounts(user)
        .filter(pk__in=ids)
        .values_list("pk", "name", "account_class")
    }
    names = {pk: name.casefold() for pk, (name, _cls) in details.items()}
    return group_of(account.pk, parents, set(details), names), details


def in_group(*, user: User, account: Account) -> bool:
    """Whether `account` shares a group with another account `user` may see."""
    if account.parent_id is None and not account.subsidiaries.exists():
        return False
    group, _details = group_members(user=user, account=account)
    return len(group.members) > 1


def group_pnl(*, user: User, account: Account, period: Period, sort: str = TREE) -> GroupPnL:
    """The P&L over `period` of each member of `account`'s group that `user` may see and
    their total (the caller checked that `user` may see `account`)."""
    group, details = group_members(user=user, account=account)
    report = account_pnls(group.ids, period, base=PortfolioSettings.load().base_currency)
    rows = [
        GroupRow(
            member.account_id,
            details[member.account_id][0],
            details[member.account_id][1],
            member.level,
            position,
            report.values.get(member.account_id, PnL()),
        )
        for position, member in enumerate(group.members)
    ]
    top = group.shown_top or account.pk
    ordered = sorted_rows(
        rows, sort, SORT_KEYS, TREE, name=lambda row: (row.position, row.account_id)
    )
    return GroupPnL(top, details[top][0], report, ordered)
