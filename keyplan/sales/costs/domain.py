"""The pure side of the service costs (the cost to serve an account): what a valid cost
is, and summing costs converted to the base currency. No ORM.

- The amount is exact (at most four decimals, keyplan.core.fields) and never zero; a
  negative amount is a credit note (a carrier's refund, a rebate reversed) and lowers
  its category's cost.
- The currency is an ISO 4217 code (three letters Babel knows).
- The date may lie ahead, up to a year: a marketing fund agreed for the next quarter or
  a rebate accrued for the year is booked when agreed. Further ahead is a mistyped year.
- Converted amounts keep four places: each (account, currency, category) sum is
  converted once, half up at the fourth place (an amount in the base currency is never
  rounded), and an account's total is the exact sum of its categories, so the
  categories always add up to the total shown.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation, localcontext
from typing import TypeVar

from babel.numbers import is_currency
from django.utils.translation import gettext

from keyplan.core.fields import MINOR_SCALE, from_minor

ZERO = Decimal(0)
EARLIEST = date(1900, 1, 1)
DAYS_AHEAD = 366  # the latest date accepted: a year from today
AMOUNT_DIGITS = 14  # digits before the separator that a 64-bit column holds at 4 places
AMOUNT_LIMIT = Decimal(10) ** AMOUNT_DIGITS

K = TypeVar("K", bound=Hashable)  # what the sums are per: an account id, a month


# --- what a valid cost is ---------------------------------------------------------------


def amount_problem(value: object) -> str | None:
    """Why `value` cannot be a service cost's amount, or None."""
    if value is None or value == "":
        return gettext("Enter the amount.")
    try:
        amount = value if isinstance(value, Decimal) else Decimal(str(value).strip())
    except InvalidOperation:
        return gettext("Enter a number such as 1234.50.")
    if not amount.is_finite():
        return gettext("Enter a number such as 1234.50.")
    exponent = amount.normalize().as_tuple().exponent
    if isinstance(exponent, int) and exponent < -MINOR_SCALE:
        return gettext(
            "The amount has more than %(places)s decimal places; amounts are stored exactly, "
            "to %(places)s places, and are never rounded."
        ) % {"places": MINOR_SCALE}
    if amount == 0:
        return gettext("The amount cannot be zero; a credit note is a negative amount.")
    if abs(amount) >= AMOUNT_LIMIT:
        return gettext(
            "The amount is too large (more than %(digits)s digits before the decimal separator)."
        ) % {"digits": AMOUNT_DIGITS}
    return None


def currency_problem(code: str) -> str | None:
    """Why `code` (already upper-case) is no currency, or None."""
    if len(code) != 3 or not code.isascii() or not code.isalpha() or not is_currency(code):
        return gettext(
            "“%(code)s” is not a currency: enter a three-letter ISO code such as EUR."
        ) % {"code": code}
    return None


def latest_date(today: date) -> date:
    return today + timedelta(days=DAYS_AHEAD)


def date_problem(day: date, today: date) -> str | None:
    """Why `day` cannot be a cost's date (seen on `today`), or None."""
    if day < EARLIEST:
        return gettext("Enter a date from %(first)s on.") % {"first": EARLIEST.isoformat()}
    if day > latest_date(today):
        return gettext("The date is more than a year ahead (after %(last)s); check the year.") % {
            "last": latest_date(today).isoformat()
        }
    return None


# --- converting and summing ---------------------------------------------------------------


def convert_minor(minor: int, rate: Decimal) -> int:
    """Stored units (0.0001) of a currency -> stored units of the base currency: the exact
    product rounded half up at the fourth place (exact when the rate is 1)."""
    if rate == 1:
        return minor
    with localcontext() as ctx:
        ctx.prec = 80  # wide enough for any 64-bit amount times any stored rate
        return int((minor * rate).to_integral_value(rounding=ROUND_HALF_UP))


def converted_costs(
    rows: Iterable[tuple[K, str, str, int]], rates: dict[str, Decimal]
) -> tuple[dict[K, dict[str, Decimal]], list[str]]:
    """Rows (key, currency, category, sum in stored units) -> {key: {category: amount in the
    base currency}}, and the currencies that had costs but no rate (left out, never mixed
    in). Each (key, currency, category) sum is converted once, whether the rows come
    grouped or not. Categories whose amounts cancel out stay, at zero."""
    sums: dict[tuple[K, str, str], int] = {}
    for key, currency, category, total in rows:
        group = (key, currency, category)
        # int(): SQLite returns ints, PostgreSQL's SUM(bigint) a Decimal.
        sums[group] = sums.get(group, 0) + int(total or 0)
    minor: dict[K, dict[str, int]] = {}
    missing: set[str] = set()
    for (key, currency, category), total in sums.items():
        rate = rates.get(currency)
        if rate is None:
            if total:
                missing.add(currency)
            continue
        categories = minor.setdefault(key, {})
        categories[category] = categories.get(category, 0) + convert_minor(total, rate)
    values = {
        key: {category: from_minor(amount) for category, amount in categories.items()}
        for key, categories in minor.items()
    }
    return values, sorted(missing)


def total_of(categories: dict[str, Decimal]) -> Decimal:
    """The exact sum of an account's categories."""
    return sum(categories.values(), ZERO)
