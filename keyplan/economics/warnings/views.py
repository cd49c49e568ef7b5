"""Early-warning pages (namespace "economics", mounted at /economics/): the portfolio's
warnings ranked by money at stake (filters, counts per kind, a page of DEFAULT_CAP,
"show all", the snoozed and resolved ones on request), and one account's warnings with
the snooze and resolve forms.

Everything works without JavaScript: the forms post to their own URL, which redirects
back to the account's page (or shows it again with the messages, 422). With htmx the
account's list is swapped in place; as htmx swaps only successful answers, a refused
htmx post answers 200 with the messages in the list it returns. Read-only roles see no
forms; their posts are refused (403), as is everything for accounts one may not see (404).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from keyplan.accounts.access import account_for_user
from keyplan.accounts.models import AccountClass
from keyplan.core import exports
from keyplan.core.decorators import internal_required
from keyplan.core.web import apply_service_errors, htmx_or_redirect

from ..common import owners
from . import domain, services
from .domain import KEY_MAX, KIND_LABELS
from .forms import ResolveForm, SnoozeForm, WarningFilterForm
from .selectors import (
    DEFAULT_CAP,
    DEFAULT_SORT,
    ShownWarning,
    account_warnings,
    portfolio_warnings,
)
from .services import MAX_SNOOZE_DAYS
from .texts import rules

LIST_TEMPLATE = "economics/warnings.html"
ACCOUNT_TEMPLATE = "economics/warnings_account.html"
ACCOUNT_FRAGMENT = "economics/_warnings_account_list.html"


@internal_required
@require_GET
def warnings_list(request):
    form = WarningFilterForm(request.GET)
    filters = form.filters()
    result = portfolio_warnings(user=request.user, filters=filters)
    show_all = request.GET.get("all") == "1"
    per_page = max(len(result.rows), 1) if show_all else DEFAULT_CAP
    page = Paginator(result.rows, per_page).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "filters": filters,
        "filtered": bool(filters.kind or filters.owner or filters.account_class),
        "result": result,
        "page": page,
        "show_all": show_all,
        "cap": DEFAULT_CAP,
        "default_sort": DEFAULT_SORT,
        "kinds": [(kind, str(KIND_LABELS[kind]), n) for kind, n in result.counts.items()],
        "owners": owners(request.user),
        "class_choices": AccountClass.choices,
        "rules": rules(),
    }
    template = "economics/_warnings_results.html" if request.htmx else LIST_TEMPLATE
    return render(request, template, context)


def _state_label(row: ShownWarning) -> str:
    labels = {
        domain.SNOOZED: _("Snoozed"),
        domain.RESOLVED: _("Resolved"),
        domain.BACK: _("Back"),
    }
    return labels.get(row.state, _("Open"))


def _export_row(row: ShownWarning) -> tuple:
    warning, decision = row.warning, row.decision
    return (
        row.account_name,
        row.class_label,
        row.owner,
        warning.kind_label,
        warning.severity_label,
        warning.money_at_stake,
        warning.message,
        _state_label(row),
        decision.snoozed_until if decision and row.state == domain.SNOOZED else None,
        decision.note if decision else "",
    )


@internal_required
@require_GET
def warnings_export(request, fmt: str):
    """The warnings list as CSV or XLSX: every warning the page's filters and sort select
    (all pages), over the accounts the user may see."""
    exports.check_format(fmt)
    result = portfolio_warnings(user=request.user, filters=WarningFilterForm(request.GET).filters())
    columns = [
        exports.Column(_("Account")),
        exports.Column(_("Class")),
        exports.Column(_("Owner")),
        exports.Column(_("Kind")),
        exports.Column(_("Severity")),
        exports.Column(_("At stake (%(currency)s)") % {"currency": result.currency}, exports.MONEY),
        exports.Column(_("Warning")),
        exports.Column(_("State")),
        exports.Column(_("Snoozed until"), exports.DATE),
        exports.Column(_("Note")),
    ]
    return exports.export_response(
        fmt=fmt,
        filename=exports.dated_name("warnings"),
        columns=columns,
        rows=[_export_row(row) for row in result.rows],
        sheet_title=_("Early warnings"),
    )


def _rows(result, can_write: bool, failed: str = "", forms: dict | None = None) -> list[dict]:
    """Each warning with its forms (for those who may change the account); the form that
    failed keeps its input and messages."""
    rows = []
    for row in result.rows:
        entry: dict = {"row": row, "snooze": None, "resolve": None}
        if can_write:
            entry["snooze"] = SnoozeForm(key=row.key)
            entry["resolve"] = ResolveForm(key=row.key)
            if failed == row.key and forms:
                entry.update(forms)
        rows.append(entry)
    return rows


def _account_context(access, *, failed: str = "", forms: dict | None = None) -> dict:
    result = account_warnings(account=access.account)
    return {
        "account": access.account,
        "can_write": access.can_write,
        "result": result,
        "rows": _rows(result, access.can_write, failed, forms),
        "shown": [row for row in result.rows if not row.hidden],
        "max_snooze_days": MAX_SNOOZE_DAYS,
        "rules": rules(),
        "failed": failed,
    }


@internal_required
@require_GET
def account_warnings_page(request, pk):
    access = account_for_user(request.user, pk)
    return render(request, ACCOUNT_TEMPLATE, _account_context(access))


def _key(key: str) -> str:
    if not key or len(key) > KEY_MAX:
        raise Http404
    return key


def _after_write(request, access, message: str):
    messages.success(request, message)
    if request.htmx:
        return render(request, ACCOUNT_FRAGMENT, _account_context(access))
    url = reverse("economics:account-warnings", args=[access.account.pk])
    return htmx_or_redirect(request, url)


def _refused(request, access, key: str, forms: dict):
    context = _account_context(access, failed=key, forms=forms)
    if request.htmx:
        return render(request, ACCOUNT_FRAGMENT, context)
    return render(request, ACCOUNT_TEMPLATE, context, status=422)


def _key_error(form, exc: ValidationError) -> None:
    apply_service_errors(form, exc, {"key": "__all__", "until": "until", "note": "note"})


@internal_required
@require_POST
def warning_snooze(request, pk, key):
    access = account_for_user(request.user, pk, write=True)
    key = _key(key)
    form = SnoozeForm(request.POST, key=key)
    if form.is_valid():
        try:
            state = services.warning_snooze(
                user=request.user,
                account=access.account,
                key=key,
                until=form.cleaned_data["until"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            _key_error(form, exc)
        else:
            return _after_write(
                request,
                access,
                _("Warning snoozed until %(day)s.")
                % {"day": date_format(state.snoozed_until, "SHORT_DATE_FORMAT")},
            )
    return _refused(request, access, key, {"snooze": form})


@internal_required
@require_POST
def warning_resolve(request, pk, key):
    access = account_for_user(request.user, pk, write=True)
    key = _key(key)
    form = ResolveForm(request.POST, key=key)
    if form.is_valid():
        try:
            services.warning_resolve(
                user=request.user, account=access.account, key=key, note=form.cleaned_data["note"]
            )
        except ValidationError as exc:
            _key_error(form, exc)
        else:
            return _after_write(request, access, _("Warning resolved."))
    return _refused(request, access, key, {"resolve": form})


@internal_required
@require_POST
def warning_reopen(request, pk, key):
    access = account_for_user(request.user, pk, write=True)
    services.warning_reopen(user=request.user, account=access.account, key=_key(key))
    return _after_write(request, access, _("Warning reopened."))
