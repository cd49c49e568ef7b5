"""The access rule of plans and items: 404 for strangers, 403 for viewers writing."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from keyplan.plans.access import item_for_user, plan_for_user
from tests.plans.support import add, make_plan

pytestmark = pytest.mark.django_db


def test_access_gives_404_to_strangers_and_403_to_viewers_writing(world):
    plan = make_plan(world)
    item = add(plan, "swot", world.owner)

    assert plan_for_user(world.viewer, plan.pk).can_write is False
    with pytest.raises(PermissionDenied):
        plan_for_user(world.viewer, plan.pk, write=True)
    for who in (world.outsider, world.portal):
        with pytest.raises(Http404):
            plan_for_user(who, plan.pk)
        with pytest.raises(Http404):
            item_for_user(who, "swot", item.pk)
    with pytest.raises(Http404):
        plan_for_user(world.owner, 10**9)
    with pytest.raises(Http404):
        item_for_user(world.owner, "swot", item.pk, plan_id=plan.pk + 1)
    with pytest.raises(Http404):
        item_for_user(world.owner, "no-such-kind", item.pk)
