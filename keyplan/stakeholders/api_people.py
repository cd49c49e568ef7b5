"""The account's people over REST: org chart, influence/interest grid, buying-centre
coverage, and a contact's personal data (export, erasure), under the one access rule.

No `from __future__ import annotations` here (ninja resolves annotations at runtime).
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from keyplan.accounts.access import account_for_user
from keyplan.core.api.schemas import ErrorOut

from . import people, people_selectors, privacy

router = Router(tags=["people"])

ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
BODY_ERRORS = {**ERRORS, 400: ErrorOut, 413: ErrorOut}


class PersonRef(Schema):
    id: int
    name: str
    title: str


class OrgNodeOut(Schema):
    id: int
    name: str
    title: str
    reports_to_id: int | None
    depth: int
    buying_roles: list[str]
    level: str
    attitude: str


class GridContactOut(Schema):
    id: int
    name: str
    title: str
    influence: int
    interest: int


class QuadrantOut(Schema):
    key: str
    label: str
    contacts: list[GridContactOut]


class GridOut(Schema):
    high_from: int
    quadrants: list[QuadrantOut]
    unplaced: list[PersonRef]


class RoleOut(Schema):
    role: str
    label: str
    essential: bool
    holders: list[PersonRef]


class BuyingCentreOut(Schema):
    covered: bool
    filled: list[str]
    missing: list[str]
    missing_essential: list[str]
    roles: list[RoleOut]


def _ref(contact) -> dict[str, Any]:
    return {"id": contact.pk, "name": str(contact), "title": contact.title}


def _contacts(request, account_id: int):
    access = account_for_user(request.auth, account_id)
    return access.account, people_selectors.account_contacts(access.account)


@router.get(
    "/accounts/{account_id}/org-chart",
    response={200: list[OrgNodeOut], **ERRORS},
    summary="The account's people in reporting order (depth 0: reports to nobody listed)",
)
def people_org_chart(request, account_id: int):
    _account, contacts = _contacts(request, account_id)
    return [
        {
            **_ref(contact),
            # A reporting line cut to break a cycle shows as the top (None).
            "reports_to_id": contact.reports_to_id if depth else None,
            "depth": depth,
            "buying_roles": contact.buying_roles or [],
            "level": contact.level,
            "attitude": contact.attitude,
        }
        for contact, depth in people_selectors.org_tree(contacts)
    ]


@router.get(
    "/accounts/{account_id}/stakeholder-grid",
    response={200: GridOut, **ERRORS},
    summary="Influence/interest grid: the four quadrants (3 of 5 or more is high)",
)
def people_grid(request, account_id: int):
    _account, contacts = _contacts(request, account_id)
    quadrants, unplaced = people_selectors.grid(contacts)
    return {
        "high_from": people.HIGH,
        "quadrants": [
            {
                "key": q.key,
                "label": q.label,
                "contacts": [
                    {**_ref(c), "influence": c.influence, "interest": c.interest}
                    for c in q.contacts
                ],
            }
            for q in quadrants
        ],
        "unplaced": [_ref(c) for c in unplaced],
    }


@router.get(
    "/accounts/{account_id}/buying-centre",
    response={200: BuyingCentreOut, **ERRORS},
    summary="Buying-centre coverage: who holds each role; economic buyer and decision "
    "maker are essential",
)
def people_buying_centre(request, account_id: int):
    _account, contacts = _contacts(request, account_id)
    centre = people_selectors.buying_centre(contacts)
    coverage = centre["coverage"]
    return {
        "covered": coverage.covered,
        "filled": list(coverage.filled),
        "missing": list(coverage.missing),
        "missing_essential": list(coverage.missing_essential),
        "roles": [{**row, "holders": [_ref(c) for c in row["holders"]]} for row in centre["roles"]],
    }


@router.get(
    "/contacts/{contact_id}/personal-data",
    response={200: dict[str, Any], **ERRORS},
    tags=["contacts"],
    summary="Everything stored about a contact (administrators and the account's owner)",
)
def contact_personal_data(request, contact_id: int):
    contact, _access = privacy.personal_data_access(request.auth, contact_id)
    return privacy.contact_export(user=request.auth, contact=contact)


@router.post(
    "/contacts/{contact_id}/erase",
    response={204: None, **BODY_ERRORS},
    tags=["contacts"],
    summary="Erase a contact's personal data everywhere (administrators and the owner)",
)
def contact_erase_data(request, contact_id: int):
    contact, _access = privacy.personal_data_access(request.auth, contact_id)
    if contact.erased_at is not None:
        raise ValidationError(_("This contact's personal data has already been erased."))
    privacy.contact_erase(user=request.auth, contact=contact)
    return Status(204, None)
