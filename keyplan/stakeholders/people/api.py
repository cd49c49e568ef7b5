"""The account's people over REST: org chart, influence/interest grid and buying-centre
coverage, under the one access rule (a contact's personal data: `privacy/api.py`).

No `from __future__ import annotations` here (ninja resolves annotations at runtime).
"""

from typing import Any

from ninja import Router, Schema

from keyplan.accounts.access import account_for_user
from keyplan.accounts.models import Contact
from keyplan.core.api.common import ERRORS

from . import domain, selectors

router = Router(tags=["people"])


class PeoplePersonRef(Schema):
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


class PeopleQuadrantOut(Schema):
    key: str
    label: str
    contacts: list[GridContactOut]


class GridOut(Schema):
    high_from: int
    quadrants: list[PeopleQuadrantOut]
    unplaced: list[PeoplePersonRef]


class RoleOut(Schema):
    role: str
    label: str
    essential: bool
    holders: list[PeoplePersonRef]


class BuyingCentreOut(Schema):
    covered: bool
    filled: list[str]
    missing: list[str]
    missing_essential: list[str]
    roles: list[RoleOut]


def _ref(contact: Contact) -> dict[str, Any]:
    return {"id": contact.pk, "name": str(contact), "title": contact.title}


def _contacts(request, account_id: int) -> list[Contact]:
    """The account's contacts, decorated (`selectors.decorate`), under the access rule."""
    access = account_for_user(request.auth, account_id)
    return selectors.account_contacts(access.account)


@router.get(
    "/accounts/{account_id}/org-chart",
    response={200: list[OrgNodeOut], **ERRORS},
    summary="The account's people in reporting order (depth 0: reports to nobody listed)",
)
def people_org_chart(request, account_id: int):
    contacts = _contacts(request, account_id)
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
        for contact, depth in selectors.org_tree(contacts)
    ]


@router.get(
    "/accounts/{account_id}/stakeholder-grid",
    response={200: GridOut, **ERRORS},
    summary="Influence/interest grid: the four quadrants (3 of 5 or more is high)",
)
def people_grid(request, account_id: int):
    contacts = _contacts(request, account_id)
    quadrants, unplaced = selectors.grid(contacts)
    return {
        "high_from": domain.HIGH,
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
    contacts = _contacts(request, account_id)
    centre = selectors.buying_centre(contacts)
    coverage = centre["coverage"]
    return {
        "covered": coverage.covered,
        "filled": list(coverage.filled),
        "missing": list(coverage.missing),
        "missing_essential": list(coverage.missing_essential),
        "roles": [{**row, "holders": [_ref(c) for c in row["holders"]]} for row in centre["roles"]],
    }
