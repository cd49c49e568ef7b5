"""Pages of the resource board (namespace "resources"): the ranked board with the formula
and every request's components, a request form from an account, a request's page with
its history and the decision form, and a unit's capacity by month.

Forms post and come back to the page (no JavaScript needed); resources.js adds the
keyboard: Escape cancels (follows the Cancel link), Ctrl+Enter saves. A stale save
answers 409 with a message and the current version; invalid input answers 422.
"""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from keyplan.accounts.access import account_for_user
from keyplan.accounts.models import AccountClass
from keyplan.core import exports
from keyplan.core.decorators import internal_required
from keyplan.core.errors import ConflictError
from keyplan.core.rows import posted_seen_at, row_save
from keyplan.portfolio.access import can_manage_portfolio
from keyplan.users.models import BusinessUnit

from ..models import ExecutionSettings, RequestStatus, ResourceRequest, ResourceType
from . import selectors, services
from .access import can_set_capacity, request_for_user
from .forms import FIELD_OF, CapacityForm, DecisionForm, RequestForm

PAGE_SIZE = 50
CAPACITY_MONTHS = 6


@internal_required
@require_GET
def board(request):
    filters = selectors.parse_filters(request.GET)
    rows = selectors.board(request.user, filters)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    settings = ExecutionSettings.load()
    return render(
        request,
        "execution/resources/board.html",
        {
            "page": page,
            "count": len(rows),
            "filters": filters,
            "formula": selectors.formula(settings),
            "units": BusinessUnit.objects.filter(is_active=True),
            "types": ResourceType.choices,
            "statuses": RequestStatus.choices,
            "classes": AccountClass.choices,
            "status_all": selectors.STATUS_ALL,
            "default_sort": selectors.DEFAULT_SORT,
        },
    )


@internal_required
@require_GET
def board_export(request, fmt: str):
    """The resource board as CSV or XLSX: every request the filters select, ranked and
    sorted as on the board, under the same access rule."""
    exports.check_format(fmt)
    rows = selectors.board(request.user, selectors.parse_filters(request.GET))
    columns = (
        exports.Column(_("Rank"), exports.INTEGER),
        exports.Column(_("Account")),
        exports.Column(_("Class")),
        exports.Column(_("Unit")),
        exports.Column(_("Resource")),
        exports.Column(_("Amount"), exports.DECIMAL),
        exports.Column(_("Currency")),
        exports.Column(_("Title")),
        exports.Column(_("Business case")),
        exports.Column(_("Priority (0–100)"), exports.DECIMAL),
        exports.Column(_("Status")),
        exports.Column(_("Filed"), exports.DATETIME),
        exports.Column(_("Requested by")),
    )
    data = [
        (
            row.rank,
            row.request.account.name,
            row.request.account.get_account_class_display(),
            row.request.business_unit.name,
            row.request.get_resource_type_display(),
            row.request.amount,
            row.request.currency if row.request.resource_type == "budget" else "",
            row.request.title,
            row.request.business_case,
            row.priority.score,
            row.request.get_status_display(),
            row.request.created_at,
            str(row.request.requested_by or ""),
        )
        for row in rows
    ]
    return exports.export_response(
        fmt=fmt,
        filename=exports.dated_name("resource-requests"),
        columns=columns,
        rows=data,
        sheet_title=_("Resource requests"),
    )


def _form_page(request, form, *, account, found=None, status=200, conflict=False):
    return render(
        request,
        "execution/resources/form.html",
        {"form": form, "account": account, "found": found, "conflict": conflict},
        status=status,
    )


@internal_required
@require_http_methods(["GET", "POST"])
def request_create(request, pk):
    access = account_for_user(request.user, pk, write=True)
    account = access.account
    if request.method == "GET":
        return _form_page(request, RequestForm(account=account), account=account)
    form = RequestForm(request.POST, account=account)
    result = row_save(
        form,
        lambda valid: services.request_create(
            user=request.user, account=account, data=valid.service_data()
        ),
        FIELD_OF,
    )
    if result.status == 200:
        messages.success(request, _("Request filed; the unit's head has been told."))
        return redirect("resources:detail", result.saved.pk)
    return _form_page(request, form, account=account, status=422)


def _initial(found: ResourceRequest) -> dict:
    return {
        "business_unit": found.business_unit_id,
        "resource_type": found.resource_type,
        "amount": found.amount,
        "period_start": found.period_start,
        "period_end": found.period_end,
        "title": found.title,
        "business_case": found.business_case,
        "expected_revenue": found.expected_revenue,
        "expected_gross_profit": found.expected_gross_profit,
        "probability": found.probability,
        "goal": found.goal_id,
        "action": found.action_id,
        "seen_updated_at": found.updated_at.isoformat(),
    }


@internal_required
@require_http_methods(["GET", "POST"])
def request_edit(request, pk):
    found = request_for_user(request.user, pk, write=True).request
    account = found.account
    if request.method == "GET":
        form = RequestForm(account=account, initial=_initial(found))
        return _form_page(request, form, account=account, found=found)
    form = RequestForm(request.POST, account=account)
    result = row_save(
        form,
        lambda valid: services.request_update(
            user=request.user,
            request=found,
            data=valid.service_data(),
            seen_updated_at=valid.cleaned_data["seen_updated_at"],
        ),
        FIELD_OF,
    )
    if result.gone:
        messages.error(request, _("This request was deleted meanwhile."))
        return redirect("resources:board")
    if result.status == 200:
        messages.success(request, _("Request saved."))
        return redirect("resources:detail", found.pk)
    conflict = result.status == 409
    if conflict:
        form = RequestForm(account=account, initial=_initial(result.current))
    return _form_page(
        request, form, account=account, found=found, status=result.status, conflict=conflict
    )


def _detail_context(request, access, *, decision_form=None) -> dict:
    found = access.request
    pending = found.status == RequestStatus.PENDING
    if access.can_decide and pending and decision_form is None:
        decision_form = DecisionForm(
            allow_over=can_manage_portfolio(request.user),
            initial={"seen_updated_at": found.updated_at.isoformat()},
        )
    return {
        "found": found,
        "access": access,
        "pending": pending,
        "row": selectors.request_priority(found),
        "formula": selectors.formula(),
        "decision_form": decision_form if pending else None,
        "history": selectors.request_history(found),
    }


@internal_required
@require_GET
def request_detail(request, pk):
    access = request_for_user(request.user, pk)
    return render(request, "execution/resources/detail.html", _detail_context(request, access))


@internal_required
@require_POST
def request_withdraw(request, pk):
    found = request_for_user(request.user, pk, write=True).request
    seen = posted_seen_at(request, RequestForm)
    try:
        services.request_withdraw(user=request.user, request=found, seen_updated_at=seen)
    except ConflictError:
        messages.error(request, _("Someone changed this request meanwhile; it was not withdrawn."))
    except ValidationError as exc:
        messages.error(request, " ".join(m for ms in exc.message_dict.values() for m in ms))
    else:
        messages.success(request, _("Request withdrawn."))
    return redirect("resources:detail", found.pk)


def _decide(request, found: ResourceRequest):
    """The decision service for a valid DecisionForm (for `row_save`)."""

    def decide(form: DecisionForm) -> ResourceRequest:
        data = form.cleaned_data
        return services.request_decide(
            user=request.user,
            request=found,
            decision=data["decision"],
            granted_amount=data["granted_amount"],
            reason=data["reason"],
            seen_updated_at=data["seen_updated_at"],
            over_capacity=bool(data.get("over_capacity")),
        )

    return decide


@internal_required
@require_POST
def request_decide(request, pk):
    access = request_for_user(request.user, pk, decide=True)
    found = access.request
    form = DecisionForm(request.POST, allow_over=can_manage_portfolio(request.user))
    result = row_save(form, _decide(request, found), FIELD_OF)
    if result.status == 200:
        messages.success(request, _("Decision recorded; the requester has been told."))
        return redirect("resources:detail", found.pk)
    if result.status == 409:
        messages.error(
            request,
            _(
                "Someone changed this request since you opened it; nothing was decided. "
                "Here is the current version."
            ),
        )
        access = request_for_user(request.user, pk)
        return render(
            request, "execution/resources/detail.html", _detail_context(request, access), status=409
        )
    context = _detail_context(request, access, decision_form=form)
    return render(request, "execution/resources/detail.html", context, status=422)


def _months(request) -> list[date]:
    raw = request.GET.get("from", "")
    try:
        first = date.fromisoformat(raw + "-01") if len(raw) == 7 else None
    except ValueError:
        first = None
    first = first or timezone.localdate().replace(day=1)
    months = [first]
    while len(months) < CAPACITY_MONTHS:
        last = months[-1]
        months.append(date(last.year + last.month // 12, last.month % 12 + 1, 1))
    return months


def _active_units() -> list[BusinessUnit]:
    return list(BusinessUnit.objects.filter(is_active=True).select_related("head"))


def _chosen_unit(units: list[BusinessUnit], unit_pk) -> BusinessUnit | None:
    """The unit `unit_pk` names, else the first."""
    return next((u for u in units if str(u.pk) == str(unit_pk)), units[0] if units else None)


def _capacity_context(request, unit_pk, *, form=None) -> dict:
    units = _active_units()
    unit = _chosen_unit(units, unit_pk)
    months = _months(request)
    can_set = unit is not None and can_set_capacity(request.user, unit)
    if can_set and form is None:
        form = CapacityForm(initial={"month": months[0], "resource_type": ResourceType.HOURS})
    table = selectors.capacity_table(unit, months) if unit else {}
    previous = months[0].replace(day=1)
    back = date(previous.year - (previous.month == 1), (previous.month - 2) % 12 + 1, 1)
    return {
        "units": units,
        "unit": unit,
        "months": months,
        "rows": [
            {"kind": kind, "label": label, "cells": table.get(kind, [])}
            for kind, label in ResourceType.choices
        ],
        "form": form if can_set else None,
        "earlier": back,
        "later": months[-1].replace(day=1),
    }


@internal_required
@require_http_methods(["GET", "POST"])
def capacity(request):
    unit_pk = request.GET.get("unit") or request.POST.get("unit") or ""
    if request.method == "GET":
        return render(
            request, "execution/resources/capacity.html", _capacity_context(request, unit_pk)
        )
    # Checked before the page is read: a refused write reads (and so creates) nothing.
    unit = _chosen_unit(_active_units(), unit_pk)
    if unit is None or str(unit.pk) != str(unit_pk):
        raise Http404
    if not can_set_capacity(request.user, unit):
        raise PermissionDenied
    form = CapacityForm(request.POST)
    result = row_save(
        form,
        lambda valid: services.capacity_set(
            user=request.user,
            unit=unit,
            resource_type=valid.cleaned_data["resource_type"],
            month=valid.cleaned_data["month"],
            amount=valid.cleaned_data["amount"],
            seen_updated_at=valid.cleaned_data["seen_updated_at"],
        ),
        FIELD_OF,
    )
    if result.status == 200:
        messages.success(request, _("Capacity saved."))
        month = form.cleaned_data["month"]
        return redirect(reverse("resources:capacity") + f"?unit={unit.pk}&from={month:%Y-%m}")
    if result.status == 409:
        messages.error(request, _("Someone changed this capacity meanwhile; nothing was saved."))
        form = CapacityForm(initial={"resource_type": form.cleaned_data["resource_type"]})
    context = _capacity_context(request, unit_pk, form=form)
    return render(request, "execution/resources/capacity.html", context, status=result.status)
