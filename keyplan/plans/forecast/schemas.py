"""Response bodies of the forecast API.

No `from __future__ import annotations`: pydantic and ninja need the real types.
"""

from decimal import Decimal

from ninja import Field, Schema


class YearValueOut(Schema):
    year: int
    value: Decimal


class ForecastPointOut(Schema):
    year: int
    mid: Decimal
    lower: Decimal
    upper: Decimal


class ForecastOut(Schema):
    currency: str
    available: bool
    reason: str = Field(..., description="Why there is no forecast; empty when there is one.")
    method: str
    method_label: str
    level: float = Field(..., description="The probability the interval holds the outcome.")
    history: list[YearValueOut]
    year_to_date: YearValueOut | None
    points: list[ForecastPointOut]
    estimates: list[YearValueOut] = Field(
        ..., description="The plan's own potential estimates, to chart beside the forecast."
    )
