"""Money stored exactly: integer minor units (cents, grosze, kopecks) in the database,
Decimal in Python. SQLite has no exact decimal type (Django's DecimalField becomes a
REAL there), and sums of integers are exact and fast on both databases."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.db import models
from django.db.models.expressions import Combinable

CENT = Decimal("0.01")


def to_minor(value: Decimal | int | str) -> int:
    return int((Decimal(value) * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def from_minor(value: int) -> Decimal:
    return (Decimal(value) / 100).quantize(CENT)


class MoneyField(models.BigIntegerField):
    description = "An amount of money with two decimal places, stored as integer minor units"
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
        return Decimal(str(value)).quantize(CENT)

    def get_prep_value(self, value):
        if value is None:
            return None
        if isinstance(value, models.expressions.Combinable):
            return value
        return to_minor(value)

    def formfield(self, **kwargs):
        from django import forms

        return forms.DecimalField(max_digits=18, decimal_places=2, **kwargs)
