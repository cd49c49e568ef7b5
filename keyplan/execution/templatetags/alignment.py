"""The alignment card of the account page and small helpers of the checkpoint pages.

`{% alignment_card account can_write %}`: the latest SAA and 7S averages, the weakest
element, the trend and a "due" badge for the owner and team members who still have to
rate the current round. A fixed number of queries (checkpoints.selectors.account_overview).
"""

from django import template

from keyplan.execution.checkpoints.selectors import account_overview
from keyplan.execution.models import Element

register = template.Library()


@register.inclusion_tag("execution/checkpoints/_card.html", takes_context=True)
def alignment_card(context, account, can_write=False):
    request = context.get("request")
    user = getattr(request, "user", None)
    return {
        "account": account,
        "overview": account_overview(account, user, can_write=bool(can_write)),
    }


@register.filter
def element_label(value) -> str:
    """An element's name in the user's language ("" for none)."""
    if not value:
        return ""
    return str(Element(value).label) if value in Element.values else str(value)
