"""Business units (namespace "administration"): the list, a new unit, a unit's page
(name, code, head, active). Administrators only; 404 for everyone else."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from keyplan.core.web import apply_service_errors, parse_pk

from ..access import admin_required
from ..models import BusinessUnit
from . import selectors, services
from .forms import UnitForm


@admin_required
@require_GET
def unit_list(request):
    return render(request, "users/units/list.html", {"units": selectors.unit_list()})


def _save(request, unit: BusinessUnit | None):
    initial = (
        {"name": unit.name, "code": unit.code, "head": unit.head, "is_active": unit.is_active}
        if unit
        else {"is_active": True}
    )
    form = UnitForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.unit_save(
                actor=request.user, unit=unit, request=request, **form.cleaned_data
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Business unit “%(name)s” saved.") % {"name": saved.name})
            return redirect("administration:units")
    history = list(unit.history.select_related("history_user", "head")[:20]) if unit else []
    context = {"form": form, "unit": unit, "history": history}
    status = 400 if form.errors else 200
    return render(request, "users/units/form.html", context, status=status)


@admin_required
@require_http_methods(["GET", "POST"])
def unit_create(request):
    return _save(request, None)


@admin_required
@require_http_methods(["GET", "POST"])
def unit_edit(request, pk):
    unit = BusinessUnit.objects.select_related("head").filter(pk=parse_pk(pk)).first()
    if unit is None:
        raise Http404
    return _save(request, unit)
