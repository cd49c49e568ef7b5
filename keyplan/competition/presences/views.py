"""Competitors at one account: the list with their verdicts and the account's alerts,
add one, edit what is known of it, remove it. The presence's page with its assessment
is keyplan.competition.assessments.views. Thin adapters over services and selectors."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from keyplan.accounts.access import AccountAccess, account_for_user
from keyplan.core.decorators import internal_required
from keyplan.core.rows import row_delete, row_save
from keyplan.core.web import apply_service_errors

from ..access import presence_for_user
from ..alerts.selectors import account_alerts
from ..assessments import domain
from ..common.views import CONFLICT_MESSAGE, show_conflict
from . import services
from .forms import PresenceForm
from .selectors import presences_for_account

# The service names the competitor `competitor_id`, the form `competitor`.
FIELD_MAP = {"competitor_id": "competitor"}


def _account_context(access: AccountAccess, *, form: PresenceForm | None = None) -> dict[str, Any]:
    account = access.account
    if access.can_write and form is None:
        form = PresenceForm(account=account)
    return {
        "account": account,
        "access": access,
        "can_write": access.can_write,
        "presences": presences_for_account(account),
        "alerts": account_alerts(account),
        "form": form,
        "verdict_help": domain.VERDICT_HELP,
    }


@internal_required
@require_http_methods(["GET"])
def account_competitors(request: HttpRequest, account_pk: int) -> HttpResponse:
    access = account_for_user(request.user, account_pk)
    return render(request, "competition/account.html", _account_context(access))


@internal_required
@require_POST
def presence_create(request: HttpRequest, account_pk: int) -> HttpResponse:
    access = account_for_user(request.user, account_pk, write=True)
    form = PresenceForm(request.POST, account=access.account)
    if form.is_valid():
        try:
            data = form.data_fields()
            data["competitor_id"] = data.pop("competitor").pk
            presence = services.presence_create(
                user=request.user, account=access.account, data=data
            )
        except ValidationError as exc:
            apply_service_errors(form, exc, FIELD_MAP)
        else:
            messages.success(
                request, _("%(name)s added to the account.") % {"name": presence.competitor.name}
            )
            return redirect("competition:presence", presence.pk)
    context = _account_context(access, form=form)
    return render(request, "competition/account.html", context, status=422)


@internal_required
@require_http_methods(["GET", "POST"])
def presence_edit(request: HttpRequest, pk: int) -> HttpResponse:
    presence, access = presence_for_user(request.user, pk, write=True)
    form = PresenceForm.for_instance(presence, request.POST or None)
    status, conflict = 200, None
    if request.method == "POST":
        result = row_save(
            form,
            lambda f: services.presence_update(
                user=request.user,
                presence=presence,
                data={k: v for k, v in f.data_fields().items() if k != "competitor"},
                seen_updated_at=f.cleaned_data.get("seen_updated_at"),
            ),
            FIELD_MAP,
        )
        if result.status == 200:
            messages.success(request, _("Saved."))
            return redirect("competition:presence", presence.pk)
        status = result.status
        if status == 409:
            conflict = result.current
            show_conflict(form, conflict)
    context = {"presence": presence, "account": access.account, "form": form, "conflict": conflict}
    return render(request, "competition/presence_form.html", context, status=status)


@internal_required
@require_POST
def presence_delete(request: HttpRequest, pk: int) -> HttpResponse:
    presence, access = presence_for_user(request.user, pk, write=True)
    try:
        deleted = row_delete(
            request,
            PresenceForm,
            lambda seen: services.presence_delete(
                user=request.user, presence=presence, seen_updated_at=seen
            ),
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("competition:presence", presence.pk)
    if not deleted:
        messages.error(request, str(CONFLICT_MESSAGE))
        return redirect("competition:presence", presence.pk)
    messages.success(
        request, _("%(name)s removed from the account.") % {"name": presence.competitor.name}
    )
    return redirect("competition:account", access.account.pk)
