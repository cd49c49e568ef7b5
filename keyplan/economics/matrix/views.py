"""The profitability matrix page (chart, quadrant totals, the accounts' table) and its
CSV export, under the one access rule."""

from __future__ import annotations

import csv
import io

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from keyplan.accounts.models import AccountClass
from keyplan.core.csvsafe import safe_cell
from keyplan.core.decorators import internal_required
from keyplan.portfolio.access import can_manage_portfolio
from keyplan.portfolio.management import OptionError, resolve_period
from keyplan.sales.figures.domain import Period, quantize

from ..common import owners
from .domain import DEVELOP, FIX, GROW, NO_REVENUE, REPRICE
from .selectors import DEFAULT_SORT, SORTS, Matrix, MatrixFilters, matrix_choices
from .selectors import profitability_matrix as build_matrix

CLASS_COLOURS = {
    "strategic": "#2f5d8a",
    "regular": "#3f8f5a",
    "prospect": "#d08a1e",
    "suspect": "#9aa3ad",
}


def quadrant_labels() -> dict[str, str]:
    return {
        GROW: _("Grow and protect"),
        FIX: _("Fix the cost to serve"),
        DEVELOP: _("Develop"),
        REPRICE: _("Reprice or reduce service"),
        NO_REVENUE: _("No revenue"),
    }


def quadrant_hints() -> dict[str, str]:
    return {
        GROW: _("High revenue, high margin"),
        FIX: _("High revenue, low margin"),
        DEVELOP: _("Low revenue, high margin"),
        REPRICE: _("Low revenue, low margin"),
        NO_REVENUE: _("Not plotted: no margin without revenue"),
    }


def _int(value: str | None) -> int | None:
    try:
        number = int(value or "")
    except ValueError:
        return None
    return number if 0 < number < 2**63 else None


def parse_period(params) -> tuple[Period, str | None]:
    """The period asked for (from/to as YYYY-MM), or the default and why."""
    try:
        return resolve_period(params.get("from") or None, params.get("to") or None), None
    except OptionError as exc:
        return resolve_period(None, None), f"{exc.option}: {exc.message}"


def parse_filters(params) -> MatrixFilters:
    sort = params.get("sort", DEFAULT_SORT)
    account_class = params.get("class", "")
    country = params.get("country", "")[:2].upper()
    return MatrixFilters(
        q=params.get("q", "")[:200].replace("\x00", "").strip(),
        owner=_int(params.get("owner")),
        business_unit=_int(params.get("business_unit")),
        country=country if country.isalpha() else "",
        account_class=account_class if account_class in AccountClass.values else "",
        sort=sort if sort in SORTS else DEFAULT_SORT,
    )


def chart_data(matrix: Matrix, period: Period) -> dict | None:
    """The bubbles, one series per class: [revenue, margin %, gross profit, name, url]."""
    if matrix.split is None:
        return None
    query = f"?from={period.date_from:%Y-%m}&to={period.date_to:%Y-%m}"
    series = []
    for key, label in AccountClass.choices:
        points = [
            [
                float(row.pnl.revenue),
                float(row.pnl.contribution_margin * 100),
                float(row.pnl.gross_profit),
                row.name,
                reverse("economics:account-pnl", args=[row.account_id]) + query,
            ]
            for row in matrix.plotted
            if row.account_class == key and row.pnl.contribution_margin is not None
        ]
        if points:
            series.append({"name": str(label), "colour": CLASS_COLOURS[key], "points": points})
    labels = quadrant_labels()
    margin = matrix.split.margin
    return {
        "series": series,
        "split": {
            "revenue": float(matrix.split.revenue),
            "margin": float(margin * 100) if margin is not None else 0.0,
        },
        "quadrants": {key: labels[key] for key in (GROW, FIX, DEVELOP, REPRICE)},
        "labels": {
            "revenue": _("Revenue"),
            "margin": _("Contribution margin"),
            "gross_profit": _("Gross profit"),
        },
        "currency": matrix.report.currency,
    }


@internal_required
@require_GET
def matrix_page(request):
    period, problem = parse_period(request.GET)
    filters = parse_filters(request.GET)
    matrix = build_matrix(user=request.user, period=period, filters=filters)
    page = Paginator(matrix.rows, settings.KEYPLAN_PAGE_SIZE).get_page(request.GET.get("page"))
    labels = quadrant_labels()
    hints = quadrant_hints()
    context = {
        "matrix": matrix,
        "report": matrix.report,
        "period": period,
        "problem": problem,
        "filters": filters,
        "filtered": filters.active,
        "page": page,
        "chart": chart_data(matrix, period),
        "quadrant_labels": labels,
        "quadrants": [(labels[t.key], hints[t.key], t) for t in matrix.totals],
        "owners": owners(request.user),
        "class_choices": AccountClass.choices,
        "default_sort": DEFAULT_SORT,
        "can_manage": can_manage_portfolio(request.user),
        **matrix_choices(request.user),
    }
    template = "economics/_matrix_results.html" if request.htmx else "economics/matrix.html"
    return render(request, template, context)


def _columns() -> list[str]:
    return [
        _("Account"),
        _("Class"),
        _("Owner"),
        _("Revenue"),
        _("Gross profit"),
        _("Cost to serve"),
        _("Contribution"),
        _("Contribution margin"),
        _("Quadrant"),
        _("Currency"),
    ]


@internal_required
@require_GET
def matrix_export(request):
    """Every row the filters select (not one page): amounts at two places (rounded half
    up), the margin as a fraction, the quadrant by name; under the same access rule."""
    period, _problem = parse_period(request.GET)
    matrix = build_matrix(user=request.user, period=period, filters=parse_filters(request.GET))
    labels = quadrant_labels()
    currency = matrix.report.currency
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(_columns())
    for row in matrix.rows:
        margin = row.pnl.contribution_margin
        cells = [
            row.name,
            row.class_label,
            row.owner,
            quantize(row.pnl.revenue),
            quantize(row.pnl.gross_profit),
            quantize(row.pnl.cost_to_serve),
            quantize(row.pnl.contribution),
            "" if margin is None else margin,
            labels[row.quadrant],
            currency,
        ]
        writer.writerow([safe_cell(cell) for cell in cells])
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    name = f"matrix-{period.date_from:%Y-%m}-{period.date_to:%Y-%m}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
