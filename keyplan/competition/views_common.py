"""What the competition pages share: ids, pages, sorting, answering htmx or a plain
browser, and the conflict message. Who may do what is keyplan.competition.access."""

from __future__ import annotations

from django.core.paginator import Paginator
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


def paginate(request, items):
    return Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))


def sort_param(request, allowed: dict[str, object], default: str) -> tuple[str, object]:
    """The requested sort key if known (with "-" for descending), else the default."""
    raw = request.GET.get("sort", default)
    key = raw.lstrip("-")
    if key not in allowed:
        raw, key = default, default.lstrip("-")
    return raw, allowed[key]
