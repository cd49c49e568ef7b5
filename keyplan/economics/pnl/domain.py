"""The account as a business (SPEC §7, seed 002): its P&L down to the contribution, and
the portfolio's whale curve. Pure: amounts in, amounts out (Decimal, exact; rounded only
where shown).

    revenue − cost of goods = gross profit
    gross profit − cost to serve (our people's time + service costs + the cost of the
    money tied up in receivables) = contribution

The whale curve ranks accounts by contribution, highest first, and plots the cumulative
contribution as a share of the total: it rises above 100% while profitable accounts are
added and falls back to 100% as the loss-making ones are; its peak names how much the
accounts after it destroy.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

ZERO = Decimal(0)
SHARE = Decimal("0.0001")


def _ratio(part: Decimal, whole: Decimal) -> Decimal | None:
    if whole <= 0:
        return None
    return (part / whole).quantize(SHARE, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class PnL:
    revenue: Decimal = ZERO
    gross_profit: Decimal = ZERO
    time: Decimal = ZERO  # our people's time at their hourly cost
    services: Decimal = ZERO  # logistics, returns, packaging, support, travel, rebates...
    money: Decimal = ZERO  # receivables x days x the cost of capital

    @property
    def cost_of_goods(self) -> Decimal:
        return self.revenue - self.gross_profit

    @property
    def cost_to_serve(self) -> Decimal:
        return self.time + self.services + self.money

    @property
    def contribution(self) -> Decimal:
        return self.gross_profit - self.cost_to_serve

    @property
    def gross_margin(self) -> Decimal | None:
        """Gross profit / revenue, 0-1 (None without revenue)."""
        return _ratio(self.gross_profit, self.revenue)

    @property
    def contribution_margin(self) -> Decimal | None:
        return _ratio(self.contribution, self.revenue)

    def __add__(self, other: PnL) -> PnL:
        return PnL(
            self.revenue + other.revenue,
            self.gross_profit + other.gross_profit,
            self.time + other.time,
            self.services + other.services,
            self.money + other.money,
        )


def total(pnls: Iterable[PnL]) -> PnL:
    summed = PnL()
    for pnl in pnls:
        summed = summed + pnl
    return summed


@dataclass(frozen=True)
class Step:
    key: str  # revenue, cost_of_goods, gross_profit, time, services, money, contribution
    amount: Decimal  # signed: costs negative
    subtotal: bool  # a bar from zero (revenue, gross profit, contribution)


def waterfall(pnl: PnL) -> list[Step]:
    """From revenue to contribution: each cost a step down, the subtotals from zero."""
    return [
        Step("revenue", pnl.revenue, True),
        Step("cost_of_goods", -pnl.cost_of_goods, False),
        Step("gross_profit", pnl.gross_profit, True),
        Step("time", -pnl.time, False),
        Step("services", -pnl.services, False),
        Step("money", -pnl.money, False),
        Step("contribution", pnl.contribution, True),
    ]


@dataclass(frozen=True)
class WhalePoint:
    account_id: int
    contribution: Decimal
    cumulative: Decimal
    share: Decimal | None  # cumulative / total (None when the total is not positive)


@dataclass(frozen=True)
class WhaleCurve:
    points: list[WhalePoint]  # ranked: highest contribution first
    total: Decimal
    peak: Decimal  # the highest cumulative contribution
    peak_accounts: int  # how many accounts make the peak (0 without a positive one)
    peak_share: Decimal | None  # peak / total
    destroyers: int  # accounts with a negative contribution (all after the peak)
    destroyed: Decimal  # what they take away: minus the sum of their contributions

    @property
    def after_peak(self) -> list[WhalePoint]:
        return self.points[self.peak_accounts :]


def whale_curve(
    contributions: Mapping[int, Decimal], order: Mapping[int, str] | None = None
) -> WhaleCurve:
    """The whale curve of `contributions` (account id -> contribution). Ties are ranked by
    `order` (e.g. the account's name), then id, so the curve is the same in every run."""
    names = order or {}
    ranked = sorted(
        contributions.items(), key=lambda item: (-item[1], names.get(item[0], ""), item[0])
    )
    grand = sum((value for _pk, value in ranked), ZERO)
    points = []
    running = ZERO
    peak, peak_accounts = ZERO, 0
    for position, (pk, value) in enumerate(ranked, start=1):
        running += value
        points.append(WhalePoint(pk, value, running, _ratio(running, grand)))
        if running > peak:
            peak, peak_accounts = running, position
    negative = [value for _pk, value in ranked if value < 0]
    return WhaleCurve(
        points=points,
        total=grand,
        peak=peak,
        peak_accounts=peak_accounts,
        peak_share=_ratio(peak, grand),
        destroyers=len(negative),
        destroyed=-sum(negative, ZERO),
    )
