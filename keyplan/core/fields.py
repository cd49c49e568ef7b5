"""Money stored exactly: integer ten-thousandths of the currency unit in the database,
Decimal in Python. SQLite has no exact decimal type (Django's DecimalField becomes a
REAL there), and sums of integers are exact and fast on both databases.

Amounts keep the source's precision up to four decimals (ERP exports carry discounted
prices and unit costs with 3-4 places); nothing is rounded on the way in. Rounding to
the currency's minor unit happens only where an amount is shown (keyplan.core.money).
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.db import models
from django.db.models.expressions import Combinable

# The stored integer is the amount times 10 ** MINOR_SCALE.
MINOR_SCALE = 4
MINOR = Decimal(1).scaleb(-MINOR_SCALE)  # Decimal("0.0001")
MINOR_PER_UNIT = 10**MINOR_SCALE
CENT = Decimal("0.01")


class TooPreciseAmount(ValueError):
    """An amount with more decimals than MoneyField stores exactly."""


def to_minor(value: Decimal | int | str) -> int:
    """The exact integer ten-thousandths of an amount. Raises ValueError (TooPreciseAmount)
    when the amount has more than MINOR_SCALE decimals: money is never silently rounded."""
    if isinstance(value, int):
        return value * MINOR_PER_UNIT
    try:
        amount = value if isinstance(value, Decimal) else Decimal(str(value).strip())
    except InvalidOperation as error:
        raise ValueError(f"not an amount: {value!r}") from error
    if not amount.is_finite():
        raise ValueError(f"not an amount: {value!r}")
    scaled = amount.scaleb(MINOR_SCALE)
    integral = scaled.to_integral_value()
    if integral != scaled:
        raise TooPreciseAmount(
            f"{value} has more than {MINOR_SCALE} decimal places; amounts are stored exactly "
            f"to {MINOR_SCALE} places"
        )
    return int(integral)


def from_minor(value: int) -> Decimal:
    """The amount of integer ten-thousandths: two places when it is whole cents (so
    1234.50 stays "1234.50"), otherwise the exact three or four places."""
    amount = Decimal(int(value)).scaleb(-MINOR_SCALE)
    if value % (MINOR_PER_UNIT // 100) == 0:
        return amount.quantize(CENT)
    return amount.normalize()  # a non-zero third or fourth place: exponent -3 or -4


class MoneyField(models.BigIntegerField):
    description = "An amount of money with up to four decimal places, stored exactly"
    # For the type checker (django-stubs): set as a Decimal, read back as one.
    _pyi_private_set_type: Decimal | int | str | Combinable  # type: ignore[assignment]
    _pyi_private_get_type: Decimal  # type: ignore[assignment]

    def from_db_value(self, value, expression, connection):
        if value is None:
            return None
        return from_minor(int(value))

    def to_python(self, value):
        if value is None or isinstance(value, Decimal):
            return value
        try:
            return from_minor(to_minor(value if isinstance(value, int) else str(value)))
        except ValueError as error:
            from django.core.exceptions import ValidationError

            raise ValidationError(str(error), code="invalid") from error

    def get_prep_value(self, value):
        if value is None:
            return None
        if isinstance(value, models.expressions.Combinable):
            return value
        return to_minor(value)

    def formfield(self, **kwargs):
        from django import forms

        return forms.DecimalField(max_digits=18, decimal_places=MINOR_SCALE, **kwargs)
