"""The column (numpy) Pareto gives exactly what the plain rules of `domain` give."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from keyplan.core.fields import from_minor
from keyplan.portfolio.classification import domain as class_domain
from keyplan.portfolio.pareto import columns, domain

# Few distinct amounts make ties likely; zero and negative values included.
AMOUNTS = st.one_of(
    st.integers(-3, 3).map(lambda n: n * 1_000_000),
    st.integers(-(10**9), 10**12),
)
ITEMS = st.lists(st.tuples(st.integers(1, 10**6), AMOUNTS), max_size=60, unique_by=lambda t: t[0])
SHARES = st.sampled_from(
    [Decimal("0"), Decimal("0.5"), Decimal("0.8"), Decimal("0.333"), Decimal("1"), Decimal("1.2")]
)


def _reprs(result: domain.Pareto) -> list[str]:
    return [repr(result)]


def _columns(items, metric="gp", threshold=Decimal("0.8")):
    ids = [i for i, _m in items]
    minor = [m for _i, m in items]
    return columns.pareto_columns(ids, [from_minor(m) for m in minor], minor, metric, threshold)


@settings(max_examples=200, deadline=None)
@given(ITEMS, SHARES)
@example([(1, 100), (2, 100), (3, 0), (4, -5)], Decimal("0.5"))
@example([], Decimal("0.8"))
def test_same_as_the_plain_rules(items, threshold):
    plain = domain.pareto(
        [domain.Item(i, Decimal(0), from_minor(m)) for i, m in items], "gp", threshold
    )
    fast = _columns(items, threshold=threshold)
    assert fast is not None
    # repr: same values, same Decimal exponents, same order.
    assert repr(fast.to_pareto()) == repr(plain)


@settings(max_examples=200, deadline=None)
@given(ITEMS, SHARES, SHARES, st.integers(0, 200))
def test_strategic_count_as_classify(items, cumulative_share, max_share, extra):
    """The strategic accounts of `classify` are the first `strategic_count` of the ranking
    (`extra` accounts without figures count in the cap)."""
    inputs = [class_domain.ClassInput(i, Decimal(0), from_minor(m)) for i, m in items]
    inputs += [class_domain.ClassInput(-k - 1, Decimal(0), Decimal(0)) for k in range(extra)]
    classes = class_domain.classify(
        inputs, metric="gp", cumulative_share=cumulative_share, max_share=max_share / 10
    )
    ids = [c.id for c in inputs]
    minor = [int(c.gross_profit.scaleb(4)) for c in inputs]
    fast = columns.pareto_columns(ids, [c.gross_profit for c in inputs], minor, "gp")
    count = columns.strategic_count(fast, len(inputs), cumulative_share, max_share / 10)
    strategic = {pk for pk, cls in classes.items() if cls == class_domain.STRATEGIC}
    assert strategic == set(fast.ranked_ids[:count])


def test_too_large_for_int64_is_left_to_the_plain_rules():
    assert _columns([(1, 2**62), (2, 1)]) is None


def test_duplicate_ids_are_refused():
    with pytest.raises(ValueError):
        _columns([(1, 5), (1, 6)])
