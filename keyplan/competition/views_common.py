"""What the competition pages share: ids, pages, sorting, answering htmx or a plain
browser, and the conflict message. Who may do what is keyplan.competition.access."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _

PAGE_SIZE = 50
CONFLICT_MESSAGE = _(
    "Someone else saved this while you were editing it. The current version is shown; "
    "review it, then save again to keep yours."
)

PILLAR_HELP = {
    "strength": _("Technology, experience, history, capabilities, customer satisfaction."),
    "strategy": _("Purpose, goals, vision; how it grows and keeps an advantage at the customer."),
    "staff": _("Executives, account managers, project managers and others on the account."),
    "support": _("How much support it has inside the customer: the most important pillar."),
}


def parse_pk(value: object) -> int:
    try:
        number = int(str(value))
    except (TypeError, ValueError):
        raise Http404 from None
    if not 0 < number < 2**63:
        raise Http404
    return number


def safe_next(request, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def htmx_or_redirect(request, to: str) -> HttpResponse:
    if request.htmx:
        response = HttpResponse(status=204)
        response["HX-Redirect"] = to
        return response
    return redirect(to)


def paginate(request, items):
    return Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))


def sort_param(request, allowed: dict[str, object], default: str) -> tuple[str, object]:
    """The requested sort key if known (with "-" for descending), else the default."""
    raw = request.GET.get("sort", default)
    key = raw.lstrip("-")
    if key not in allowed:
        raw, key = default, default.lstrip("-")
    return raw, allowed[key]
