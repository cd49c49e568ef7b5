"""The pure rules of a competitor's position (keyplan.competition.assessments.domain):
no database."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from keyplan.competition.assessments import domain
from keyplan.competition.assessments.domain import QuestionAnswer

SCORES = st.one_of(st.none(), st.integers(min_value=1, max_value=5))
ALL_SCORES = st.fixed_dictionaries({p: SCORES for p in domain.PILLARS})


def qa(qid: int, pillar: str, answer: str = "yes", position: int = 0) -> QuestionAnswer:
    return QuestionAnswer(
        question_id=qid, pillar=pillar, position=position, text=f"q{qid}", answer=answer
    )


# --- verdict ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("scores", "expected"),
    [
        ({"strength": 4, "strategy": 5, "staff": 4, "support": 4}, "hard_to_displace"),
        ({"strength": 4, "strategy": 5, "staff": 4, "support": 3}, "attackable"),
        ({"strength": 1}, "attackable"),
        ({"strength": 5, "support": 4}, "incomplete"),
        ({}, "incomplete"),
    ],
)
def test_verdict(scores, expected):
    assert domain.verdict(scores) == expected


@given(ALL_SCORES)
def test_verdict_is_consistent(scores):
    result = domain.verdict(scores)
    scored = [v for v in scores.values() if v is not None]
    assert (result == "attackable") == any(v < 4 for v in scored)
    assert (result == "hard_to_displace") == (len(scored) == 4 and all(v >= 4 for v in scored))


# --- weak points --------------------------------------------------------------------------


def test_severity_weights_support():
    assert domain.severity("support", 2) == Decimal("6")
    assert domain.severity("strength", 2) == Decimal("4")
    assert domain.severity("staff", None) == Decimal("3")
    assert domain.severity("support", None) == Decimal("4.5")


def test_yes_answers_are_weak_points_unknown_are_to_find_out():
    answers = [qa(1, "strength"), qa(2, "strength", "no"), qa(3, "staff", "unknown")]
    points = domain.weak_points({"strength": 3}, answers)
    assert [p.question_id for p in points] == [1]
    assert [a.question_id for a in domain.to_find_out(answers)] == [3]


def test_low_pillar_without_yes_is_a_weak_point_itself():
    points = domain.weak_points({"staff": 2, "strategy": 2}, [qa(5, "strategy")])
    keys = [p.key for p in points]
    assert "staff" in keys  # pillar-only
    assert "strategy" not in keys  # covered by its "yes"
    assert "strategy:5" in keys


def test_pillar_at_three_is_not_a_weak_point_itself():
    assert domain.weak_points({"strength": 3}, []) == []


def test_ranking_severity_then_confirmed_then_pillar_order_then_position():
    scores = {"strength": 2, "strategy": 2, "staff": 2, "support": 4}
    answers = [
        qa(10, "staff", position=1),
        qa(11, "staff", position=0),
        qa(12, "strategy", position=0),
        qa(13, "support", position=0),  # support at 4: (6-4) x 1.5 = 3 < 4
    ]
    points = domain.weak_points(scores, answers, limit=None)
    # severity 4 ties: confirmed first; pillar-only strength after; order strength,
    # strategy, staff among confirmed; staff by position.
    assert [p.key for p in points] == [
        "strategy:12",
        "staff:11",
        "staff:10",
        "strength",
        "support:13",
    ]


def test_support_crack_beats_equal_score_elsewhere():
    points = domain.weak_points({"strength": 2, "support": 2}, [], limit=None)
    assert [p.key for p in points] == ["support", "strength"]


def test_ties_on_everything_break_by_id():
    points = domain.weak_points({}, [qa(7, "staff"), qa(3, "staff")], limit=None)
    assert [p.question_id for p in points] == [3, 7]


def test_top_four():
    answers = [qa(i, "strength", position=i) for i in range(1, 8)]
    assert len(domain.weak_points({}, answers)) == 4
    assert len(domain.weak_points({}, answers, limit=None)) == 7


def test_missing_answers_and_scores_give_no_points():
    assert domain.weak_points({}, []) == []


@given(
    ALL_SCORES,
    st.lists(
        st.tuples(
            st.sampled_from(domain.PILLARS),
            st.sampled_from(["yes", "no", "unknown"]),
            st.integers(0, 5),
        ),
        max_size=15,
    ),
)
def test_weak_points_sorted_and_bounded(scores, raw):
    answers = [qa(i + 1, p, a, pos) for i, (p, a, pos) in enumerate(raw)]
    every = domain.weak_points(scores, answers, limit=None)
    top = domain.weak_points(scores, answers)
    assert top == every[:4]
    severities = [p.severity for p in every]
    assert severities == sorted(severities, reverse=True)
    yes = sum(1 for _, a, _ in raw if a == "yes")
    assert sum(p.confirmed for p in every) == yes
    for point in every:
        if not point.confirmed:
            assert point.score is not None and point.score <= 2


# --- comparison ---------------------------------------------------------------------------


def test_compare_pillars_and_answers():
    diff = domain.compare(
        old_on=date(2026, 1, 1),
        new_on=date(2026, 6, 1),
        old_scores={"support": 2, "strength": 4},
        new_scores={"support": 4, "strength": 4},
        old_answers=[qa(1, "support", "unknown"), qa(2, "staff", "no")],
        new_answers=[qa(1, "support", "yes"), qa(3, "staff", "unknown")],
    )
    assert diff.support_rising
    support = next(p for p in diff.pillars if p.pillar == "support")
    assert support.changed and support.delta == 2
    by_id = {a.question_id: (a.old, a.new) for a in diff.answers}
    assert by_id == {1: ("unknown", "yes"), 2: ("no", None), 3: (None, "unknown")}
    assert [a.question_id for a in diff.answers] == [2, 3, 1]  # staff before support
    assert diff.old_verdict == "attackable" and diff.new_verdict == "incomplete"


@pytest.mark.parametrize(
    ("old", "new", "rising"), [(2, 3, True), (3, 3, False), (4, 2, False), (None, 5, False)]
)
def test_is_rising(old, new, rising):
    assert domain.is_rising(old, new) is rising
