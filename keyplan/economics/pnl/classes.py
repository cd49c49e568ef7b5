"""The P&L totals per account class of the rows listed (issue #16: the P&L "for a class
or the whole portfolio"): the same rows as the table, so the classes add up to its total."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from keyplan.accounts.models import AccountClass

from .domain import PnL


@dataclass(frozen=True)
class ClassTotal:
    account_class: str
    accounts: int
    pnl: PnL

    @property
    def label(self) -> str:
        if self.account_class not in AccountClass.values:
            return ""
        return str(AccountClass(self.account_class).label)


def class_totals(rows: Iterable) -> list[ClassTotal]:
    """Per class, in the classes' order (strategic first), the count and the summed P&L
    of `rows` (anything with `account_class` and `pnl`); classes without a row left out."""
    counts: dict[str, int] = {}
    sums: dict[str, PnL] = {}
    for row in rows:
        counts[row.account_class] = counts.get(row.account_class, 0) + 1
        sums[row.account_class] = sums.get(row.account_class, PnL()) + row.pnl
    order = [*AccountClass.values, *sorted(set(counts) - set(AccountClass.values))]
    return [ClassTotal(key, counts[key], sums[key]) for key in order if key in counts]
