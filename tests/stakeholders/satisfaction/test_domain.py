"""The pure rules of satisfaction answers: scores, dates, the 12-month window, the chart."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from keyplan.stakeholders.satisfaction.domain import (
    MonthPoint,
    answered_on_problem,
    chart_data,
    last_twelve_months,
    month_starts,
    monthly_points,
    score_problem,
)

TODAY = date(2026, 6, 15)


@given(st.integers(min_value=-100, max_value=100))
def test_only_whole_scores_from_0_to_10_are_valid(score):
    assert (score_problem(score) is None) == (0 <= score <= 10)
    assert (score_problem(str(score)) is None) == (0 <= score <= 10)


def test_scores_that_are_no_whole_number_are_refused():
    assert score_problem(Decimal("7.0")) is None
    assert score_problem("7.5") == "Enter a whole number from 0 to 10."
    assert score_problem("seven") == "Enter a whole number from 0 to 10."
    assert score_problem("NaN") == "Enter a whole number from 0 to 10."
    assert score_problem("") == "Enter a score from 0 to 10."
    assert score_problem(None) == "Enter a score from 0 to 10."
    assert score_problem(True) == "Enter a score from 0 to 10."
    assert score_problem(11) == "The score goes from 0 to 10."


def test_an_answer_is_never_dated_in_the_future():
    assert answered_on_problem(TODAY, TODAY) is None
    assert answered_on_problem(TODAY - timedelta(days=800), TODAY) is None
    assert "in the future" in answered_on_problem(TODAY + timedelta(days=1), TODAY)
    assert "1900-01-01" in answered_on_problem(date(1899, 12, 31), TODAY)


@given(st.dates(min_value=date(1901, 1, 1), max_value=date(2200, 12, 31)))
def test_the_last_twelve_months_end_today_and_span_a_year(today):
    since, until = last_twelve_months(today)
    assert until == today
    assert 365 <= (until - since).days + 1 <= 366


def test_a_leap_day_looks_back_to_the_first_of_march():
    assert last_twelve_months(date(2028, 2, 29)) == (date(2027, 3, 1), date(2028, 2, 29))


def test_month_starts_cross_the_year():
    months = month_starts(date(2026, 2, 10), 4)
    assert months == [date(2025, 11, 1), date(2025, 12, 1), date(2026, 1, 1), date(2026, 2, 1)]
    assert len(month_starts(TODAY)) == 12


def test_months_without_answers_are_gaps_and_no_answer_draws_nothing():
    months = month_starts(date(2026, 3, 1), 3)
    points = monthly_points(months, {date(2026, 2, 1): (Decimal("6.50"), 2)})
    assert points == [
        MonthPoint(date(2026, 1, 1), None, 0),
        MonthPoint(date(2026, 2, 1), Decimal("6.50"), 2),
        MonthPoint(date(2026, 3, 1), None, 0),
    ]
    data = chart_data(points, {"mean": "Mean"})
    assert data == {
        "months": ["2026-01", "2026-02", "2026-03"],
        "means": [None, 6.5, None],
        "counts": [0, 2, 0],
        "labels": {"mean": "Mean"},
    }
    assert chart_data(monthly_points(months, {}), {}) is None
