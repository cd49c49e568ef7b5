"""The portfolio settings page (SPEC §1): the classification and Pareto parameters with
their history, and the planning exchange rates."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from keyplan.core.decorators import internal_required
from keyplan.core.history import SETTINGS_HISTORY, history_changes
from keyplan.core.web import parse_pk
from keyplan.sales.models import ExchangeRate

from ..access import can_manage_portfolio, require_portfolio_manager
from ..common.views import form_errors
from ..models import PortfolioSettings
from .forms import ExchangeRateForm, PortfolioSettingsForm, RateValueForm


def rate_text(value: Decimal | None) -> str:
    """4.30000000 → "4.3", 100 → "100" (never "1E+2")."""
    return "" if value is None else format(value.normalize(), "f")


# --- settings and exchange rates ----------------------------------------------------------


def _settings_context(request, *, form=None, rate_form=None) -> dict:
    current = PortfolioSettings.load()
    can_manage = can_manage_portfolio(request.user)
    if can_manage:
        form = form or PortfolioSettingsForm(instance=current)
        rate_form = rate_form or ExchangeRateForm(base_currency=current.base_currency)
    shown = [
        {
            "label": field.verbose_name,
            "help": field.help_text,
            "value": (
                getattr(current, f"get_{field.name}_display")()
                if field.choices
                else getattr(current, field.name)
            ),
        }
        for field in PortfolioSettings._meta.fields
        if field.name not in ("id", "updated_at")
    ]
    settings_history = PortfolioSettings.history.select_related("history_user").order_by(
        "-history_date", "-history_id"
    )[: SETTINGS_HISTORY + 1]
    rate_history = ExchangeRate.history.select_related("history_user").order_by(
        "-history_date", "-history_id"
    )[:SETTINGS_HISTORY]
    return {
        "current": current,
        "shown": shown,
        "rates": [
            {"rate": rate, "value": rate_text(rate.rate)} for rate in ExchangeRate.objects.all()
        ],
        "form": form,
        "rate_form": rate_form,
        "errors": form_errors(form) if form is not None and form.is_bound else [],
        "rate_errors": form_errors(rate_form)
        if rate_form is not None and rate_form.is_bound
        else [],
        "can_manage": can_manage,
        "history": history_changes(settings_history, PortfolioSettings, limit=SETTINGS_HISTORY),
        "rate_history": [
            {"record": record, "value": rate_text(record.rate)} for record in rate_history
        ],
    }


@internal_required
@require_http_methods(["GET", "POST"])
def settings_edit(request):
    form = None
    if request.method == "POST":
        require_portfolio_manager(request.user)
        form = PortfolioSettingsForm(request.POST, instance=PortfolioSettings.load())
        if form.is_valid():
            with transaction.atomic():
                form.save()
            messages.success(request, _("Portfolio settings saved."))
            return redirect("portfolio:settings")
    return render(request, "portfolio/settings.html", _settings_context(request, form=form))


@internal_required
@require_POST
def rate_add(request):
    require_portfolio_manager(request.user)
    base = PortfolioSettings.load().base_currency
    rate_form = ExchangeRateForm(request.POST, base_currency=base)
    if rate_form.is_valid():
        rate = rate_form.save()
        messages.success(request, _("Exchange rate for %(code)s added.") % {"code": rate.currency})
        return redirect(reverse("portfolio:settings") + "#rates")
    return render(
        request, "portfolio/settings.html", _settings_context(request, rate_form=rate_form)
    )


@internal_required
@require_POST
def rate_edit(request, pk):
    require_portfolio_manager(request.user)
    rate = get_object_or_404(ExchangeRate, pk=parse_pk(pk))
    form = RateValueForm(request.POST, instance=rate)
    if form.is_valid():
        form.save()
        messages.success(request, _("Exchange rate for %(code)s saved.") % {"code": rate.currency})
    else:
        for error in form_errors(form):
            messages.error(request, f"{rate.currency} — {error}")
    return redirect(reverse("portfolio:settings") + "#rates")


@internal_required
@require_POST
def rate_delete(request, pk):
    require_portfolio_manager(request.user)
    rate = get_object_or_404(ExchangeRate, pk=parse_pk(pk))
    code = rate.currency
    rate.delete()
    messages.success(
        request,
        _("Exchange rate for %(code)s deleted: sales in %(code)s are left out of analyses.")
        % {"code": code},
    )
    return redirect(reverse("portfolio:settings") + "#rates")
