"""The pure rules of the offer comparison (keyplan.competition.offers.domain): no
database."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from keyplan.competition.offers import domain
from keyplan.competition.offers.domain import Criterion

CRITERIA = [
    Criterion(id=1, name="Price", weight=30, position=0),
    Criterion(id=2, name="Quality", weight=50, position=1),
    Criterion(id=3, name="Delivery", weight=20, position=2),
]


def test_normalised_weights_sum_to_one():
    weights = domain.normalised_weights(CRITERIA)
    assert sum(weights.values()) == 1
    assert weights[2] == Decimal("0.5")


@given(st.lists(st.integers(1, 100), min_size=1, max_size=10))
def test_normalised_weights_property(weights):
    criteria = [Criterion(id=i, name=str(i), weight=w) for i, w in enumerate(weights)]
    shares = domain.normalised_weights(criteria)
    assert abs(sum(shares.values()) - 1) < Decimal("1e-20")
    assert all(s > 0 for s in shares.values())


def test_offer_total_full_and_partial_coverage():
    full = domain.offer_total(CRITERIA, {1: 5, 2: 3, 3: 4})
    assert full.total == Decimal("3.80") and full.coverage == 1 and full.scored == 3
    partial = domain.offer_total(CRITERIA, {1: 5, 3: 4}, offer=9)
    assert partial.offer == 9
    assert partial.total == Decimal("4.60")  # (0.3*5 + 0.2*4) / 0.5
    assert partial.coverage == Decimal("0.5")
    none = domain.offer_total(CRITERIA, {})
    assert none.total is None and none.coverage == 0


@given(st.dictionaries(st.sampled_from([1, 2, 3]), st.integers(1, 5)))
def test_offer_total_stays_on_the_scale(scores):
    result = domain.offer_total(CRITERIA, scores)
    if scores:
        assert Decimal(1) <= result.total <= Decimal(5)
    assert Decimal(0) <= result.coverage <= Decimal(1)


@pytest.mark.parametrize(
    ("ours", "theirs", "expected"),
    [
        (5, [4, 3], True),
        (5, [5, 3], False),
        (4, [None, 3], True),
        (4, [None, None], False),
        (4, [], False),
        (None, [1], False),
    ],
)
def test_unique_advantage(ours, theirs, expected):
    assert domain.is_unique_advantage(ours, theirs) is expected


def test_top_criterion_ties_by_position_then_id():
    tied = [
        Criterion(id=5, name="b", weight=40, position=2),
        Criterion(id=4, name="a", weight=40, position=1),
        Criterion(id=3, name="c", weight=40, position=1),
    ]
    assert domain.top_criterion(tied).id == 3
    assert domain.top_criterion(CRITERIA).name == "Quality"
    assert domain.top_criterion([]) is None
