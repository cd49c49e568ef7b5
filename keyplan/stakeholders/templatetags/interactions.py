"""The account page's interactions card: the last few interactions, a quick entry (type,
date, duration, subject, their people; the person logging it takes part) and a quick
time entry. A fixed number of queries, whatever the size of the log."""

from __future__ import annotations

from datetime import timedelta

from django import template
from django.db.models import Sum
from django.utils import timezone

from keyplan.stakeholders.interactions import selectors
from keyplan.stakeholders.interactions.forms import (
    QuickInteractionForm,
    TimeEntryForm,
    without_autofocus,
)
from keyplan.stakeholders.models import TimeEntry

register = template.Library()

RECENT_SHOWN = 5
TOTAL_DAYS = 90


def card_context(
    account, can_write: bool = False, *, user=None, quick_form=None, time_form=None, notice=""
) -> dict:
    today = timezone.localdate()
    recent = selectors.recent(account, limit=RECENT_SHOWN)
    minutes = (
        TimeEntry.objects.filter(account=account, spent_on__gt=today - timedelta(days=TOTAL_DAYS))
        .aggregate(total=Sum("minutes"))
        .get("total")
        or 0
    )
    if can_write and user is not None:
        quick_form = quick_form or QuickInteractionForm(account=account, user=user)
        time_form = time_form or without_autofocus(
            TimeEntryForm(account=account, manager=False, prefix_id="quick-time")
        )
    else:
        quick_form = time_form = None
    return {
        "account": account,
        "recent": recent,
        "hours": round(minutes / 60, 1),
        "total_days": TOTAL_DAYS,
        "can_write": can_write,
        "quick_form": quick_form,
        "time_form": time_form,
        "notice": notice,
    }


@register.inclusion_tag("stakeholders/interactions/_card.html", takes_context=True)
def interactions_card(context, account, can_write=False) -> dict:
    request = context.get("request")
    user = getattr(request, "user", None)
    return {**card_context(account, can_write, user=user), "request": request}
