"""Comments: the customer comments on a shared item (portal side); the team reads every
thread and replies or notes internally (team side: reading for whoever sees the account,
writing for its team; viewers 403; outsiders and portal users 404)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from keyplan.accounts.access import account_for_user
from keyplan.core.decorators import internal_required
from keyplan.core.web import parse_pk, safe_next
from keyplan.plans.models import ITEM_MODELS

from ..access import portal_required, shared_item
from . import selectors, services


@require_POST
@portal_required
def comment_add(request, kind, item_pk):
    item = shared_item(request.portal_account, kind, item_pk)
    back = safe_next(request, reverse("portal-home"))
    try:
        services.comment_add_by_customer(
            user=request.user, item=item, body=request.POST.get("body", "")
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Thank you: your comment was sent to the account team."))
    return redirect(f"{back}#item-{item.kind}-{item.pk}")


@internal_required
@require_GET
def comments(request, pk):
    access = account_for_user(request.user, pk)
    threads = Paginator(selectors.team_threads(access.account), settings.KEYPLAN_PAGE_SIZE)
    context = {
        "account": access.account,
        "threads": threads.get_page(request.GET.get("page")),
        "can_write": access.can_write,
    }
    return render(request, "portal/comments.html", context)


@internal_required
@require_POST
def comment_reply(request, pk, kind, item_pk):
    account = account_for_user(request.user, pk, write=True).account
    model = ITEM_MODELS.get(kind)
    item = (
        model.objects.filter(pk=parse_pk(item_pk), plan__account=account).first() if model else None
    )
    if item is None:
        raise Http404
    try:
        services.comment_add_by_team(
            user=request.user,
            account=account,
            item=item,
            body=request.POST.get("body", ""),
            internal=request.POST.get("internal") == "1",
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The comment was saved."))
    return redirect(reverse("portal:comments", args=[account.pk]) + f"#thread-{kind}-{item.pk}")
