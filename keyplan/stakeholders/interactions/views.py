"""The interaction log of an account and the time spent on it.

- The timeline (filter by person and type, sorted, paginated), logging an interaction
  (the full form, or the account card's quick entry inline with htmx), changing and
  deleting one.
- Time spent on the account: the list (sorted, paginated, filtered by person) with the
  totals of the last 90 days, and manual entries added, changed and deleted (one's own;
  managers anyone's). Time logged by interactions is shown, and changes with them.

Thin adapters: `access.py` decides who may see and change; the services write (and
refuse stale saves with ConflictError, answered here with 409 and the current version);
the selectors read.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from keyplan.accounts.access import AccountAccess, account_for_user
from keyplan.core import exports
from keyplan.core.decorators import internal_required
from keyplan.core.rows import row_delete, row_save
from keyplan.core.web import apply_service_errors, safe_next

from ..models import TimeSource
from ..templatetags.interactions import card_context
from . import selectors, services
from .access import entry_for_user, interaction_for_user, is_manager
from .forms import (
    FIELD_OF_KEY,
    InteractionForm,
    QuickInteractionForm,
    TimeEntryForm,
    TimelineFilterForm,
    without_autofocus,
)


def timeline_url(account_id: int) -> str:
    return reverse("interactions:account", args=[account_id])


def time_url(account_id: int) -> str:
    return reverse("interactions:time", args=[account_id])


def card_url(account_id: int) -> str:
    """The interactions card of the account page (after a quick entry without htmx)."""
    return reverse("accounts:detail-activity", args=[account_id]) + "#interactions"


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
    if not row_delete(request, form_class, delete):
        context["conflict"] = True
        return render(request, template, context, status=409)
    messages.success(request, done)
    return redirect(safe_next(request, default))


def _card_response(request, access: AccountAccess, *, status: int = 200, **forms):
    context = card_context(access.account, access.can_write, user=request.user, **forms)
    context["request"] = request
    return render(request, "stakeholders/interactions/_card.html", context, status=status)


# --- interactions --------------------------------------------------------------------------


def _timeline(request, account):
    """The timeline's filter form, its interactions (filtered and sorted as the page's
    query asks) and whether a filter is on."""
    filters = TimelineFilterForm(request.GET or None, account=account)
    person = kind = ""
    if filters.is_valid():
        person = filters.cleaned_data["person"]
        kind = filters.cleaned_data["kind"]
    sort = request.GET.get("sort", "-date")
    if sort not in selectors.TIMELINE_SORTS:
        sort = "-date"
    queryset = selectors.timeline(account, person=person, kind=kind, sort=sort)
    return filters, queryset, bool(person or kind)


TIMELINE_COLUMNS = (
    exports.Column(_lazy("Date"), exports.DATE),
    exports.Column(_lazy("Type")),
    exports.Column(_lazy("Subject")),
    exports.Column(_lazy("Minutes"), exports.INTEGER),
    exports.Column(_lazy("Our people")),
    exports.Column(_lazy("Their people")),
    exports.Column(_lazy("Next step")),
    exports.Column(_lazy("Notes")),
    exports.Column(_lazy("Goal")),
    exports.Column(_lazy("Action")),
)


@internal_required
@require_http_methods(["GET"])
def timeline_export(request, account_pk, fmt: str):
    """The account's interactions as CSV or XLSX, with the timeline's filters and order."""
    exports.check_format(fmt)
    account = account_for_user(request.user, account_pk).account
    _filters, queryset, _filtered = _timeline(request, account)
    rows = [
        (
            item.occurred_on,
            item.get_kind_display(),
            item.subject,
            item.duration_minutes,
            ", ".join(str(person) for person in item.our_people.all()),
            ", ".join(str(person) for person in item.their_people.all()),
            item.next_step,
            item.notes,
            str(item.goal) if item.goal else "",
            str(item.action) if item.action else "",
        )
        for item in queryset
    ]
    return exports.export_response(
        fmt=fmt,
        filename=exports.dated_name(f"interactions-{account.pk}"),
        columns=TIMELINE_COLUMNS,
        rows=rows,
        sheet_title=_("Interactions"),
    )


@internal_required
@require_http_methods(["GET"])
def account_timeline(request, account_pk):
    access = account_for_user(request.user, account_pk)
    account = access.account
    filters, queryset, filtered = _timeline(request, account)
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
            "filtered": filtered,
            "page": page,
            "default_sort": "-date",
            "form": form,
        },
    )


@internal_required
@require_http_methods(["GET", "POST"])
def interaction_create(request, account_pk):
    """GET: the full form. POST: the full form, or the account card's quick entry
    (`quick=1`: the card comes back inline with htmx; without it, back to the page)."""
    access = account_for_user(request.user, account_pk, write=True)
    account = access.account
    quick = request.method == "POST" and request.POST.get("quick") == "1"
    if quick:
        form = QuickInteractionForm(request.POST, account=account, user=request.user)
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
            apply_service_errors(form, exc, FIELD_OF_KEY)
        else:
            notice = _("Logged “%(subject)s”.") % {"subject": interaction.subject[:80]}
            if quick and request.htmx:
                return _card_response(request, access, notice=notice)
            messages.success(request, notice)
            default = card_url(account.pk) if quick else timeline_url(account.pk)
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
    status, conflict = 200, None
    if request.method == "POST":
        result = row_save(
            form,
            lambda valid: services.interaction_update(
                user=request.user,
                interaction=interaction,
                data=valid.service_data(),
                seen_updated_at=valid.cleaned_data.get("seen_updated_at"),
            ),
            FIELD_OF_KEY,
        )
        if result.gone:
            messages.error(request, _("This interaction was deleted meanwhile."))
            return redirect(timeline_url(account.pk))
        if result.status == 200:
            subject = result.saved.subject[:80]
            messages.success(request, _("Saved “%(subject)s”.") % {"subject": subject})
            return redirect(safe_next(request, timeline_url(account.pk)))
        if result.status == 409:
            status = 409
            conflict = selectors.interaction_for_account(account, result.current.pk)
            seen_current(form, result.current)
    # Invalid input shows the form again with 200 (the user's text kept), a conflict with
    # 409 and the other version beside it.
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


# --- time entries --------------------------------------------------------------------------


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
    manager = is_manager(request.user)
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
    manager = is_manager(request.user)
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
            apply_service_errors(form, exc, FIELD_OF_KEY)
        else:
            notice = ngettext(
                "Logged %(minutes)s minute.", "Logged %(minutes)s minutes.", entry.minutes
            ) % {"minutes": entry.minutes}
            if quick and request.htmx:
                return _card_response(request, access, notice=notice)
            messages.success(request, notice)
            default = card_url(account.pk) if quick else time_url(account.pk)
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
    manager = is_manager(request.user)
    data = request.POST if request.method == "POST" else None
    form = TimeEntryForm(data, account=account, manager=manager, instance=entry)
    status, conflict = 200, None
    if request.method == "POST":
        result = row_save(
            form,
            lambda valid: services.time_entry_update(
                user=request.user,
                entry=entry,
                data=valid.service_data(),
                seen_updated_at=valid.cleaned_data.get("seen_updated_at"),
            ),
            FIELD_OF_KEY,
        )
        if result.gone:
            messages.error(request, _("This time entry was deleted meanwhile."))
            return redirect(time_url(account.pk))
        if result.status == 200:
            messages.success(request, _("Saved the time entry."))
            return redirect(safe_next(request, time_url(account.pk)))
        if result.status == 409:
            status = 409
            conflict = result.current
            seen_current(form, result.current)
    # Invalid input shows the form again with 200 (the user's text kept), a conflict with
    # 409 and the other version beside it.
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
