"""Request and response bodies of the economics settings' API.

No `from __future__ import annotations`: ninja and pydantic read these annotations as
real types.
"""

from datetime import date
from decimal import Decimal
from typing import Literal

from ninja import Field, Schema
from pydantic import AwareDatetime

from keyplan.core.api.common import SEEN
from keyplan.core.api.schemas import MAX_ID, InputSchema, PatchSchema, Timestamp, Unset

# A role whose people log time; "" with a person.
RoleCode = Literal["", "admin", "director", "kam", "team", "viewer"]


class SettingsOut(Schema):
    cost_of_capital: Decimal = Field(..., description="Annual %, two places.")
    updated_at: Timestamp


class SettingsIn(InputSchema):
    cost_of_capital: Decimal = Field(
        ..., ge=0, le=100, max_digits=5, decimal_places=2, description="Annual %, 0-100."
    )
    updated_at: AwareDatetime | None = SEEN


class HourlyCostOut(Schema):
    id: int
    person_id: int | None
    person: str = Field("", description="The person's name; empty for a role's rate.")
    role: str = Field(..., description="The role's code; empty for a person's rate.")
    amount: Decimal = Field(..., description="Per hour, in `currency`; up to four places.")
    currency: str
    valid_from: date
    created_by_id: int | None
    created_at: Timestamp
    updated_at: Timestamp

    @staticmethod
    def resolve_person(obj) -> str:
        return str(obj.person) if obj.person_id else ""


class HourlyCostIn(InputSchema):
    """A person's rate (`person_id`) or a role's (`role`): exactly one of the two."""

    person_id: int | None = Field(None, ge=1, le=MAX_ID)
    role: RoleCode = ""
    amount: Decimal = Field(..., gt=0, max_digits=18, decimal_places=4)
    currency: str = Field(
        "", max_length=3, description="Three letters; the portfolio's base currency if empty."
    )
    valid_from: date


class HourlyCostPatch(PatchSchema):
    """Only the fields sent change. Sending `person_id` makes it a person's rate (the role
    is cleared), sending a `role` a role's (the person is cleared)."""

    NULLABLE = frozenset({"person_id", "updated_at"})

    person_id: int | None = Field(None, ge=1, le=MAX_ID)
    role: RoleCode | Unset = None
    amount: Decimal | Unset = Field(None, gt=0, max_digits=18, decimal_places=4)
    currency: str | Unset = Field(None, min_length=3, max_length=3)
    valid_from: date | Unset = None
    updated_at: AwareDatetime | None = SEEN
