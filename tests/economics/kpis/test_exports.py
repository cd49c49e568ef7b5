"""The KPI page taken to a spreadsheet: the KPIs per year and the growth per account, for
the page's year and class, under the access rule; numbers as numbers, money rounded."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from unittest import mock

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from keyplan.economics.models import KpiTarget

from .support import TODAY, books


@pytest.fixture(autouse=True)
def _today():
    with mock.patch("django.utils.timezone.localdate", return_value=TODAY):
        yield


def _csv(response) -> list[list[str]]:
    assert response.status_code == 200, response.content[:300]
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def _xlsx(response):
    assert response.status_code == 200
    return load_workbook(io.BytesIO(response.content)).active


def test_the_kpi_sheet_has_a_row_per_kpi_and_year_with_target_and_status(world, client_for):
    books(world)
    KpiTarget.objects.create(kpi="net_retention", year=2026, value=Decimal("110"))
    url = reverse("economics:kpis-export", args=["xlsx"])
    sheet = _xlsx(client_for("director").get(url, {"year": "2026"}))
    header = [c.value for c in sheet[1]]
    assert header == ["KPI", "Year", "Unit", "Actual", "Target", "Status"]
    rows = {(r[0].value, r[1].value): r for r in sheet.iter_rows(min_row=2)}
    net = rows[("Net revenue retention (%)", 2026)]
    assert net[2].value == "%" and net[4].value == 110 and net[5].value == "on target"
    assert isinstance(net[3].value, (int, float)) and net[3].number_format == "#,##0.##"
    cost = rows[("Cost of winning a new account", 2026)]
    assert cost[2].value == "PLN" and cost[3].value == 150  # 3 h at 50.00 for one account
    assert rows[("Satisfaction (0–10)", 2026)][3].value is None  # no data, never 0


def test_the_growth_per_account_follows_class_sort_and_access(world, client_for):
    books(world)
    url = reverse("economics:kpi-accounts-export", args=["csv"])
    rows = _csv(client_for("director").get(url, {"year": "2026", "sort": "name"}))
    assert rows[0][:3] == ["Account", "Class", "Revenue (PLN)"]
    names = [r[0] for r in rows[1:]]
    assert names == sorted(names, key=str.casefold)
    polmet = next(r for r in rows if r[0] == "Polmet Sp. z o.o.")
    assert polmet[2:5] == ["1200.00", "1000.00", "20.00"]
    only = _csv(client_for("director").get(url, {"year": "2026", "class": "strategic"}))
    assert [r[0] for r in only[1:]] == ["Polmet Sp. z o.o."]
    outsider = _csv(client_for("outsider").get(url, {"year": "2026"}))
    assert "Polmet Sp. z o.o." not in [r[0] for r in outsider[1:]]


def test_the_page_links_both_downloads_with_its_filters(world, client_for):
    books(world)
    body = client_for("director").get("/economics/kpis/", {"year": "2026"}).content.decode()
    assert "/economics/kpis/export.csv?year=2026" in body
    assert "/economics/kpis/accounts/export.xlsx?year=2026" in body
