"""The account page's competition card (competitors present, their verdicts, the
alerts) and the small helpers of the competition templates. The card makes a fixed
number of queries whatever the number of competitors and assessments."""

from __future__ import annotations

from typing import Any

from django import template

from keyplan.accounts.models import Account
from keyplan.core.money import format_number

from ..alerts.selectors import account_alerts
from ..presences.selectors import presences_for_account

register = template.Library()

CARD_SHOWN = 6


@register.inclusion_tag("competition/_account_card.html")
def competition_card(account: Account, can_write: bool = False) -> dict[str, Any]:
    presences = presences_for_account(account)
    return {
        "account": account,
        "presences": presences[:CARD_SHOWN],
        "more": max(len(presences) - CARD_SHOWN, 0),
        "alerts": account_alerts(account),
        "can_write": can_write,
    }


@register.filter
def get_item(mapping: Any, key: Any) -> Any:
    """mapping[key], or None: a dict looked up by a variable in a template."""
    if not mapping:
        return None
    return mapping.get(key)


@register.filter
def percent(value: Any, places: int = 0) -> str:
    """A 0-1 share as a whole percent ("0.25" → 25)."""
    if value is None:
        return "—"
    return format_number(value * 100, places=int(places))


VERDICT_CLASSES = {
    "hard_to_displace": "verdict-no",
    "attackable": "verdict-yes",
    "incomplete": "verdict-unknown",
}


@register.filter
def verdict_class(verdict: str) -> str:
    """The badge colour of a verdict as seen from our side: a competitor we can attack is
    good news (green), one hard to displace is not (red)."""
    return f"verdict-{verdict} {VERDICT_CLASSES.get(verdict, 'verdict-missing')}"
