"""The pure rules of the monthly strategic action report (no ORM): which month, the
periods its figures cover, the order of what is next (joint actions first), the year-on-year
comparison and the version rules of drafts and issued reports."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, localcontext
from typing import Any

HUNDRED = Decimal(100)
CENT = Decimal("0.01")


class MonthError(ValueError):
    """A month that is not YYYY-MM, or one that has not started yet."""


def parse_month(text: str, *, today: date | None = None) -> date:
    """ "2025-03" -> date(2025, 3, 1). MonthError for anything else, or (with `today`) for a
    month after today's."""
    try:
        year, month = (int(part) for part in text.strip().split("-"))
        first = date(year, month, 1)
    except (TypeError, ValueError):
        raise MonthError(text) from None
    if not 2000 <= year <= 2999 or len(text.strip()) != 7:
        raise MonthError(text)
    if today is not None and first > today:
        raise MonthError(text)
    return first


def month_end(month: date) -> date:
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


def add_months(month: date, months: int) -> date:
    index = month.year * 12 + month.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def last_full_month(today: date) -> date:
    """The month a report drafted on `today` covers: the last one that has ended."""
    return add_months(today.replace(day=1), -1)


@dataclass(frozen=True)
class Periods:
    """The months a report's figures compare: the month, the year to date (January to the
    month) and both a year earlier."""

    month: tuple[date, date]
    month_last_year: tuple[date, date]
    ytd: tuple[date, date]
    ytd_last_year: tuple[date, date]


def periods(month: date) -> Periods:
    first = month.replace(day=1)
    before = add_months(first, -12)
    return Periods(
        month=(first, month_end(first)),
        month_last_year=(before, month_end(before)),
        ytd=(first.replace(month=1), month_end(first)),
        ytd_last_year=(before.replace(month=1), month_end(before)),
    )


def growth(current: Decimal, previous: Decimal) -> Decimal | None:
    """Percent change, two places half up; None without a positive base."""
    if previous <= 0:
        return None
    with localcontext() as ctx:
        ctx.prec = 40
        change = (current - previous) / previous * HUNDRED
    return change.quantize(CENT, rounding=ROUND_HALF_UP)


def kpi_line(
    current: Decimal, last_year: Decimal, ytd: Decimal, ytd_last_year: Decimal
) -> dict[str, str | None]:
    """One figure of the KPI table as JSON text: the month and the year to date against a
    year earlier, with the changes in percent."""
    change, ytd_change = growth(current, last_year), growth(ytd, ytd_last_year)
    return {
        "month": format(current, "f"),
        "month_last_year": format(last_year, "f"),
        "month_change": None if change is None else format(change, "f"),
        "ytd": format(ytd, "f"),
        "ytd_last_year": format(ytd_last_year, "f"),
        "ytd_change": None if ytd_change is None else format(ytd_change, "f"),
    }


def next_actions_order(actions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """What is next: joint actions first, then by due date (undated last), then title."""

    def key(action: dict[str, Any]) -> tuple:
        due = action.get("due_on")
        return (not action.get("joint"), due is None, due or "", action.get("title", ""))

    return sorted(actions, key=key)


def is_overdue(due_on: str | None, month: date) -> bool:
    """Whether an open action was due before the end of the reported month."""
    return due_on is not None and date.fromisoformat(due_on) <= month_end(month)


# --- versions ---------------------------------------------------------------------------


@dataclass(frozen=True)
class VersionState:
    version: int
    issued: bool


def next_version(existing: list[VersionState]) -> int:
    return max((v.version for v in existing), default=0) + 1


def may_edit_in_place(report: VersionState) -> bool:
    """A draft is edited in place; an issued report never changes."""
    return not report.issued


def is_latest(report: VersionState, existing: list[VersionState]) -> bool:
    return report.version == max((v.version for v in existing), default=report.version)
