"""The pipeline page (namespace "pipeline"): the opportunities of the accounts the user
may see, filtered, sorted and paged, with the open pipeline's totals per currency. htmx
swaps only the results when a filter changes. Read only: opportunities come from the
import of kind "opportunities"."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.paginator import Paginator
from django.http import QueryDict
from django.shortcuts import render
from django.utils.dateparse import parse_date
from django.views.decorators.http import require_GET

from keyplan.core.decorators import internal_required
from keyplan.users.access import can_import

from ..models import OpportunityStatus
from . import selectors


def _id_param(value: str | None) -> int | None:
    try:
        number = int(value or "")
    except ValueError:
        return None
    return number if 0 < number < 2**63 else None


def _date_param(value: str | None) -> date | None:
    try:
        return parse_date((value or "")[:10])
    except ValueError:  # well formed but impossible, such as 2025-02-30
        return None


def filters_from_params(params: QueryDict) -> selectors.OpportunityFilters:
    """The filters of a query string; what cannot be read is left out, never an error."""
    status = params.get("status", selectors.DEFAULT_STATUS)
    sort = params.get("sort", selectors.DEFAULT_SORT)
    return selectors.OpportunityFilters(
        status=status if status in selectors.STATUSES else selectors.DEFAULT_STATUS,
        # PostgreSQL refuses NUL characters in text (a 500); no name or id contains one.
        q=params.get("q", "")[:200].replace("\x00", ""),
        account=_id_param(params.get("account")),
        owner=_id_param(params.get("owner")),
        close_from=_date_param(params.get("close_from")),
        close_to=_date_param(params.get("close_to")),
        sort=sort if sort in selectors.SORTS else selectors.DEFAULT_SORT,
    )


@internal_required
@require_GET
def opportunity_list(request):
    filters = filters_from_params(request.GET)
    user = request.user
    opportunities = selectors.opportunity_list(user=user, filters=filters)
    page = Paginator(opportunities, settings.KEYPLAN_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "filters": filters,
        "filtered": filters.filtered,
        "totals": selectors.pipeline_totals(user=user, filters=filters),
        # Only an empty page needs to know whether there is anything at all.
        "any_opportunities": bool(page.object_list) or selectors.has_opportunities(user=user),
        "filter_account": selectors.filter_account(user=user, pk=filters.account),
        "owners": selectors.owner_choices(user=user),
        "status_choices": OpportunityStatus.choices,
        "status_all": selectors.STATUS_ALL,
        "default_sort": selectors.DEFAULT_SORT,
        "can_import": can_import(user),
    }
    template = "sales/pipeline/_list_results.html" if request.htmx else "sales/pipeline/list.html"
    return render(request, template, context)
