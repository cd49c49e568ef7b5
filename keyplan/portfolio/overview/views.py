"""The portfolio overview page (SPEC §1): the accounts by class, country and owner."""

from __future__ import annotations

from django.shortcuts import render
from django.views.decorators.http import require_GET

from keyplan.core.decorators import internal_required

from .selectors import portfolio_overview


@internal_required
@require_GET
def overview(request):
    overview = portfolio_overview(user=request.user)
    chart = {
        "labels": [str(c["label"]) for c in overview["classes"]],
        "values": [c["count"] for c in overview["classes"]],
    }
    return render(request, "portfolio/overview.html", {"overview": overview, "chart": chart})
