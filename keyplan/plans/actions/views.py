"""My actions: the actions a person owns across the current plans they may see."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_http_methods

from keyplan.core import exports
from keyplan.core.decorators import internal_required
from keyplan.plans.models import OPEN_ACTION_STATES, ActionStatus

from . import selectors
from .forms import ActionFilterForm


def _filtered(request, today):
    """The filter form, the chosen view ("", overdue, week, blocked, closed), the search
    text, the counts of the open actions and the actions the filters select."""
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
    return form, show, q, counts, actions, week_end


@internal_required
@require_http_methods(["GET"])
def my_actions(request):
    today = timezone.localdate()
    form, show, q, counts, actions, week_end = _filtered(request, today)
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


EXPORT_COLUMNS = (
    exports.Column(_lazy("Action")),
    exports.Column(_lazy("Account")),
    exports.Column(_lazy("Goal")),
    exports.Column(_lazy("Owner")),
    exports.Column(_lazy("Due"), exports.DATE),
    exports.Column(_lazy("Status")),
    exports.Column(_lazy("Overdue"), exports.INTEGER),
    exports.Column(_lazy("Completed"), exports.DATETIME),
    exports.Column(_lazy("Progress note")),
)


@internal_required
@require_http_methods(["GET"])
def my_actions_export(request, fmt: str):
    """My actions as CSV or XLSX, with the page's view and search, in its order."""
    exports.check_format(fmt)
    today = timezone.localdate()
    actions = _filtered(request, today)[4].select_related("plan__account", "goal", "owner")
    rows = [
        (
            action.title,
            action.plan.account.name,
            action.goal.title if action.goal else "",
            str(action.owner or ""),
            action.due_on,
            action.get_status_display(),
            int(action.is_overdue(today)),
            action.completed_at,
            action.progress_note,
        )
        for action in actions
    ]
    return exports.export_response(
        fmt=fmt,
        filename=exports.dated_name("my-actions"),
        columns=EXPORT_COLUMNS,
        rows=rows,
        sheet_title=_("My actions"),
    )


def _count(condition: Q) -> Count:
    return Count("pk", filter=condition)
