"""What an account shares with its people (team side): the level, the sections within it
and the log of every share and unshare. Reading: whoever sees the account; changing: the
account's owner, administrators and directors (others 403); outsiders and portal users
404."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from keyplan.accounts.access import account_for_user
from keyplan.core.decorators import internal_required

from ..access import account_for_manager, can_manage_portal
from ..models import ShareLevel
from . import selectors, services


def sharing_url(account_id: int) -> str:
    return reverse("portal:sharing", args=[account_id])


@internal_required
@require_GET
def sharing(request, pk):
    account = account_for_user(request.user, pk).account
    level, rows = selectors.section_rows(account)
    events = Paginator(selectors.share_events(account), settings.KEYPLAN_PAGE_SIZE)
    context = {
        "account": account,
        "level": level,
        "levels": ShareLevel.choices,
        "rows": rows,
        "events": events.get_page(request.GET.get("page")),
        "can_manage": can_manage_portal(request.user, account),
    }
    return render(request, "portal/sharing.html", context)


@internal_required
@require_POST
def sharing_level(request, pk):
    account = account_for_manager(request.user, pk).account
    try:
        services.sharing_set_level(
            user=request.user, account=account, level=request.POST.get("level", "")
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The share level was saved."))
    return redirect(sharing_url(account.pk))


@internal_required
@require_POST
def sharing_section(request, pk, section):
    account = account_for_manager(request.user, pk).account
    shared = request.POST.get("shared") == "1"
    try:
        services.section_set(user=request.user, account=account, section=section, shared=shared)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Sharing was saved."))
    return redirect(sharing_url(account.pk))
