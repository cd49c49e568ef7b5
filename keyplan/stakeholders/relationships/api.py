"""The zipper over REST, under the one access rule: whoever sees the account reads its
links, coverage and risks; its team writes (viewers 403); outsiders and portal users get
404. A stale `updated_at` on PATCH or DELETE answers 409. The selling settings are read by
every internal user and changed by administrators and directors only. The schemas are in
`schemas.py`.

No `from __future__ import annotations` here: ninja reads the annotations as real types.
"""

from typing import Any

from ninja import Query, Router, Status
from ninja.pagination import paginate

from keyplan.accounts.access import account_for_user
from keyplan.core.api.common import BODY_ERRORS, ERRORS, SeenQuery
from keyplan.core.api.pagination import Pagination
from keyplan.core.api.schemas import ErrorOut

from ..models import Relationship, SellingSettings
from . import domain, selectors, services
from .access import relationship_for_user
from .schemas import (
    AccountRisksOut,
    AtRiskPage,
    AtRiskQuery,
    CoverageOut,
    RelationshipIn,
    RelationshipOut,
    RelationshipPatch,
    SellingSettingsOut,
    SellingSettingsPatch,
)

router = Router(tags=["relationships"])


def _risk(risk: domain.Risk) -> dict[str, Any]:
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
    return selectors.relationships_for_account(account)


@router.post(
    "/accounts/{account_id}/relationships",
    response={201: RelationshipOut, **BODY_ERRORS},
    summary="Link one of our people to one of theirs",
)
def create_relationship(request, account_id: int, payload: RelationshipIn):
    user = request.auth
    access = account_for_user(user, account_id, write=True)
    created = services.relationship_create(
        user=user, account=access.account, data=payload.model_dump()
    )
    return Status(201, Relationship.objects.select_related("contact", "user").get(pk=created.pk))


@router.get(
    "/relationships/{relationship_id}",
    response={200: RelationshipOut, **ERRORS},
    summary="One link",
)
def get_relationship(request, relationship_id: int):
    found, _access = relationship_for_user(request.auth, relationship_id)
    return found


@router.patch(
    "/relationships/{relationship_id}",
    response={200: RelationshipOut, 409: ErrorOut, **BODY_ERRORS},
    summary="Change a link: its people, strength or notes",
)
def update_relationship(request, relationship_id: int, payload: RelationshipPatch):
    user = request.auth
    found, _access = relationship_for_user(user, relationship_id, write=True)
    data = payload.model_dump(exclude_unset=True)
    seen = data.pop("updated_at", None)
    services.relationship_update(user=user, relationship=found, data=data, seen_updated_at=seen)
    return Relationship.objects.select_related("contact", "user").get(pk=found.pk)


@router.delete(
    "/relationships/{relationship_id}",
    response={204: None, 409: ErrorOut, **ERRORS},
    summary="Delete a link",
)
def delete_relationship(request, relationship_id: int, filters: Query[SeenQuery]):
    user = request.auth
    found, _access = relationship_for_user(user, relationship_id, write=True)
    services.relationship_delete(user=user, relationship=found, seen_updated_at=filters.updated_at)
    return Status(204, None)


# --- coverage and risks --------------------------------------------------------------------


@router.get(
    "/accounts/{account_id}/relationship-coverage",
    response={200: CoverageOut, **ERRORS},
    summary="Coverage matrix: their levels x our levels, with the gaps",
)
def relationship_coverage(request, account_id: int):
    user = request.auth
    found = selectors.account_risks(account_for_user(user, account_id).account)
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
    found = selectors.account_risks(account_for_user(user, account_id).account)
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
    rows = selectors.at_risk_accounts(
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
    services.selling_settings_update(user=user, data=data, seen_updated_at=seen)
    return SellingSettings.objects.get(pk=1)  # as stored (two decimal places)
