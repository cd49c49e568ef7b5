"""Cash pages: the receivables of the visible accounts (filtered, sorted, paged, exported)
and one account's cash with its ageing and trend."""

from __future__ import annotations

import csv
import io
from datetime import date

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
from keyplan.sales.cash.domain import BUCKET_KEYS
from keyplan.sales.figures.domain import quantize
from keyplan.users.access import can_import

from ..common import owners
from .forms import CashFilterForm
from .selectors import DEFAULT_SORT, CashTable, account_cash_detail, cash_table

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def bucket_labels() -> dict[str, str]:
    return {
        "current": _("Not yet due"),
        "d1_30": _("1–30 days"),
        "d31_60": _("31–60 days"),
        "d61_90": _("61–90 days"),
        "over_90": _("Over 90 days"),
    }


def _ageing_chart(table_or_cash, currency: str) -> dict:
    labels = bucket_labels()
    return {
        "labels": [labels[key] for key in BUCKET_KEYS],
        "values": [float(table_or_cash.buckets[key]) for key in BUCKET_KEYS],
        "currency": currency,
    }


@internal_required
@require_GET
def cash_list(request):
    form = CashFilterForm(request.GET)
    filters = form.filters()
    table = cash_table(user=request.user, filters=filters)
    page = Paginator(table.rows, settings.KEYPLAN_PAGE_SIZE).get_page(request.GET.get("page"))
    summed = table.total
    context = {
        "form": form,
        "filters": filters,
        "filtered": bool(filters.q or filters.owner or filters.account_class),
        "table": table,
        "total": summed,
        "page": page,
        "buckets": bucket_labels(),
        "bucket_keys": BUCKET_KEYS,
        "ageing_chart": _ageing_chart(summed, table.currency) if table.rows else None,
        "owners": owners(request.user),
        "class_choices": AccountClass.choices,
        "default_sort": DEFAULT_SORT,
        "can_import": can_import(request.user),
    }
    template = "economics/_cash_results.html" if request.htmx else "economics/cash.html"
    return render(request, template, context)


def _columns() -> list[str]:
    labels = bucket_labels()
    return [
        _("External id"),
        _("Account"),
        _("Class"),
        _("Owner"),
        _("Billed (365 days)"),
        _("Paid (365 days)"),
        _("Open"),
        _("Overdue"),
        *[labels[key] for key in BUCKET_KEYS],
        _("Overdue share"),
        _("DSO, days"),
        _("Days paid late"),
        _("Currency"),
    ]


def _export_rows(table: CashTable) -> list[list]:
    classes = dict(AccountClass.choices)
    rows = []
    for row in table.rows:
        cash = row.cash
        rows.append(
            [
                row.external_id,
                row.name,
                str(classes.get(row.account_class, row.account_class)),
                row.owner,
                cash.billed,
                cash.paid,
                cash.open,
                cash.overdue,
                *[cash.buckets[key] for key in BUCKET_KEYS],
                cash.overdue_share,
                cash.dso,
                cash.days_late,
                table.currency,
            ]
        )
    return rows


def _filename(table: CashTable, extension: str) -> str:
    day = table.as_of or date.today()
    return f"cash-{day:%Y-%m-%d}.{extension}"


@internal_required
@require_GET
def cash_export(request, fmt: str):
    """The cash table as CSV (UTF-8 with BOM, point decimals) or XLSX: every row the
    filters select (not only the page shown), under the same access rule."""
    table = cash_table(user=request.user, filters=CashFilterForm(request.GET).filters())
    # Amounts exported at two places: the exact value rounded half up.
    money_columns = range(4, 4 + 4 + len(BUCKET_KEYS))
    rows = [
        [
            quantize(cell) if index in money_columns and cell is not None else cell
            for index, cell in enumerate(row)
        ]
        for row in _export_rows(table)
    ]
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(_columns())
        for row in rows:
            writer.writerow(["" if cell is None else safe_cell(cell) for cell in row])
        response = HttpResponse(
            "\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8"
        )
    else:
        response = HttpResponse(_xlsx(rows, money_columns), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{_filename(table, fmt)}"'
    return response


def _xlsx(rows: list[list], money_columns: range) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Cash")[:31])
    sheet.freeze_panes = "A2"
    sheet.append(_columns())
    share_column = money_columns.stop

    def cell(index: int, value):
        if value is None:
            return None
        if index in money_columns or index == share_column:
            formatted = WriteOnlyCell(sheet, value=value)
            formatted.number_format = "0.00%" if index == share_column else "#,##0.00"
            return formatted
        return safe_cell(value)

    for row in rows:
        sheet.append([cell(index, value) for index, value in enumerate(row)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@internal_required
@require_GET
def account_cash(request, pk):
    access = account_for_user(request.user, pk)
    form = CashFilterForm(request.GET)
    detail = account_cash_detail(account=access.account, as_of=form.filters().as_of)
    trend = [
        {
            "day": point.day.isoformat(),
            "open": float(point.open),
            "overdue": float(point.overdue),
            "dso": None if point.dso is None else float(point.dso),
            "days_late": None if point.days_late is None else float(point.days_late),
        }
        for point in detail.trend
    ]
    context = {
        "account": access.account,
        "form": form,
        "detail": detail,
        "cash": detail.cash,
        "buckets": bucket_labels(),
        "bucket_keys": BUCKET_KEYS,
        "ageing_chart": _ageing_chart(detail.cash, detail.currency) if detail.cash else None,
        "trend_chart": {
            "points": trend,
            "currency": detail.currency,
            "names": {
                "open": _("Open"),
                "overdue": _("Overdue"),
                "dso": _("DSO, days"),
                "days_late": _("Days paid late"),
            },
        }
        if trend
        else None,
    }
    return render(request, "economics/account_cash.html", context)
