"""The interaction log of an account: the timeline (filter by person and type, sorted,
paginated), logging an interaction (the full form, or the account card's quick entry
inline with htmx), changing and deleting one.

Thin adapters: `account_for_user` decides who may see and change; the services in
keyplan.stakeholders.interactions write (and refuse stale saves with ConflictError,
answered here with 409 and the current version); the selectors read.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from keyplan.accounts.access import AccountAccess, account_for_user
from keyplan.core.decorators import internal_required
from keyplan.core.errors import ConflictError
from keyplan.core.rows import posted_seen_at
from keyplan.core.web import parse_pk, safe_next

from . import interaction_selectors as selectors
from . import interactions as services
from .interaction_forms import (
    InteractionForm,
    QuickInteractionForm,
    TimelineFilterForm,
    apply_errors,
    without_autofocus,
)
from .models import Interaction
from .templatetags.interactions import card_context


def timeline_url(account_id: int) -> str:
    return reverse("interactions:account", args=[account_id])


def interaction_for_user(user, pk, *, write: bool = False) -> tuple[Interaction, AccountAccess]:
    """The interaction `pk` if `user` may see its account (404 alike for a missing one
    and a forbidden one; 403 for a read-only viewer asking to write)."""
    account_id = (
        Interaction.objects.filter(pk=parse_pk(pk)).values_list("account_id", flat=True).first()
    )
    if account_id is None:
        raise Http404
    access = account_for_user(user, account_id, write=write)
    interaction = selectors.interaction_for_account(access.account, int(pk))
    if interaction is None:
        raise Http404
    return interaction, access


@internal_required
@require_http_methods(["GET"])
def account_timeline(request, account_pk):
    access = account_for_user(request.user, account_pk)
    account = access.account
    filters = TimelineFilterForm(request.GET or None, account=account)
    person = kind = ""
    if filters.is_valid():
        person = filters.cleaned_data["person"]
        kind = filters.cleaned_data["kind"]
    sort = request.GET.get("sort", "-date")
    if sort not in selectors.TIMELINE_SORTS:
        sort = "-date"
    queryset = selectors.timeline(account, person=person, kind=kind, sort=sort)
    page = Paginator(queryset, selectors.PAGE_SIZE).get_page(request.GET.get("page"))
    form = None
    if access.can_write:
        form = without_autofocus(InteractionForm(account=account, user=request.user))
    return render(
        request,
        "stakeholders/interactions/timeline.html",
        {
            "account": account,
            "access": access,
            "filters": filters,
            "filtered": bool(person or kind),
            "page": page,
            "default_sort": "-date",
            "form": form,
        },
    )


def seen_current(form, current) -> None:
    """After a conflict the form shows `current`: the next save is checked against it, so
    saving again keeps the user's version."""
    form.data = form.data.copy()
    form.data["seen_updated_at"] = current.updated_at.isoformat()


def confirm_delete(
    request, template: str, context: dict, delete, *, form_class, done: str, default: str
):
    """The delete page of an interaction or time entry: GET asks; POST calls
    `delete(seen_updated_at)` (the posted version, cleaned by `form_class`) and goes on with
    the message `done`, or answers 409 when someone else changed it meanwhile."""
    if request.method == "GET":
        return render(request, template, context)
    try:
        delete(posted_seen_at(request, form_class))
    except ConflictError:
        context["conflict"] = True
        return render(request, template, context, status=409)
    messages.success(request, done)
    return redirect(safe_next(request, default))


def _card_response(request, access: AccountAccess, *, status: int = 200, **forms):
    context = card_context(access.account, access.can_write, user=request.user, **forms)
    context["request"] = request
    return render(request, "stakeholders/interactions/_card.html", context, status=status)


@internal_required
@require_http_methods(["GET", "POST"])
def interaction_create(request, account_pk):
    """GET: the full form. POST: the full form, or the account card's quick entry
    (`quick=1`: the card comes back inline with htmx; without it, back to the page)."""
    access = account_for_user(request.user, account_pk, write=True)
    account = access.account
    quick = request.method == "POST" and request.POST.get("quick") == "1"
    if quick:
        form: InteractionForm = QuickInteractionForm(
            request.POST, account=account, user=request.user
        )
    else:
        form = InteractionForm(
            request.POST if request.method == "POST" else None, account=account, user=request.user
        )
    if request.method == "POST" and form.is_valid():
        try:
            interaction = services.interaction_create(
                user=request.user, account=account, data=form.service_data()
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            notice = _("Logged “%(subject)s”.") % {"subject": interaction.subject[:80]}
            if quick and request.htmx:
                return _card_response(request, access, notice=notice)
            messages.success(request, notice)
            default = timeline_url(account.pk)
            if quick:
                default = reverse("accounts:detail", args=[account.pk]) + "#interactions"
            return redirect(safe_next(request, default))
    if quick and request.htmx:
        return _card_response(request, access, status=422, quick_form=form)
    return render(
        request,
        "stakeholders/interactions/form.html",
        {"account": account, "form": form, "creating": True},
        status=200,
    )


@internal_required
@require_http_methods(["GET", "POST"])
def interaction_edit(request, pk):
    interaction, access = interaction_for_user(request.user, pk, write=True)
    account = access.account
    data = request.POST if request.method == "POST" else None
    form = InteractionForm(data, account=account, instance=interaction)
    status = 200
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.interaction_update(
                user=request.user,
                interaction=interaction,
                data=form.service_data(),
                seen_updated_at=form.cleaned_data.get("seen_updated_at"),
            )
        except ConflictError as exc:
            if exc.current is None:
                messages.error(request, _("This interaction was deleted meanwhile."))
                return redirect(timeline_url(account.pk))
            conflict = selectors.interaction_for_account(account, exc.current.pk)
            status = 409
            seen_current(form, exc.current)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Saved “%(subject)s”.") % {"subject": saved.subject[:80]})
            return redirect(safe_next(request, timeline_url(account.pk)))
    return render(
        request,
        "stakeholders/interactions/form.html",
        {"account": account, "form": form, "interaction": interaction, "conflict": conflict},
        status=status,
    )


@internal_required
@require_http_methods(["GET", "POST"])
def interaction_delete(request, pk):
    interaction, access = interaction_for_user(request.user, pk, write=True)
    account = access.account
    return confirm_delete(
        request,
        "stakeholders/interactions/delete.html",
        {"account": account, "interaction": interaction},
        lambda seen_at: services.interaction_delete(
            user=request.user, interaction=interaction, seen_updated_at=seen_at
        ),
        form_class=InteractionForm,
        done=_("Deleted “%(subject)s”.") % {"subject": interaction.subject[:80]},
        default=timeline_url(account.pk),
    )
