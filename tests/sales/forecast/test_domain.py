"""The revenue forecast from monthly revenue (statsmodels exponential smoothing, a mean
for short histories). No database."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from keyplan.sales.forecast.domain import (
    MIN_MONTHS,
    MonthValue,
    YearValue,
    forecast_monthly,
    month_index,
    month_of,
)

D = Decimal


def months(*values: float, first: date = date(2022, 1, 1)) -> list[MonthValue]:
    start = month_index(first)
    return [MonthValue(month_of(start + i), D(str(v))) for i, v in enumerate(values)]


def assert_ordered(points) -> None:
    for point in points:
        assert D(0) <= point.lower <= point.mid <= point.upper
        assert point.lower >= point.actual


def growing(count: int, first: date, start: float = 100_000, step: float = 2_000) -> list:
    # A steady climb with a wobble, so that the model has something to fit.
    wobble = (0.9, 1.1, 1.0, 0.95, 1.05, 1.0)
    return months(
        *(round((start + step * i) * wobble[i % 6], 2) for i in range(count)), first=first
    )


def test_three_years_of_months_give_a_trend_the_current_year_and_two_more():
    history = growing(36, date(2023, 1, 1))  # January 2023 to December 2025
    result = forecast_monthly(history, today=date(2026, 1, 10))

    assert result.available and result.reason == ""
    assert result.method == "ets_trend"
    assert [y.year for y in result.history] == [2023, 2024, 2025]
    assert result.partial_start is None
    assert [p.year for p in result.points] == [2026, 2027, 2028]
    assert_ordered(result.points)
    mids = [p.mid for p in result.points]
    assert mids == sorted(mids) and mids[0] > result.history[-1].value  # the trend goes on
    assert all(p.upper - p.lower > 0 for p in result.points)


def test_the_current_year_is_its_actual_so_far_plus_the_rest():
    # January 2024 to September 2025 known; today in October 2025, with October's sales so
    # far already in.
    history = growing(21, date(2024, 1, 1)) + months(500_000, first=date(2025, 10, 1))
    result = forecast_monthly(history, today=date(2025, 10, 20))

    so_far = sum((m.value for m in history if m.month.year == 2025), D(0))
    current = result.points[0]
    assert current.year == 2025
    assert current.actual == so_far and current.actual_months == 9
    assert result.year_to_date == YearValue(2025, so_far, 9)
    # October alone is far above any forecast month: it counts as it is.
    assert current.lower >= so_far
    assert current.mid > so_far  # November and December are still to come
    assert [y.year for y in result.history] == [2024]


def test_a_partial_first_year_is_not_a_complete_year():
    # The demo's shape: sales from November 2023, data to October 2026, today December.
    history = growing(36, date(2023, 11, 1))
    result = forecast_monthly(history, today=date(2026, 12, 4), data_end=date(2026, 10, 1))

    assert result.partial_start is not None
    assert result.partial_start.year == 2023 and result.partial_start.months == 2
    assert result.partial_start.partial
    assert [y.year for y in result.history] == [2024, 2025]
    assert all(not y.partial for y in result.history)
    current = result.points[0]
    assert current.year == 2026 and current.actual_months == 10  # November: not known yet
    ytd = sum((m.value for m in history if m.month.year == 2026), D(0))
    assert current.actual == ytd <= current.lower <= current.mid
    # The two unknown months add about two months of revenue, not a year's.
    monthly = ytd / 10
    assert ytd + monthly < current.mid < ytd + 4 * monthly


def test_a_short_history_falls_back_to_the_mean_of_its_months():
    result = forecast_monthly(months(100, 120, 110, 90, 130), today=date(2022, 6, 1))

    assert result.method == "mean"
    assert [p.year for p in result.points] == [2022, 2023, 2024]
    assert_ordered(result.points)
    assert D(1_200) < result.points[1].mid < D(1_400)  # about 12 months of 110


def test_too_few_months_give_no_forecast_and_say_why():
    for history in ([], months(100), months(100, 200)):
        result = forecast_monthly(history, today=date(2022, 3, 5))

        assert not result.available
        assert result.points == ()
        assert result.reason
        assert result.method_label == ""
    assert f"at least {MIN_MONTHS}" in forecast_monthly(months(1), today=date(2022, 3, 1)).reason


def test_a_flat_history_forecasts_the_same_amount():
    result = forecast_monthly(months(*[500] * 24), today=date(2024, 1, 2))

    assert [(p.lower, p.mid, p.upper) for p in result.points] == [(D("6000.00"),) * 3] * 3


def test_a_collapsing_history_never_forecasts_negative_revenue():
    values = [max(0, 100_000 - 4_000 * i) for i in range(30)]
    result = forecast_monthly(months(*values), today=date(2024, 7, 1))

    assert_ordered(result.points)


def test_months_after_the_data_end_are_forecast_not_zero():
    history = growing(24, date(2023, 1, 1))  # to December 2024
    stale = forecast_monthly(history, today=date(2025, 3, 1), data_end=date(2024, 12, 1))
    as_zero = forecast_monthly(history, today=date(2025, 3, 1))

    assert stale.points[0].actual_months == 0
    assert stale.points[0].mid > as_zero.points[0].mid


def test_the_same_history_gives_the_same_forecast():
    history = growing(30, date(2023, 4, 1))
    assert forecast_monthly(history, today=date(2025, 11, 1)) == forecast_monthly(
        history, today=date(2025, 11, 1)
    )


@settings(max_examples=30, deadline=None)
@given(
    values=st.lists(st.integers(0, 5_000_000), min_size=MIN_MONTHS, max_size=40),
    first_month=st.integers(1, 12),
    this_month=st.integers(0, 500_000),
    day=st.integers(1, 28),
)
def test_the_current_year_is_never_below_its_actual_and_a_partial_year_never_whole(
    values, first_month, this_month, day
):
    values[0] = values[0] or 1  # the history starts with a month with sales
    first = date(2020, first_month, 1)
    history = months(*values, first=first)
    today_index = month_index(first) + len(values)
    today = month_of(today_index).replace(day=day)
    history.append(MonthValue(month_of(today_index), D(this_month)))

    result = forecast_monthly(history, today=today)

    assert result.available
    ytd = sum((m.value for m in history if m.month.year == today.year), D(0))
    current = result.points[0]
    assert current.year == today.year
    assert current.actual == ytd
    assert ytd <= current.lower <= current.mid <= current.upper
    assert_ordered(result.points)
    assert [p.year for p in result.points] == [today.year, today.year + 1, today.year + 2]
    for year in result.history:
        assert not year.partial
        assert year.year > first.year or first_month == 1
    if first_month > 1 and today.year > first.year:
        assert result.partial_start is not None
        assert result.partial_start.months == 13 - first_month
