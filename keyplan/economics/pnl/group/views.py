"""The group P&L page: the waterfall of the group's total and one row per member the
user may see, for any member of the group."""

from __future__ import annotations

from django.conf import settings
from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_GET

from keyplan.accounts.access import account_for_user
from keyplan.core.decorators import internal_required

from ..domain import waterfall
from ..views import _period, step_labels
from .selectors import SORTS, TREE, group_pnl


@internal_required
@require_GET
def group_pnl_page(request, pk):
    access = account_for_user(request.user, pk)
    period, problem = _period(request)
    sort = request.GET.get("sort", TREE)
    sort = sort if sort in SORTS else TREE
    group = group_pnl(user=request.user, account=access.account, period=period, sort=sort)
    labels = step_labels()
    steps = waterfall(group.total)
    page = Paginator(group.rows, settings.KEYPLAN_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "account": access.account,
        "group": group,
        "pnl": group.total,
        "report": group.report,
        "period": period,
        "problem": problem,
        "page": page,
        "default_sort": TREE,
        "sorted": sort != TREE,
        "steps": [(labels[step.key], step) for step in steps],
        "waterfall_chart": {
            "labels": [labels[step.key] for step in steps],
            "amounts": [float(step.amount) for step in steps],
            "subtotals": [step.subtotal for step in steps],
            "currency": group.report.currency,
        },
    }
    return render(request, "economics/group_pnl.html", context)
