"""The overview's revenue and gross profit chart (issue #18): the 24 months up to the
latest sale, each month's own figures in the base currency as exact decimal strings,
in a json_script the page's script draws from; the yearly table stays beside it."""

from __future__ import annotations

import json
import re
from datetime import date
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from keyplan.sales.models import ExchangeRate, MonthlyRollup

HTMX = {"HTTP_HX_REQUEST": "true"}


def _sale(account, month: date, revenue: str, cost: str, currency: str = "PLN") -> None:
    MonthlyRollup.objects.create(
        account=account,
        month=month,
        currency=currency,
        revenue=Decimal(revenue),
        cost=Decimal(cost),
        lines=1,
    )


def _chart(html: str) -> dict:
    found = re.search(
        r'<script id="overview-trend-data" type="application/json">(.*?)</script>', html, re.S
    )
    assert found, "no chart data on the overview"
    return json.loads(found.group(1))


def test_overview_chart_has_24_months_in_the_base_currency(world, client_for):
    ExchangeRate.objects.create(currency="EUR", rate=Decimal("4.3"))
    _sale(world.account, date(2024, 12, 1), "999.00", "1.00")  # before the 24 months
    _sale(world.account, date(2025, 1, 1), "200.00", "50.00")
    _sale(world.account, date(2026, 6, 1), "100.00", "40.00", currency="EUR")
    _sale(world.account, date(2026, 6, 1), "0.10", "0.05")
    _sale(world.account, date(2026, 12, 1), "1000.50", "400.25")  # the latest sale

    html = client_for("owner").get(reverse("accounts:detail", args=[world.account.pk])).content
    chart = _chart(html.decode())

    assert chart["currency"] == "PLN"
    assert chart["names"] == {"revenue": "Revenue", "gross_profit": "Gross profit"}
    assert len(chart["months"]) == 24
    assert chart["months"][0] == "2025-01" and chart["months"][-1] == "2026-12"
    by_month = dict(zip(chart["months"], zip(chart["revenue"], chart["gross_profit"])))
    assert by_month["2025-01"] == ("200.00", "150.00")
    assert by_month["2026-06"] == ("430.10", "258.05")  # 100 EUR at 4.3, plus 0.10 PLN
    assert by_month["2026-12"] == ("1000.50", "600.25")
    assert by_month["2025-02"] == ("0.00", "0.00")
    assert '<div class="chart chart-small js-overview-trend-chart"' in html.decode()
    # The yearly figures stay as the table beside the chart.
    assert 'id="trend-revenue"' in html.decode()


def test_the_chart_comes_with_the_overview_panel_and_not_without_sales(world, client_for):
    client = client_for("owner")
    url = reverse("accounts:detail", args=[world.account.pk])
    assert b"overview-trend-data" not in client.get(url).content
    _sale(world.account, date(2026, 12, 1), "10.00", "4.00")
    chart = _chart(client.get(url, **HTMX).content.decode())
    assert chart["revenue"][-1] == "10.00" and chart["gross_profit"][-1] == "6.00"


def test_the_chart_reads_a_fixed_number_of_queries(world, client_for):
    client = client_for("owner")
    url = reverse("accounts:detail", args=[world.account.pk])
    _sale(world.account, date(2026, 12, 1), "10.00", "4.00")
    client.get(url)  # the first view creates the settings rows

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url, **HTMX).status_code == 200
        return len(ctx.captured_queries)

    small = count()
    for month in range(1, 12):
        _sale(world.account, date(2026, month, 1), "5.00", "1.00")
        _sale(world.account, date(2025, month, 1), "5.00", "1.00", currency="EUR")
    assert count() == small
