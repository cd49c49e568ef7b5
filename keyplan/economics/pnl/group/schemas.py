"""The group P&L API's document.

No `from __future__ import annotations` here: ninja reads the annotations as real types.
"""

from typing import Literal

from ninja import Field, Schema

from ..schemas import PnLOut, PnlPeriodOut, pnl_out
from .selectors import SORTS, TREE, GroupPnL

GroupSort = Literal[tuple(sorted(SORTS))]  # type: ignore[valid-type]


class GroupQuery(Schema):
    date_from: str | None = Field(None, alias="from", description="First month, YYYY-MM")
    date_to: str | None = Field(None, alias="to", description="Last month, YYYY-MM")
    sort: GroupSort = Field(TREE, description="tree: parents before their subsidiaries")  # type: ignore[valid-type]


class GroupTopOut(Schema):
    account_id: int
    name: str


class GroupMemberOut(Schema):
    account_id: int
    name: str
    account_class: str
    level: int = Field(description="How many of its parents are listed above it (tree order)")
    pnl: PnLOut


class GroupPnLOut(Schema):
    account_id: int
    top: GroupTopOut = Field(description="The group's top account among those you may see")
    period: PnlPeriodOut
    currency: str
    missing_rates: list[str]
    unpriced_minutes: int
    total: PnLOut = Field(description="The sum over the members listed, and only those")
    members: list[GroupMemberOut]


def group_out(account_id: int, group: GroupPnL) -> dict:
    report = group.report
    return {
        "account_id": account_id,
        "top": {"account_id": group.top_id, "name": group.top_name},
        "period": {"from": report.period.date_from, "to": report.period.date_to},
        "currency": report.currency,
        "missing_rates": report.missing_rates,
        "unpriced_minutes": report.unpriced_minutes,
        "total": pnl_out(group.total),
        "members": [
            {
                "account_id": row.account_id,
                "name": row.name,
                "account_class": row.account_class,
                "level": row.level,
                "pnl": pnl_out(row.pnl),
            }
            for row in group.rows
        ],
    }
