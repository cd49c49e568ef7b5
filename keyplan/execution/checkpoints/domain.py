"""Alignment statistics and checkpoint calendar: pure functions, no ORM (SPEC §6.3).

A checkpoint asks the account's team to rate each element of its kind from 1 (poor) to
5 (excellent): SAA's information, people and action alignment (seed 000) or the seven
elements of internal alignment (seed 002). Per element we report

- the average score and the number of raters;
- the spread: the population standard deviation (every rater of the round is the whole
  population, not a sample) and the range (highest minus lowest score);
- disagreement: a spread of 1.0 or more, or a range of 2 or more. Either means the team
  does not see the element alike (one says 2, another 4), which is worth a conversation
  even when the average looks fine;
- the weakest element: the lowest average; a tie goes to the element listed first for
  the kind, so the answer does not depend on the order the answers came in.

Alignment is "a measure of progress, not a target state" (SPEC §6.3), so the history is
shown as a trend: `trend` compares the two most recent rounds that have answers.

Calendar: a period is a calendar month or quarter (the cadence); its checkpoint is due
on the period's last day.
"""

from __future__ import annotations

import calendar
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

SCORES = (1, 2, 3, 4, 5)
DISAGREEMENT_SPREAD = 1.0
DISAGREEMENT_RANGE = 2
# A change of the average smaller than this is "about the same" (a quarter of a point).
TREND_THRESHOLD = 0.25

MONTHLY = "monthly"
QUARTERLY = "quarterly"
UP, DOWN, FLAT = "up", "down", "flat"


@dataclass(frozen=True)
class ElementStats:
    element: str
    raters: int
    average: float | None
    spread: float | None
    low: int | None
    high: int | None

    @property
    def range(self) -> int | None:
        if self.low is None or self.high is None:
            return None
        return self.high - self.low

    @property
    def disagreement(self) -> bool:
        if self.spread is None:
            return False
        return self.spread >= DISAGREEMENT_SPREAD or (self.range or 0) >= DISAGREEMENT_RANGE


@dataclass(frozen=True)
class Summary:
    """One checkpoint's results: per element, overall, weakest, disagreements."""

    elements: tuple[ElementStats, ...]
    raters: int
    average: float | None
    weakest: str | None

    @property
    def disagreements(self) -> tuple[str, ...]:
        return tuple(stats.element for stats in self.elements if stats.disagreement)

    def stats(self, element: str) -> ElementStats | None:
        return next((stats for stats in self.elements if stats.element == element), None)


def element_stats(element: str, scores: Sequence[int]) -> ElementStats:
    """Average, population standard deviation and range of one element's scores."""
    if not scores:
        return ElementStats(element, 0, None, None, None, None)
    values = [int(score) for score in scores]
    return ElementStats(
        element=element,
        raters=len(values),
        average=statistics.fmean(values),
        spread=statistics.pstdev(values),
        low=min(values),
        high=max(values),
    )


def weakest(stats: Sequence[ElementStats]) -> str | None:
    """The element with the lowest average; ties go to the first in `stats`' order."""
    best: ElementStats | None = None
    for item in stats:
        if item.average is None:
            continue
        if best is None or item.average < best.average:  # type: ignore[operator]
            best = item
    return None if best is None else best.element


def summarize(elements: Sequence[str], answers: Iterable[tuple[object, str, int]]) -> Summary:
    """Results of one checkpoint from its answers, `(rater, element, score)` triples.

    Elements outside `elements` are ignored; `raters` counts the distinct raters.
    The overall average is the mean of the element averages (each element weighs the
    same however many people rated it).
    """
    scores: dict[str, list[int]] = {element: [] for element in elements}
    raters: set[object] = set()
    for rater, element, score in answers:
        if element in scores:
            scores[element].append(int(score))
            raters.add(rater)
    stats = tuple(element_stats(element, scores[element]) for element in elements)
    averages = [item.average for item in stats if item.average is not None]
    return Summary(
        elements=stats,
        raters=len(raters),
        average=statistics.fmean(averages) if averages else None,
        weakest=weakest(stats),
    )


def summarize_averages(elements: Sequence[str], averages: dict[str, float]) -> Summary:
    """A summary from per-element averages already computed (e.g. by the database), for
    lists that do not need the spread."""
    stats = tuple(
        ElementStats(element, 1, float(averages[element]), None, None, None)
        if averages.get(element) is not None
        else ElementStats(element, 0, None, None, None, None)
        for element in elements
    )
    present = [item.average for item in stats if item.average is not None]
    return Summary(
        elements=stats,
        raters=0,
        average=statistics.fmean(present) if present else None,
        weakest=weakest(stats),
    )


def trend(values: Sequence[float | None], threshold: float = TREND_THRESHOLD) -> str | None:
    """ "up", "down" or "flat" from the last two known values (oldest first); None when
    fewer than two rounds have answers."""
    known = [value for value in values if value is not None]
    if len(known) < 2:
        return None
    change = known[-1] - known[-2]
    if change >= threshold:
        return UP
    if change <= -threshold:
        return DOWN
    return FLAT


# --- calendar ------------------------------------------------------------------------------


def period_start(day: date, cadence: str) -> date:
    """The first day of the month (monthly) or calendar quarter (quarterly) holding `day`."""
    if cadence == QUARTERLY:
        return date(day.year, (day.month - 1) // 3 * 3 + 1, 1)
    if cadence == MONTHLY:
        return date(day.year, day.month, 1)
    raise ValueError(f"unknown cadence {cadence!r}")


def period_end(start: date, cadence: str) -> date:
    """The last day of the period beginning at (or holding) `start`."""
    first = period_start(start, cadence)
    last_month = first.month + (2 if cadence == QUARTERLY else 0)
    return date(first.year, last_month, calendar.monthrange(first.year, last_month)[1])


def due_on(start: date, cadence: str) -> date:
    """When the checkpoint of the period is due: the period's last day."""
    return period_end(start, cadence)


def next_due(day: date, cadence: str) -> date:
    """The due date of the checkpoint of the period holding `day` (on or after `day`)."""
    return due_on(period_start(day, cadence), cadence)


def in_reminder_window(due: date, today: date, reminder_days: int) -> bool:
    """Whether reminders go out today: from `reminder_days` before the due date to the
    due date itself."""
    return 0 <= (due - today).days <= reminder_days
