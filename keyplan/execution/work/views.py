"""My work and my notifications (issue #8): pages for any internal user about
themselves. Nobody sees another person's notifications: opening one that is not yours
is the same 404 as a missing one."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import F
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from keyplan.core.decorators import internal_required
from keyplan.core.pagecache import page_cache
from keyplan.core.web import parse_pk, safe_next

from ..models import Notification, NotificationKind
from . import services
from .selectors import my_work, unread_count

# ?sort= key -> ordering of the notifications list, ascending (ties: newest first).
NOTIFICATION_SORTS = {
    "created": (F("created_at").asc(), F("pk").asc()),
    "kind": (F("kind").asc(), F("created_at").desc(), F("pk").desc()),
    "account": (F("account__name").asc(nulls_last=True), F("created_at").desc(), F("pk").desc()),
    # unread first, then the longest read
    "read": (F("read_at").asc(nulls_first=True), F("created_at").desc(), F("pk").desc()),
}
DEFAULT_SORT = "-created"
SHOW = ("unread", "all")


@internal_required
@require_http_methods(["GET"])
@page_cache
def home(request):
    return render(request, "execution/work/home.html", {"work": my_work(request.user)})


def _ordering(sort: str) -> tuple:
    key = sort.lstrip("-")
    if key not in NOTIFICATION_SORTS:
        return (F("created_at").desc(), F("pk").desc())
    fields = NOTIFICATION_SORTS[key]
    if not sort.startswith("-"):
        return fields
    # descending: the key reversed (with its ties, for the creation date alone)
    flipped = [f.copy() for f in (fields if key == "created" else fields[:1])]
    for f in flipped:
        f.reverse_ordering()
    return (*flipped, *fields[len(flipped) :])


@internal_required
@require_http_methods(["GET"])
def notification_list(request):
    show = request.GET.get("show", "")
    show = show if show in SHOW else "all"
    kind = request.GET.get("kind", "")
    kind = kind if kind in NotificationKind.values else ""
    sort = request.GET.get("sort", DEFAULT_SORT)
    qs = Notification.objects.filter(user=request.user).select_related("account")
    if show == "unread":
        qs = qs.filter(read_at__isnull=True)
    if kind:
        qs = qs.filter(kind=kind)
    page = Paginator(qs.order_by(*_ordering(sort)), settings.KEYPLAN_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "execution/work/notifications.html",
        {
            "page": page,
            "show": show,
            "kind": kind,
            "kinds": NotificationKind.choices,
            "unread": unread_count(request.user),
            "filtered": show != "all" or bool(kind),
            "default_sort": DEFAULT_SORT,
        },
    )


def _ids(values: list[str]) -> list[int]:
    ids = []
    for value in values:
        try:
            number = int(value)
        except ValueError:
            continue
        if 0 < number < 2**63:
            ids.append(number)
    return ids


@internal_required
@require_POST
def notifications_read(request):
    """Mark the chosen notifications (`id`, repeated) or all (`all`) read."""
    if request.POST.get("all"):
        count = services.mark_read(user=request.user, all=True)
    else:
        count = services.mark_read(user=request.user, ids=_ids(request.POST.getlist("id")))
    if count:
        messages.success(
            request,
            ngettext(
                "%(count)d notification marked read.",
                "%(count)d notifications marked read.",
                count,
            )
            % {"count": count},
        )
    return redirect(safe_next(request, reverse("work:notifications")))


@internal_required
@require_http_methods(["GET"])
def notification_open(request, pk: int):
    """Mark one of my notifications read and go where it points (a link of this site)."""
    notification = Notification.objects.filter(pk=parse_pk(pk), user=request.user).first()
    if notification is None:
        raise Http404
    services.mark_read(user=request.user, ids=[notification.pk])
    target = notification.url
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect("work:notifications")


@internal_required
@require_http_methods(["GET"])
def notifications_badge(request):
    """The header's unread count. The header loads it with htmx after the page, so that
    no page pays a query for it and every page keeps its own fixed query count."""
    return render(request, "execution/work/_badge.html", {"unread": unread_count(request.user)})
