"""Reads of an account's plans: the current plan."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone

from keyplan.plans.versions.selectors import current_plan
from keyplan.plans.versions.services import plan_revise
from tests.plans.support import approved, make_plan, this_year

pytestmark = pytest.mark.django_db


def test_the_current_plan_is_the_one_whose_period_holds_today(world):
    today = timezone.localdate()
    current = this_year(world)
    make_plan(
        world,
        period="Next",
        starts_on=date(today.year + 1, 1, 1),
        ends_on=date(today.year + 1, 12, 31),
    )

    assert current_plan(world.account) == current
    # a superseded version is never current
    first = approved(world, current)
    second = plan_revise(user=world.owner, plan=first)
    assert current_plan(world.account) == second
