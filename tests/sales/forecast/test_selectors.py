"""The forecast from the sales rollups: monthly revenue in the account's currency, the
months the sales data covers, and why a short history has none."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from keyplan.sales.forecast.domain import MonthValue, YearValue
from keyplan.sales.forecast.selectors import account_forecast, monthly_revenue, sales_data_end
from tests.plans.support import rollup

TODAY = date(2025, 6, 15)


def assert_ordered(points) -> None:
    for point in points:
        assert Decimal(0) <= point.lower <= point.mid <= point.upper


@pytest.mark.django_db
def test_monthly_revenue_sums_each_month_in_the_account_currency(world):
    account = world.account
    rollup(account, date(2021, 3, 1), "100.10")
    rollup(account, date(2021, 3, 1), "50.0025", line="B")  # four decimals: kept exactly
    rollup(account, date(2023, 1, 1), "300.00")
    rollup(account, date(2023, 1, 1), "999.00", currency="EUR")  # another currency: left out
    rollup(world.other_account, date(2025, 4, 1), "70.00")

    assert monthly_revenue(account) == [
        MonthValue(date(2021, 3, 1), Decimal("150.1025")),
        MonthValue(date(2023, 1, 1), Decimal("300.00")),
    ]
    assert sales_data_end() == date(2025, 4, 1)  # any account's


@pytest.mark.django_db
def test_account_forecast_uses_the_months_and_explains_a_short_history(world):
    rollup(world.account, date(2025, 3, 1), "1000.00")

    short = account_forecast(world.account, today=TODAY)
    for month in range(1, 13):
        for year in (2023, 2024):
            rollup(world.account, date(year, month, 1), str(900 + 10 * month + year % 10))
    rollup(world.account, date(2025, 5, 1), "1200.00")
    enough = account_forecast(world.account, today=TODAY)

    assert not short.available and "1 month(s)" in short.reason
    assert short.year_to_date == YearValue(
        2025, Decimal("1000.00"), 1
    )  # March: the data ends there
    assert enough.available and enough.currency == "PLN"
    assert [y.year for y in enough.history] == [2023, 2024]
    assert [p.year for p in enough.points] == [2025, 2026, 2027]
    assert enough.points[0].actual == Decimal("2200.00")
    assert enough.points[0].lower >= Decimal("2200.00")
    assert_ordered(enough.points)
