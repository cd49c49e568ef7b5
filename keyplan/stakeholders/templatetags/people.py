"""The account page's people card and the small filters of the people pages. The card
makes one query, whatever the number of contacts."""

from __future__ import annotations

from django import template

from keyplan.stakeholders.people import domain, selectors
from keyplan.stakeholders.privacy.access import can_handle_personal_data

register = template.Library()


@register.inclusion_tag("stakeholders/_people_card.html")
def people_card(account, can_write=False) -> dict:
    return {
        "account": account,
        "can_write": can_write,
        "summary": selectors.card_summary(account),
    }


@register.simple_tag
def key_people(account, limit: int = 5) -> list:
    """{% key_people account 5 as people %}: the account's most influential contacts
    (influence, then authority; one query), each with `role_names`."""
    return selectors.key_people(account, limit=limit)


@register.filter
def buying_role_labels(roles) -> str:
    """["economic_buyer", "user"] -> "Economic buyer, User" (unknown codes left out)."""
    labels = selectors.role_labels()
    return ", ".join(labels[r] for r in roles or () if r in labels)


@register.filter
def quadrant_label(key) -> str:
    return str(domain.QUADRANT_LABELS.get(key, ""))


@register.filter
def depth_prefix(depth) -> str:
    """Indentation of a row of the org list: one "· " per level below the top."""
    try:
        return "· " * max(0, min(int(depth), 50))
    except (TypeError, ValueError):
        return ""


@register.filter
def handles_personal_data(user, account) -> bool:
    return can_handle_personal_data(user, account)
