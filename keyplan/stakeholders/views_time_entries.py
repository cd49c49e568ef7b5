"""Time spent on an account: the list (sorted, paginated, filtered by person) with the
totals of the last 90 days, and manual entries added, changed and deleted (one's own;
managers anyone's). Time logged by interactions is shown, and changes with them."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from keyplan.accounts.access import AccountAccess, account_for_user
from keyplan.core.decorators import internal_required
from keyplan.core.errors import ConflictError
from keyplan.core.web import parse_pk, safe_next

from . import interaction_selectors as selectors
from . import interactions as services
from .interaction_forms import TimeEntryForm, apply_errors, without_autofocus
from .models import TimeEntry, TimeSource
from .views_interactions import _card_response, confirm_delete, seen_current


def time_url(account_id: int) -> str:
    return reverse("interactions:time", args=[account_id])


def entry_for_user(user, pk, *, write: bool = False) -> tuple[TimeEntry, AccountAccess]:
    entry = TimeEntry.objects.select_related("user").filter(pk=parse_pk(pk)).first()
    if entry is None:
        raise Http404
    access = account_for_user(user, entry.account_id, write=write)
    if write:
        if entry.user_id != user.pk and not services.is_manager(user):
            raise PermissionDenied
        if entry.source != TimeSource.MANUAL:
            raise Http404  # time from an interaction changes with the interaction
    return entry, access


def _user_filter(request) -> int | None:
    raw = request.GET.get("person", "")
    return int(raw) if raw.isdigit() and 0 < int(raw) < 2**63 else None


@internal_required
@require_http_methods(["GET"])
def time_list(request, account_pk):
    access = account_for_user(request.user, account_pk)
    account = access.account
    sort = request.GET.get("sort", "-date")
    if sort not in selectors.TIME_SORTS:
        sort = "-date"
    user_id = _user_filter(request)
    queryset = selectors.time_entries(account, user_id=user_id, sort=sort)
    page = Paginator(queryset, selectors.PAGE_SIZE).get_page(request.GET.get("page"))
    manager = services.is_manager(request.user)
    for entry in page.object_list:
        entry.editable = (
            access.can_write
            and entry.source == TimeSource.MANUAL
            and (manager or entry.user_id == request.user.pk)
        )
    form = None
    if access.can_write:
        form = without_autofocus(TimeEntryForm(account=account, manager=manager))
    return render(
        request,
        "stakeholders/interactions/time_list.html",
        {
            "account": account,
            "access": access,
            "page": page,
            "default_sort": "-date",
            "totals": selectors.time_totals(account, today=timezone.localdate()),
            "person": user_id,
            "form": form,
        },
    )


@internal_required
@require_http_methods(["GET", "POST"])
def time_create(request, account_pk):
    """GET: the form. POST: the form, or the account card's quick time entry (`quick=1`,
    inline with htmx)."""
    access = account_for_user(request.user, account_pk, write=True)
    account = access.account
    quick = request.method == "POST" and request.POST.get("quick") == "1"
    manager = services.is_manager(request.user)
    data = request.POST if request.method == "POST" else None
    form = TimeEntryForm(
        data,
        account=account,
        manager=manager and not quick,
        prefix_id="quick-time" if quick else "",
    )
    if request.method == "POST" and form.is_valid():
        try:
            entry = services.time_entry_create(
                user=request.user, account=account, data=form.service_data()
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            notice = ngettext(
                "Logged %(minutes)s minute.", "Logged %(minutes)s minutes.", entry.minutes
            ) % {"minutes": entry.minutes}
            if quick and request.htmx:
                return _card_response(request, access, notice=notice)
            messages.success(request, notice)
            default = time_url(account.pk)
            if quick:
                default = reverse("accounts:detail", args=[account.pk]) + "#interactions"
            return redirect(safe_next(request, default))
    if quick and request.htmx:
        return _card_response(request, access, status=422, time_form=form)
    return render(
        request,
        "stakeholders/interactions/time_form.html",
        {"account": account, "form": form, "creating": True},
    )


@internal_required
@require_http_methods(["GET", "POST"])
def time_edit(request, pk):
    entry, access = entry_for_user(request.user, pk, write=True)
    account = access.account
    manager = services.is_manager(request.user)
    data = request.POST if request.method == "POST" else None
    form = TimeEntryForm(data, account=account, manager=manager, instance=entry)
    status = 200
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            services.time_entry_update(
                user=request.user,
                entry=entry,
                data=form.service_data(),
                seen_updated_at=form.cleaned_data.get("seen_updated_at"),
            )
        except ConflictError as exc:
            if exc.current is None:
                messages.error(request, _("This time entry was deleted meanwhile."))
                return redirect(time_url(account.pk))
            conflict = exc.current
            status = 409
            seen_current(form, exc.current)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Saved the time entry."))
            return redirect(safe_next(request, time_url(account.pk)))
    return render(
        request,
        "stakeholders/interactions/time_form.html",
        {"account": account, "form": form, "entry": entry, "conflict": conflict},
        status=status,
    )


@internal_required
@require_http_methods(["GET", "POST"])
def time_delete(request, pk):
    entry, access = entry_for_user(request.user, pk, write=True)
    account = access.account
    return confirm_delete(
        request,
        "stakeholders/interactions/time_delete.html",
        {"account": account, "entry": entry},
        lambda seen_at: services.time_entry_delete(
            user=request.user, entry=entry, seen_updated_at=seen_at
        ),
        form_class=TimeEntryForm,
        done=_("Deleted the time entry."),
        default=time_url(account.pk),
    )
