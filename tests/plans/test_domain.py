"""The plan's pure rules: completeness, version diff, goal progress. No database."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from keyplan.plans.domain import (
    Completeness,
    ItemSnapshot,
    PlanFacts,
    completeness,
    diff_versions,
    goal_period,
    goal_progress,
    quarter_of,
    share_of_wallet,
)

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


# --- completeness ------------------------------------------------------------------------


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


# --- version diff ------------------------------------------------------------------------


def snap(kind: str, origin: str, label: str, **values: str) -> ItemSnapshot:
    return ItemSnapshot(kind, origin, label, tuple(values.items()))


def test_items_are_matched_on_their_origin_key():
    old = [
        snap("swot", "a", "Strong cash", Text="Strong cash", Importance="3"),
        snap("swot", "b", "Old brand", Text="Old brand"),
        snap("goal", "c", "Grow", Target="100"),
    ]
    new = [
        snap("swot", "a", "Strong cash flow", Text="Strong cash flow", Importance="3"),
        snap("goal", "c", "Grow", Target="100"),
        snap("goal", "d", "Enter R&D", Target=""),
    ]

    diff = diff_versions(old, new, kind_order=["swot", "goal"])

    assert [(d.kind, d.origin, d.change) for d in diff.items] == [
        ("swot", "a", "changed"),
        ("swot", "b", "removed"),
        ("goal", "d", "added"),
    ]
    (change,) = diff.items[0].fields
    assert (change.field, change.old, change.new) == ("Text", "Strong cash", "Strong cash flow")
    assert diff.unchanged == 1
    assert (diff.count("added"), diff.count("removed"), diff.count("changed")) == (1, 1, 1)


def test_the_same_origin_in_another_kind_is_another_item():
    diff = diff_versions([snap("swot", "x", "A")], [snap("value", "x", "A")])

    assert sorted(d.change for d in diff.items) == ["added", "removed"]


def test_identical_versions_have_an_empty_diff():
    items = [snap("swot", "a", "A", Text="A"), snap("goal", "b", "B", Target="1")]

    diff = diff_versions(
        items, list(items), old_header=(("Period", "FY"),), new_header=(("Period", "FY"),)
    )

    assert diff.is_empty
    assert diff.unchanged == 2


def test_header_changes_are_listed():
    diff = diff_versions([], [], old_header=(("Summary", "old"),), new_header=(("Summary", "new"),))

    assert [(f.field, f.old, f.new) for f in diff.header] == [("Summary", "old", "new")]


@given(
    st.lists(
        st.tuples(st.sampled_from(["swot", "goal"]), st.text("abcdef", min_size=1, max_size=3)),
        unique=True,
        max_size=8,
    ),
    st.lists(
        st.tuples(st.sampled_from(["swot", "goal"]), st.text("abcdef", min_size=1, max_size=3)),
        unique=True,
        max_size=8,
    ),
)
def test_every_item_is_added_removed_changed_or_unchanged_once(old_keys, new_keys):
    old = [snap(k, o, o, Text="old") for k, o in old_keys]
    new = [snap(k, o, o, Text="new" if i % 2 else "old") for i, (k, o) in enumerate(new_keys)]

    diff = diff_versions(old, new)

    assert diff.count("added") == len(set(new_keys) - set(old_keys))
    assert diff.count("removed") == len(set(old_keys) - set(new_keys))
    assert diff.count("changed") + diff.unchanged == len(set(new_keys) & set(old_keys))


# --- goal progress -----------------------------------------------------------------------

PERIOD = (date(2025, 1, 1), date(2025, 12, 31))


def test_revenue_progress_is_the_share_of_the_target_beside_the_pace():
    progress = goal_progress(
        metric="revenue",
        baseline=Decimal("1000000"),
        target=Decimal("1200000"),
        actual=Decimal("600000"),
        period=PERIOD,
        today=date(2025, 7, 2),  # day 183 of 365
    )

    assert progress.percent == Decimal("50.0")
    assert progress.expected_percent == Decimal("50.1")
    assert progress.behind_pace
    assert progress.bar == 50
    assert progress.reason == ""


def test_revenue_progress_after_the_deadline_expects_the_whole_target():
    progress = goal_progress(
        metric="gross_profit",
        baseline=None,
        target=Decimal("100"),
        actual=Decimal("130"),
        period=PERIOD,
        today=date(2026, 3, 1),
    )

    assert progress.percent == Decimal("130.0")
    assert progress.expected_percent == Decimal("100.0")
    assert not progress.behind_pace
    assert progress.bar == 100


def test_share_of_wallet_progress_goes_from_baseline_to_target():
    def at(actual: str) -> Decimal | None:
        return goal_progress(
            metric="share_of_wallet",
            baseline=Decimal("20"),
            target=Decimal("40"),
            actual=Decimal(actual),
            period=PERIOD,
            today=TODAY,
        ).percent

    assert at("20") == Decimal("0.0")
    assert at("30") == Decimal("50.0")
    assert at("40") == Decimal("100.0")
    assert at("15") == Decimal("-25.0")  # it fell


def test_a_target_equal_to_the_baseline_is_all_or_nothing():
    def at(actual: str) -> Decimal | None:
        return goal_progress(
            metric="share_of_wallet",
            baseline=Decimal("30"),
            target=Decimal("30"),
            actual=Decimal(actual),
            period=PERIOD,
            today=TODAY,
        ).percent

    assert at("29.99") == Decimal("0.0")
    assert at("30") == Decimal("100.0")


def test_no_progress_without_data_target_or_a_data_metric():
    common = {"baseline": None, "period": PERIOD, "today": TODAY}

    no_data = goal_progress(
        metric="revenue", target=Decimal(1), actual=None, no_data_reason="No sales yet.", **common
    )
    no_target = goal_progress(metric="revenue", target=None, actual=Decimal(5), **common)
    other = goal_progress(metric="other", target=Decimal(1), actual=None, **common)
    not_started = goal_progress(
        metric="revenue",
        target=Decimal(1),
        actual=None,
        baseline=None,
        period=(date(2026, 1, 1), date(2026, 12, 31)),
        today=TODAY,
    )
    zero_target = goal_progress(metric="revenue", target=Decimal(0), actual=Decimal(5), **common)

    for progress in (no_data, no_target, other, not_started, zero_target):
        assert progress.percent is None
        assert progress.reason
        assert progress.bar == 0
    assert no_data.reason == "No sales yet."


def test_the_goal_period_falls_back_to_the_plan():
    assert goal_period(
        plan_starts_on=date(2025, 1, 1),
        plan_ends_on=date(2025, 12, 31),
        starts_on=None,
        deadline=date(2025, 6, 30),
    ) == (date(2025, 1, 1), date(2025, 6, 30))


def test_share_of_wallet_needs_a_positive_category_spend():
    assert share_of_wallet(Decimal(25), Decimal(100)) == Decimal("25.00")
    assert share_of_wallet(Decimal(25), Decimal(0)) is None
