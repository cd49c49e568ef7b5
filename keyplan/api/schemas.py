from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from ninja import Field, Schema


class ErrorOut(Schema):
    detail: str
    errors: dict[str, list[str]] = Field(default_factory=dict)


class UserRef(Schema):
    id: int
    username: str
    name: str


class AccountOut(Schema):
    id: int
    name: str
    external_id: str
    tax_id: str
    industry: str
    country: str
    region: str
    currency: str
    annual_revenue: Decimal | None
    parent_id: int | None
    owner: UserRef | None
    account_class: str
    status: str
    notes: str
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_owner(obj) -> dict | None:
        if obj.owner is None:
            return None
        return {"id": obj.owner.pk, "username": obj.owner.username, "name": str(obj.owner)}


class AccountIn(Schema):
    name: str = Field(..., min_length=1, max_length=200)
    external_id: str = Field("", max_length=100)
    tax_id: str = Field("", max_length=32)
    industry: str = ""
    country: str = Field("", max_length=2)
    region: str = Field("", max_length=100)
    currency: str = Field("PLN", min_length=3, max_length=3)
    annual_revenue: Decimal | None = Field(None, ge=0, max_digits=18, decimal_places=2)
    parent_id: int | None = None
    owner_id: int | None = None
    account_class: str = "suspect"
    status: str = "active"
    notes: str = ""


class AccountPatch(Schema):
    name: str | None = Field(None, min_length=1, max_length=200)
    external_id: str | None = Field(None, max_length=100)
    tax_id: str | None = Field(None, max_length=32)
    industry: str | None = None
    country: str | None = Field(None, max_length=2)
    region: str | None = Field(None, max_length=100)
    currency: str | None = Field(None, min_length=3, max_length=3)
    annual_revenue: Decimal | None = Field(None, ge=0, max_digits=18, decimal_places=2)
    parent_id: int | None = None
    owner_id: int | None = None
    account_class: str | None = None
    status: str | None = None
    notes: str | None = None
    # Optimistic concurrency: the updated_at the client last read; 409 if it moved on.
    updated_at: datetime | None = None


class ContactOut(Schema):
    id: int
    account_id: int
    first_name: str
    last_name: str
    title: str
    email: str
    phone: str
    notes: str
    created_at: datetime
    updated_at: datetime


class ContactIn(Schema):
    first_name: str = Field("", max_length=100)
    last_name: str = Field(..., min_length=1, max_length=100)
    title: str = Field("", max_length=150)
    email: str = Field("", max_length=254)
    phone: str = Field("", max_length=40)
    notes: str = ""


class ContactPatch(Schema):
    first_name: str | None = Field(None, max_length=100)
    last_name: str | None = Field(None, min_length=1, max_length=100)
    title: str | None = Field(None, max_length=150)
    email: str | None = Field(None, max_length=254)
    phone: str | None = Field(None, max_length=40)
    notes: str | None = None


class TeamMemberOut(Schema):
    id: int
    user: UserRef
    business_unit: str | None
    role: str
    contribution: str

    @staticmethod
    def resolve_user(obj) -> dict:
        return {"id": obj.user.pk, "username": obj.user.username, "name": str(obj.user)}

    @staticmethod
    def resolve_business_unit(obj) -> str | None:
        return obj.business_unit.name if obj.business_unit else None


class MeOut(Schema):
    id: int
    username: str
    name: str
    role: str
