"""The forecast from the sales rollups: yearly revenue, and why a short history has none."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from keyplan.sales.forecast.domain import YearValue
from keyplan.sales.forecast.selectors import account_forecast, yearly_revenue
from tests.plans.support import rollup

TODAY = date(2025, 6, 15)


def assert_ordered(points) -> None:
    for point in points:
        assert Decimal(0) <= point.lower <= point.mid <= point.upper


@pytest.mark.django_db
def test_yearly_revenue_sums_complete_years_in_the_account_currency(world):
    account = world.account
    rollup(account, date(2021, 3, 1), "100.10")
    rollup(account, date(2021, 11, 1), "50.00", line="B")
    rollup(account, date(2023, 1, 1), "300.00")
    rollup(account, date(2023, 1, 1), "999.00", currency="EUR")  # another currency: left out
    rollup(account, date(2025, 2, 1), "70.00")  # this year: so far, not history

    history, year_to_date = yearly_revenue(account, today=TODAY)

    assert history == [
        YearValue(2021, Decimal("150.10")),
        YearValue(2022, Decimal("0.00")),  # a year without sales counts as zero
        YearValue(2023, Decimal("300.00")),
        YearValue(2024, Decimal("0.00")),
    ]
    assert year_to_date == YearValue(2025, Decimal("70.00"))


@pytest.mark.django_db
def test_account_forecast_uses_the_history_and_explains_a_short_one(world):
    rollup(world.account, date(2024, 5, 1), "1000.00")

    short = account_forecast(world.account, today=TODAY)
    for year, amount in ((2020, "800"), (2021, "900"), (2022, "950"), (2023, "1000")):
        rollup(world.account, date(year, 6, 1), amount)
    enough = account_forecast(world.account, today=TODAY)

    assert not short.available and "1 complete year" in short.reason
    assert enough.available and enough.currency == "PLN"
    assert [p.year for p in enough.points] == [2025, 2026, 2027]
    assert_ordered(enough.points)
