"""The zipper over REST, under the one access rule: whoever sees the account reads its
links, coverage and risks; its team writes (viewers 403); outsiders and portal users get
404. A stale `updated_at` on PATCH or DELETE answers 409. The selling settings are read by
every internal user and changed by administrators and directors only.

No `from __future__ import annotations` here: ninja reads the annotations as real types.
"""

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.http import Http404
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import AwareDatetime

from keyplan.accounts.access import account_for_user
from keyplan.accounts.models import AccountClass
from keyplan.core.api.common import BODY_ERRORS, ERRORS, SEEN, SeenQuery
from keyplan.core.api.pagination import Pagination
from keyplan.core.api.schemas import MAX_ID, ErrorOut, InputSchema, PatchSchema, Timestamp, Unset
from keyplan.core.web import parse_pk
from keyplan.users.models import User

from . import domain, relationships, risk_selectors
from .models import Relationship, SellingSettings

router = Router(tags=["relationships"])


def _relationship(user: User, pk: int, *, write: bool = False) -> Relationship:
    """The link `pk` through its account's access; 404 alike for missing and forbidden."""
    found = Relationship.objects.filter(pk=parse_pk(pk)).values_list("account_id", flat=True)
    account_id = found.first()
    if account_id is None:
        raise Http404
    account_for_user(user, account_id, write=write)
    return Relationship.objects.select_related("contact", "user").get(pk=pk)


# --- schemas -----------------------------------------------------------------------------


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
    def resolve_contact(obj) -> dict:
        return {"id": obj.contact_id, "name": str(obj.contact)}

    @staticmethod
    def resolve_user(obj) -> dict:
        return {"id": obj.user_id, "name": str(obj.user)}

    @staticmethod
    def resolve_our_level(obj) -> str:
        return domain.our_level(obj.user.role)

    @staticmethod
    def resolve_their_level(obj) -> str:
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


class AtRiskQuery(InputSchema):
    account_class: AccountClass | None = None
    owner_id: int | None = Field(None, ge=1, le=MAX_ID)
    sort: str = Field(
        risk_selectors.DEFAULT_RISK_SORT,
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


PERCENT_FIELD = {"ge": 0, "le": 100, "max_digits": 5, "decimal_places": 2}


class SellingSettingsPatch(PatchSchema):
    NULLABLE = frozenset({"updated_at"})

    norm_strategic: Decimal | Unset = Field(None, **PERCENT_FIELD)
    norm_regular: Decimal | Unset = Field(None, **PERCENT_FIELD)
    norm_prospect: Decimal | Unset = Field(None, **PERCENT_FIELD)
    tolerance: Decimal | Unset = Field(None, **PERCENT_FIELD)
    single_thread_share: Decimal | Unset = Field(None, **PERCENT_FIELD)
    key_stakeholder_level: int | Unset = Field(None, ge=1, le=5)
    strong_link_strength: int | Unset = Field(None, ge=0, le=5)
    freshness_days: int | Unset = Field(None, ge=1, le=100_000)
    hunter_share: Decimal | Unset = Field(None, **PERCENT_FIELD)
    farmer_share: Decimal | Unset = Field(None, **PERCENT_FIELD)
    profile_min_hours: int | Unset = Field(None, ge=0, le=100_000)
    new_logo_days: int | Unset = Field(None, ge=0, le=100_000)
    updated_at: AwareDatetime | None = SEEN


def _risk(risk: domain.Risk) -> dict:
    return {
        "code": risk.code,
        "severity": risk.severity,
        "message": risk.message,
        "side": risk.side,
        "basis": risk.basis,
        "person_id": risk.person_id,
        "person": risk.person,
        "share": None if risk.share is None else round(risk.share, 2),
        "count": risk.count,
        "total": risk.total,
        "last_contact_on": risk.last_contact_on,
        "days": risk.days,
        "best_strength": risk.best_strength,
    }


# --- relationships -------------------------------------------------------------------------


@router.get(
    "/accounts/{account_id}/relationships",
    response={200: list[RelationshipOut], **ERRORS},
    summary="The account's links between our people and theirs",
)
@paginate(Pagination)
def list_relationships(request, account_id: int):
    user = request.auth
    account = account_for_user(user, account_id).account
    return risk_selectors.relationships_for_account(account)


@router.post(
    "/accounts/{account_id}/relationships",
    response={201: RelationshipOut, **BODY_ERRORS},
    summary="Link one of our people to one of theirs",
)
def create_relationship(request, account_id: int, payload: RelationshipIn):
    user = request.auth
    access = account_for_user(user, account_id, write=True)
    created = relationships.relationship_create(
        user=user, account=access.account, data=payload.model_dump()
    )
    return Status(201, Relationship.objects.select_related("contact", "user").get(pk=created.pk))


@router.get(
    "/relationships/{relationship_id}",
    response={200: RelationshipOut, **ERRORS},
    summary="One link",
)
def get_relationship(request, relationship_id: int):
    return _relationship(request.auth, relationship_id)


@router.patch(
    "/relationships/{relationship_id}",
    response={200: RelationshipOut, 409: ErrorOut, **BODY_ERRORS},
    summary="Change a link: its people, strength or notes",
)
def update_relationship(request, relationship_id: int, payload: RelationshipPatch):
    user = request.auth
    found = _relationship(user, relationship_id, write=True)
    data = payload.model_dump(exclude_unset=True)
    seen = data.pop("updated_at", None)
    relationships.relationship_update(
        user=user, relationship=found, data=data, seen_updated_at=seen
    )
    return Relationship.objects.select_related("contact", "user").get(pk=found.pk)


@router.delete(
    "/relationships/{relationship_id}",
    response={204: None, 409: ErrorOut, **ERRORS},
    summary="Delete a link",
)
def delete_relationship(request, relationship_id: int, filters: Query[SeenQuery]):
    user = request.auth
    found = _relationship(user, relationship_id, write=True)
    relationships.relationship_delete(
        user=user, relationship=found, seen_updated_at=filters.updated_at
    )
    return Status(204, None)


# --- coverage and risks --------------------------------------------------------------------


@router.get(
    "/accounts/{account_id}/relationship-coverage",
    response={200: CoverageOut, **ERRORS},
    summary="Coverage matrix: their levels x our levels, with the gaps",
)
def relationship_coverage(request, account_id: int):
    user = request.auth
    found = risk_selectors.account_risks(account_for_user(user, account_id).account)
    matrix = found.coverage
    return {
        "their_levels": [row.level for row in matrix.rows],
        "our_levels": list(matrix.our_levels),
        "contacts": matrix.contacts,
        "reached": matrix.reached,
        "links": matrix.links,
        "gaps": [row.level for row in matrix.gaps],
        "rows": [
            {
                "their_level": row.level,
                "contacts": row.contacts,
                "reached": row.reached,
                "links": row.links,
                "is_gap": row.is_gap,
                "is_unreached": row.is_unreached,
                "cells": [
                    {
                        "our_level": cell.our_level,
                        "links": cell.links,
                        "strong": cell.strong,
                        "is_peer": cell.is_peer,
                    }
                    for cell in row.cells
                ],
            }
            for row in matrix.rows
        ],
    }


@router.get(
    "/accounts/{account_id}/relationship-risks",
    response={200: AccountRisksOut, **ERRORS},
    summary="The account's relationship risks, worst first",
)
def account_relationship_risks(request, account_id: int):
    user = request.auth
    found = risk_selectors.account_risks(account_for_user(user, account_id).account)
    return {
        "account_id": found.account.pk,
        "high": found.high,
        "medium": found.medium,
        "risks": [_risk(risk) for risk in found.risks],
    }


@router.get(
    "/relationship-risks",
    response={200: AtRiskPage, **ERRORS},
    summary="Visible accounts at risk (closed accounts left out)",
)
def portfolio_relationship_risks(request, filters: Query[AtRiskQuery]):
    user = request.auth
    rows = risk_selectors.at_risk_accounts(
        user,
        account_class=filters.account_class or "",
        owner_id=filters.owner_id,
        sort=filters.sort,
    )
    start = (filters.page - 1) * filters.page_size
    return {
        "items": [
            {
                "account_id": row.account_id,
                "name": row.name,
                "account_class": row.account_class,
                "owner_id": row.owner_id,
                "owner": row.owner,
                "high": row.high,
                "medium": row.medium,
                "risks": [_risk(risk) for risk in row.risks],
            }
            for row in rows[start : start + filters.page_size]
        ],
        "count": len(rows),
        "page": filters.page,
        "page_size": filters.page_size,
        "pages": max(1, -(-len(rows) // filters.page_size)),
    }


# --- settings ------------------------------------------------------------------------------


@router.get(
    "/selling-settings",
    response={200: SellingSettingsOut, **ERRORS},
    summary="Selling-time norms and relationship risk thresholds",
)
def get_selling_settings(request):
    return SellingSettings.load()


@router.patch(
    "/selling-settings",
    response={200: SellingSettingsOut, 409: ErrorOut, **BODY_ERRORS},
    summary="Change the norms and thresholds (administrators and directors)",
)
def update_selling_settings(request, payload: SellingSettingsPatch):
    user = request.auth
    data = payload.model_dump(exclude_unset=True)
    seen = data.pop("updated_at", None)
    relationships.selling_settings_update(user=user, data=data, seen_updated_at=seen)
    return SellingSettings.objects.get(pk=1)  # as stored (two decimal places)
