"""The pure side of the satisfaction answers (issue #16): what a valid answer is, the
12-month window the account page (and the health score) reads, and the monthly chart's
series. No ORM.

- The score is a whole number from 0 to 10 ("how satisfied are you with us").
- The date is the day the customer answered: never in the future (an answer cannot come
  before it is given), and not before 1900 (a mistyped year).
- "The last 12 months" are the 365 or 366 days up to today, today included: an answer
  given a year ago to the day has just left the window.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext

SCORE_MIN, SCORE_MAX = 0, 10
EARLIEST = date(1900, 1, 1)
CHART_MONTHS = 12


def score_problem(value: object) -> str | None:
    """Why `value` cannot be a score, or None. Whole numbers only: 7.0 is 7, 7.5 is no
    score (the scale has no halves)."""
    if value is None or value == "" or isinstance(value, bool):
        return gettext("Enter a score from 0 to 10.")
    try:
        number = Decimal(str(value).strip())
    except ArithmeticError:
        return gettext("Enter a whole number from 0 to 10.")
    if not number.is_finite() or number != number.to_integral_value():
        return gettext("Enter a whole number from 0 to 10.")
    if not SCORE_MIN <= number <= SCORE_MAX:
        return gettext("The score goes from 0 to 10.")
    return None


def answered_on_problem(day: date, today: date) -> str | None:
    """Why `day` cannot be an answer's date (seen on `today`), or None."""
    if day < EARLIEST:
        return gettext("Enter a date from %(first)s on.") % {"first": EARLIEST.isoformat()}
    if day > today:
        return gettext("The date is in the future; an answer is dated the day it was given.")
    return None


def year_ago(today: date) -> date:
    """The same day a year before `today` (28 February for a 29 February)."""
    try:
        return today.replace(year=today.year - 1)
    except ValueError:
        return today.replace(year=today.year - 1, day=28)


def last_twelve_months(today: date) -> tuple[date, date]:
    """The first and last day of "the last 12 months" ending on `today`."""
    return year_ago(today) + timedelta(days=1), today


def month_starts(today: date, count: int = CHART_MONTHS) -> list[date]:
    """The first days of the `count` months up to `today`'s, oldest first."""
    year, month = today.year, today.month
    months = []
    for _ in range(count):
        months.append(date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return months[::-1]


@dataclass(frozen=True)
class MonthPoint:
    month: date
    mean: Decimal | None  # None: no answer that month
    answers: int


def monthly_points(months: list[date], found: dict[date, tuple[Decimal, int]]) -> list[MonthPoint]:
    """Every month of `months`, with the mean and count `found` has for it (none: a gap,
    never a zero)."""
    points = []
    for month in months:
        mean, answers = found.get(month, (None, 0))
        points.append(MonthPoint(month, mean, answers))
    return points


def chart_data(points: list[MonthPoint], labels: dict[str, str]) -> dict[str, Any] | None:
    """The chart's JSON (months as YYYY-MM, means as numbers or null, counts), or None
    when no month has an answer (nothing to draw)."""
    if not any(p.answers for p in points):
        return None
    return {
        "months": [p.month.strftime("%Y-%m") for p in points],
        "means": [float(p.mean) if p.mean is not None else None for p in points],
        "counts": [p.answers for p in points],
        "labels": labels,
    }
