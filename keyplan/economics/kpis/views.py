"""The KPI page (/economics/kpis/): a card per KPI with this year's value, last year's, the
target and whether it is met, a chart of the years with the target line; the per-class
breakdown; the accounts' revenue and gross profit growth (sorted, paged); the target form
and the targets' history. Read by every internal user over the accounts they may see;
targets are set by administrators and directors only (403 for the others)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from keyplan.accounts.models import AccountClass
from keyplan.core import exports
from keyplan.core.decorators import internal_required
from keyplan.core.history import SETTINGS_HISTORY
from keyplan.core.money import format_money, format_number
from keyplan.core.web import apply_service_errors, parse_int
from keyplan.portfolio.access import can_manage_portfolio, require_portfolio_manager

from ..common import sorted_rows
from ..models import Kpi
from . import domain, services
from .forms import KpiTargetClearForm, KpiTargetForm
from .selectors import KpiReport, kpi_report, kpi_target_history, target_list

TEMPLATE = "economics/kpis.html"
SORT_KEYS = {
    "name": lambda row: row.name.casefold(),
    "revenue": lambda row: row.revenue,
    "previous_revenue": lambda row: row.previous_revenue,
    "revenue_growth": lambda row: row.revenue_growth,
    "gross_profit": lambda row: row.gross_profit,
    "gross_profit_growth": lambda row: row.gross_profit_growth,
}
DEFAULT_SORT = "-revenue_growth"


def shown(kpi: str, value: Decimal | None, currency: str) -> str:
    """A KPI value as the page shows it, in the page's language; "no data" for None."""
    if value is None:
        return _("no data")
    unit = domain.UNITS[kpi]
    if unit == "money":
        return format_money(value, currency)
    if unit == "percent":
        return f"{format_number(value, places=2)}%"
    return format_number(value, places=1 if unit == "days" else 2)


def _year(request) -> int | None:
    # Before the first year shown there is nothing to report; beyond 9999 no date exists.
    return parse_int(request.GET.get("year"), minimum=domain.FIRST_YEAR, maximum=9999)


def _chart(report: KpiReport, kpi: str, scope: str) -> dict:
    def number(value):
        return None if value is None else float(value)

    return {
        "years": [str(year) for year in report.years],
        "values": [number(report.value(kpi, y, scope)) for y in report.years],
        "targets": [number(report.target(kpi, y, scope)) for y in report.years],
        "unit": domain.UNITS[kpi],
        "currency": report.currency,
        "labels": {"value": _("Actual"), "target": _("Target")},
    }


def _cards(report: KpiReport) -> list[dict]:
    scope = "" if report.scope == "" else report.scope
    year, last = report.year, report.year - 1
    cards = []
    for kpi, label in Kpi.choices:
        if scope and kpi in domain.WHOLE_ONLY:
            continue
        cards.append(
            {
                "kpi": kpi,
                "label": label,
                "value": shown(kpi, report.value(kpi, year, scope), report.currency),
                "last": shown(kpi, report.value(kpi, last, scope), report.currency),
                "target": report.target(kpi, year, scope),
                "target_shown": shown(kpi, report.target(kpi, year, scope), report.currency),
                "status": report.status(kpi, year, scope),
                "detail": report.details.get((kpi, scope, year), {}),
                "chart": _chart(report, kpi, scope),
                "history": [
                    {
                        "year": y,
                        "value": shown(kpi, report.value(kpi, y, scope), report.currency),
                        "target": shown(kpi, report.target(kpi, y, scope), report.currency)
                        if report.target(kpi, y, scope) is not None
                        else "",
                        "status": report.status(kpi, y, scope),
                    }
                    for y in report.years
                ],
            }
        )
    return cards


def _breakdown(report: KpiReport) -> list[dict]:
    year = report.year
    return [
        {
            "label": label,
            "cells": [
                {
                    "value": shown(kpi, report.value(kpi, year, cls), report.currency),
                    "status": report.status(kpi, year, cls),
                }
                for cls in ("", *AccountClass.values)
            ],
        }
        for kpi, label in Kpi.choices
        if kpi not in domain.WHOLE_ONLY
    ]


def _context(request, *, form: KpiTargetForm | None = None) -> dict:
    params = request.GET
    report = _report(request)
    sort = params.get("sort", DEFAULT_SORT)
    rows = sorted_rows(
        report.accounts,
        sort,
        SORT_KEYS,
        DEFAULT_SORT,
        name=lambda row: (row.name.casefold(), row.account_id),
    )
    page = Paginator(rows, settings.KEYPLAN_PAGE_SIZE).get_page(params.get("page"))
    manager = can_manage_portfolio(request.user)
    if manager and form is None:
        form = KpiTargetForm(initial={"year": report.year, "account_class": report.scope})
    return {
        "report": report,
        "cards": _cards(report),
        "breakdown": _breakdown(report),
        "class_choices": AccountClass.choices,
        "scope_label": dict(AccountClass.choices).get(report.scope, ""),
        "year_choices": list(range(report.today.year - 6, report.today.year + 1)),
        "page": page,
        "default_sort": DEFAULT_SORT,
        "can_manage": manager,
        "form": form,
        **_targets(report),
    }


def _scope(account_class: str) -> str:
    if not account_class:
        return _("Whole portfolio")
    return str(dict(AccountClass.choices).get(account_class, account_class))


def _targets(report: KpiReport) -> dict:
    labels = dict(Kpi.choices)
    currency = report.currency
    current = [
        {
            "kpi": t.kpi,
            "label": labels.get(t.kpi, t.kpi),
            "account_class": t.account_class,
            "scope": _scope(t.account_class),
            "year": t.year,
            "value": shown(t.kpi, t.value, currency) if t.kpi in domain.UNITS else t.value,
            "note": t.note,
            "set_by": t.set_by,
        }
        for t in target_list(report.years)
    ]
    history = [
        {
            "when": r.history_date,
            "who": r.history_user,
            "label": labels.get(r.kpi, r.kpi),
            "scope": _scope(r.account_class),
            "year": r.year,
            "value": shown(r.kpi, r.value, currency) if r.kpi in domain.UNITS else r.value,
            "note": r.note,
            "cleared": r.history_type == "-",
        }
        for r in kpi_target_history(SETTINGS_HISTORY)
    ]
    return {"current_targets": current, "target_history": history}


@internal_required
@require_GET
def kpis(request):
    return render(request, TEMPLATE, _context(request))


def _report(request) -> KpiReport:
    return kpi_report(
        user=request.user, year=_year(request), account_class=request.GET.get("class", "")
    )


def _unit(kpi: str, currency: str) -> str:
    unit = domain.UNITS[kpi]
    labels = {"money": currency, "percent": "%", "days": _("days"), "score": _("score")}
    return str(labels.get(unit, ""))


def _figure(kpi: str, value: Decimal | None) -> Decimal | None:
    # Money is rounded to cents here, where it is shown; other units are stated as computed.
    if value is not None and domain.UNITS[kpi] == "money":
        return value.quantize(exports.CENT, rounding=ROUND_HALF_UP)
    return value


def _status_label(status: str | None) -> str:
    return {"on": _("on target"), "behind": _("behind target")}.get(status or "", "")


@internal_required
@require_GET
def kpis_export(request, fmt: str):
    """The KPI cards as CSV or XLSX: one row per KPI and year shown, for the page's year
    and class, over the accounts the user may see."""
    exports.check_format(fmt)
    report = _report(request)
    scope = report.scope
    rows = [
        (
            str(label),
            y,
            _unit(kpi, report.currency),
            _figure(kpi, report.value(kpi, y, scope)),
            _figure(kpi, report.target(kpi, y, scope)),
            _status_label(report.status(kpi, y, scope)),
        )
        for kpi, label in Kpi.choices
        if not (scope and kpi in domain.WHOLE_ONLY)
        for y in report.years
    ]
    columns = [
        exports.Column(_("KPI")),
        exports.Column(_("Year")),  # a number written without a thousands separator
        exports.Column(_("Unit")),
        exports.Column(_("Actual"), exports.DECIMAL),
        exports.Column(_("Target"), exports.DECIMAL),
        exports.Column(_("Status")),
    ]
    return exports.export_response(
        fmt=fmt,
        filename=exports.dated_name("kpis"),
        columns=columns,
        rows=rows,
        sheet_title=_("Key-account KPIs"),
    )


@internal_required
@require_GET
def kpi_accounts_export(request, fmt: str):
    """The growth per account as CSV or XLSX, in the page's year, class and sort (all
    pages), over the accounts the user may see."""
    exports.check_format(fmt)
    report = _report(request)
    rows = sorted_rows(
        report.accounts,
        request.GET.get("sort", DEFAULT_SORT),
        SORT_KEYS,
        DEFAULT_SORT,
        name=lambda row: (row.name.casefold(), row.account_id),
    )
    money = {"currency": report.currency}
    columns = [
        exports.Column(_("Account")),
        exports.Column(_("Class")),
        exports.Column(_("Revenue (%(currency)s)") % money, exports.MONEY),
        exports.Column(_("Revenue a year before (%(currency)s)") % money, exports.MONEY),
        exports.Column(_("Revenue growth, %"), exports.DECIMAL),
        exports.Column(_("Gross profit (%(currency)s)") % money, exports.MONEY),
        exports.Column(_("Gross profit growth, %"), exports.DECIMAL),
    ]
    return exports.export_response(
        fmt=fmt,
        filename=exports.dated_name(f"kpi-accounts-{report.year}"),
        columns=columns,
        rows=[
            (
                r.name,
                r.class_label,
                r.revenue,
                r.previous_revenue,
                r.revenue_growth,
                r.gross_profit,
                r.gross_profit_growth,
            )
            for r in rows
        ],
        sheet_title=_("Revenue growth"),
    )


def _back(request) -> str:
    year = request.POST.get("return_year", "")
    url = reverse("economics:kpis")
    return f"{url}?year={year}" if year.isdigit() else url


@internal_required
@require_POST
def kpi_target_set(request):
    require_portfolio_manager(request.user)
    form = KpiTargetForm(request.POST)
    if form.is_valid():
        try:
            services.kpi_target_set(user=request.user, **form.service_data())
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Target saved."))
            return redirect(_back(request) + "#targets")
    return render(request, TEMPLATE, _context(request, form=form), status=422)


@internal_required
@require_POST
def kpi_target_clear(request):
    require_portfolio_manager(request.user)
    form = KpiTargetClearForm(request.POST)
    if not form.is_valid():
        raise Http404
    data = form.cleaned_data
    services.kpi_target_clear(
        user=request.user,
        kpi=data["kpi"],
        year=data["year"],
        account_class=data.get("account_class") or "",
    )
    messages.success(request, _("Target cleared."))
    return redirect(_back(request) + "#targets")
