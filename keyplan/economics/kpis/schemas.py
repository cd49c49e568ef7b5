"""The KPI API's documents: values as decimal strings ("12.50"), null for "no data" (never
0); percentages in %, satisfaction 0-10, the sales cycle in days, the cost of a new
account in the base currency.

No `from __future__ import annotations` here: ninja and pydantic read these annotations as
real types.
"""

from decimal import Decimal
from typing import Literal

from ninja import Field, Schema

from keyplan.core.api.schemas import InputSchema, Timestamp

from ..models import Kpi

KpiCode = Literal[tuple(Kpi.values)]  # type: ignore[valid-type]
ClassCode = Literal["", "strategic", "regular", "prospect", "suspect"]


class KpiQuery(Schema):
    year: int | None = Field(None, ge=2000, le=2100, description="The last year shown")
    account_class: ClassCode = Field("", alias="class", description="One class; empty: all")
    page: int = Field(1, ge=1, le=1_000_000)
    page_size: int = Field(50, ge=1, le=500)


class YearValueOut(Schema):
    year: int
    value: str | None
    target: str | None
    status: Literal["on", "behind"] | None = Field(description="Against the target")
    detail: dict


class KpiOut(Schema):
    kpi: str
    label: str
    unit: str
    higher_is_better: bool
    years: list[YearValueOut]


class ClassKpisOut(Schema):
    account_class: str = Field(description="Empty: the whole portfolio")
    kpis: dict[str, str | None]


class AccountGrowthOut(Schema):
    account_id: int
    name: str
    account_class: str = Field(description="At the start of the year")
    revenue: str
    previous_revenue: str
    revenue_growth: str | None
    gross_profit: str
    previous_gross_profit: str
    gross_profit_growth: str | None


class KpiReportOut(Schema):
    years: list[int]
    year: int
    to_date: bool = Field(description="The last year is the current one, so far")
    account_class: str
    currency: str
    missing_rates: list[str]
    kpis: list[KpiOut]
    classes: list[ClassKpisOut] = Field(description="The last year's KPIs per class")
    count: int
    page: int
    pages: int
    accounts: list[AccountGrowthOut]


class TargetQuery(Schema):
    year: int | None = Field(None, ge=2000, le=2100)
    kpi: KpiCode | None = None  # type: ignore[valid-type]
    account_class: ClassCode | None = Field(None, alias="class")


class TargetKeyQuery(Schema):
    kpi: KpiCode  # type: ignore[valid-type]
    year: int = Field(..., ge=1, le=9999)
    account_class: ClassCode = Field("", alias="class")


class TargetIn(InputSchema):
    kpi: KpiCode  # type: ignore[valid-type]
    account_class: ClassCode = Field("", description="Empty: the whole portfolio")
    year: int = Field(..., ge=1, le=9999)
    value: Decimal = Field(..., max_digits=18, decimal_places=4)
    note: str = Field("", max_length=255)


class TargetOut(Schema):
    id: int
    kpi: str
    account_class: str
    year: int
    value: Decimal
    note: str
    set_by_id: int | None
    updated_at: Timestamp


def text(value: Decimal | None) -> str | None:
    return None if value is None else format(value, "f")


def detail_out(detail: dict) -> dict:
    return {
        key: text(value) if isinstance(value, Decimal) else value for key, value in detail.items()
    }
