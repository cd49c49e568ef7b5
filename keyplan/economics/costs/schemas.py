"""The service costs API's documents. Amounts are exact decimal strings ("1234.5678", at
most four places; negative: a credit note), in the cost's currency.

No `from __future__ import annotations` here: ninja and pydantic read these annotations as
real types.
"""

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Literal

from ninja import Field, Schema
from pydantic import AwareDatetime

from keyplan.core.api.common import SEEN
from keyplan.core.api.schemas import (
    InputSchema,
    PatchSchema,
    QuerySchema,
    Timestamp,
    Unset,
    UserRef,
)
from keyplan.sales.models import ServiceCost, ServiceCostCategory

# The categories as a literal type, so that the schema lists them. A Literal built at
# run time is no type to mypy, which sees str.
if TYPE_CHECKING:
    Category = str
else:
    Category = Literal[tuple(ServiceCostCategory.values)]

AMOUNT = (
    'An exact decimal string such as "1234.50", at most four decimal places (a JSON number '
    "is read too); never zero, negative for a credit note."
)
CURRENCY = "ISO 4217 code; empty or left out: the account's currency."


class ServiceCostOut(Schema):
    id: int
    account_id: int
    date: dt.date
    category: str
    category_label: str
    amount: str = Field(description="Exact, in `currency`")
    currency: str
    note: str
    external_id: str
    created_by: UserRef | None
    created_at: Timestamp
    updated_at: Timestamp

    @staticmethod
    def resolve_amount(obj: ServiceCost) -> str:
        return format(obj.amount, "f")

    @staticmethod
    def resolve_category_label(obj: ServiceCost) -> str:
        return str(obj.get_category_display())

    @staticmethod
    def resolve_created_by(obj: ServiceCost) -> dict[str, Any] | None:
        user = obj.created_by
        if user is None:
            return None
        return {"id": user.pk, "username": user.username, "name": str(user)}


class ServiceCostQuery(QuerySchema):
    category: Category | None = None
    date_from: dt.date | None = Field(None, description="Costs dated on or after")
    date_to: dt.date | None = Field(None, description="Costs dated on or before")


class ServiceCostIn(InputSchema):
    date: dt.date
    category: Category
    amount: Decimal = Field(..., description=AMOUNT)
    currency: str = Field("", max_length=3, description=CURRENCY)
    note: str = Field("", max_length=500)
    external_id: str = Field("", max_length=100, description="The cost's id in the source")


class ServiceCostPatch(PatchSchema):
    NULLABLE = frozenset({"updated_at"})

    date: dt.date | Unset = None
    category: Category | Unset = None
    amount: Decimal | Unset = Field(None, description=AMOUNT)
    currency: str | Unset = Field(None, max_length=3, description=CURRENCY)
    note: str | Unset = Field(None, max_length=500)
    external_id: str | Unset = Field(None, max_length=100)
    updated_at: AwareDatetime | None = SEEN
