"""The profitability matrix (issue #16): each account's revenue against its contribution
margin, split into four quadrants. Pure: amounts in, quadrants out (Decimal, exact).

The split rule:
- revenue: the median revenue of the plotted accounts (the mean of the two middle ones
  when their number is even); an account at or above it has high revenue;
- margin: the contribution margin of the plotted accounts together (their total
  contribution ÷ their total revenue); an account at or above it has a high margin.

Only accounts with revenue above zero are plotted: without revenue there is no margin,
so they are listed as "no revenue" and belong to no quadrant. Margins are compared
exactly (contribution × total revenue against total contribution × revenue), never
after rounding.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from ..pnl.domain import PnL, total

ZERO = Decimal(0)
TWO = Decimal(2)
SHARE = Decimal("0.0001")

GROW = "grow_and_protect"  # high revenue, high margin
FIX = "fix_cost_to_serve"  # high revenue, low margin
DEVELOP = "develop"  # low revenue, high margin
REPRICE = "reprice_or_reduce"  # low revenue, low margin
NO_REVENUE = "no_revenue"  # not plotted
QUADRANTS: tuple[str, ...] = (GROW, FIX, DEVELOP, REPRICE)
PLACES: tuple[str, ...] = (*QUADRANTS, NO_REVENUE)  # the order of the table's "quadrant"


def plotted(pnl: PnL) -> bool:
    """Whether an account is drawn: only with revenue above zero (it has a margin)."""
    return pnl.revenue > 0


def median(values: Sequence[Decimal]) -> Decimal | None:
    """The median of `values`: the middle one, or the mean of the two middle ones (at four
    places)."""
    if not values:
        return None
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    # Amounts have at most four places; the mean of two of them, rounded half up to four,
    # still lies between them, so the split still halves the accounts.
    return ((ordered[middle - 1] + ordered[middle]) / TWO).quantize(SHARE, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Split:
    revenue: Decimal  # the median revenue of the plotted accounts
    contribution: Decimal  # their total contribution ...
    total_revenue: Decimal  # ... over their total revenue (above zero)

    @property
    def margin(self) -> Decimal | None:
        """The margin split as shown: the plotted accounts' contribution margin, 0-1 at
        four places (None only without revenue, which a split never has)."""
        if self.total_revenue <= 0:
            return None
        return (self.contribution / self.total_revenue).quantize(SHARE, rounding=ROUND_HALF_UP)

    def high_revenue(self, pnl: PnL) -> bool:
        return pnl.revenue >= self.revenue

    def high_margin(self, pnl: PnL) -> bool:
        # contribution / revenue >= C / R, both revenues above zero: cross-multiplied
        return pnl.contribution * self.total_revenue >= self.contribution * pnl.revenue


def split(pnls: Iterable[PnL]) -> Split | None:
    """Where the quadrants meet, over the plotted accounts; None when none is plotted."""
    drawn = [pnl for pnl in pnls if plotted(pnl)]
    middle = median([pnl.revenue for pnl in drawn])
    if middle is None:
        return None
    summed = total(drawn)
    return Split(middle, summed.contribution, summed.revenue)


def quadrant(pnl: PnL, where: Split | None) -> str:
    """The quadrant of one account, or NO_REVENUE when it is not plotted."""
    if where is None or not plotted(pnl):
        return NO_REVENUE
    if where.high_revenue(pnl):
        return GROW if where.high_margin(pnl) else FIX
    return DEVELOP if where.high_margin(pnl) else REPRICE


@dataclass(frozen=True)
class QuadrantTotal:
    key: str
    accounts: int
    pnl: PnL  # the summed P&L of its accounts

    @property
    def contribution_margin(self) -> Decimal | None:
        return self.pnl.contribution_margin


def quadrant_totals(places: Iterable[tuple[str, PnL]]) -> list[QuadrantTotal]:
    """Per quadrant (and "no revenue"), in PLACES order: how many accounts and their sum."""
    counts = dict.fromkeys(PLACES, 0)
    sums = dict.fromkeys(PLACES, PnL())
    for key, pnl in places:
        counts[key] += 1
        sums[key] = sums[key] + pnl
    return [QuadrantTotal(key, counts[key], sums[key]) for key in PLACES]
