"""The CSV/XLSX export helper: numbers as numbers, dates as dates, money rounded only
here, formula injection neutralised, unknown formats 404."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.http import Http404
from openpyxl import load_workbook

from keyplan.core import exports

COLUMNS = [
    exports.Column("Name"),
    exports.Column("Amount", exports.MONEY),
    exports.Column("Share", exports.PERCENT),
    exports.Column("Day", exports.DATE),
    exports.Column("Count", exports.INTEGER),
]
ROWS = [
    ['=HYPERLINK("x")', Decimal("1234.5650"), Decimal("0.25"), date(2026, 3, 1), 7],
    ["Żółć", Decimal("-0.0050"), None, None, 0],
]


def test_csv_rounds_money_half_up_keeps_dates_iso_and_neutralises_formulas():
    text = exports.csv_bytes(COLUMNS, ROWS).decode("utf-8")
    assert text.startswith("\ufeffName,Amount,Share,Day,Count\r\n")
    lines = text.lstrip("\ufeff").splitlines()
    assert lines[1] == '"\'=HYPERLINK(""x"")",1234.57,0.25,2026-03-01,7'
    assert lines[2] == "Żółć,-0.01,,,0"


def test_xlsx_numbers_and_dates_are_typed():
    book = load_workbook(io.BytesIO(exports.xlsx_bytes("Accounts: [all]", COLUMNS, ROWS)))
    sheet = book.active
    assert sheet.title == "Accounts all"
    assert [c.value for c in sheet[1]] == ["Name", "Amount", "Share", "Day", "Count"]
    name, amount, share, day, count = sheet[2]
    assert name.value == '\'=HYPERLINK("x")'
    assert amount.value == pytest.approx(1234.57) and amount.number_format == "#,##0.00"
    assert share.value == pytest.approx(0.25) and share.number_format == "0.0%"
    assert day.value == datetime(2026, 3, 1) and day.is_date
    assert count.value == 7


def test_aware_datetimes_are_written_in_local_time(settings):
    settings.TIME_ZONE = "Europe/Warsaw"
    columns = [exports.Column("At", exports.DATETIME)]
    rows = [[datetime(2026, 1, 1, 23, 30, tzinfo=UTC)]]
    assert exports.csv_bytes(columns, rows).decode().splitlines()[1] == "2026-01-02 00:30:00"


def test_unknown_format_is_404():
    with pytest.raises(Http404):
        exports.check_format("pdf")
