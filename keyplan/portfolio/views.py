"""Portfolio pages (SPEC §1): the overview, the Pareto analysis with its exports and the
drill-down to an account's months (the classification and snapshots are in
`views_classes`, the settings and exchange rates in `views_settings`).

Thin adapters: the figures come from `analysis` (reads, scoped to the user by the one
access rule) and the writes from `services`; portfolio-wide actions are for
`can_manage_portfolio` users, everyone else who may see the page gets 403 on a POST.
"""

from __future__ import annotations

from datetime import date

from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET

from keyplan.accounts.access import account_for_user
from keyplan.accounts.selectors import account_filter_choices
from keyplan.core.decorators import internal_required
from keyplan.users.access import can_import
from keyplan.users.models import BusinessUnit

from . import analysis, exports, rollups
from .forms import (
    MonthRangeForm,
    ParetoForm,
)
from .selectors import portfolio_overview

# Re-exported: these were defined here.
from .views_classes import classes as classes
from .views_classes import snapshot_compare as snapshot_compare
from .views_classes import snapshot_detail as snapshot_detail
from .views_classes import snapshot_list as snapshot_list
from .views_settings import rate_add as rate_add
from .views_settings import rate_delete as rate_delete
from .views_settings import rate_edit as rate_edit
from .views_settings import rate_text as rate_text
from .views_settings import settings_edit as settings_edit
from .web import PARETO_PAGE_SIZE, _class_label, _form_errors, _metric_label, _pager, percent

CHART_TOP = 50  # bars in the Pareto chart; the table and the exports have every account
MAX_HISTORY_MONTHS = 120


@internal_required
@require_GET
def overview(request):
    overview = portfolio_overview(user=request.user)
    chart = {
        "labels": [str(c["label"]) for c in overview["classes"]],
        "values": [c["count"] for c in overview["classes"]],
    }
    return render(request, "portfolio/overview.html", {"overview": overview, "chart": chart})


# --- Pareto -------------------------------------------------------------------------------


def _pareto_form(request) -> ParetoForm:
    choices = account_filter_choices(user=request.user)
    data = request.GET.copy()
    if data.get("country"):
        data["country"] = data["country"].upper()
    return ParetoForm(
        data,
        owners=choices["owners"],
        countries=choices["countries"],
        business_units=BusinessUnit.objects.order_by("name"),
    )


def _months_before(month: date, count: int) -> date:
    """The first day of the month `count` months before `month`."""
    index = max(month.year * 12 + month.month - 1 - count, 12)  # not before January of year 1
    return date(index // 12, index % 12 + 1, 1)


def _pareto_period(cleaned: dict) -> rollups.Period | None:
    """The period asked for; a missing end takes the default period's. None: no sales."""
    if cleaned.get("all"):
        return rollups.whole_history()
    start, end = cleaned.get("date_from"), cleaned.get("date_to")
    if start and end:
        return rollups.Period.months(start, end)
    if end:
        return rollups.Period.months(_months_before(end, 11), end)
    default = rollups.default_period()
    if default is None:
        return None
    if start:
        return rollups.Period.months(start, max(start, default.date_to))
    return default


def _pareto_result(form: ParetoForm, user):
    """(period, result) for a valid form; (None, None) when there are no sales at all."""
    data = form.cleaned_data
    period = _pareto_period(data)
    if period is None:
        return None, None
    scope = rollups.Scope(
        business_unit=data["business_unit"],
        country=data["country"],
        owner=data["owner"],
        industry=data["industry"],
    )
    result = analysis.pareto(
        user=user, metric=data["metric"], period=period, level=data["level"], scope=scope
    )
    return period, result


def _pareto_rows(rows) -> list[dict]:
    return [
        {
            "row": row,
            "class_label": _class_label(row.account_class),
            "share": percent(row.share),
            "cumulative": percent(row.cumulative_share),
        }
        for row in rows
    ]


def _pareto_chart(result) -> dict:
    top = result.rows[:CHART_TOP]
    return {
        "names": [row.name for row in top],
        "values": [float(row.value) for row in top],
        "cumulative": [round(float(row.cumulative_share or 0) * 100, 2) for row in top],
        "threshold": round(float(result.threshold) * 100, 2),
        "currency": result.currency,
        "labels": {
            "value": _metric_label(result.metric),
            "cumulative": _("Cumulative share, %"),
            "threshold": _("%(share)s of the total") % {"share": percent(result.threshold)},
        },
    }


def _period_query(period) -> str:
    """The drill-down's parameters for the same months, when it can show that many."""
    months = (period.date_to.year - period.date_from.year) * 12
    months += period.date_to.month - period.date_from.month + 1
    if months > MAX_HISTORY_MONTHS:
        return ""
    return f"date_from={period.date_from:%Y-%m}&date_to={period.date_to:%Y-%m}"


def _query_without(request, *names: str) -> str:
    params = request.GET.copy()
    for name in names:
        params.pop(name, None)
    return params.urlencode()


@internal_required
@require_GET
def pareto(request):
    form = _pareto_form(request)
    context: dict = {
        "form": form,
        "errors": [],
        "result": None,
        "no_sales": False,
        "can_import": can_import(request.user),
    }
    if not form.is_valid():
        context["errors"] = _form_errors(form)
        return render(request, "portfolio/pareto.html", context)
    period, result = _pareto_result(form, request.user)
    if result is None:
        context["no_sales"] = True
        return render(request, "portfolio/pareto.html", context)
    if not form.cleaned_data["all"]:
        # Show the months the analysis used in the inputs, also when they were defaulted.
        form.data = form.data.copy()
        form.data["date_from"] = f"{period.date_from:%Y-%m}"
        form.data["date_to"] = f"{period.date_to:%Y-%m}"
    ranked = Paginator(result.rows, PARETO_PAGE_SIZE).get_page(request.GET.get("page"))
    non_positive = Paginator(result.non_positive, PARETO_PAGE_SIZE).get_page(
        request.GET.get("npage")
    )
    context.update(
        {
            "result": result,
            "period": period,
            "metric_label": _metric_label(result.metric),
            "ranked": ranked,
            "ranked_rows": _pareto_rows(ranked.object_list),
            "ranked_pager": _pager(
                request, ranked, "page", label=_("Pages of ranked accounts"), target="pareto-ranked"
            ),
            "non_positive": non_positive,
            "non_positive_rows": _pareto_rows(non_positive.object_list),
            "non_positive_pager": _pager(
                request,
                non_positive,
                "npage",
                label=_("Pages of accounts at zero or below"),
                target="pareto-non-positive",
            ),
            "chart": _pareto_chart(result),
            "threshold": percent(result.threshold),
            "head_share": percent(result.share_of_accounts_for_threshold),
            "top_shares": {key: percent(value) for key, value in result.top_shares.items()},
            "export_query": _query_without(request, "page", "npage"),
            "period_query": _period_query(period),
        }
    )
    target = request.htmx.target if request.htmx else None
    if target == "pareto-ranked":
        return render(request, "portfolio/_pareto_ranked.html", context)
    if target == "pareto-non-positive":
        return render(request, "portfolio/_pareto_non_positive.html", context)
    return render(request, "portfolio/pareto.html", context)


def _pareto_export(request, fmt: str):
    form = _pareto_form(request)
    if not form.is_valid():
        # The page explains what is wrong with the parameters.
        return redirect(reverse("portfolio:pareto") + "?" + request.GET.urlencode())
    _period, result = _pareto_result(form, request.user)
    if fmt == "xlsx":
        return exports.pareto_xlsx(result, metric=form.cleaned_data["metric"])
    return exports.pareto_csv(result, metric=form.cleaned_data["metric"])


@internal_required
@require_GET
def pareto_csv(request):
    return _pareto_export(request, "csv")


@internal_required
@require_GET
def pareto_xlsx(request):
    return _pareto_export(request, "xlsx")


# --- drill-down ---------------------------------------------------------------------------


@internal_required
@require_GET
def account_sales(request, pk):
    access = account_for_user(request.user, pk)
    form = MonthRangeForm(request.GET)
    period = None
    if form.is_valid():
        start, end = form.cleaned_data["date_from"], form.cleaned_data["date_to"]
        if bool(start) != bool(end):
            missing = "date_to" if start else "date_from"
            form.add_error(missing, _("Give both months, or neither."))
        elif start and end:
            months = (end.year - start.year) * 12 + end.month - start.month + 1
            if months > MAX_HISTORY_MONTHS:
                form.add_error(
                    "date_to",
                    ngettext(
                        "Choose at most %(count)d month.",
                        "Choose at most %(count)d months.",
                        MAX_HISTORY_MONTHS,
                    )
                    % {"count": MAX_HISTORY_MONTHS},
                )
            else:
                period = rollups.Period.months(start, end)
    history = analysis.monthly_history(access.account, period=period)
    shown = history.get("period")
    if shown is not None and not form.errors and period is None:
        # Show the months used in the inputs, also when they were defaulted.
        form.data = form.data.copy()
        form.data["date_from"] = f"{shown.date_from:%Y-%m}"
        form.data["date_to"] = f"{shown.date_to:%Y-%m}"
    months = history["months"]
    chart = {
        "labels": [f"{m['month']:%Y-%m}" for m in months],
        "revenue": [float(m["revenue"]) for m in months],
        "gross_profit": [float(m["gross_profit"]) for m in months],
        "names": {"revenue": _("Revenue"), "gross_profit": _("Gross profit")},
        "currency": history["currency"],
    }
    has_sales = any(m["revenue"] or m["gross_profit"] for m in months)
    return render(
        request,
        "portfolio/account_sales.html",
        {
            "account": access.account,
            "history": history,
            "months": months,
            "chart": chart,
            "has_sales": has_sales,
            "form": form,
            "errors": _form_errors(form),
        },
    )
