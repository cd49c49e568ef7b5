"""The search page (/search/?q=), its "more" pages (?kind=) and the dropdown under the
header's search field (htmx). Internal users only: portal users get 404."""

from __future__ import annotations

from django.conf import settings
from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_GET

from keyplan.core.decorators import internal_required

from . import domain
from .middleware import recent_entries
from .selectors import LABELS, as_hits, kind_queryset, recent_items, search


def _recent(request):
    return recent_items(user=request.user, entries=recent_entries(request))


@internal_required
@require_GET
def search_page(request):
    query = domain.clean_query(request.GET.get("q", ""))
    kind = domain.parse_kind(request.GET.get("kind"))
    context = {
        "query": query,
        "kind": kind,
        "searchable": domain.is_searchable(query),
        "min_length": domain.MIN_LENGTH,
    }
    if not query:
        context["recent"] = _recent(request)
    elif kind and context["searchable"]:
        page = Paginator(
            kind_queryset(request.user, kind, query), settings.KEYPLAN_PAGE_SIZE
        ).get_page(request.GET.get("page"))
        context.update(page=page, hits=as_hits(kind, page.object_list), kind_label=LABELS[kind])
    else:
        context["results"] = search(user=request.user, query=query)
    return render(request, "search/page.html", context)


@internal_required
@require_GET
def search_suggest(request):
    """The top hits as the user types (an empty field: the recent items)."""
    query = domain.clean_query(request.GET.get("q", ""))
    context = {
        "query": query,
        "searchable": domain.is_searchable(query),
        "min_length": domain.MIN_LENGTH,
    }
    if not query:
        context["recent"] = _recent(request)
    else:
        context["results"] = search(
            user=request.user, query=query, per_kind=domain.SUGGEST_PER_KIND
        )
    return render(request, "search/_suggest.html", context)
