"""The home page's pure rules."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

from hypothesis import given
from hypothesis import strategies as st

from keyplan.economics.home import domain


def test_each_role_has_a_home():
    assert domain.home_kind("admin") == domain.home_kind("director") == domain.DIRECTOR
    assert domain.home_kind("kam") == domain.KAM
    assert domain.home_kind("team") == domain.home_kind("viewer") == domain.MEMBER


def test_checklist_ticks_and_links():
    found = domain.checklist({domain.CUSTOMERS: True}, {domain.SALES: "/imports/new/"})
    assert [s.key for s in found.steps] == [
        domain.CUSTOMERS,
        domain.SALES,
        domain.CLASSIFY,
        domain.PLAN,
    ]
    assert [s.done for s in found.steps] == [True, False, False, False]
    assert found.steps[1].url == "/imports/new/" and found.steps[2].url == ""
    assert found.done == 1 and not found.complete
    assert domain.checklist(dict.fromkeys(dict(domain.STEPS), True), {}).complete


def test_split_by_day():
    today = date(2025, 3, 12)
    rows = [SimpleNamespace(due_on=d) for d in (date(2025, 3, 10), today, date(2025, 3, 14))]
    today_rows, later = domain.split_by_day(rows, today)
    assert today_rows == rows[:2] and later == rows[2:]


def test_slipping_keeps_the_falls_largest_first():
    rows = [
        (1, "A", 50, 60),
        (2, "B", 40, 70),
        (3, "C", 80, 70),
        (4, "D", None, 90),
        (5, "E", 10, None),
    ]
    found = domain.slipping(rows, 10)
    assert [(s.account_id, s.change) for s in found] == [(2, -30), (1, -10)]


score = st.one_of(st.none(), st.integers(0, 100))


@given(st.lists(st.tuples(st.integers(1, 99), st.text(max_size=5), score, score), max_size=30))
def test_slipping_only_falls_sorted_and_bounded(rows):
    found = domain.slipping(rows, 5)
    assert len(found) <= 5
    assert all(s.change < 0 for s in found)
    assert [s.change for s in found] == sorted(s.change for s in found)
