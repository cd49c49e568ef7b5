"""Goal progress: the share of the target, the pace, levels and flows. No database."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from keyplan.plans.goals.domain import goal_period, goal_progress, share_of_wallet

TODAY = date(2025, 5, 15)


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
