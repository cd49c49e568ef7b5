"""What the competition pages share: pages, sorting and the conflict message. Ids,
`next` and answering htmx or a plain browser are keyplan.core.web's; who may do what is
keyplan.competition.access."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, Protocol

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.forms import Form
from django.http import HttpRequest, QueryDict
from django.utils.translation import gettext_lazy as _
from django_htmx.middleware import HtmxDetails

PAGE_SIZE = 50
CONFLICT_MESSAGE = _(
    "Someone else saved this while you were editing it. The current version is shown; "
    "review it, then save again to keep yours."
)


class HtmxRequest(HttpRequest):
    """A request as the views see it: django-htmx's middleware adds `htmx`."""

    htmx: HtmxDetails


class Versioned(Protocol):
    updated_at: datetime


def paginate(request: HttpRequest, items: QuerySet[Any] | Sequence[Any]) -> Page:
    return Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))


def sort_param(request: HttpRequest, allowed: dict[str, Any], default: str) -> tuple[str, Any]:
    """The requested sort key if known (with "-" for descending), else the default."""
    raw = request.GET.get("sort", default)
    key = raw.lstrip("-")
    if key not in allowed:
        raw, key = default, default.lstrip("-")
    return raw, allowed[key]


def show_conflict(form: Form, current: Versioned | None) -> None:
    """A stale save on a full-page form: the user's values stay, with the conflict
    message, over the current version's `updated_at`, so that saving again keeps them."""
    form.add_error(None, CONFLICT_MESSAGE)
    if current is not None:
        data = form.data.copy() if isinstance(form.data, QueryDict) else {**form.data}
        data["seen_updated_at"] = current.updated_at.isoformat()
        form.data = data
