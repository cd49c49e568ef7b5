"""My actions across plans: the order, and only current versions."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from keyplan.plans.actions.selectors import account_attention_actions, my_actions
from keyplan.plans.versions.services import plan_revise
from tests.plans.support import SAMPLES, add, approved, make_plan

pytestmark = pytest.mark.django_db


def test_my_actions_put_overdue_then_blocked_first(world):
    today = timezone.localdate()
    plan = make_plan(
        world, starts_on=today - timedelta(days=30), ends_on=today + timedelta(days=300)
    )
    later = add(
        plan,
        "action",
        world.owner,
        title="Later",
        owner_id=world.member.pk,
        due_on=today + timedelta(days=9),
    )
    blocked = add(
        plan, "action", world.owner, title="Blocked", owner_id=world.member.pk, status="blocked"
    )
    overdue = add(
        plan,
        "action",
        world.owner,
        title="Overdue",
        owner_id=world.member.pk,
        due_on=today - timedelta(days=1),
    )
    add(plan, "action", world.owner, title="Done", owner_id=world.member.pk, status="done")
    add(plan, "action", world.owner, title="Someone else's", owner_id=world.owner.pk)

    mine = list(my_actions(world.member))

    assert [a.pk for a in mine] == [overdue.pk, blocked.pk, later.pk]
    assert len(my_actions(world.member, include_closed=True)) == 4
    assert [a.pk for a in account_attention_actions(world.account)] == [
        overdue.pk,
        blocked.pk,
    ]


def test_my_actions_leave_out_superseded_versions(world):
    plan = make_plan(world)
    add(plan, "action", world.owner, owner_id=world.member.pk)
    first = approved(world, plan)
    second = plan_revise(user=world.owner, plan=first)

    assert [a.plan_id for a in my_actions(world.member)] == [second.pk]
    assert SAMPLES["action"]["title"] == my_actions(world.member)[0].title
