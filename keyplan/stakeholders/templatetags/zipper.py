"""The relationship risks card of the account page (a fixed number of queries)."""

from django import template

from keyplan.stakeholders.relationships.selectors import account_risks

register = template.Library()

SHOWN = 5


@register.inclusion_tag("stakeholders/relationships/_risk_card.html")
def risk_card(account, can_write=False):
    found = account_risks(account)
    return {
        "account": account,
        "can_write": can_write,
        "found": found,
        "shown": found.risks[:SHOWN],
        "more": max(0, len(found.risks) - SHOWN),
    }
