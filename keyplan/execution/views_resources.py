"""Pages of the resource board (namespace "resources"): the ranked board with the formula
and every request's components, a request form from an account, a request's page with
its history and the decision form, and a unit's capacity by month.

Forms post and come back to the page (no JavaScript needed); resources.js adds the
keyboard: Escape cancels (follows the Cancel link), Ctrl+Enter saves. A stale save
answers 409 with a message and the current version; invalid input answers 422.
"""

from __future__ import annotations

from datetime import date

from django.apps import apps
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
from keyplan.core.decorators import internal_required
from keyplan.core.errors import ConflictError
from keyplan.portfolio.access import can_manage_portfolio
from keyplan.users.models import BusinessUnit

from . import resource_selectors as selectors
from . import resources
from .models import ExecutionSettings, RequestStatus, ResourceRequest, ResourceType
from .resource_forms import FIELD_OF, CapacityForm, DecisionForm, RequestForm

PAGE_SIZE = 50
CAPACITY_MONTHS = 6
HISTORY = 30


def _service_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for key, errors in exc.error_dict.items():
            name = FIELD_OF.get(key, key)
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def _seen(form_class, raw: str):
    if not raw:
        return None
    try:
        return form_class.base_fields["seen_updated_at"].clean(raw)
    except ValidationError:
        return None


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
    if form.is_valid():
        try:
            found = resources.request_create(
                user=request.user, account=account, data=form.service_data()
            )
        except ValidationError as exc:
            _service_errors(form, exc)
        else:
            messages.success(request, _("Request filed; the unit's head has been told."))
            return redirect("resources:detail", found.pk)
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
    found = resources.request_for_user(request.user, pk, write=True).request
    account = found.account
    if request.method == "GET":
        form = RequestForm(account=account, initial=_initial(found))
        return _form_page(request, form, account=account, found=found)
    form = RequestForm(request.POST, account=account)
    status, conflict = 422, False
    if form.is_valid():
        try:
            resources.request_update(
                user=request.user,
                request=found,
                data=form.service_data(),
                seen_updated_at=form.cleaned_data["seen_updated_at"],
            )
        except ConflictError as exc:
            if exc.current is None:
                messages.error(request, _("This request was deleted meanwhile."))
                return redirect("resources:board")
            form = RequestForm(account=account, initial=_initial(exc.current))
            status, conflict = 409, True
        except ValidationError as exc:
            _service_errors(form, exc)
        else:
            messages.success(request, _("Request saved."))
            return redirect("resources:detail", found.pk)
    return _form_page(request, form, account=account, found=found, status=status, conflict=conflict)


REFERENCES = {"decided_by": "users.User", "requested_by": "users.User"}
REFERENCES |= {"business_unit": "users.BusinessUnit", "goal": "plans.Goal"}
REFERENCES |= {"action": "plans.Action"}


def _request_history(found: ResourceRequest) -> list[dict]:
    """The request's history, newest first, with people, units, goals and actions by
    name rather than by id (one query per kind of reference)."""
    records = list(
        found.history.select_related("history_user").order_by("-history_date", "-history_id")[
            : HISTORY + 1
        ]
    )
    fields = {f.name: f for f in ResourceRequest._meta.fields}
    wanted: dict[str, set] = {}
    entries = []
    for index, record in enumerate(records[:HISTORY]):
        older = records[index + 1] if index + 1 < len(records) else None
        changes = []
        if older is not None and record.history_type == "~":
            for change in record.diff_against(older).changes:
                if change.field in REFERENCES:
                    wanted.setdefault(change.field, set()).update({change.old, change.new})
                changes.append(change)
        entries.append({"record": record, "raw": changes})
    names: dict[str, dict] = {}
    for name, ids in wanted.items():
        model = apps.get_model(REFERENCES[name])
        names[name] = {obj.pk: str(obj) for obj in model.objects.filter(pk__in=ids - {None})}

    def shown(name: str, value):
        if name in names:
            return names[name].get(value, value)
        field = fields.get(name)
        if field is not None and field.choices:
            return dict(field.flatchoices).get(value, value)
        return value

    for entry in entries:
        entry["changes"] = [
            {
                "field": fields[c.field].verbose_name if c.field in fields else c.field,
                "old": shown(c.field, c.old),
                "new": shown(c.field, c.new),
            }
            for c in entry.pop("raw")
        ]
    return entries


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
        "history": _request_history(found),
    }


@internal_required
@require_GET
def request_detail(request, pk):
    access = resources.request_for_user(request.user, pk)
    return render(request, "execution/resources/detail.html", _detail_context(request, access))


@internal_required
@require_POST
def request_withdraw(request, pk):
    found = resources.request_for_user(request.user, pk, write=True).request
    seen = _seen(RequestForm, request.POST.get("seen_updated_at", ""))
    try:
        resources.request_withdraw(user=request.user, request=found, seen_updated_at=seen)
    except ConflictError:
        messages.error(request, _("Someone changed this request meanwhile; it was not withdrawn."))
    except ValidationError as exc:
        messages.error(request, " ".join(m for ms in exc.message_dict.values() for m in ms))
    else:
        messages.success(request, _("Request withdrawn."))
    return redirect("resources:detail", found.pk)


@internal_required
@require_POST
def request_decide(request, pk):
    access = resources.request_for_user(request.user, pk, decide=True)
    found = access.request
    allow_over = can_manage_portfolio(request.user)
    form = DecisionForm(request.POST, allow_over=allow_over)
    status = 422
    if form.is_valid():
        data = form.cleaned_data
        try:
            resources.request_decide(
                user=request.user,
                request=found,
                decision=data["decision"],
                granted_amount=data["granted_amount"],
                reason=data["reason"],
                seen_updated_at=data["seen_updated_at"],
                over_capacity=bool(data.get("over_capacity")),
            )
        except ConflictError:
            messages.error(
                request,
                _(
                    "Someone changed this request since you opened it; nothing was decided. "
                    "Here is the current version."
                ),
            )
            access = resources.request_for_user(request.user, pk)
            return render(
                request,
                "execution/resources/detail.html",
                _detail_context(request, access),
                status=409,
            )
        except ValidationError as exc:
            _service_errors(form, exc)
        else:
            messages.success(request, _("Decision recorded; the requester has been told."))
            return redirect("resources:detail", found.pk)
    context = _detail_context(request, access, decision_form=form)
    return render(request, "execution/resources/detail.html", context, status=status)


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


def _capacity_context(request, unit_pk, *, form=None) -> dict:
    units = list(BusinessUnit.objects.filter(is_active=True).select_related("head"))
    unit = next((u for u in units if str(u.pk) == str(unit_pk)), units[0] if units else None)
    months = _months(request)
    can_set = unit is not None and resources.can_set_capacity(request.user, unit)
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
    context = _capacity_context(request, unit_pk)
    unit = context["unit"]
    if unit is None or str(unit.pk) != str(unit_pk):
        raise Http404
    if not resources.can_set_capacity(request.user, unit):
        raise PermissionDenied
    form = CapacityForm(request.POST)
    status = 422
    if form.is_valid():
        data = form.cleaned_data
        try:
            resources.capacity_set(
                user=request.user,
                unit=unit,
                resource_type=data["resource_type"],
                month=data["month"],
                amount=data["amount"],
                seen_updated_at=data["seen_updated_at"],
            )
        except ConflictError:
            messages.error(
                request, _("Someone changed this capacity meanwhile; nothing was saved.")
            )
            form = CapacityForm(initial={"resource_type": data["resource_type"]})
            status = 409
        except ValidationError as exc:
            _service_errors(form, exc)
        else:
            messages.success(request, _("Capacity saved."))
            url = reverse("resources:capacity") + f"?unit={unit.pk}&from={data['month']:%Y-%m}"
            return redirect(url)
    context = _capacity_context(request, unit_pk, form=form)
    return render(request, "execution/resources/capacity.html", context, status=status)
