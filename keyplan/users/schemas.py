"""The users API's bodies (keyplan.users.api)."""

from __future__ import annotations

from datetime import datetime

from ninja import Field, Schema

from keyplan.core.api.schemas import PatchSchema, Unset


class MeOut(Schema):
    id: int
    username: str
    name: str
    role: str


class UserOut(Schema):
    id: int
    username: str
    name: str
    email: str
    role: str
    business_unit_id: int | None
    business_unit: str | None
    is_active: bool
    last_login: datetime | None

    @staticmethod
    def resolve_name(obj) -> str:
        return str(obj)

    @staticmethod
    def resolve_business_unit(obj) -> str | None:
        return obj.business_unit.name if obj.business_unit else None


class UserPatchIn(PatchSchema):
    """Only what is given changes; `business_unit_id: null` takes the user out of a unit."""

    NULLABLE = frozenset({"business_unit_id"})

    role: str | Unset = Field(None, max_length=20)
    business_unit_id: int | None = Field(None, ge=1, le=2**63 - 1)
