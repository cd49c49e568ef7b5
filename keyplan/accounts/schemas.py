"""The accounts API's bodies (keyplan.accounts.api): accounts, contacts and team members."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from ninja import Field, Schema
from pydantic import AwareDatetime

from keyplan.core.api.schemas import MAX_ID, InputSchema, PatchSchema, Timestamp, Unset, UserRef


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
    interest_recorded_on: date | None
    notes: str
    archived_at: Timestamp | None = Field(None, description="Set while the account is archived")
    created_at: Timestamp
    updated_at: Timestamp

    @staticmethod
    def resolve_owner(obj) -> dict | None:
        if obj.owner is None:
            return None
        return {"id": obj.owner.pk, "username": obj.owner.username, "name": str(obj.owner)}


class AccountIn(InputSchema):
    name: str = Field(..., min_length=1, max_length=200)
    external_id: str = Field("", max_length=100)
    tax_id: str = Field("", max_length=32)
    industry: str = ""
    country: str = Field("", max_length=2)
    region: str = Field("", max_length=100)
    currency: str = Field("PLN", min_length=3, max_length=3)
    annual_revenue: Decimal | None = Field(None, ge=0, max_digits=18, decimal_places=2)
    parent_id: int | None = Field(None, ge=1, le=MAX_ID)
    owner_id: int | None = Field(None, ge=1, le=MAX_ID)
    account_class: str = "suspect"
    status: str = "active"
    interest_recorded_on: date | None = None
    notes: str = ""


class AccountPatch(PatchSchema):
    """Only the fields sent change. `null` is accepted only where the account may lack
    the value (annual_revenue, parent_id, owner_id, interest_recorded_on); leave a field
    out to keep it."""

    NULLABLE = frozenset(
        {"annual_revenue", "parent_id", "owner_id", "interest_recorded_on", "updated_at"}
    )

    name: str | Unset = Field(None, min_length=1, max_length=200)
    external_id: str | Unset = Field(None, max_length=100)
    tax_id: str | Unset = Field(None, max_length=32)
    industry: str | Unset = None
    country: str | Unset = Field(None, max_length=2)
    region: str | Unset = Field(None, max_length=100)
    currency: str | Unset = Field(None, min_length=3, max_length=3)
    annual_revenue: Decimal | None = Field(None, ge=0, max_digits=18, decimal_places=2)
    parent_id: int | None = Field(None, ge=1, le=MAX_ID)
    owner_id: int | None = Field(None, ge=1, le=MAX_ID)
    account_class: str | Unset = None
    status: str | Unset = None
    interest_recorded_on: date | None = None
    notes: str | Unset = None
    # Optimistic concurrency: the updated_at the client last read (with its time zone);
    # 409 if the account was saved since.
    updated_at: AwareDatetime | None = Field(
        None,
        description="The `updated_at` you last read; if the account changed since, "
        "nothing is saved and the answer is 409.",
    )


class ContactOut(Schema):
    id: int
    account_id: int
    first_name: str
    last_name: str
    title: str
    email: str
    phone: str
    notes: str
    buying_roles: list[str] = Field(..., description="Roles in the buying decision")
    level: str
    authority: int | None
    influence: int | None
    interest: int | None
    attitude: str
    competitor_attitude: str
    biased_against_us: bool
    reports_to_id: int | None
    last_contact_on: date | None
    erased_at: Timestamp | None
    archived_at: Timestamp | None = Field(None, description="Set while the contact is archived")
    created_at: Timestamp
    updated_at: Timestamp


class ContactIn(InputSchema):
    first_name: str = Field("", max_length=100)
    last_name: str = Field(..., min_length=1, max_length=100)
    title: str = Field("", max_length=150)
    email: str = Field("", max_length=254)
    phone: str = Field("", max_length=40)
    notes: str = ""
    buying_roles: list[str] = Field(
        default_factory=list,
        max_length=20,
        description="Any of: economic_buyer, decision_maker, technical_buyer, influencer, "
        "user, gatekeeper, champion, coach",
    )
    level: str = Field("", description="executive, senior_manager, manager, specialist or empty")
    authority: int | None = Field(None, ge=1, le=5)
    influence: int | None = Field(None, ge=1, le=5)
    interest: int | None = Field(None, ge=1, le=5)
    attitude: str = Field(
        "", description="champion, supporter, neutral, sceptic, opponent or empty"
    )
    competitor_attitude: str = ""
    biased_against_us: bool = False
    reports_to_id: int | None = Field(
        None, ge=1, le=MAX_ID, description="Another contact of the same account"
    )


class ContactPatch(PatchSchema):
    """Only the fields sent change. `null` is accepted only for the 1-5 scores,
    reports_to_id and updated_at; leave a field out to keep it."""

    NULLABLE = frozenset({"authority", "influence", "interest", "reports_to_id", "updated_at"})

    first_name: str | Unset = Field(None, max_length=100)
    last_name: str | Unset = Field(None, min_length=1, max_length=100)
    title: str | Unset = Field(None, max_length=150)
    email: str | Unset = Field(None, max_length=254)
    phone: str | Unset = Field(None, max_length=40)
    notes: str | Unset = None
    buying_roles: list[str] | Unset = Field(None, max_length=20)
    level: str | Unset = None
    authority: int | None = Field(None, ge=1, le=5)
    influence: int | None = Field(None, ge=1, le=5)
    interest: int | None = Field(None, ge=1, le=5)
    attitude: str | Unset = None
    competitor_attitude: str | Unset = None
    biased_against_us: bool | Unset = None
    reports_to_id: int | None = Field(None, ge=1, le=MAX_ID)
    updated_at: AwareDatetime | None = Field(
        None,
        description="The `updated_at` you last read; if the contact changed since, "
        "nothing is saved and the answer is 409.",
    )


class TeamMemberOut(Schema):
    id: int
    account_id: int
    user: UserRef
    business_unit: str | None
    business_unit_id: int | None
    role: str
    contribution: str
    function: str = Field(..., description="TeamFunction code, or empty when not set.")
    committed_hours: int | None = Field(..., description="Hours per month.")
    added_at: Timestamp
    updated_at: Timestamp

    @staticmethod
    def resolve_user(obj) -> dict:
        return {"id": obj.user.pk, "username": obj.user.username, "name": str(obj.user)}

    @staticmethod
    def resolve_business_unit(obj) -> str | None:
        return obj.business_unit.name if obj.business_unit else None


TEAM_FUNCTION_HELP = (
    "What the person covers: sales, service, technical, finance, logistics, marketing, "
    "management or other; empty for not set."
)


class TeamMemberIn(InputSchema):
    user_id: int = Field(..., ge=1, le=MAX_ID)
    business_unit_id: int | None = Field(
        None, ge=1, le=MAX_ID, description="Left out or null: the person's own unit."
    )
    role: str = Field("", max_length=100)
    contribution: str = Field("", max_length=255)
    function: str = Field("", max_length=20, description=TEAM_FUNCTION_HELP)
    committed_hours: int | None = Field(None, ge=0, le=744, description="Hours per month.")


class TeamMemberPatch(PatchSchema):
    """Only the fields sent change; the person is not changed (remove and add)."""

    NULLABLE = frozenset({"business_unit_id", "committed_hours", "updated_at"})

    business_unit_id: int | None = Field(None, ge=1, le=MAX_ID)
    role: str | Unset = Field(None, max_length=100)
    contribution: str | Unset = Field(None, max_length=255)
    function: str | Unset = Field(None, max_length=20, description=TEAM_FUNCTION_HELP)
    committed_hours: int | None = Field(None, ge=0, le=744, description="Hours per month.")
    updated_at: AwareDatetime | None = Field(
        None,
        description="The `updated_at` you last read; if the member changed since, "
        "nothing is saved and the answer is 409.",
    )
