"""The pure portfolio rules: Pareto shares, classes, weights and scores (no database)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from keyplan.portfolio.classification.domain import ClassInput, classify, strategic_cap
from keyplan.portfolio.pareto.domain import Item, pareto
from keyplan.portfolio.scoring.domain import (
    normalise_weights,
    score_deciles,
    score_linear,
    weighted_total,
)

D = Decimal

# Money with two places, including zero and losses.
money = st.integers(min_value=-(10**9), max_value=10**11).map(lambda n: D(n).scaleb(-2))
fractions = st.integers(min_value=1, max_value=100).map(lambda n: D(n) / 100)


@st.composite
def item_lists(draw, min_size=0, max_size=40):
    n = draw(st.integers(min_value=min_size, max_value=max_size))
    ids = draw(st.lists(st.integers(1, 10**6), min_size=n, max_size=n, unique=True))
    return [Item(i, draw(money), draw(money)) for i in ids]


@st.composite
def class_inputs(draw, max_size=40):
    items = draw(item_lists(max_size=max_size))
    return [
        ClassInput(
            item.id, item.revenue, item.gross_profit, draw(st.booleans()), draw(st.booleans())
        )
        for item in items
    ]


# --- Pareto properties ---------------------------------------------------------------


@given(item_lists(), st.sampled_from(["revenue", "gp"]))
def test_shares_sum_to_exactly_one_of_the_positive_total(items, metric):
    result = pareto(items, metric)
    if result.ranked:
        assert sum(r.share for r in result.ranked) == 1
        assert result.ranked[-1].cumulative_share == 1
    assert result.positive_total == sum(
        (i.value(metric) for i in items if i.value(metric) > 0), D(0)
    )
    assert result.total == result.positive_total + result.negative_total


@given(item_lists(), st.sampled_from(["revenue", "gp"]))
def test_cumulative_share_never_decreases_nor_exceeds_one(items, metric):
    result = pareto(items, metric)
    cumulative = [r.cumulative_share for r in result.ranked]
    assert cumulative == sorted(cumulative)
    assert all(D(0) < c <= 1 for c in cumulative)
    assert [r.rank for r in result.ranked] == list(range(1, len(result.ranked) + 1))


@given(item_lists(), st.sampled_from(["revenue", "gp"]))
def test_non_positive_items_are_never_in_the_curve(items, metric):
    result = pareto(items, metric)
    assert all(r.value > 0 for r in result.ranked)
    assert all(r.value <= 0 for r in result.non_positive)
    assert all(
        r.rank is None and r.share is None and r.cumulative_share is None and not r.in_head
        for r in result.non_positive
    )
    assert len(result.ranked) + len(result.non_positive) == len(items)
    assert result.negative_total == sum((r.value for r in result.non_positive), D(0))


@given(item_lists(), st.randoms(), fractions)
def test_pareto_is_independent_of_input_order(items, rnd, threshold):
    shuffled = list(items)
    rnd.shuffle(shuffled)
    assert pareto(items, "gp", threshold) == pareto(shuffled, "gp", threshold)


@given(item_lists(min_size=1), fractions)
def test_head_is_the_smallest_prefix_reaching_the_threshold(items, threshold):
    result = pareto(items, "revenue", threshold)
    if not result.ranked:
        assert result.head_count == 0
        return
    k = result.head_count
    values = [r.value for r in result.ranked]
    assert sum(values[:k]) >= threshold * result.positive_total
    assert sum(values[: k - 1]) < threshold * result.positive_total
    assert [r.in_head for r in result.ranked] == [i < k for i in range(len(values))]
    assert 0 <= result.gini < 1


# --- Pareto examples -----------------------------------------------------------------


def test_ties_are_ordered_by_id():
    result = pareto([Item(3, D(10), D(1)), Item(1, D(10), D(1)), Item(2, D(20), D(1))], "revenue")
    assert [r.id for r in result.ranked] == [2, 1, 3]
    assert [r.cumulative_share for r in result.ranked] == [D("0.5"), D("0.75"), D(1)]


def test_negative_and_zero_values_are_listed_apart():
    result = pareto(
        [
            Item(1, D(100), D(60)),
            Item(2, D(50), D(-20)),
            Item(3, D(10), D(0)),
            Item(4, D(40), D(40)),
        ],
        "gp",
    )
    assert [r.id for r in result.ranked] == [1, 4]
    assert [r.id for r in result.non_positive] == [2, 3]  # by value, then id
    assert result.positive_total == D(100)
    assert result.negative_total == D(-20)
    assert result.total == D(80)
    assert result.head_count == 2  # 60% after one, 100% after two
    assert result.head_share == D("0.5")  # 2 of all 4 accounts


def test_all_negative():
    result = pareto([Item(1, D(5), D(-5)), Item(2, D(5), D(-1))], "gp")
    assert result.ranked == []
    assert result.head_count == 0
    assert result.head_share == 0
    assert result.top_shares == {"top1": 0, "top5": 0, "top10": 0}
    assert result.gini == 0
    assert result.total == result.negative_total == D(-6)


def test_empty():
    result = pareto([], "revenue")
    assert result.ranked == [] and result.non_positive == []
    assert result.total == 0 and result.head_count == 0 and result.head_share == 0


def test_single_account():
    result = pareto([Item(7, D("12.50"), D("2.50"))], "revenue")
    (only,) = result.ranked
    assert (only.rank, only.share, only.cumulative_share, only.in_head) == (1, 1, 1, True)
    assert result.head_count == 1 and result.head_share == 1
    assert result.top_shares["top1"] == 1
    assert result.gini == 0


def test_threshold_crossing_counts_the_account_that_reaches_it():
    items = [Item(1, D(50), D(0)), Item(2, D(30), D(0)), Item(3, D(20), D(0))]
    assert pareto(items, "revenue", D("0.8")).head_count == 2  # exactly 80% after two
    assert pareto(items, "revenue", D("0.81")).head_count == 3
    assert pareto(items, "revenue", D("0.5")).head_count == 1


def test_top_shares_and_gini():
    items = [Item(i, D(100 if i == 1 else 1), D(0)) for i in range(1, 101)]
    result = pareto(items, "revenue")
    assert result.top_shares["top1"] == (D(100) / D(199)).quantize(D("1E-12"))
    assert result.top_shares["top10"] == (D(109) / D(199)).quantize(D("1E-12"))
    equal = pareto([Item(i, D(5), D(0)) for i in range(1, 11)], "revenue")
    assert equal.gini == 0


def test_unknown_metric_and_duplicate_ids_are_refused():
    with pytest.raises(ValueError):
        pareto([Item(1, D(1), D(1))], "margin")
    with pytest.raises(ValueError):
        pareto([Item(1, D(1), D(1)), Item(1, D(2), D(2))], "revenue")


# --- classes -------------------------------------------------------------------------


@given(class_inputs(), st.randoms(), fractions, fractions, st.sampled_from(["revenue", "gp"]))
def test_classes_are_stable_under_any_permutation(inputs, rnd, share, cap, metric):
    shuffled = list(inputs)
    rnd.shuffle(shuffled)
    kwargs = {"metric": metric, "cumulative_share": share, "max_share": cap}
    assert classify(inputs, **kwargs) == classify(shuffled, **kwargs)


@given(class_inputs(), fractions, fractions)
def test_class_rules_hold(inputs, share, cap):
    classes = classify(inputs, metric="gp", cumulative_share=share, max_share=cap)
    assert set(classes) == {c.id for c in inputs}
    strategic = [c for c in inputs if classes[c.id] == "strategic"]
    if any(c.gross_profit > 0 for c in inputs):
        assert 1 <= len(strategic) <= strategic_cap(len(inputs), cap)
    else:
        assert strategic == []
    for c in inputs:
        cls = classes[c.id]
        if cls == "strategic":
            assert c.gross_profit > 0
        elif c.revenue > 0:
            assert cls == "regular"
        elif c.has_open_opportunity or c.recent_interest:
            assert cls == "prospect"
        else:
            assert cls == "suspect"


def test_strategic_takes_accounts_while_the_share_before_is_below_the_bar():
    inputs = [ClassInput(i, D(v), D(v)) for i, v in [(1, 50), (2, 30), (3, 15), (4, 5)]]
    classes = classify(inputs, metric="gp", cumulative_share=D("0.8"), max_share=D(1))
    # before 1: 0%, before 2: 50%, before 3: 80% (not below 80%): stop.
    assert classes == {1: "strategic", 2: "strategic", 3: "regular", 4: "regular"}


def test_strategic_cap_and_its_minimum_of_one():
    inputs = [ClassInput(i, D(10), D(10)) for i in range(1, 21)]
    classes = classify(inputs, metric="gp", cumulative_share=D(1), max_share=D("0.1"))
    assert [i for i, c in classes.items() if c == "strategic"] == [1, 2]  # floor(10% of 20)
    few = [ClassInput(i, D(10), D(10)) for i in range(1, 4)]
    classes = classify(few, metric="gp", cumulative_share=D(1), max_share=D("0.1"))
    assert [i for i, c in classes.items() if c == "strategic"] == [1]  # at least one


def test_prospects_and_suspects():
    inputs = [
        ClassInput(1, D(100), D(50)),
        ClassInput(2, D(0), D(0), has_open_opportunity=True),
        ClassInput(3, D(0), D(0), recent_interest=True),
        ClassInput(4, D(0), D(0)),
        ClassInput(5, D(-10), D(-10), has_open_opportunity=True),  # credit note only
    ]
    classes = classify(inputs, metric="revenue", cumulative_share=D("0.8"), max_share=D("0.1"))
    assert classes == {
        1: "strategic",
        2: "prospect",
        3: "prospect",
        4: "suspect",
        5: "prospect",
    }


def test_regular_needs_revenue_even_with_positive_gross_profit_ranked_elsewhere():
    inputs = [ClassInput(1, D(100), D(-5)), ClassInput(2, D(100), D(90))]
    classes = classify(inputs, metric="gp", cumulative_share=D("0.8"), max_share=D("0.5"))
    assert classes == {1: "regular", 2: "strategic"}


# --- weights and scores --------------------------------------------------------------

weights = st.dictionaries(
    st.sampled_from([f"c{i}" for i in range(10)]),
    st.integers(min_value=0, max_value=10**6).map(lambda n: D(n).scaleb(-2)),
    min_size=1,
).filter(lambda w: any(v > 0 for v in w.values()))


@given(weights)
def test_weights_normalise_to_exactly_one(raw):
    result = normalise_weights(raw)
    assert set(result) == set(raw)
    assert sum(result.values()) == 1
    assert all(v >= 0 for v in result.values())
    assert all(result[k] == 0 for k, v in raw.items() if v == 0)
    for key, value in raw.items():
        exact = value / sum(raw.values())
        assert abs(result[key] - exact) <= D("0.00001")


def test_weight_errors():
    with pytest.raises(ValueError, match="at least one criterion"):
        normalise_weights({})
    with pytest.raises(ValueError, match="at least one criterion"):
        normalise_weights({"a": D(0), "b": D(0)})
    with pytest.raises(ValueError):
        normalise_weights({"a": D(1), "b": D(-1)})


def test_weights_examples():
    assert normalise_weights({"a": D(1), "b": D(1), "c": D(1)}) == {
        "a": D("0.333333"),
        "b": D("0.333333"),
        "c": D("0.333334"),
    }
    assert normalise_weights({"a": D(3), "b": D(1)}) == {"a": D("0.75"), "b": D("0.25")}


bounds = st.integers(min_value=-1000, max_value=1000).map(D)


@given(bounds, bounds, bounds, bounds)
def test_score_linear_is_within_1_to_10_and_monotone(low, high, a, b):
    sa, sb = score_linear(a, low, high), score_linear(b, low, high)
    assert 1 <= sa <= 10 and 1 <= sb <= 10
    if a <= b:
        if low <= high:
            assert sa <= sb
        else:
            assert sa >= sb


def test_score_linear_examples():
    assert score_linear(D(0), D(0), D(10)) == 1
    assert score_linear(D(10), D(0), D(10)) == 10
    assert score_linear(D(5), D(0), D(10)) == 6  # 1 + round(4.5)
    assert score_linear(D(-5), D(0), D(10)) == 1
    assert score_linear(D(50), D(0), D(10)) == 10
    assert score_linear(D(0), D(30), D(0)) == 10  # fewer days late is better
    assert score_linear(D(30), D(30), D(0)) == 1
    assert score_linear(D(5), D(5), D(5)) == 10
    assert score_linear(D(4), D(5), D(5)) == 1


values_maps = st.dictionaries(
    st.integers(1, 500), st.one_of(st.none(), st.integers(-50, 50).map(D)), max_size=60
)


@given(values_maps, st.booleans())
def test_score_deciles_equal_values_equal_scores(values, higher_is_better):
    scores = score_deciles(values, higher_is_better)
    assert set(scores) == {k for k, v in values.items() if v is not None}
    assert all(1 <= s <= 10 for s in scores.values())
    by_value: dict[Decimal, set[int]] = {}
    for key, score in scores.items():
        by_value.setdefault(values[key], set()).add(score)
    assert all(len(s) == 1 for s in by_value.values())
    ordered = sorted(scores, key=lambda k: values[k])
    ranked = [scores[k] for k in ordered]
    assert ranked == (sorted(ranked) if higher_is_better else sorted(ranked, reverse=True))


def test_score_deciles_examples():
    assert score_deciles({i: D(i) for i in range(10)}) == {i: i + 1 for i in range(10)}
    assert score_deciles({i: D(i) for i in range(10)}, higher_is_better=False) == {
        i: 10 - i for i in range(10)
    }
    assert score_deciles({1: D(5)}) == {1: 6}
    assert score_deciles({1: None}) == {}


@settings(max_examples=50)
@given(
    st.dictionaries(st.sampled_from("abcde"), st.integers(1, 10)),
    st.dictionaries(st.sampled_from("abcdef"), st.integers(0, 100).map(D), min_size=1),
)
def test_weighted_total_is_on_1_to_10(scores, weights):
    total, coverage = weighted_total(scores, weights)
    if total is None:
        assert coverage == 0
    else:
        assert 1 <= total <= 10 and 0 < coverage <= 1


def test_weighted_total_examples():
    assert weighted_total({"a": 10, "b": 4}, {"a": D(1), "b": D(2)}) == (D("6.00"), D(1))
    # c has no score: the total is over a and b, the coverage is their share of the weight.
    assert weighted_total({"a": 10, "b": 4}, {"a": D(1), "b": D(2), "c": D(1)}) == (
        D("6.00"),
        D("0.75"),
    )
    assert weighted_total({}, {"a": D(1)}) == (None, D(0))
    assert weighted_total({"a": 5}, {"a": D(0)}) == (None, D(0))
