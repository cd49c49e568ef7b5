"""Response bodies of the forecast API.

No `from __future__ import annotations`: pydantic and ninja need the real types.
"""

from decimal import Decimal

from ninja import Field, Schema


class ForecastYearValueOut(Schema):
    year: int
    value: Decimal


class YearActualOut(Schema):
    year: int
    value: Decimal
    months: int = Field(12, description="The months of the year the value covers.")


class ForecastPointOut(Schema):
    year: int
    mid: Decimal
    lower: Decimal
    upper: Decimal
    actual: Decimal = Field(
        ...,
        description="What of the year is already invoiced (the current year: year to "
        "date); mid, lower and upper include it and are never below it.",
    )
    actual_months: int = Field(..., description="The months of the year that are known.")


class ForecastOut(Schema):
    currency: str
    available: bool
    reason: str = Field(..., description="Why there is no forecast; empty when there is one.")
    method: str
    method_label: str
    level: float = Field(..., description="The probability the interval holds the outcome.")
    history: list[YearActualOut] = Field(..., description="Complete years of actual revenue.")
    partial_start: YearActualOut | None = Field(
        ...,
        description="A first year with sales in only some of its months: not a complete "
        "year, and not in `history`.",
    )
    year_to_date: YearActualOut | None
    points: list[ForecastPointOut] = Field(
        ...,
        description="The current year (actual so far plus the forecast of the rest) and "
        "the years after it, from a model of the monthly revenue.",
    )
    estimates: list[ForecastYearValueOut] = Field(
        ..., description="The plan's own potential estimates, to chart beside the forecast."
    )
