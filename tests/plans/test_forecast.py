"""The revenue forecast (statsmodels exponential smoothing) and goal progress from data."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from keyplan.plans import selectors
from keyplan.plans.forecast import YearValue, account_forecast, forecast_yearly, yearly_revenue
from keyplan.sales.models import MonthlyRollup

from .support import add, make_plan

TODAY = date(2025, 6, 15)


def years(*values: int, first: int = 2019) -> list[YearValue]:
    return [YearValue(first + i, Decimal(v)) for i, v in enumerate(values)]


def assert_ordered(points) -> None:
    for point in points:
        assert Decimal(0) <= point.lower <= point.mid <= point.upper


# --- the model, no database --------------------------------------------------------------


def test_a_growing_history_gives_three_years_with_a_trend_and_an_interval():
    result = forecast_yearly(years(100_000, 120_000, 130_000, 150_000, 160_000, 175_000))

    assert result.available and result.reason == ""
    assert result.method == "holt"
    assert [p.year for p in result.points] == [2025, 2026, 2027]
    assert_ordered(result.points)
    mids = [p.mid for p in result.points]
    assert mids == sorted(mids) and mids[0] > Decimal(175_000)  # the trend goes on
    assert result.points[-1].upper - result.points[-1].lower > 0


def test_two_or_three_years_give_a_level_forecast_without_a_trend():
    result = forecast_yearly(years(100, 120, 110))

    assert result.method == "ses"
    assert len(result.points) == 3
    assert_ordered(result.points)
    assert len({p.mid for p in result.points}) == 1


def test_fewer_than_two_years_give_no_forecast_and_say_why():
    for history in ([], years(100)):
        result = forecast_yearly(history)

        assert not result.available
        assert result.points == ()
        assert "Not enough history" in result.reason
        assert result.method_label == ""


def test_a_flat_history_forecasts_the_same_amount():
    result = forecast_yearly(years(500, 500, 500, 500))

    assert [(p.lower, p.mid, p.upper) for p in result.points] == [(Decimal("500.00"),) * 3] * 3


def test_a_collapsing_history_never_forecasts_negative_revenue():
    result = forecast_yearly(years(1_000_000, 600_000, 300_000, 50_000, 1_000))

    assert_ordered(result.points)


@settings(max_examples=25, deadline=None)
@given(st.lists(st.integers(0, 10_000_000), min_size=2, max_size=9))
def test_any_history_gives_ordered_non_negative_points(values):
    result = forecast_yearly(years(*values))

    assert result.available
    assert len(result.points) == 3
    assert_ordered(result.points)


# --- from the sales rollups --------------------------------------------------------------


def rollup(account, month: date, revenue: str, cost: str = "0", currency: str = "PLN", line=""):
    return MonthlyRollup.objects.create(
        account=account,
        month=month,
        currency=currency,
        revenue=Decimal(revenue),
        cost=Decimal(cost),
        product_line=line,
    )


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


# --- goal progress from data -------------------------------------------------------------


@pytest.mark.django_db
def test_revenue_and_gross_profit_goals_are_measured_from_sales(world):
    plan = make_plan(world)  # 2025
    revenue_goal = add(plan, "goal", world.owner, metric="revenue", target="1000.00")
    profit_goal = add(
        plan,
        "goal",
        world.owner,
        metric="gross_profit",
        target="400.00",
        deadline=date(2025, 3, 31),
    )
    rollup(world.account, date(2024, 12, 1), "5000.00")  # before the plan
    rollup(world.account, date(2025, 1, 1), "300.00", "200.00")
    rollup(world.account, date(2025, 4, 1), "200.00", "50.00")
    rollup(world.account, date(2025, 5, 1), "777.00", currency="EUR")

    progress = dict(selectors.plan_goal_progress(plan, today=TODAY))

    assert progress[revenue_goal].actual == Decimal("500.00")
    assert progress[revenue_goal].percent == Decimal("50.0")
    assert progress[revenue_goal].expected_percent == Decimal("45.5")  # 166 of 365 days
    # the profit goal ended in March: April's sales do not count
    assert progress[profit_goal].actual == Decimal("100.00")
    assert progress[profit_goal].percent == Decimal("25.0")
    assert progress[profit_goal].expected_percent == Decimal("100.0")


@pytest.mark.django_db
def test_goals_without_data_say_why(world):
    plan = make_plan(world)
    revenue = add(plan, "goal", world.owner, metric="revenue", target="1000.00")
    wallet = add(plan, "goal", world.owner, metric="share_of_wallet", target="40")
    other = add(plan, "goal", world.owner, metric="other", target="3", unit="workshops")
    untargeted = add(plan, "goal", world.owner, metric="revenue", target=None)

    progress = dict(selectors.plan_goal_progress(plan, today=TODAY))

    assert "No sales in PLN" in progress[revenue].reason
    assert "share-of-wallet estimate" in progress[wallet].reason
    assert "not measured from data" in progress[other].reason
    assert "no target" in progress[untargeted].reason
    assert all(p.percent is None for p in progress.values())


@pytest.mark.django_db
def test_share_of_wallet_goals_use_the_wallet_estimate(world):
    from keyplan.portfolio.models import WalletEstimate

    plan = make_plan(world)
    add(plan, "goal", world.owner, metric="share_of_wallet", baseline="20", target="40")
    WalletEstimate.objects.create(
        account=world.account, category_spend=Decimal("10000"), currency="PLN"
    )
    rollup(world.account, date(2024, 6, 1), "9999.00")  # more than twelve months before June 2025
    rollup(world.account, date(2024, 7, 1), "1000.00")
    rollup(world.account, date(2025, 5, 1), "2000.00")

    ((_goal, progress),) = selectors.plan_goal_progress(plan, today=TODAY)

    assert progress.actual == Decimal("30.00")  # 3,000 of 10,000 over the last twelve months
    assert progress.percent == Decimal("50.0")
