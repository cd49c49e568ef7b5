"""The zipper's API schemas: links, coverage, risks, the portfolio list of accounts at
risk and the selling settings.

No `from __future__ import annotations` here: ninja reads the annotations as real types.
"""

from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from ninja import Field, Schema
from pydantic import AwareDatetime

from keyplan.accounts.models import AccountClass
from keyplan.core.api.common import SEEN
from keyplan.core.api.schemas import MAX_ID, InputSchema, PatchSchema, QuerySchema, Timestamp, Unset

from ..models import Relationship
from . import domain, selectors


class PersonRef(Schema):
    id: int
    name: str


class RelationshipOut(Schema):
    id: int
    account_id: int
    contact: PersonRef
    user: PersonRef
    our_level: str
    their_level: str
    strength: int
    last_interaction_on: date | None
    notes: str
    created_at: Timestamp
    updated_at: Timestamp

    @staticmethod
    def resolve_contact(obj: Relationship) -> dict[str, Any]:
        return {"id": obj.contact_id, "name": str(obj.contact)}

    @staticmethod
    def resolve_user(obj: Relationship) -> dict[str, Any]:
        return {"id": obj.user_id, "name": str(obj.user)}

    @staticmethod
    def resolve_our_level(obj: Relationship) -> str:
        return domain.our_level(obj.user.role)

    @staticmethod
    def resolve_their_level(obj: Relationship) -> str:
        return obj.contact.level


class RelationshipIn(InputSchema):
    contact_id: int = Field(..., ge=1, le=MAX_ID)
    user_id: int = Field(..., ge=1, le=MAX_ID)
    strength: int = Field(1, ge=0, le=5)
    notes: str = Field("", max_length=20_000)


class RelationshipPatch(PatchSchema):
    NULLABLE = frozenset({"updated_at"})

    contact_id: int | Unset = Field(None, ge=1, le=MAX_ID)
    user_id: int | Unset = Field(None, ge=1, le=MAX_ID)
    strength: int | Unset = Field(None, ge=0, le=5)
    notes: str | Unset = Field(None, max_length=20_000)
    updated_at: AwareDatetime | None = SEEN


class CellOut(Schema):
    our_level: str
    links: int
    strong: int
    is_peer: bool


class CoverageRowOut(Schema):
    their_level: str
    contacts: int
    reached: int
    links: int
    is_gap: bool
    is_unreached: bool
    cells: list[CellOut]


class CoverageOut(Schema):
    their_levels: list[str]
    our_levels: list[str]
    contacts: int
    reached: int
    links: int
    gaps: list[str]
    rows: list[CoverageRowOut]


class RiskOut(Schema):
    code: str
    severity: str
    message: str
    side: str
    basis: str
    person_id: int | None
    person: str
    share: Decimal | None
    count: int
    total: int
    last_contact_on: date | None
    days: int | None
    best_strength: int | None


class AccountRisksOut(Schema):
    account_id: int
    high: int
    medium: int
    risks: list[RiskOut]


class AtRiskOut(Schema):
    account_id: int
    name: str
    account_class: str
    owner_id: int | None
    owner: str
    high: int
    medium: int
    risks: list[RiskOut]


class AtRiskPage(Schema):
    items: list[AtRiskOut]
    count: int
    page: int
    page_size: int
    pages: int


class AtRiskQuery(QuerySchema):
    account_class: AccountClass | None = None
    owner_id: int | None = Field(None, ge=1, le=MAX_ID)
    sort: str = Field(
        selectors.DEFAULT_RISK_SORT,
        pattern=r"^-?(name|class|owner|risks|high)$",
        description="name, class, owner, risks or high; a leading - for descending",
    )
    page: int = Field(1, ge=1, le=1_000_000)
    page_size: int = Field(50, ge=1, le=settings.KEYPLAN_API_MAX_PAGE_SIZE)


class SellingSettingsOut(Schema):
    norm_strategic: Decimal
    norm_regular: Decimal
    norm_prospect: Decimal
    tolerance: Decimal
    single_thread_share: Decimal
    key_stakeholder_level: int
    strong_link_strength: int
    freshness_days: int
    hunter_share: Decimal
    farmer_share: Decimal
    profile_min_hours: int
    new_logo_days: int
    updated_at: Timestamp


def _percent() -> Any:
    """A percentage setting of a PATCH: 0-100, two decimal places, may be left out."""
    return Field(None, ge=0, le=100, max_digits=5, decimal_places=2)


class SellingSettingsPatch(PatchSchema):
    NULLABLE = frozenset({"updated_at"})

    norm_strategic: Decimal | Unset = _percent()
    norm_regular: Decimal | Unset = _percent()
    norm_prospect: Decimal | Unset = _percent()
    tolerance: Decimal | Unset = _percent()
    single_thread_share: Decimal | Unset = _percent()
    key_stakeholder_level: int | Unset = Field(None, ge=1, le=5)
    strong_link_strength: int | Unset = Field(None, ge=0, le=5)
    freshness_days: int | Unset = Field(None, ge=1, le=100_000)
    hunter_share: Decimal | Unset = _percent()
    farmer_share: Decimal | Unset = _percent()
    profile_min_hours: int | Unset = Field(None, ge=0, le=100_000)
    new_logo_days: int | Unset = Field(None, ge=0, le=100_000)
    updated_at: AwareDatetime | None = SEEN
