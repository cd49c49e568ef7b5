"""The pure alignment statistics and checkpoint calendar (no database)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from keyplan.execution.checkpoints import domain as alignment

SAA = ("information", "people", "action")
SEVEN_S = ("shared_values", "style", "skills", "staff", "strategy", "structure", "systems")

scores = st.lists(st.integers(min_value=1, max_value=5), min_size=1, max_size=30)
answers = st.lists(
    st.tuples(st.integers(1, 8), st.sampled_from(SEVEN_S), st.integers(1, 5)), max_size=60
)
days = st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31))
cadences = st.sampled_from([alignment.MONTHLY, alignment.QUARTERLY])


@given(scores)
def test_average_within_one_to_five_and_spread_non_negative(values):
    stats = alignment.element_stats("people", values)
    assert 1 <= stats.average <= 5
    assert stats.spread >= 0
    assert stats.low <= stats.average <= stats.high
    assert stats.raters == len(values)
    assert 0 <= stats.range <= 4


@given(scores, st.randoms())
def test_element_stats_are_permutation_invariant(values, rnd):
    shuffled = list(values)
    rnd.shuffle(shuffled)
    a, b = alignment.element_stats("x", values), alignment.element_stats("x", shuffled)
    assert a.average == pytest.approx(b.average)
    assert a.spread == pytest.approx(b.spread)
    assert (a.low, a.high, a.disagreement) == (b.low, b.high, b.disagreement)


@given(answers, st.randoms())
def test_summary_is_permutation_invariant(triples, rnd):
    shuffled = list(triples)
    rnd.shuffle(shuffled)
    a = alignment.summarize(SEVEN_S, triples)
    b = alignment.summarize(SEVEN_S, shuffled)
    assert a.weakest == b.weakest
    assert a.raters == b.raters
    assert a.disagreements == b.disagreements
    if a.average is None:
        assert b.average is None
    else:
        assert 1 <= a.average <= 5
        assert a.average == pytest.approx(b.average)


@given(answers)
def test_weakest_has_the_lowest_average(triples):
    summary = alignment.summarize(SEVEN_S, triples)
    rated = [s for s in summary.elements if s.average is not None]
    if not rated:
        assert summary.weakest is None
        return
    lowest = min(s.average for s in rated)
    first_lowest = next(s.element for s in rated if s.average == lowest)
    assert summary.weakest == first_lowest


def test_known_figures():
    stats = alignment.element_stats("people", [2, 4])
    assert stats.average == 3
    assert stats.spread == 1.0  # population standard deviation
    assert stats.range == 2
    assert stats.disagreement


def test_disagreement_thresholds():
    assert not alignment.element_stats("x", [3, 3, 4]).disagreement  # spread 0.47, range 1
    assert alignment.element_stats("x", [3, 3, 3, 3, 5]).disagreement  # range 2, spread 0.8
    assert not alignment.element_stats("x", [4]).disagreement


def test_weakest_tie_goes_to_the_element_listed_first():
    summary = alignment.summarize(SAA, [(1, "action", 2), (1, "people", 2), (1, "information", 4)])
    assert summary.weakest == "people"
    assert summary.raters == 1
    assert summary.average == pytest.approx(8 / 3)


def test_summary_ignores_other_elements_and_counts_distinct_raters():
    summary = alignment.summarize(SAA, [(1, "style", 1), (2, "people", 5), (2, "action", 3)])
    assert summary.raters == 1
    assert summary.stats("information").average is None
    assert summary.weakest == "action"


def test_empty_summary():
    summary = alignment.summarize(SAA, [])
    assert (summary.raters, summary.average, summary.weakest) == (0, None, None)
    assert summary.disagreements == ()


def test_trend():
    assert alignment.trend([]) is None
    assert alignment.trend([3.0]) is None
    assert alignment.trend([3.0, None]) is None
    assert alignment.trend([2.0, 3.0]) == alignment.UP
    assert alignment.trend([3.0, None, 2.5]) == alignment.DOWN
    assert alignment.trend([3.0, 3.1]) == alignment.FLAT


@given(days, cadences)
def test_period_holds_the_day_and_is_stable(day, cadence):
    start = alignment.period_start(day, cadence)
    end = alignment.period_end(start, cadence)
    assert start <= day <= end
    assert start.day == 1
    assert alignment.period_start(end, cadence) == start
    assert alignment.next_due(day, cadence) == end
    assert alignment.due_on(start, cadence) == end


def test_calendar_examples():
    assert alignment.period_start(date(2026, 11, 23), "quarterly") == date(2026, 10, 1)
    assert alignment.period_end(date(2026, 10, 1), "quarterly") == date(2026, 12, 31)
    assert alignment.next_due(date(2024, 2, 10), "monthly") == date(2024, 2, 29)
    with pytest.raises(ValueError):
        alignment.period_start(date(2026, 1, 1), "weekly")


def test_reminder_window():
    due = date(2026, 11, 30)
    assert alignment.in_reminder_window(due, date(2026, 11, 25), 5)
    assert alignment.in_reminder_window(due, due, 5)
    assert not alignment.in_reminder_window(due, date(2026, 11, 24), 5)
    assert not alignment.in_reminder_window(due, date(2026, 12, 1), 5)
