"""The warnings list taken to a spreadsheet: the page's filters, every page, under the
access rule; money as rounded numbers, dates as dates, formulas kept as text."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from keyplan.economics.models import WarningState

from .support import DECLINING, declining, last_month, sale


def _csv(response) -> list[list[str]]:
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def _xlsx(response):
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="warnings-')
    return load_workbook(io.BytesIO(response.content)).active


def test_the_csv_lists_the_filtered_warnings_of_visible_accounts(world, client_for):
    declining(world)
    url = reverse("economics:warnings-export", args=["csv"])
    rows = _csv(client_for("owner").get(url, {"kind": DECLINING}))
    assert rows[0][:6] == ["Account", "Class", "Owner", "Kind", "Severity", "At stake (PLN)"]
    assert len(rows) == 2
    account, _class, _owner, kind, _severity, stake, message = rows[1][:7]
    assert account == "Polmet Sp. z o.o."
    assert kind == "Declining orders"
    assert stake == "1200.00"
    assert message
    # The outsider sees only the other account's warnings.
    assert {r[0] for r in _csv(client_for("outsider").get(url))[1:]} == {"Other Customer GmbH"}


def test_the_xlsx_has_numbers_dates_and_text_safe_from_formulas(world, client_for):
    declining(world)
    world.account.name = '=HYPERLINK("x")'
    world.account.save()
    until = timezone.localdate() + timedelta(days=5)
    WarningState.objects.create(
        account=world.account,
        key="relationship:no_links",
        decision="snoozed",
        snoozed_until=until,
        note="+call back",
    )
    url = reverse("economics:warnings-export", args=["xlsx"])
    sheet = _xlsx(client_for("director").get(url, {"hidden": "1"}))
    header = [c.value for c in sheet[1]]
    rows = list(sheet.iter_rows(min_row=2))
    stake = header.index("At stake (PLN)")
    money = next(r for r in rows if r[3].value == "Declining orders")
    assert money[0].value == '\'=HYPERLINK("x")'
    assert money[stake].value == 1200 and money[stake].number_format == "#,##0.00"
    snoozed = next(r for r in rows if r[header.index("State")].value == "Snoozed")
    cell = snoozed[header.index("Snoozed until")]
    assert cell.is_date and cell.value.date() == until
    assert snoozed[header.index("Note")].value == "'+call back"
    # Without "hidden" the snoozed warning is left out, as on the page.
    plain = _xlsx(client_for("director").get(url))
    assert "Snoozed" not in [r[header.index("State")].value for r in plain.iter_rows(min_row=2)]


def test_the_money_is_rounded_only_in_the_file(world, client_for):
    last = last_month()
    from keyplan.sales.figures.domain import add_months

    for back in range(3):
        sale(world.account, add_months(last, -back), "100.004")
        sale(world.account, add_months(last, -back - 12), "200.015")
    url = reverse("economics:warnings-export", args=["csv"])
    rows = _csv(client_for("director").get(url, {"kind": DECLINING}))
    # (600.045 - 300.012) a quarter, annualised: 1200.132, rounded half up to cents.
    assert rows[1][5] == "1200.13"


def test_the_page_links_the_downloads_with_its_filters(world, client_for):
    declining(world)
    body = client_for("director").get("/economics/warnings/", {"kind": DECLINING}).content
    assert b"/economics/warnings/export.xlsx?kind=declining_orders" in body


def test_an_unknown_format_is_404(world, client_for):
    assert client_for("director").get("/economics/warnings/export.pdf").status_code == 404
