"""Reads about an account's people: the contact list, the influence/interest grid, the
org chart and the buying-centre coverage. Each makes a fixed number of queries,
whatever the number of contacts; the rules are in `people/domain.py`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import F, QuerySet
from django.utils.translation import gettext as _

from keyplan.accounts.models import Account, Attitude, BuyingRole, Contact, ContactLevel

from . import domain

# Sort keys of the contact list: key -> order_by; "-key" sorts descending.
SORTS: dict[str, tuple[Any, ...]] = {
    "name": ("last_name", "first_name", "pk"),
    "title": ("title", "last_name", "pk"),
    "level": ("level", "last_name", "pk"),
    "authority": (F("authority").desc(nulls_last=True), "last_name", "pk"),
    "influence": (F("influence").desc(nulls_last=True), "last_name", "pk"),
    "interest": (F("interest").desc(nulls_last=True), "last_name", "pk"),
    "attitude": ("attitude", "last_name", "pk"),
    "last_contact": (F("last_contact_on").desc(nulls_last=True), "last_name", "pk"),
}
DEFAULT_SORT = "name"
LEVEL_ORDER = {value: index for index, value in enumerate(ContactLevel.values)}


def role_labels() -> dict[str, str]:
    return {value: str(label) for value, label in BuyingRole.choices}


def contact_list(account: Account, sort: str = DEFAULT_SORT) -> QuerySet[Contact]:
    """The account's contacts for the list page, sorted by `sort` (unknown: by name)."""
    descending = sort.startswith("-")
    key = sort.lstrip("-")
    order = SORTS.get(key, SORTS[DEFAULT_SORT])
    contacts = account.contacts.select_related("reports_to").order_by(*order)
    return contacts.reverse() if descending and key in SORTS else contacts


def quadrant_of(contact: Contact) -> str | None:
    return domain.quadrant(contact.influence, contact.interest)


def role_names(contact: Contact, labels: dict[str, str]) -> list[str]:
    return [labels[r] for r in contact.buying_roles or () if r in labels]


def decorate(contacts: list[Contact]) -> list[Contact]:
    """Each contact with `quadrant` and `role_names`, the attributes the pages show."""
    labels = role_labels()
    for contact in contacts:
        # Display attributes for the templates, not model fields.
        contact.quadrant = quadrant_of(contact)  # type: ignore[attr-defined]
        contact.role_names = role_names(contact, labels)  # type: ignore[attr-defined]
    return contacts


def account_contacts(account: Account) -> list[Contact]:
    """All the account's contacts (one query), each with `quadrant` and `role_names`."""
    return decorate(list(account.contacts.order_by("last_name", "first_name", "pk")))


def key_people(account: Account, *, limit: int = 5) -> list[Contact]:
    """The account's `limit` most influential contacts (influence, then authority, then
    name; unscored last), each with `quadrant` and `role_names`: one query."""
    order = (
        F("influence").desc(nulls_last=True),
        F("authority").desc(nulls_last=True),
        "last_name",
        "first_name",
        "pk",
    )
    return decorate(list(account.contacts.order_by(*order)[:limit]))


@dataclass(frozen=True)
class Quadrant:
    key: str
    label: str
    help: str
    contacts: list[Contact]


def grid(contacts: list[Contact]) -> tuple[list[Quadrant], list[Contact]]:
    """The four quadrants (in 2x2 reading order) with their contacts, strongest first,
    and the contacts not placed (a score missing)."""
    placed: dict[str, list[Contact]] = {key: [] for key, _l, _h in domain.QUADRANTS}
    unplaced = []
    for contact in contacts:
        found = quadrant_of(contact)
        if found is None:
            unplaced.append(contact)
        else:
            placed[found].append(contact)
    for members in placed.values():  # placed: both scores are set
        members.sort(key=lambda c: (-(c.influence or 0), -(c.interest or 0), c.last_name, c.pk))
    quadrants = [
        Quadrant(key, str(label), str(help_text), placed[key])
        for key, label, help_text in domain.QUADRANTS
    ]
    return quadrants, unplaced


def grid_chart(contacts: list[Contact]) -> dict[str, Any]:
    """ECharts scatter data: one point per placed contact, jittered apart client-side."""
    return {
        "points": [
            {
                "name": str(c),
                "influence": c.influence,
                "interest": c.interest,
                "quadrant": quadrant_of(c),
            }
            for c in contacts
            if quadrant_of(c) is not None
        ],
        "high": domain.HIGH,
        "labels": {
            "influence": _("Influence"),
            "interest": _("Interest"),
            **{key: str(label) for key, label, _h in domain.QUADRANTS},
        },
    }


def _node_label(contact: Contact) -> str:
    return f"{contact}\n{contact.title}" if contact.title else str(contact)


def org_tree(contacts: list[Contact]) -> list[tuple[Contact, int]]:
    """The org chart as an indented list: (contact, depth) in tree order (the
    no-JavaScript rendering and the order of the chart)."""
    by_id = {c.pk: c for c in contacts}
    roots = domain.build_tree((c.pk, c.reports_to_id) for c in contacts)
    rows: list[tuple[Contact, int]] = []
    stack = [(node, 0) for node in reversed(roots)]
    while stack:
        node, depth = stack.pop()
        rows.append((by_id[node.id], depth))
        stack.extend((child, depth + 1) for child in reversed(node.children))
    return rows


def org_chart(account: Account, contacts: list[Contact]) -> dict[str, Any]:
    """ECharts tree data: the account as the root, the contacts' forest below it."""
    by_id = {c.pk: c for c in contacts}
    roots = domain.build_tree((c.pk, c.reports_to_id) for c in contacts)
    attitude = dict(Attitude.choices)
    labels = role_labels()

    def as_dict(node: domain.Node) -> dict[str, Any]:
        contact = by_id[node.id]
        item: dict[str, Any] = {
            "name": _node_label(contact),
            "id": contact.pk,
            "attitude": contact.attitude,
            "attitudeLabel": str(attitude.get(contact.attitude, "")),
            "roles": role_names(contact, labels),
            "children": [],
        }
        pending.append((node, item))
        return item

    pending: list[tuple[domain.Node, dict[str, Any]]] = []
    top = {"name": account.name, "children": [as_dict(root) for root in roots]}
    while pending:  # iterative: a long reporting chain cannot exhaust the stack
        node, item = pending.pop()
        item["children"] = [as_dict(child) for child in node.children]
    return {
        "tree": top,
        "depth": domain.tree_depth(roots) + 1,
        "size": len(contacts),
    }


def buying_centre(contacts: list[Contact]) -> dict[str, Any]:
    """Coverage of the buying roles, with each role's label and holders."""
    by_id = {c.pk: c for c in contacts}
    result = domain.coverage(((c.pk, c.buying_roles or []) for c in contacts), BuyingRole.values)
    labels = role_labels()
    return {
        "coverage": result,
        "roles": [
            {
                "role": row.role,
                "label": labels[row.role],
                "essential": row.essential,
                "holders": [by_id[pk] for pk in row.holders],
            }
            for row in result.roles
        ],
        "missing_labels": [labels[r] for r in result.missing],
        "missing_essential_labels": [labels[r] for r in result.missing_essential],
    }


def card_summary(account: Account) -> dict[str, Any]:
    """What the account page's people card shows: one query."""
    rows = list(
        account.contacts.values_list("pk", "buying_roles", "influence", "interest", "erased_at")
    )
    result = domain.coverage(((pk, roles or []) for pk, roles, *_r in rows), BuyingRole.values)
    labels = role_labels()
    quadrant_counts = {key: 0 for key, _l, _h in domain.QUADRANTS}
    for _pk, _roles, influence, interest, _erased in rows:
        found = domain.quadrant(influence, interest)
        if found is not None:
            quadrant_counts[found] += 1
    return {
        "total": len(rows),
        "placed": sum(quadrant_counts.values()),
        "manage_closely": quadrant_counts[domain.MANAGE_CLOSELY],
        "quadrants": [
            {"key": key, "label": label, "count": quadrant_counts[key]}
            for key, label, _h in domain.QUADRANTS
        ],
        "missing_labels": [labels[r] for r in result.missing],
        "missing_essential_labels": [labels[r] for r in result.missing_essential],
        "covered": result.covered,
        "filled": len(result.filled),
        "roles_total": len(result.roles),
    }
