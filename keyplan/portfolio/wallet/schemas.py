"""The share of wallet's and the SAM fitness's shapes.

No `from __future__ import annotations` here: ninja reads the annotations as real types.
"""

from decimal import Decimal
from typing import TYPE_CHECKING, Literal

from ninja import Field, Schema
from pydantic import AwareDatetime

from keyplan.core.api.schemas import InputSchema, PatchSchema, Timestamp, Unset, UserRef

from ..common.schemas import CURRENCY
from ..models import Fitness

if TYPE_CHECKING:
    Answer = str
else:  # the answers as a Literal, built when the module loads (mypy cannot follow)
    Answer = Literal[tuple(Fitness.values)]


class WalletOut(Schema):
    account_id: int
    category_spend: Decimal | None
    currency: str | None
    source: str
    updated_by: UserRef | None
    updated_at: Timestamp | None
    share_of_wallet: Decimal | None = Field(
        None, description="What the account bought from us in the period, % of the estimate"
    )
    headroom: Decimal | None = Field(
        None, description="The estimate less what it bought from us, in the base currency"
    )


class WalletIn(InputSchema):
    category_spend: Decimal = Field(..., ge=0, max_digits=18, decimal_places=4)
    currency: str = Field(..., pattern=CURRENCY)
    source: str = Field("", max_length=255)
    updated_at: AwareDatetime | None = Field(
        None, description="The `updated_at` you last read; 409 if the estimate changed since."
    )


class SamFitnessOut(Schema):
    account_id: int
    sells_directly: str
    continuing_need: str
    values_added_value: str
    trust_possible: str
    note: str
    verdict: str
    assessed_by: UserRef | None
    updated_at: Timestamp | None


class SamFitnessIn(PatchSchema):
    """The answers sent change; those left out keep their value ("unknown" at first)."""

    NULLABLE = frozenset({"updated_at"})

    sells_directly: Answer | Unset = None
    continuing_need: Answer | Unset = None
    values_added_value: Answer | Unset = None
    trust_possible: Answer | Unset = None
    note: str | Unset = Field(None, max_length=2000)
    updated_at: AwareDatetime | None = Field(
        None, description="The `updated_at` you last read; 409 if the assessment changed since."
    )
