"""The drill-down from the Pareto page to one account's months (SPEC §1)."""

from __future__ import annotations

from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from keyplan.accounts.access import account_for_user
from keyplan.core.decorators import internal_required

from ..common.views import form_errors
from .forms import MonthRangeForm
from .selectors import monthly_history


def _chart(history: dict) -> dict:
    months = history["months"]
    return {
        "labels": [f"{m['month']:%Y-%m}" for m in months],
        "revenue": [float(m["revenue"]) for m in months],
        "gross_profit": [float(m["gross_profit"]) for m in months],
        "names": {"revenue": _("Revenue"), "gross_profit": _("Gross profit")},
        "currency": history["currency"],
    }


@internal_required
@require_GET
def account_sales(request, pk):
    access = account_for_user(request.user, pk)
    form = MonthRangeForm(request.GET)
    period = form.period() if form.is_valid() else None
    history = monthly_history(access.account, period=period)
    shown = history.get("period")
    if shown is not None and not form.errors and period is None:
        # Show the months used in the inputs, also when they were defaulted.
        form.data = form.data.copy()
        form.data["date_from"] = f"{shown.date_from:%Y-%m}"
        form.data["date_to"] = f"{shown.date_to:%Y-%m}"
    months = history["months"]
    has_sales = any(m["revenue"] or m["gross_profit"] for m in months)
    return render(
        request,
        "portfolio/account_sales.html",
        {
            "account": access.account,
            "history": history,
            "months": months,
            "chart": _chart(history),
            "has_sales": has_sales,
            "form": form,
            "errors": form_errors(form),
        },
    )
