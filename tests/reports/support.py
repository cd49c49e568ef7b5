"""A month of account life for the report tests: a plan with goals and actions (done,
open, joint where the model has the flag), a meeting, sales this year and last."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from django.utils import timezone

from keyplan.plans.models import Action, ActionStatus, Goal
from keyplan.stakeholders.models import Interaction
from tests.plans.support import make_plan, rollup

MONTH = date(2025, 3, 1)
TODAY = date(2025, 4, 2)


def aware(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour))


def month_of_work(world, account=None):
    """The plan of FY2025 with a goal, two actions completed in March (one in February),
    two open ones, a meeting in March, and sales of March 2025 and 2024."""
    account = account or world.account
    plan = make_plan(world, account=account)
    goal = Goal.objects.create(plan=plan, title="Grow revenue", metric="revenue", target=1000)
    done = [
        Action.objects.create(
            plan=plan,
            title=title,
            owner=world.owner,
            status=ActionStatus.DONE,
            completed_at=aware(day),
            goal=goal,
        )
        for title, day in (
            ("Visit the Poznań plant", date(2025, 3, 5)),
            ("Send the service offer", date(2025, 3, 28)),
            ("Old February task", date(2025, 2, 20)),
        )
    ]
    open_actions = [
        Action.objects.create(
            plan=plan, title="Quarterly review", owner=world.member, due_on=date(2025, 4, 15)
        ),
        Action.objects.create(plan=plan, title="Sign the frame agreement", due_on=None),
    ]
    meeting = Interaction.objects.create(
        account=account, kind="meeting", occurred_on=date(2025, 3, 12), subject="Steering call"
    )
    meeting.their_people.add(world.contact)
    rollup(account, MONTH, "1200.00", "800.00")
    rollup(account, date(2024, 3, 1), "1000.00", "700.00")
    rollup(account, date(2025, 1, 1), "500.00", "300.00")
    return {"plan": plan, "goal": goal, "done": done, "open": open_actions, "meeting": meeting}


REVENUE_MONTH = Decimal("1200.00")
