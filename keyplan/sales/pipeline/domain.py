"""The pure side of the opportunity pipeline: weighted amounts, per-currency totals and
the dates the account card counts from (no ORM here).

Amounts stay exact Decimals throughout; rounding to the currency's minor unit happens only
where an amount is shown (keyplan.core.money). Currencies are never added together: the
totals are per currency, as the planning rates are a portfolio setting sales does not own.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_DOWN, Decimal, localcontext

from keyplan.core.fields import MINOR_SCALE, from_minor

CENT = Decimal("0.01")
HUNDRED = Decimal(100)
# Enough digits for any sum of products of a stored amount and a probability: the
# default 28 could round a weighted total of many large amounts.
PRECISION = 60


def exact(value: Decimal) -> Decimal:
    """`value` unchanged in amount, written with two places when it is whole cents
    (617.25 rather than 617.2500) and with exactly its own decimals otherwise."""
    with localcontext() as ctx:
        ctx.prec = PRECISION
        cents = value.quantize(CENT, rounding=ROUND_DOWN)
        return cents if cents == value else value.normalize()


def weighted_amount(amount: Decimal | None, probability: Decimal | None) -> Decimal | None:
    """amount × probability (a percentage, 0-100), exact; None when either is unknown."""
    if amount is None or probability is None:
        return None
    with localcontext() as ctx:
        ctx.prec = PRECISION
        return exact(amount * probability / HUNDRED)


@dataclass(frozen=True, kw_only=True)
class CurrencyTotal:
    """The open pipeline in one currency."""

    currency: str
    count: int
    amount: Decimal
    weighted: Decimal
    # Opportunities counted but adding nothing to `amount` (no amount recorded), and
    # those with an amount adding nothing to `weighted` (no probability recorded).
    without_amount: int = 0
    without_probability: int = 0


@dataclass(frozen=True, kw_only=True)
class TotalsRow:
    """One group of opportunities sharing a currency and a probability, as summed by the
    database: `amount_minor` is the exact integer sum of the stored ten-thousandths."""

    currency: str
    probability: Decimal | None
    count: int
    with_amount: int
    amount_minor: int


@dataclass
class _Sums:
    count: int = 0
    minor: int = 0
    weighted: Decimal = Decimal(0)
    without_amount: int = 0
    without_probability: int = 0


def currency_totals(rows: Iterable[TotalsRow]) -> list[CurrencyTotal]:
    """Per-currency count, amount and weighted amount of the groups, exact, ordered by
    currency code. Weighting a group's exact sum by its probability equals weighting
    each opportunity and adding up: the sum of the products is the product of the sum."""
    sums: dict[str, _Sums] = {}
    with localcontext() as ctx:
        ctx.prec = PRECISION
        for row in rows:
            total = sums.setdefault(row.currency, _Sums())
            total.count += row.count
            total.minor += row.amount_minor
            total.without_amount += row.count - row.with_amount
            if row.probability is None:
                total.without_probability += row.with_amount
            else:
                # ten-thousandths × percent: scale back by both
                product = Decimal(row.amount_minor) * row.probability
                total.weighted += product.scaleb(-MINOR_SCALE) / HUNDRED
        return [
            CurrencyTotal(
                currency=currency,
                count=total.count,
                amount=from_minor(total.minor),
                weighted=exact(total.weighted),
                without_amount=total.without_amount,
                without_probability=total.without_probability,
            )
            for currency, total in sorted(sums.items())
        ]


def months_before(day: date, months: int) -> date:
    """The same day `months` earlier, or that month's last day when it is shorter
    (29 February a year before 2025-02-28 is the 28th)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
