"""The audit trail page (namespace "administration"): sign-ins, failed sign-ins,
sign-outs, the administrators' sensitive acts, and those of the apps above users that
record here through users.audit.services.record (accounts archived, restored or purged,
a contact's erasure, plans archived or restored, portal invitations and deactivations),
newest first, filtered by kind, user and dates, paged. Administrators only; 404 for
everyone else."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.paginator import Paginator
from django.http import QueryDict
from django.shortcuts import render
from django.utils.dateparse import parse_date
from django.views.decorators.http import require_GET

from ..access import admin_required
from ..models import AuditKind
from . import selectors


def _text(params: QueryDict, name: str, limit: int = 150) -> str:
    # PostgreSQL refuses NUL characters in text (a 500); no user name contains one.
    return params.get(name, "")[:limit].replace("\x00", "").strip()


def _date(params: QueryDict, name: str) -> date | None:
    try:
        day = parse_date(_text(params, name, 10))
    except ValueError:  # well formed but impossible, such as 2025-02-30
        return None
    return day if day and 1900 <= day.year <= 9000 else None


def audit_filters(params: QueryDict) -> selectors.AuditFilters:
    """The filters of a query string; what cannot be read is left out, never an error."""
    kind = _text(params, "kind")
    return selectors.AuditFilters(
        kind=kind if kind in AuditKind.values else "",
        user=_text(params, "user"),
        date_from=_date(params, "from"),
        date_to=_date(params, "to"),
    )


@admin_required
@require_GET
def audit_list(request):
    filters = audit_filters(request.GET)
    events = selectors.audit_list(filters)
    page = Paginator(events, settings.KEYPLAN_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "filters": filters, "kinds": AuditKind.choices}
    return render(request, "users/audit/list.html", context)
