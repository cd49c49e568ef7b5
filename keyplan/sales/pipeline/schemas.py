"""The opportunities API's bodies (keyplan.sales.pipeline.api). Amounts and percentages
are exact decimal strings ("1234.50", "0.0001"), never floats: JSON numbers would be read
as binary floating point by most clients."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated

from ninja import Field, Schema
from pydantic import PlainSerializer, WithJsonSchema

from keyplan.core.api.schemas import UserRef

ExactDecimal = Annotated[
    Decimal,
    # "f": never an exponent (str() would write a tiny weighted amount as "1E-8")
    PlainSerializer(lambda value: format(value, "f"), return_type=str),
    WithJsonSchema({"type": "string", "format": "decimal", "example": "1234.50"}),
]


class OpportunityAccountRef(Schema):
    id: int
    name: str


class OpportunityOut(Schema):
    id: int
    external_id: str = Field(..., description="The id in the CRM it was imported from.")
    account: OpportunityAccountRef
    name: str
    stage: str
    status: str = Field(..., description="open, won or lost")
    amount: ExactDecimal | None = Field(..., description="Exact, up to four decimals.")
    currency: str
    probability: ExactDecimal | None = Field(..., description="Percent, 0-100.")
    weighted_amount: ExactDecimal | None = Field(
        ..., description="amount × probability / 100, exact; null when either is missing."
    )
    created_date: date | None
    close_date: date | None
    overdue: bool = Field(..., description="Still open although the close date has passed.")
    competitor: str
    owner: UserRef | None

    @staticmethod
    def resolve_account(obj) -> dict:
        return {"id": obj.account.pk, "name": obj.account.name}

    @staticmethod
    def resolve_owner(obj) -> dict | None:
        if obj.owner is None:
            return None
        return {"id": obj.owner.pk, "username": obj.owner.username, "name": str(obj.owner)}


class CurrencyTotalOut(Schema):
    currency: str
    count: int = Field(..., description="Open opportunities in this currency.")
    amount: ExactDecimal = Field(..., description="Their total amount, exact.")
    weighted_amount: ExactDecimal = Field(
        ..., description="The sum of amount × probability / 100, exact."
    )
    without_amount: int = Field(..., description="Counted, but with no amount recorded.")
    without_probability: int = Field(
        ..., description="With an amount but no probability: not in the weighted amount."
    )

    @staticmethod
    def resolve_weighted_amount(obj) -> Decimal:
        return obj.weighted
