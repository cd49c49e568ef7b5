"""Goal progress measured from data: sales, gross profit, the wallet estimate."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from keyplan.plans.goals.selectors import plan_goal_progress
from tests.plans.support import add, make_plan, rollup

TODAY = date(2025, 6, 15)


@pytest.mark.django_db
def test_revenue_and_gross_profit_goals_are_measured_from_sales(world):
    plan = make_plan(world)  # 2025
    revenue_goal = add(plan, "goal", world.owner, metric="revenue", target="1000.00")
    profit_goal = add(
        plan,
        "goal",
        world.owner,
        metric="gross_profit",
        target="400.00",
        deadline=date(2025, 3, 31),
    )
    rollup(world.account, date(2024, 12, 1), "5000.00")  # before the plan
    rollup(world.account, date(2025, 1, 1), "300.00", "200.00")
    rollup(world.account, date(2025, 4, 1), "200.00", "50.00")
    rollup(world.account, date(2025, 5, 1), "777.00", currency="EUR")

    progress = dict(plan_goal_progress(plan, today=TODAY))

    assert progress[revenue_goal].actual == Decimal("500.00")
    assert progress[revenue_goal].percent == Decimal("50.0")
    assert progress[revenue_goal].expected_percent == Decimal("45.5")  # 166 of 365 days
    # the profit goal ended in March: April's sales do not count
    assert progress[profit_goal].actual == Decimal("100.00")
    assert progress[profit_goal].percent == Decimal("25.0")
    assert progress[profit_goal].expected_percent == Decimal("100.0")


@pytest.mark.django_db
def test_goals_without_data_say_why(world):
    plan = make_plan(world)
    revenue = add(plan, "goal", world.owner, metric="revenue", target="1000.00")
    wallet = add(plan, "goal", world.owner, metric="share_of_wallet", target="40")
    other = add(plan, "goal", world.owner, metric="other", target="3", unit="workshops")
    untargeted = add(plan, "goal", world.owner, metric="revenue", target=None)

    progress = dict(plan_goal_progress(plan, today=TODAY))

    assert "No sales in PLN" in progress[revenue].reason
    assert "share-of-wallet estimate" in progress[wallet].reason
    assert "not measured from data" in progress[other].reason
    assert "no target" in progress[untargeted].reason
    assert all(p.percent is None for p in progress.values())


@pytest.mark.django_db
def test_share_of_wallet_goals_use_the_wallet_estimate(world):
    from keyplan.sales.models import WalletEstimate

    plan = make_plan(world)
    add(plan, "goal", world.owner, metric="share_of_wallet", baseline="20", target="40")
    WalletEstimate.objects.create(
        account=world.account, category_spend=Decimal("10000"), currency="PLN"
    )
    rollup(world.account, date(2024, 6, 1), "9999.00")  # more than twelve months before June 2025
    rollup(world.account, date(2024, 7, 1), "1000.00")
    rollup(world.account, date(2025, 5, 1), "2000.00")

    ((_goal, progress),) = plan_goal_progress(plan, today=TODAY)

    assert progress.actual == Decimal("30.00")  # 3,000 of 10,000 over the last twelve months
    assert progress.percent == Decimal("50.0")
