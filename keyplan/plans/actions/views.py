"""My actions: the actions a person owns across the current plans they may see."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from keyplan.core.decorators import internal_required
from keyplan.plans.models import OPEN_ACTION_STATES, ActionStatus

from . import selectors
from .forms import ActionFilterForm


@internal_required
@require_http_methods(["GET"])
def my_actions(request):
    today = timezone.localdate()
    week_end = today + timedelta(days=6 - today.weekday())  # to Sunday
    form = ActionFilterForm(request.GET or None)
    show, q = "", ""
    if form.is_valid():
        show = form.cleaned_data["show"]
        q = form.cleaned_data["q"].replace("\x00", "").strip()
    open_actions = selectors.my_actions(request.user, today=today)
    overdue = Q(due_on__lt=today)
    counts = open_actions.order_by().aggregate(
        overdue=_count(overdue),
        week=_count(Q(due_on__gte=today, due_on__lte=week_end)),
        blocked=_count(Q(status=ActionStatus.BLOCKED)),
    )
    if show == "closed":
        actions = selectors.my_actions(request.user, today=today, include_closed=True).exclude(
            status__in=OPEN_ACTION_STATES
        )
    else:
        actions = open_actions
        if show == "overdue":
            actions = actions.filter(overdue)
        elif show == "week":
            actions = actions.filter(due_on__gte=today, due_on__lte=week_end)
        elif show == "blocked":
            actions = actions.filter(status=ActionStatus.BLOCKED)
    if q:
        actions = actions.filter(Q(title__icontains=q) | Q(plan__account__name__icontains=q))
    page = Paginator(actions, settings.KEYPLAN_PAGE_SIZE).get_page(request.GET.get("page"))
    for action in page.object_list:
        action.overdue = action.is_overdue(today)
    return render(
        request,
        "plans/my_actions.html",
        {
            "form": form,
            "page": page,
            "show": show,
            "counts": counts,
            "today": today,
            "week_end": week_end,
            "filtered": bool(show or q),
        },
    )


def _count(condition: Q) -> Count:
    return Count("pk", filter=condition)
