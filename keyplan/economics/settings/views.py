"""The economics settings page (namespace "economics", /economics/settings/): the cost of
capital and the hourly costs of our people's time, with the history of both.

Like every settings page (keyplan.core.settings_pages) it is read by every internal user
and changed by administrators and directors only (403 for the others' writes; portal users
404). Editing works without JavaScript: "Edit" reloads the page with that row as a form
(`?edit=<id>`). A stale save answers 409 with the current version; invalid input 422 with
each message naming its field.
"""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Field
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from keyplan.core.decorators import internal_required
from keyplan.core.errors import ConflictError
from keyplan.core.rows import edit_id, row_delete, row_save
from keyplan.core.settings_pages import settings_context
from keyplan.core.web import apply_service_errors, parse_pk
from keyplan.portfolio.access import can_manage_portfolio, require_portfolio_manager
from keyplan.portfolio.models import PortfolioSettings
from keyplan.sales.figures.selectors import planning_rates

from ..models import EconomicsSettings, HourlyCost
from . import selectors, services
from .forms import EconomicsSettingsForm, HealthWeightsForm, HourlyCostForm

TEMPLATE = "economics/settings/settings.html"


def form_errors(form) -> list[str]:
    """Every error of a bound `form` as "Label: message", so each message names its field."""
    if form is None or not form.is_bound:
        return []
    found: list[str] = []
    for name, errors in form.errors.items():
        label = capfirst(form.fields[name].label) if name in form.fields else ""
        found.extend(f"{label}: {error}" if label else str(error) for error in errors)
    return found


def _shown(current: EconomicsSettings) -> list[dict]:
    field = EconomicsSettings._meta.get_field("cost_of_capital")
    return [
        {"label": field.verbose_name, "help": field.help_text, "value": current.cost_of_capital}
    ]


def _rows(costs: list[HourlyCost], rates: dict, *, editing: int | None, form=None) -> list[dict]:
    rows = []
    for cost in costs:
        row_form = None
        if editing == cost.pk:
            row_form = form or HourlyCostForm(instance=cost, prefix_id=str(cost.pk))
        rows.append(
            {
                "cost": cost,
                "who": str(cost.person) if cost.person_id else selectors.role_label(cost.role),
                "form": row_form,
                "errors": form_errors(row_form)
                if row_form is not None and row_form.is_bound
                else [],
                "no_rate": cost.currency not in rates,
            }
        )
    return rows


def _weights(current: EconomicsSettings, manager: bool, form=None) -> dict:
    """The health weights' form for a manager, else what they are."""
    if manager and form is None:
        form = HealthWeightsForm(instance=current)
    shown = [
        {
            "label": cast(Field, EconomicsSettings._meta.get_field(name)).verbose_name,
            "value": getattr(current, name),
        }
        for name in services.WEIGHT_FIELDS
    ]
    return {
        "weights_form": form if manager else None,
        "weights_errors": form_errors(form) if manager else [],
        "weights_shown": shown,
    }


def _context(
    request,
    *,
    settings_form=None,
    add_form=None,
    editing: int | None = None,
    edit_form=None,
    weights_form=None,
) -> dict:
    context = settings_context(
        request,
        model=EconomicsSettings,
        form_class=EconomicsSettingsForm,
        shown=_shown,
        can_manage=can_manage_portfolio,
        form=settings_form,
    )
    base = PortfolioSettings.load().base_currency
    manager = context["can_manage"]
    if manager and add_form is None:
        add_form = HourlyCostForm(initial={"currency": base})
    # What a named person costs an hour is pay: shown to administrators and directors only.
    costs = selectors.hourly_costs() if manager else []
    return (
        context
        | _weights(context["current"], manager, weights_form)
        | {
            "rates_hidden": not manager,
            "settings_errors": form_errors(settings_form),
            "base_currency": base,
            "rows": _rows(
                costs, planning_rates(base), editing=editing if manager else None, form=edit_form
            ),
            "add_form": add_form,
            "add_errors": form_errors(add_form),
            "cost_history": selectors.hourly_cost_history() if manager else [],
        }
    )


def _back(anchor: str = "hourly-costs") -> str:
    return reverse("economics:settings") + "#" + anchor


@internal_required
@require_http_methods(["GET", "POST"])
def economics_settings(request):
    if request.method == "GET":
        return render(request, TEMPLATE, _context(request, editing=edit_id(request)))
    require_portfolio_manager(request.user)
    form = EconomicsSettingsForm(request.POST, instance=EconomicsSettings.load())
    status = 422
    if form.is_valid():
        try:
            services.economics_settings_update(
                user=request.user,
                data=form.service_data(),
                seen_updated_at=form.cleaned_data["seen_updated_at"],
            )
        except ConflictError:
            messages.error(
                request,
                _(
                    "Someone else changed the settings since you opened them; nothing was "
                    "saved. The form now shows their version."
                ),
            )
            form = EconomicsSettingsForm(instance=EconomicsSettings.load())
            status = 409
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Settings saved."))
            return redirect(_back("cost-of-capital"))
    return render(request, TEMPLATE, _context(request, settings_form=form), status=status)


@internal_required
@require_POST
def health_weights(request):
    require_portfolio_manager(request.user)
    form = HealthWeightsForm(request.POST, instance=EconomicsSettings.load())
    status = 422
    if form.is_valid():
        try:
            services.health_weights_update(
                user=request.user,
                data=form.service_data(),
                seen_updated_at=form.cleaned_data["seen_updated_at"],
            )
        except ConflictError:
            messages.error(
                request,
                _(
                    "Someone else changed the settings since you opened them; nothing was "
                    "saved. The form now shows their version."
                ),
            )
            form = HealthWeightsForm(instance=EconomicsSettings.load())
            status = 409
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Weights saved."))
            return redirect(_back("health-weights"))
    return render(request, TEMPLATE, _context(request, weights_form=form), status=status)


# The service's `person_id` is the form's `person`.
FIELD_MAP = {"person_id": "person"}


@internal_required
@require_POST
def hourly_cost_add(request):
    require_portfolio_manager(request.user)
    form = HourlyCostForm(request.POST)
    result = row_save(
        form,
        lambda f: services.hourly_cost_create(user=request.user, data=f.service_data()),
        FIELD_MAP,
    )
    if result.status == 200:
        messages.success(request, _("Hourly cost added."))
        return redirect(_back(f"cost-{result.saved.pk}"))
    return render(request, TEMPLATE, _context(request, add_form=result.form), status=422)


@internal_required
@require_POST
def hourly_cost_edit(request, pk):
    require_portfolio_manager(request.user)
    cost = HourlyCost.objects.filter(pk=parse_pk(pk)).first()
    if cost is None:
        raise Http404
    form = HourlyCostForm(request.POST, instance=cost, prefix_id=str(cost.pk))
    result = row_save(
        form,
        lambda f: services.hourly_cost_update(
            user=request.user,
            hourly_cost=cost,
            data=f.service_data(),
            seen_updated_at=f.cleaned_data["seen_updated_at"],
        ),
        FIELD_MAP,
    )
    if result.status == 200:
        messages.success(request, _("Hourly cost saved."))
        return redirect(_back(f"cost-{cost.pk}"))
    if result.status == 409:
        if result.gone:
            messages.error(request, _("Someone else deleted this hourly cost meanwhile."))
            return render(request, TEMPLATE, _context(request), status=409)
        messages.error(
            request,
            _(
                "Someone else changed this hourly cost since you opened it; nothing was "
                "saved. The form now shows their version."
            ),
        )
        return render(request, TEMPLATE, _context(request, editing=cost.pk), status=409)
    return render(
        request, TEMPLATE, _context(request, editing=cost.pk, edit_form=result.form), status=422
    )


@internal_required
@require_POST
def hourly_cost_delete(request, pk):
    require_portfolio_manager(request.user)
    cost = HourlyCost.objects.filter(pk=parse_pk(pk)).first()
    if cost is None:
        raise Http404
    deleted = row_delete(
        request,
        HourlyCostForm,
        lambda seen: services.hourly_cost_delete(
            user=request.user, hourly_cost=cost, seen_updated_at=seen
        ),
    )
    if deleted:
        messages.success(request, _("Hourly cost deleted."))
    else:
        messages.error(
            request,
            _(
                "Someone else changed this hourly cost since you opened the page; nothing "
                "was deleted."
            ),
        )
    return redirect(_back())
