"""Lists taken away to a spreadsheet (SPEC §9): one table as CSV or XLSX.

- CSV: UTF-8 with a BOM (Excel opens it as UTF-8), comma-separated, point decimals,
  ISO dates; amounts rounded half up to two places (the exact amount is kept in the
  database and rounded only here, where it is shown).
- XLSX: numbers as numbers, amounts and percentages with a number format, dates as dates;
  the header row frozen. Written with openpyxl's write-only workbook (flat memory).
- Both: a text cell that a spreadsheet would run as a formula (=, +, -, @, tab, CR first)
  is prefixed with ' (keyplan.core.csvsafe), so a customer name cannot become a formula;
  characters XML cannot hold are dropped (in headers and sheet titles too), so that no
  stored text makes an export fail.

A view builds `Column`s and rows (lists of Python values: str, int, Decimal, date,
datetime, bool, None) from its selector, with the same filters as the page and under the
same access rule, and returns `export_response(...)`.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.functional import Promise

from .csvsafe import safe_cell
from .text import xml_safe

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = ("csv", "xlsx")
CENT = Decimal("0.01")

# Column kinds: how a value is written.
TEXT = "text"
INTEGER = "integer"
DECIMAL = "decimal"  # a number shown as stated (scores, days)
MONEY = "money"  # rounded half up to two places
PERCENT = "percent"  # a share 0..1 (XLSX shows it as %); CSV writes the share
DATE = "date"
DATETIME = "datetime"
NUMBER_FORMATS = {
    INTEGER: "#,##0",
    DECIMAL: "#,##0.##",
    MONEY: "#,##0.00",
    PERCENT: "0.0%",
    DATE: "yyyy-mm-dd",
    DATETIME: "yyyy-mm-dd hh:mm",
}


@dataclass(frozen=True)
class Column:
    header: str | Promise  # a lazy translation is read when the file is written
    kind: str = TEXT


def check_format(fmt: str) -> str:
    """The export format, or 404 for any other (the URL names it)."""
    if fmt not in FORMATS:
        raise Http404
    return fmt


def _number(value, kind: str):
    if kind == MONEY and isinstance(value, Decimal):
        return value.quantize(CENT, rounding=ROUND_HALF_UP)
    return value


def _local(value: datetime) -> datetime:
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.replace(tzinfo=None, microsecond=0)


def _csv_value(value, kind: str) -> object:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, datetime):
        return _local(value).isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if kind in (MONEY, DECIMAL, PERCENT, INTEGER) and isinstance(value, (int, Decimal, float)):
        return _number(value, kind)
    return safe_cell(str(value))


def csv_bytes(columns: Sequence[Column], rows: Iterable[Sequence]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([safe_cell(str(column.header)) for column in columns])
    for row in rows:
        writer.writerow(
            [_csv_value(value, column.kind) for column, value in zip(columns, row, strict=True)]
        )
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def xlsx_bytes(sheet_title: str, columns: Sequence[Column], rows: Iterable[Sequence]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    # A sheet title has at most 31 characters and none of []:*?/\
    title = "".join(c for c in xml_safe(str(sheet_title)) if c not in "[]:*?/\\")[:31] or "Sheet"
    sheet = workbook.create_sheet(title)
    sheet.freeze_panes = "A2"
    sheet.append([xml_safe(str(column.header)) for column in columns])

    def cell(value, kind: str):
        if value is None:
            return None
        if isinstance(value, bool):
            return value
        if isinstance(value, datetime):
            value = _local(value)
        if isinstance(value, (int, float, Decimal, date)):
            formatted = WriteOnlyCell(sheet, value=_number(value, kind))
            if kind in NUMBER_FORMATS:
                formatted.number_format = NUMBER_FORMATS[kind]
            return formatted
        return safe_cell(str(value))

    for row in rows:
        sheet.append([cell(value, c.kind) for c, value in zip(columns, row, strict=True)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export_response(
    *,
    fmt: str,
    filename: str,
    columns: Sequence[Column],
    rows: Iterable[Sequence],
    sheet_title: str = "",
) -> HttpResponse:
    """The rows as a CSV or XLSX download named `filename`.csv/.xlsx."""
    check_format(fmt)
    if fmt == "csv":
        response = HttpResponse(csv_bytes(columns, rows), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(
            xlsx_bytes(sheet_title or filename, columns, rows), content_type=XLSX_TYPE
        )
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response


def dated_name(stem: str, day: date | None = None) -> str:
    """`stem-YYYY-MM-DD`: the file name of an export made today."""
    return f"{stem}-{(day or timezone.localdate()):%Y-%m-%d}"
