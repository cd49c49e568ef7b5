from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any, ClassVar

from ninja import Field, Schema
from pydantic import (
    AwareDatetime,
    BaseModel,
    PlainSerializer,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
    model_validator,
)
from pydantic.json_schema import SkipJsonSchema

# The largest id any database integer column can hold; bigger ids are a 422, not a 500.
MAX_ID = 2**63 - 1

# A timestamp with every microsecond, so that the updated_at a client read can be sent
# back for the optimistic concurrency check and match exactly (ninja's JSON encoder,
# Django's, cuts datetimes to milliseconds, and every such PATCH would answer 409).
Timestamp = Annotated[
    datetime,
    PlainSerializer(lambda value: value.isoformat(), return_type=str),
    WithJsonSchema({"type": "string", "format": "date-time"}),
]


class ErrorOut(Schema):
    """The body of every error answer (400, 401, 403, 404, 409, 413, 422)."""

    detail: str = Field(..., description="What went wrong, for a person to read.")
    errors: dict[str, list[str]] = Field(
        default_factory=dict,
        description=(
            "Messages per input field (query parameter or body field); `__all__` for "
            "messages about the input as a whole. Empty when no field is to blame."
        ),
    )


class InputSchema(BaseModel):
    """Base of request bodies and query parameter sets.

    A plain pydantic model, not ninja's Schema: Schema reads any value through its
    attributes (for from_orm), so a body of `1`, `"x"` or `null` would pass as an
    object without fields, i.e. an empty PATCH that "succeeds". A body must be a JSON
    object. And no text may hold a NUL character, which PostgreSQL refuses with an
    error (a 500).
    """

    @model_validator(mode="before")
    @classmethod
    def _json_object_only(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            raise ValueError("Send a JSON object.")
        return data

    @field_validator("*", mode="after")
    @classmethod
    def _no_nul(cls, value: Any) -> Any:
        if isinstance(value, str) and "\x00" in value:
            raise ValueError("Text cannot contain NUL (0x00) characters.")
        return value


# A PATCH field that may be left out but not sent as null: `None` here only ever
# means "not sent" (the views read the body with exclude_unset), and the schema
# shows it as a plain string.
Unset = SkipJsonSchema[None]


class PatchSchema(InputSchema):
    """A partial update: only the fields sent change. `null` is refused except for
    the fields in NULLABLE, which an object may lack."""

    NULLABLE: ClassVar[frozenset[str]] = frozenset()

    @field_validator("*", mode="before")
    @classmethod
    def _null_only_where_allowed(cls, value: Any, info: ValidationInfo) -> Any:
        if value is None and info.field_name not in cls.NULLABLE:
            raise ValueError("This field cannot be null; leave it out to keep its value.")
        return value


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
    interest_recorded_on: date | None
    notes: str
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


class MeOut(Schema):
    id: int
    username: str
    name: str
    role: str
