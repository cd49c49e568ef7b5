"""The resource requests card of the account page.

`{% resources_card account can_write %}`: how many of the account's requests wait for a
decision and what was granted, its latest requests with their status, and the link to
ask for resources (for those who may write). Two queries whatever the data.
"""

from django import template
from django.db.models import Count, Q

from keyplan.execution.models import GRANTED_STATES, RequestStatus, ResourceRequest

register = template.Library()

LATEST = 5


@register.inclusion_tag("execution/resources/_card.html")
def resources_card(account, can_write=False):
    requests = ResourceRequest.objects.filter(account=account)
    counts = requests.aggregate(
        pending=Count("pk", filter=Q(status=RequestStatus.PENDING)),
        granted=Count("pk", filter=Q(status__in=GRANTED_STATES)),
        total=Count("pk"),
    )
    latest = list(requests.select_related("business_unit").order_by("-created_at", "-pk")[:LATEST])
    return {
        "account": account,
        "can_write": bool(can_write),
        "counts": counts,
        "latest": latest,
    }
