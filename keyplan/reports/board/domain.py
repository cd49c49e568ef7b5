"""The board pack's content as plain data (SPEC §6.5): what every slide or page shows,
gathered once (`content.board_content`) and rendered as PPTX (`pptx_render`) or PDF
(`pdf`). Texts are already in the requester's language; amounts are exact Decimals in the
base currency, rounded only where shown. Pure: no ORM.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import TypeVar

ZERO = Decimal(0)
PARETO_BARS = 15  # accounts drawn on the Pareto chart
WHALE_POINTS = 200  # at most this many points on the whale curve
TABLE_ROWS = 10  # rows of the warnings and decisions tables
SHOWN = 5  # goals, warnings, risks and asks on an account's slide

T = TypeVar("T")


@dataclass(frozen=True)
class ParetoBar:
    name: str
    value: Decimal
    cumulative_share: Decimal | None  # 0-1


@dataclass(frozen=True)
class ClassCount:
    key: str
    label: str
    count: int
    moved_in: int = 0
    moved_out: int = 0


@dataclass(frozen=True)
class Move:
    name: str
    before: str  # labels
    after: str


@dataclass(frozen=True)
class StrategicRow:
    account_id: int
    name: str
    revenue: Decimal
    contribution: Decimal
    health: int | None  # 0-100
    completeness: int | None  # 0-100, None without a current plan


@dataclass(frozen=True)
class WhalePoint:
    rank: int
    cumulative: Decimal


@dataclass(frozen=True)
class Whale:
    points: list[WhalePoint]
    total: Decimal
    peak: Decimal
    peak_accounts: int
    destroyers: int
    accounts: int


@dataclass(frozen=True)
class WarningRow:
    account_id: int
    account: str
    severity: str  # label
    kind: str  # label
    message: str
    money: Decimal


@dataclass(frozen=True)
class DecisionRow:
    account: str
    title: str
    status: str  # label
    amount: str  # formatted: a budget in its currency, days or hours as a number
    when: date | None  # decided on (None: waiting)


@dataclass(frozen=True)
class AlignmentRow:
    name: str
    saa: Decimal | None
    saa_trend: str  # "up", "down", "flat" or ""
    seven_s: Decimal | None
    seven_s_trend: str


@dataclass(frozen=True)
class AlignmentPoint:
    """One recorded period: the mean over the accounts answered then of their averages
    (1-5), per checkpoint kind; None where no account answered that kind then."""

    period: date
    saa: Decimal | None
    seven_s: Decimal | None


@dataclass(frozen=True)
class GoalLine:
    title: str
    percent: Decimal | None
    note: str  # why no percent, or "behind pace"


@dataclass(frozen=True)
class AccountSlide:
    account_id: int
    name: str
    class_label: str
    owner: str
    revenue: Decimal
    gross_profit: Decimal
    cost_to_serve: Decimal
    contribution: Decimal
    contribution_margin: Decimal | None  # 0-1
    health: int | None
    completeness: int | None
    goals: list[GoalLine] = field(default_factory=list)
    warnings: list[WarningRow] = field(default_factory=list)
    risks: list[str] = field(default_factory=list)
    asks: list[str] = field(default_factory=list)


@dataclass
class BoardContent:
    title: str
    company: str
    generated_at: datetime
    period_start: date
    period_end: date
    currency: str
    pareto: list[ParetoBar] = field(default_factory=list)
    pareto_head: int = 0  # accounts that make the threshold
    pareto_analysed: int = 0
    pareto_threshold: Decimal = Decimal("0.8")
    classes: list[ClassCount] = field(default_factory=list)
    moves: list[Move] = field(default_factory=list)
    strategic: list[StrategicRow] = field(default_factory=list)
    whale: Whale | None = None
    warnings: list[WarningRow] = field(default_factory=list)
    warning_count: int = 0
    decisions: list[DecisionRow] = field(default_factory=list)
    pending: list[DecisionRow] = field(default_factory=list)
    alignment: list[AlignmentRow] = field(default_factory=list)
    alignment_history: list[AlignmentPoint] = field(default_factory=list)
    accounts: list[AccountSlide] = field(default_factory=list)


def sample(points: list[T], limit: int) -> list[T]:
    """At most `limit` of `points`, evenly spread, always with the first and the last
    (a curve of 100,000 accounts drawn with 200 points keeps its shape)."""
    if len(points) <= limit:
        return list(points)
    if limit < 2:
        return points[:limit]
    step = (len(points) - 1) / (limit - 1)
    return [points[round(index * step)] for index in range(limit)]


def whale_points(cumulative: list[Decimal], limit: int = WHALE_POINTS) -> list[WhalePoint]:
    """The whale curve's points (rank from 1, cumulative contribution), sampled to
    `limit`, keeping the peak (the highest cumulative) so the hump is never cut off."""
    ranked = [WhalePoint(rank, value) for rank, value in enumerate(cumulative, start=1)]
    chosen = sample(ranked, limit)
    if ranked:
        peak = max(ranked, key=lambda p: (p.cumulative, -p.rank))
        if peak not in chosen:
            chosen = sorted([*chosen[:-1], peak, chosen[-1]], key=lambda p: p.rank)
    return chosen


def percent(share: Decimal | None) -> Decimal | None:
    """A 0-1 share as a percent (exact; rounded where shown)."""
    return None if share is None else share * 100


def file_name(prefix: str, stamp: datetime, extension: str) -> str:
    return f"{prefix}-{stamp:%Y%m%d-%H%M}.{extension}"


def _mean(values: list[Decimal]) -> Decimal | None:
    return sum(values, ZERO) / len(values) if values else None


def alignment_history(
    saa: Sequence[tuple[date, Decimal | None]], seven_s: Sequence[tuple[date, Decimal | None]]
) -> list[AlignmentPoint]:
    """The portfolio's alignment per recorded period, oldest first, from every account's
    rounds of each kind (period start, that account's average)."""
    by_kind: list[dict[date, list[Decimal]]] = [defaultdict(list), defaultdict(list)]
    for index, rounds in enumerate((saa, seven_s)):
        for start, average in rounds:
            if average is not None:
                by_kind[index][start].append(average)
    periods = sorted({*by_kind[0], *by_kind[1]})
    return [
        AlignmentPoint(start, _mean(by_kind[0].get(start, [])), _mean(by_kind[1].get(start, [])))
        for start in periods
    ]
