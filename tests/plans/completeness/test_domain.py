"""The completeness rules: the steps of the planning process and the score. No database."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from keyplan.plans.completeness.domain import Completeness, PlanFacts, completeness, quarter_of

TODAY = date(2025, 5, 15)


FULL = PlanFacts(
    today=TODAY,
    profile_items=3,
    industry_factors=2,
    swot_quadrants=frozenset("SWOT"),
    customer_goals=1,
    potential_estimates=3,
    goals_with_targets=2,
    value_items=1,
    perception_items=4,
    actions=5,
    actions_with_owners=5,
    overdue_actions=0,
    stakeholders_reviewed_on=date(2025, 4, 1),
    reviewed_on=date(2025, 4, 2),
)


def codes(result: Completeness) -> set[str]:
    return {step.code for step in result.missing}


def replace(facts: PlanFacts, **changes) -> PlanFacts:
    from dataclasses import replace as _replace

    return _replace(facts, **changes)


def test_a_complete_plan_scores_100_with_nothing_missing():
    result = completeness(FULL)

    assert result.score == 100
    assert result.missing == ()
    assert all(step.message == "" for step in result.steps)


def test_an_empty_plan_lists_every_step_and_scores_zero():
    result = completeness(PlanFacts(today=TODAY))

    assert result.score == 0
    assert codes(result) == {
        "no_profile",
        "no_industry_analysis",
        "no_swot",
        "no_strategy_map",
        "no_potential",
        "no_goals_with_targets",
        "no_unique_value",
        "no_customer_view",
        "no_actions_with_owners",
        "no_stakeholder_review",
        "plan_not_reviewed",
    }
    # no actions at all: "overdue" does not apply (it would reward an empty plan)
    assert "overdue_actions" not in {step.code for step in result.steps}
    assert all(step.message for step in result.missing)


def test_missing_steps_keep_the_order_of_the_plan():
    result = completeness(PlanFacts(today=TODAY))

    assert [s.code for s in result.missing][:3] == ["no_profile", "no_industry_analysis", "no_swot"]
    assert result.missing[-1].code == "plan_not_reviewed"


def test_a_swot_with_empty_quadrants_names_them():
    result = completeness(replace(FULL, swot_quadrants=frozenset("SO")))

    (step,) = result.missing
    assert step.code == "swot_incomplete"
    assert "weaknesses" in step.message and "threats" in step.message
    assert "strengths" not in step.message
    assert result.score < 100


def test_goals_without_targets_and_actions_without_owners_are_missing():
    result = completeness(replace(FULL, goals_with_targets=0, actions_with_owners=0))

    assert codes(result) == {"no_goals_with_targets", "no_actions_with_owners"}


def test_overdue_actions_are_counted_in_the_message():
    result = completeness(replace(FULL, overdue_actions=2))

    (step,) = result.missing
    assert step.code == "overdue_actions"
    assert "2" in step.message


def test_stakeholder_review_is_stale_after_90_days():
    fresh = completeness(replace(FULL, stakeholders_reviewed_on=date(2025, 2, 14)))  # 90 days
    stale = completeness(replace(FULL, stakeholders_reviewed_on=date(2025, 2, 13)))  # 91 days
    never = completeness(replace(FULL, stakeholders_reviewed_on=None))

    assert fresh.missing == ()
    assert codes(stale) == codes(never) == {"no_stakeholder_review"}


def test_the_plan_must_be_reviewed_in_the_current_quarter():
    last_quarter = completeness(replace(FULL, reviewed_on=date(2025, 3, 31)))
    this_quarter = completeness(replace(FULL, reviewed_on=date(2025, 4, 1)))
    never = completeness(replace(FULL, reviewed_on=None))

    assert codes(last_quarter) == codes(never) == {"plan_not_reviewed"}
    assert this_quarter.missing == ()
    assert quarter_of(date(2025, 12, 31)) == (2025, 4)


_fact_changes = st.fixed_dictionaries(
    {},
    optional={
        "profile_items": st.integers(0, 3),
        "industry_factors": st.integers(0, 3),
        "swot_quadrants": st.frozensets(st.sampled_from("SWOT")),
        "customer_goals": st.integers(0, 2),
        "potential_estimates": st.integers(0, 3),
        "goals_with_targets": st.integers(0, 2),
        "value_items": st.integers(0, 2),
        "perception_items": st.integers(0, 2),
        "actions_with_owners": st.integers(0, 2),
        "overdue_actions": st.integers(0, 2),
        "stakeholders_reviewed_on": st.none() | st.dates(date(2024, 1, 1), TODAY),
        "reviewed_on": st.none() | st.dates(date(2024, 1, 1), TODAY),
    },
)


@given(_fact_changes)
def test_score_is_0_to_100_and_100_exactly_when_nothing_is_missing(changes):
    result = completeness(replace(FULL, **changes))

    assert 0 <= result.score <= 100
    assert (result.score == 100) == (result.missing == ())


@given(_fact_changes)
def test_doing_a_missing_step_never_lowers_the_score(changes):
    facts = replace(FULL, **changes)
    before = completeness(facts)
    if not before.missing:
        return
    fixes = {
        "no_profile": {"profile_items": 1},
        "no_industry_analysis": {"industry_factors": 1},
        "no_swot": {"swot_quadrants": frozenset("SWOT")},
        "swot_incomplete": {"swot_quadrants": frozenset("SWOT")},
        "no_strategy_map": {"customer_goals": 1},
        "no_potential": {"potential_estimates": 1},
        "no_goals_with_targets": {"goals_with_targets": 1},
        "no_unique_value": {"value_items": 1},
        "no_customer_view": {"perception_items": 1},
        "no_actions_with_owners": {"actions_with_owners": 1},
        "overdue_actions": {"overdue_actions": 0},
        "no_stakeholder_review": {"stakeholders_reviewed_on": TODAY},
        "plan_not_reviewed": {"reviewed_on": TODAY},
    }

    after = completeness(replace(facts, **fixes[before.missing[0].code]))

    assert after.score > before.score
    assert len(after.missing) == len(before.missing) - 1
