"""The cost to serve's pure rules: which hourly cost applies to a day, what time costs
(exact, rounded once) and what money tied up in receivables costs. No database."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from keyplan.economics.settings.domain import (
    Rate,
    RateBook,
    Time,
    TimeCost,
    capital_cost,
    is_currency_code,
    minutes_cost,
    rate_book,
    rate_on,
    round_half_up,
    time_cost,
    total_cost,
)

JAN = date(2025, 1, 1)
PLN = {"PLN": Decimal(1), "EUR": Decimal("4.25")}


def _rate(day: date, amount: str, currency: str = "PLN") -> Rate:
    return Rate(day, Decimal(amount), currency)


# --- which rate applies -----------------------------------------------------------------------


def test_the_latest_rate_on_or_before_the_day_applies():
    rates = (_rate(date(2025, 1, 1), "100"), _rate(date(2025, 3, 1), "120"))

    assert rate_on(rates, date(2024, 12, 31)) is None
    assert rate_on(rates, date(2025, 1, 1)).amount == Decimal(100)
    assert rate_on(rates, date(2025, 2, 28)).amount == Decimal(100)
    assert rate_on(rates, date(2025, 3, 1)).amount == Decimal(120)
    assert rate_on(rates, date(2030, 1, 1)).amount == Decimal(120)
    assert rate_on((), JAN) is None


def test_a_person_rate_wins_over_the_role_and_the_role_covers_the_rest():
    book = rate_book(
        [
            (None, "kam", date(2025, 1, 1), Decimal("90"), "PLN"),
            (7, "", date(2025, 2, 1), Decimal("150"), "PLN"),
        ]
    )

    # before the person's own rate starts, their role's applies
    assert book.rate_for(7, "kam", date(2025, 1, 15)).amount == Decimal(90)
    assert book.rate_for(7, "kam", date(2025, 2, 1)).amount == Decimal(150)
    assert book.rate_for(8, "kam", date(2025, 2, 1)).amount == Decimal(90)
    assert book.rate_for(8, "team", date(2025, 2, 1)) is None
    assert book.rate_for(7, "kam", date(2024, 12, 31)) is None


def test_rate_book_sorts_each_persons_rates_by_date():
    book = rate_book(
        [
            (1, "", date(2025, 3, 1), Decimal("3"), "PLN"),
            (1, "", date(2025, 1, 1), Decimal("1"), "PLN"),
            (1, "", date(2025, 2, 1), Decimal("2"), "PLN"),
        ]
    )

    assert [r.amount for r in book.people[1]] == [1, 2, 3]


# --- what time costs ---------------------------------------------------------------------------


def test_an_hour_and_a_half_at_100_costs_150_and_a_minute_is_exact_to_four_places():
    book = RateBook(people={1: (_rate(JAN, "100"),)})

    assert time_cost(Time(1, "kam", JAN, 90), book, PLN).cost == Decimal("150.0000")
    one_minute = time_cost(Time(1, "kam", JAN, 1), book, PLN)
    assert one_minute.exact == Fraction(5, 3)
    assert one_minute.cost == Decimal("1.6667")


def test_three_minutes_summed_are_rounded_once_not_per_entry():
    book = RateBook(people={1: (_rate(JAN, "100"),)})
    times = [Time(1, "kam", JAN + timedelta(days=d), 1) for d in range(3)]

    total = total_cost(times, book, PLN)

    assert total.cost == Decimal("5.0000")  # 3 × 1.6667 would be 5.0001
    assert total.priced_minutes == 3


def test_a_rate_in_another_currency_is_converted_with_the_planning_rate():
    book = RateBook(roles={"kam": (_rate(JAN, "20", "EUR"),)})

    cost = time_cost(Time(1, "kam", JAN, 60), book, PLN)

    assert cost.cost == Decimal("85.0000")


def test_time_without_a_rate_is_unpriced_and_its_person_named():
    cost = total_cost([Time(5, "team", JAN, 45)], RateBook(), PLN)

    assert cost == TimeCost(unpriced_minutes=45, unpriced_users=frozenset({5}))
    assert cost.cost == Decimal("0.0000")


def test_a_rate_in_a_currency_without_planning_rate_is_left_out_and_named():
    book = RateBook(people={1: (_rate(JAN, "30", "USD"),)})

    cost = total_cost([Time(1, "kam", JAN, 60), Time(2, "kam", JAN, 10)], book, PLN)

    assert (cost.priced_minutes, cost.unconverted_minutes, cost.unpriced_minutes) == (0, 60, 10)
    assert cost.missing_rates == {"USD"}
    assert cost.exact == 0


def test_round_half_up_goes_away_from_zero_at_the_half():
    assert round_half_up(Fraction(1, 20000)) == Decimal("0.0001")
    assert round_half_up(Fraction(-1, 20000)) == Decimal("-0.0001")
    assert round_half_up(Fraction(1, 30000)) == Decimal("0.0000")


def test_currency_codes_are_three_capital_letters():
    assert is_currency_code("PLN")
    assert not is_currency_code("pln")
    assert not is_currency_code("PLNX")
    assert not is_currency_code("")


# --- properties --------------------------------------------------------------------------------

amounts = st.decimals(min_value=Decimal("0.0001"), max_value=Decimal("100000"), places=4)
days = st.dates(min_value=date(2024, 1, 1), max_value=date(2026, 12, 31))
roles = st.sampled_from(["kam", "team", "director"])
times = st.builds(
    Time,
    user_id=st.integers(min_value=1, max_value=4),
    role=roles,
    spent_on=days,
    minutes=st.integers(min_value=1, max_value=24 * 60),
)


@st.composite
def books(draw) -> RateBook:
    rows = []
    for person in draw(st.lists(st.integers(min_value=1, max_value=4), unique=True)):
        for day in draw(st.lists(days, min_size=1, max_size=3, unique=True)):
            rows.append((person, "", day, draw(amounts), draw(st.sampled_from(["PLN", "EUR"]))))
    for role in draw(st.lists(roles, unique=True)):
        for day in draw(st.lists(days, min_size=1, max_size=3, unique=True)):
            rows.append((None, role, day, draw(amounts), draw(st.sampled_from(["PLN", "USD"]))))
    return rate_book(rows)


@given(entries=st.lists(times, max_size=30), book=books())
def test_the_cost_of_many_entries_is_the_sum_of_each_entrys_cost(entries, book):
    total = total_cost(entries, book, PLN)
    parts = [time_cost(entry, book, PLN) for entry in entries]

    assert total.exact == sum((part.exact for part in parts), Fraction(0))
    assert total == sum(parts, TimeCost())
    assert total.minutes == sum(entry.minutes for entry in entries)
    # rounding once: never further than half a unit of the fourth place from the exact sum
    assert abs(Fraction(total.cost) - total.exact) <= Fraction(1, 20000)


@given(
    person=st.lists(st.tuples(days, amounts), min_size=1, max_size=4, unique_by=lambda r: r[0]),
    role=st.lists(st.tuples(days, amounts), min_size=1, max_size=4, unique_by=lambda r: r[0]),
    day=days,
)
def test_a_person_rate_always_wins_over_a_role_rate(person, role, day):
    book = rate_book(
        [(1, "", d, a, "PLN") for d, a in person] + [(None, "kam", d, a, "PLN") for d, a in role]
    )
    own = rate_on(book.people[1], day)

    applied = book.rate_for(1, "kam", day)

    if own is not None:
        assert applied == own
    else:
        assert applied == rate_on(book.roles["kam"], day)


@given(minutes=st.integers(min_value=0, max_value=10**6), amount=amounts)
def test_minutes_cost_is_linear_in_minutes(minutes, amount):
    assert minutes_cost(minutes, amount) == minutes * minutes_cost(1, amount)
    assert minutes_cost(60, amount) == amount


# --- the cost of capital -----------------------------------------------------------------------


def test_capital_cost_is_average_times_rate_times_days_over_365():
    assert capital_cost(Decimal("365000"), 365, Decimal("10")) == Decimal("36500.0000")
    assert capital_cost(Decimal("100000"), 30, Decimal("12")) == Decimal("986.3014")
    assert capital_cost(Decimal("100000"), 0, Decimal("12")) == Decimal("0.0000")
    assert capital_cost(Decimal("0"), 90, Decimal("12")) == Decimal("0.0000")
    assert capital_cost(Decimal("-3650"), 365, Decimal("10")) == Decimal("-365.0000")


def test_capital_cost_refuses_negative_days():
    with pytest.raises(ValueError):
        capital_cost(Decimal("1"), -1, Decimal("10"))


@given(
    average=st.decimals(min_value=Decimal("0"), max_value=Decimal("10") ** 9, places=4),
    days_=st.integers(min_value=0, max_value=3660),
    rate=st.decimals(min_value=Decimal("0"), max_value=Decimal("100"), places=2),
)
def test_capital_cost_is_within_rounding_of_the_exact_value(average, days_, rate):
    exact = Fraction(average) * Fraction(rate) / 100 * days_ / 365

    assert abs(Fraction(capital_cost(average, days_, rate)) - exact) <= Fraction(1, 20000)
