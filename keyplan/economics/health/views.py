"""Health pages: the portfolio's health (filtered, sorted, paged, with the change since the
previous month's snapshot and the weakest component) and one account's explanation with
its monthly history."""

from __future__ import annotations

from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from keyplan.accounts.access import account_for_user
from keyplan.core.decorators import internal_required
from keyplan.portfolio.access import can_manage_portfolio

from ..common import list_context, list_filters
from .domain import Health
from .selectors import (
    DEFAULT_SORT,
    SORTS,
    HealthFilters,
    account_health,
    health_table,
    source_url,
)


@internal_required
@require_GET
def health_list(request):
    filters = list_filters(request, HealthFilters, sorts=SORTS, default_sort=DEFAULT_SORT)
    table = health_table(user=request.user, filters=filters)
    context = list_context(request, table, filters, default_sort=DEFAULT_SORT)
    template = "economics/_health_results.html" if request.htmx else "economics/health.html"
    return render(request, template, context)


def explanation(health: Health, account_pk: int) -> list[dict]:
    """The explanation table's rows, in the order of the components."""
    return [
        {
            "component": c,
            "share": health.share(c),
            "contribution": health.contribution(c),
            "source": source_url(c, account_pk),
        }
        for c in health.components
    ]


@internal_required
@require_GET
def account_health_page(request, pk):
    access = account_for_user(request.user, pk)
    detail = account_health(account=access.account)
    months = [month for month, _score in detail.history]
    context = {
        "account": access.account,
        "detail": detail,
        "health": detail.health,
        "rows": explanation(detail.health, access.account.pk),
        "risks": detail.signals.relationship_risks,
        "alerts": detail.signals.competitor_alerts,
        "can_manage": can_manage_portfolio(request.user),
        "history_chart": {
            "labels": [f"{month:%Y-%m}" for month in months],
            "scores": [score for _month, score in detail.history],
            "name": _("Health score"),
        }
        if detail.history
        else None,
    }
    return render(request, "economics/health_account.html", context)
