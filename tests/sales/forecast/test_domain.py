"""The revenue forecast model (statsmodels exponential smoothing). No database."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from keyplan.sales.forecast.domain import YearValue, forecast_yearly


def years(*values: int, first: int = 2019) -> list[YearValue]:
    return [YearValue(first + i, Decimal(v)) for i, v in enumerate(values)]


def assert_ordered(points) -> None:
    for point in points:
        assert Decimal(0) <= point.lower <= point.mid <= point.upper


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
