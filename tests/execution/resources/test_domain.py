"""The transparent priority (pure): 0-100, monotone in each component, the components
adding up to the score, the percentile rank of the return, the ranking order."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from keyplan.execution.resources import domain as P

unit = st.decimals(min_value=0, max_value=1, places=4, allow_nan=False, allow_infinity=False)
weight = st.decimals(min_value=0, max_value=100, places=2, allow_nan=False, allow_infinity=False)
values_st = st.fixed_dictionaries({key: unit for key in P.KEYS})
weights_st = st.fixed_dictionaries({key: weight for key in P.KEYS})
amount = st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False)

DEFAULT = {P.CLASS: Decimal(30), P.SCORE: Decimal(20), P.RETURN: Decimal(35)}
DEFAULT[P.COMPLETENESS] = Decimal(15)


@given(values_st, weights_st)
def test_the_priority_is_between_0_and_100(values, weights):
    found = P.priority(values, weights)
    assert Decimal(0) <= found.score <= Decimal(100)


@given(values_st, weights_st, st.sampled_from(P.KEYS), unit)
def test_the_priority_is_monotone_in_each_component(values, weights, key, other):
    low, high = sorted((values[key], other))
    below = P.priority({**values, key: low}, weights)
    above = P.priority({**values, key: high}, weights)
    assert below.score <= above.score


@given(values_st, weights_st)
def test_the_points_add_up_to_the_score(values, weights):
    found = P.priority(values, weights)
    total = sum((c.points for c in found.components), Decimal(0))
    assert abs(total - found.score) <= Decimal("0.03")  # each rounded to a cent


def test_the_formula_by_hand():
    values = {P.CLASS: Decimal(1), P.SCORE: Decimal("0.5"), P.RETURN: Decimal("0.75")}
    found = P.priority(values, DEFAULT, missing=[P.COMPLETENESS])
    # (30 x 1 + 20 x 0.5 + 35 x 0.75 + 15 x 0) / 100 x 100
    assert found.score == Decimal("66.25")
    assert found.component(P.RETURN).points == Decimal("26.25")
    assert found.component(P.COMPLETENESS).missing
    assert found.component(P.CLASS).share == Decimal("0.3000")


def test_weights_are_normalised_and_all_zero_gives_zero():
    values = dict.fromkeys(P.KEYS, Decimal(1))
    assert P.priority(values, {k: Decimal(3) for k in P.KEYS}).score == Decimal(100)
    assert P.priority(values, {}).score == Decimal(0)


def test_the_class_and_score_components():
    assert [P.class_component(c) for c in ("strategic", "regular", "prospect", "suspect")] == [
        Decimal(1),
        Decimal("0.5"),
        Decimal("0.25"),
        Decimal(0),
    ]
    assert P.class_component("unknown") == 0
    assert P.score_component(None) == 0
    assert P.score_component(Decimal(1)) == 0
    assert P.score_component(Decimal(10)) == 1
    assert P.score_component(Decimal("5.5")) == Decimal("0.5000")
    assert P.completeness_component(None) == 0
    assert P.completeness_component(80) == Decimal("0.8")


def test_the_return_per_unit_in_the_base_currency():
    value = P.return_per_unit(
        expected_gross_profit=Decimal(1000),
        probability=Decimal(50),
        amount=Decimal(10),
        profit_rate=Decimal(4),
    )
    assert value == Decimal(200)  # 1000 x 4 x 0.5 / 10
    budget = P.return_per_unit(
        expected_gross_profit=Decimal(1000),
        probability=Decimal(100),
        amount=Decimal(500),
        profit_rate=Decimal(4),
        amount_rate=Decimal(4),
    )
    assert budget == Decimal(2)  # profit per unit of money: the currency cancels
    missing = {"probability": Decimal(50), "amount": Decimal(1), "profit_rate": Decimal(1)}
    assert P.return_per_unit(expected_gross_profit=None, **missing) is None
    assert (
        P.return_per_unit(
            expected_gross_profit=Decimal(1),
            probability=Decimal(50),
            amount=Decimal(1),
            profit_rate=None,
        )
        is None
    )


def test_the_percentile_counts_ties_half():
    assert P.percentile(Decimal(5), []) == 1
    assert P.percentile(None, [Decimal(1)]) == 0
    assert P.percentile(Decimal(0), [Decimal(1)]) == 0
    assert P.percentile(Decimal(5), [Decimal(1), Decimal(5), Decimal(9), None]) == Decimal("0.6250")


@given(amount, amount, st.lists(st.one_of(st.none(), amount), max_size=20))
def test_the_percentile_is_within_0_1_and_monotone(a, b, others):
    low, high = sorted((a, b))
    p_low, p_high = P.percentile(low, others), P.percentile(high, others)
    assert Decimal(0) <= p_low <= p_high <= Decimal(1)


def test_equal_priorities_rank_the_older_request_first():
    now = datetime(2030, 1, 1, tzinfo=UTC)
    rows = [
        (Decimal(50), now, 3),
        (Decimal(70), now + timedelta(days=1), 2),
        (Decimal(50), now - timedelta(days=1), 4),
    ]
    ordered = sorted(rows, key=lambda row: P.rank_key(*row))
    assert [pk for _s, _c, pk in ordered] == [2, 4, 3]
