"""The planning exchange rates' shapes.

No `from __future__ import annotations` here: ninja reads the annotations as real types.
"""

from decimal import Decimal

from ninja import Field, Schema

from keyplan.core.api.schemas import InputSchema, Timestamp

from ..common.schemas import CURRENCY


class RateOut(Schema):
    currency: str
    rate: Decimal
    updated_at: Timestamp


class RatesOut(Schema):
    base_currency: str
    items: list[RateOut]


class RateIn(InputSchema):
    currency: str = Field(..., pattern=CURRENCY)
    rate: Decimal = Field(..., gt=0, max_digits=18, decimal_places=8)
