"""The pure side of the portfolio's figures: whole-month periods, the analysis scope, and
money in stored units (integer ten-thousandths, keyplan.core.fields)
converted with the planning rates (no ORM here).

Amounts are in the base currency (the portfolio's base currency); a currency with
sales but no `ExchangeRate` is left out and listed in `missing_rates`, never mixed in.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, localcontext

from keyplan.core.fields import from_minor

CENT = Decimal("0.01")
HUNDRED = Decimal(100)

__all__ = [
    "Period",
    "Scope",
    "add_months",
    "converted_sums",
    "from_minor",
    "growth",
    "money_text",
    "month_count",
    "quantize",
    "year_before",
]


# --- periods and scope -------------------------------------------------------------


def _month_start(day: date) -> date:
    return day.replace(day=1)


def _month_end(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def add_months(month: date, months: int) -> date:
    """The first day of the month `months` after (or before) `month`."""
    index = month.year * 12 + month.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


@dataclass(frozen=True)
class Scope:
    business_unit: int | None = None  # BusinessUnit id (rollup business_unit_key)
    country: str = ""
    owner: int | None = None  # User id
    industry: str = ""

    @property
    def filters_accounts(self) -> bool:
        return bool(self.country or self.owner is not None or self.industry)


@dataclass(frozen=True)
class Period:
    date_from: date  # the first day of a month
    date_to: date  # the last day of a month

    @classmethod
    def months(cls, date_from: date, date_to: date) -> Period:
        """The whole months from `date_from`'s to `date_to`'s."""
        if date_from > date_to:
            raise ValueError("The period starts after it ends.")
        return cls(_month_start(date_from), _month_end(date_to))

    @classmethod
    def last_months(cls, last_month: date, count: int = 12) -> Period:
        """`count` months up to and including `last_month`'s."""
        return cls(add_months(_month_start(last_month), 1 - count), _month_end(last_month))

    def month_starts(self) -> list[date]:
        months = []
        month = _month_start(self.date_from)
        while month <= self.date_to:
            months.append(month)
            month = add_months(month, 1)
        return months

    def to_json(self) -> dict:
        return {"from": self.date_from.isoformat(), "to": self.date_to.isoformat()}

    def __str__(self) -> str:
        return f"{self.date_from.isoformat()} – {self.date_to.isoformat()}"


def month_count(period: Period) -> int:
    return (
        (period.date_to.year - period.date_from.year) * 12
        + period.date_to.month
        - period.date_from.month
        + 1
    )


def year_before(period: Period) -> Period:
    """The same months a year earlier (year-on-year comparison)."""
    return Period.months(
        add_months(period.date_from, -12), add_months(period.date_to.replace(day=1), -12)
    )


# --- money ---------------------------------------------------------------------------


def quantize(value: Decimal, quantum: Decimal = CENT) -> Decimal:
    """`value` rounded half up to `quantum` (cents by default)."""
    return value.quantize(quantum, rounding=ROUND_HALF_UP)


def growth(current: Decimal, previous: Decimal) -> Decimal | None:
    """Percent change at two places; None when the base is zero or negative (no
    meaningful growth)."""
    if previous <= 0:
        return None
    with localcontext() as ctx:
        ctx.prec = 40
        return quantize((current - previous) / previous * HUNDRED)


def _convert_minor(minor: int, rate: Decimal) -> int:
    """Stored units (0.0001) of a currency -> stored units of the base currency (half up,
    at the fourth place: far below what any total shows)."""
    return int((minor * rate).to_integral_value(rounding=ROUND_HALF_UP))


def money_text(value: Decimal) -> str:
    """An amount shown at two places: the exact value rounded half up (a total is the
    rounded exact sum, never the sum of rounded lines)."""
    return str(quantize(value))


def converted_sums(rows: Iterable[tuple], rates: dict[str, Decimal]) -> tuple[dict, list[str]]:
    """Rows (key, currency, revenue minor, cost minor) -> {key: [revenue, gp] in base
    minor units}, and the currencies that had sales but no rate."""
    totals: dict = {}
    missing: set[str] = set()
    for key, currency, revenue, cost in rows:
        # int(): SQLite returns ints, PostgreSQL's SUM(bigint) a Decimal.
        revenue, cost = int(revenue or 0), int(cost or 0)
        rate = rates.get(currency)
        if rate is None:
            if revenue or cost:
                missing.add(currency)
            continue
        gross_profit = revenue - cost
        if rate != 1:
            revenue = _convert_minor(revenue, rate)
            gross_profit = _convert_minor(gross_profit, rate)
        pair = totals.get(key)
        if pair is None:
            totals[key] = [revenue, gross_profit]
        else:
            pair[0] += revenue
            pair[1] += gross_profit
    return totals, sorted(missing)
