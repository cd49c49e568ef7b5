"""P&L pages: the accounts' P&L (filtered, sorted, paged, exported), the whale curve,
and one account's P&L with its waterfall and months."""

from __future__ import annotations

import csv
import io

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from keyplan.accounts.access import account_for_user
from keyplan.accounts.models import AccountClass
from keyplan.core.csvsafe import safe_cell
from keyplan.core.decorators import internal_required
from keyplan.portfolio.access import can_manage_portfolio
from keyplan.portfolio.management import OptionError, resolve_period
from keyplan.sales.figures.domain import Period, quantize

from ..common import owners
from .classes import class_totals
from .domain import PnL, waterfall
from .group.selectors import in_group
from .selectors import DEFAULT_SORT, SORTS, PnLFilters, PnLTable, account_pnl, pnl_table

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def step_labels() -> dict[str, str]:
    return {
        "revenue": _("Revenue"),
        "cost_of_goods": _("Cost of goods"),
        "gross_profit": _("Gross profit"),
        "time": _("Our people's time"),
        "services": _("Service costs"),
        "money": _("Cost of money"),
        "contribution": _("Contribution"),
    }


def _int(value: str | None) -> int | None:
    try:
        number = int(value or "")
    except ValueError:
        return None
    return number if 0 < number < 2**63 else None


def _period(request) -> tuple[Period, str | None]:
    """The period the page asks for (from/to as YYYY-MM), or the default with the reason
    the asked one was refused."""
    params = request.GET
    try:
        return resolve_period(params.get("from") or None, params.get("to") or None), None
    except OptionError as exc:
        return resolve_period(None, None), f"{exc.option}: {exc.message}"


def _filters(request) -> PnLFilters:
    params = request.GET
    sort = params.get("sort", DEFAULT_SORT)
    account_class = params.get("class", "")
    return PnLFilters(
        q=params.get("q", "")[:200].replace("\x00", "").strip(),
        owner=_int(params.get("owner")),
        account_class=account_class if account_class in AccountClass.values else "",
        sort=sort if sort in SORTS else DEFAULT_SORT,
    )


def _common(request, table: PnLTable, filters: PnLFilters, problem: str | None) -> dict:
    return {
        "table": table,
        "report": table.report,
        "period": table.report.period,
        "filters": filters,
        "filtered": bool(filters.q or filters.owner or filters.account_class),
        "problem": problem,
        "owners": owners(request.user),
        "class_choices": AccountClass.choices,
        "default_sort": DEFAULT_SORT,
        "total": table.total,
        "class_totals": class_totals(table.rows),
        "can_manage": can_manage_portfolio(request.user),
    }


@internal_required
@require_GET
def pnl_list(request):
    period, problem = _period(request)
    filters = _filters(request)
    table = pnl_table(user=request.user, period=period, filters=filters)
    page = Paginator(table.rows, settings.KEYPLAN_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {**_common(request, table, filters, problem), "page": page}
    template = "economics/_pnl_results.html" if request.htmx else "economics/pnl.html"
    return render(request, template, context)


@internal_required
@require_GET
def whale(request):
    period, problem = _period(request)
    filters = _filters(request)
    table = pnl_table(user=request.user, period=period, filters=filters)
    curve = table.whale()
    names = {row.account_id: row.name for row in table.rows}
    chart = {
        "names": [names[p.account_id] for p in curve.points],
        "ids": [p.account_id for p in curve.points],
        "contribution": [float(p.contribution) for p in curve.points],
        "share": [None if p.share is None else float(p.share * 100) for p in curve.points],
        "peak": curve.peak_accounts,
        "currency": table.report.currency,
        "labels": {
            "contribution": _("Contribution"),
            "share": _("Cumulative share of the total contribution"),
        },
    }
    after = [(names[p.account_id], p) for p in curve.after_peak if p.contribution < 0]
    context = {
        **_common(request, table, filters, problem),
        "curve": curve,
        "chart": chart if curve.points else None,
        "after_peak": after[:50],
        "after_peak_more": max(len(after) - 50, 0),
    }
    return render(request, "economics/whale.html", context)


def _columns() -> list[str]:
    return [
        _("Account"),
        _("Class"),
        _("Owner"),
        _("Revenue"),
        _("Cost of goods"),
        _("Gross profit"),
        _("Gross margin"),
        _("Our people's time"),
        _("Service costs"),
        _("Cost of money"),
        _("Cost to serve"),
        _("Contribution"),
        _("Contribution margin"),
        _("Currency"),
    ]


def _cells(pnl: PnL) -> list:
    return [
        quantize(pnl.revenue),
        quantize(pnl.cost_of_goods),
        quantize(pnl.gross_profit),
        pnl.gross_margin,
        quantize(pnl.time),
        quantize(pnl.services),
        quantize(pnl.money),
        quantize(pnl.cost_to_serve),
        quantize(pnl.contribution),
        pnl.contribution_margin,
    ]


@internal_required
@require_GET
def pnl_export(request, fmt: str):
    """Every row the filters select (not one page), amounts at two places (the exact
    value rounded half up), margins as fractions; under the same access rule."""
    period, _problem = _period(request)
    table = pnl_table(user=request.user, period=period, filters=_filters(request))
    currency = table.report.currency
    rows = [
        [row.name, row.class_label, row.owner, *_cells(row.pnl), currency] for row in table.rows
    ]
    name = f"pnl-{period.date_from:%Y-%m}-{period.date_to:%Y-%m}.{fmt}"
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(_columns())
        for row in rows:
            writer.writerow(["" if cell is None else safe_cell(cell) for cell in row])
        body: str | bytes = "\ufeff" + buffer.getvalue()
        response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(_xlsx(rows), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _xlsx(rows: list[list]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("P&L")[:31])
    sheet.freeze_panes = "A2"
    sheet.append(_columns())
    shares = {6, 12}

    def cell(index: int, value):
        if value is None:
            return None
        if 3 <= index <= 12:
            formatted = WriteOnlyCell(sheet, value=value)
            formatted.number_format = "0.00%" if index in shares else "#,##0.00"
            return formatted
        return safe_cell(value)

    for row in rows:
        sheet.append([cell(index, value) for index, value in enumerate(row)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@internal_required
@require_GET
def account_pnl_page(request, pk):
    access = account_for_user(request.user, pk)
    period, problem = _period(request)
    detail = account_pnl(account=access.account, period=period)
    labels = step_labels()
    steps = waterfall(detail.pnl)
    context = {
        "account": access.account,
        "in_group": in_group(user=request.user, account=access.account),
        "detail": detail,
        "pnl": detail.pnl,
        "report": detail.report,
        "period": period,
        "problem": problem,
        "steps": [(labels[step.key], step) for step in steps],
        "waterfall_chart": {
            "labels": [labels[step.key] for step in steps],
            "amounts": [float(step.amount) for step in steps],
            "subtotals": [step.subtotal for step in steps],
            "currency": detail.report.currency,
        },
        "trend_chart": {
            "labels": [f"{month.date_from:%Y-%m}" for month, _pnl in detail.months],
            "revenue": [float(p.revenue) for _m, p in detail.months],
            "gross_profit": [float(p.gross_profit) for _m, p in detail.months],
            "contribution": [float(p.contribution) for _m, p in detail.months],
            "names": {
                "revenue": labels["revenue"],
                "gross_profit": labels["gross_profit"],
                "contribution": labels["contribution"],
            },
            "currency": detail.report.currency,
        },
    }
    return render(request, "economics/account_pnl.html", context)
