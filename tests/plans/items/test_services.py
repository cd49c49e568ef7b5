"""Item services: who may change items, validation, conflicts, approved plans, undo."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from keyplan.core.errors import ConflictError
from keyplan.plans.items.selectors import deleted_items, plan_items
from keyplan.plans.items.services import item_delete, item_restore, item_update
from keyplan.plans.models import (
    ITEM_MODELS,
    Goal,
    SwotItem,
)
from keyplan.plans.versions.services import plan_mark_reviewed, plan_update
from keyplan.sales.models import Product
from tests.factories import BusinessUnitFactory, TeamMemberFactory, UserFactory
from tests.plans.support import add, approved, make_plan

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("who", ["viewer", "outsider"])
def test_only_the_team_changes_items(world, who):
    plan = make_plan(world)
    item = add(plan, "swot", world.member)

    with pytest.raises(PermissionDenied):
        add(plan, "swot", getattr(world, who))
    with pytest.raises(PermissionDenied):
        item_update(user=getattr(world, who), item=item, data={"text": "x"})
    with pytest.raises(PermissionDenied):
        item_delete(user=getattr(world, who), item=item)


def test_items_of_every_kind_are_created_in_order(world):
    plan = make_plan(world)

    for kind in ITEM_MODELS:
        first = add(plan, kind, world.member, **({"year": 2026} if kind == "potential" else {}))
        second = add(plan, kind, world.member, **({"year": 2027} if kind == "potential" else {}))
        assert (first.position, second.position) == (0, 1)
        assert first.plan_id == plan.pk
        assert first.origin != second.origin
    assert set(plan_items(plan)) == set(ITEM_MODELS)


def test_swot_factors_must_fit_the_quadrant(world):
    plan = make_plan(world)

    with pytest.raises(ValidationError) as error:
        add(plan, "swot", world.owner, quadrant="S", factor="price_pressure")
    assert "factor" in error.value.message_dict
    with pytest.raises(ValidationError):
        add(plan, "swot", world.owner, quadrant="T", factor="leadership")
    assert add(plan, "swot", world.owner, quadrant="T", factor="government_actions").pk
    assert add(plan, "swot", world.owner, quadrant="W", factor="other").pk


def test_ratings_are_1_to_5(world):
    plan = make_plan(world)

    with pytest.raises(ValidationError) as error:
        add(plan, "perception", world.owner, customer_rating=6)
    assert "customer_rating" in error.value.message_dict
    item = add(plan, "perception", world.owner, customer_rating=2, our_rating=5)
    assert item.gap == -3


def test_action_owners_are_the_account_owner_or_its_team(world):
    plan = make_plan(world)
    unit = BusinessUnitFactory(name="Service")
    world.account.team.filter(user=world.member).update(business_unit=unit)

    with pytest.raises(ValidationError) as error:
        add(plan, "action", world.owner, owner_id=world.outsider.pk)
    assert "owner_id" in error.value.message_dict
    gone = UserFactory(role="team", is_active=False)
    TeamMemberFactory(account=world.account, user=gone)
    with pytest.raises(ValidationError):
        add(plan, "action", world.owner, owner_id=gone.pk)

    by_member = add(plan, "action", world.owner, owner_id=world.member.pk)
    by_owner = add(plan, "action", world.owner, owner_id=world.owner.pk)
    assert by_member.business_unit_id == unit.pk  # the member's unit on this account
    assert by_owner.owner_id == world.owner.pk


def test_links_must_stay_inside_the_plan(world):
    plan = make_plan(world)
    other = make_plan(
        world, period="FY2026", starts_on=date(2026, 1, 1), ends_on=date(2026, 12, 31)
    )
    foreign_goal = add(other, "goal", world.owner)
    foreign_customer_goal = add(other, "customer_goal", world.owner)

    with pytest.raises(ValidationError) as error:
        add(plan, "action", world.owner, goal_id=foreign_goal.pk)
    assert "goal_id" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        add(plan, "customer_problem", world.owner, customer_goal_id=foreign_customer_goal.pk)
    assert "customer_goal_id" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        add(plan, "customer_goal", world.owner, product_ids=[10**6])
    assert "product_ids" in error.value.message_dict


def test_potential_defaults_to_the_account_currency_and_one_estimate_a_year(world):
    plan = make_plan(world)

    estimate = add(plan, "potential", world.owner)
    assert estimate.currency == "PLN"
    assert estimate.expected_volume == Decimal("1500000.00")
    with pytest.raises(ValidationError):
        add(plan, "potential", world.owner)  # 2026 again
    with pytest.raises(ValidationError) as error:
        add(plan, "potential", world.owner, year=2027, currency="XXX")
    assert "currency" in error.value.message_dict


def test_a_done_action_is_stamped_and_a_reopened_one_unstamped(world):
    plan = make_plan(world)
    action = add(plan, "action", world.owner)

    done = item_update(user=world.member, item=action, data={"status": "done"})
    assert done.completed_at is not None
    reopened = item_update(user=world.member, item=done, data={"status": "blocked"})
    assert reopened.completed_at is None


def test_a_stale_save_is_refused_and_writes_nothing(world):
    plan = make_plan(world)
    item = add(plan, "swot", world.owner)
    read_at = item.updated_at
    item_update(
        user=world.member, item=item, data={"text": "Member's words"}, seen_updated_at=read_at
    )

    with pytest.raises(ConflictError) as conflict:
        item_update(
            user=world.owner, item=item, data={"text": "Owner's words"}, seen_updated_at=read_at
        )

    assert conflict.value.current.text == "Member's words"
    assert SwotItem.objects.get(pk=item.pk).text == "Member's words"


def test_a_fresh_save_passes_the_conflict_check(world):
    plan = make_plan(world)
    item = add(plan, "swot", world.owner)

    first = item_update(
        user=world.member, item=item, data={"text": "One"}, seen_updated_at=item.updated_at
    )
    second = item_update(
        user=world.owner, item=first, data={"text": "Two"}, seen_updated_at=first.updated_at
    )

    assert second.text == "Two"
    assert second.updated_at > item.updated_at


def test_deleting_something_changed_since_is_a_conflict(world):
    plan = make_plan(world)
    item = add(plan, "goal", world.owner)
    item_update(user=world.member, item=item, data={"why": "Because"})

    with pytest.raises(ConflictError):
        item_delete(user=world.owner, item=item, seen_updated_at=item.updated_at)
    assert Goal.objects.filter(pk=item.pk).exists()


def test_saving_nothing_new_writes_no_history(world):
    plan = make_plan(world)
    item = add(plan, "swot", world.owner)

    item_update(user=world.owner, item=item, data={"text": item.text})

    assert item.history.count() == 1


def test_an_approved_plan_is_read_only_except_for_execution(world):
    plan = make_plan(world)
    goal = add(plan, "goal", world.owner)
    action = add(plan, "action", world.owner, owner_id=world.member.pk, goal_id=goal.pk)
    swot = add(plan, "swot", world.owner)
    plan = approved(world, plan)

    with pytest.raises(ValidationError, match="revise it"):
        add(plan, "swot", world.owner)
    with pytest.raises(ValidationError, match="revise it"):
        item_update(user=world.owner, item=swot, data={"text": "New"})
    with pytest.raises(ValidationError, match="revise it"):
        item_update(user=world.owner, item=action, data={"title": "New", "status": "done"})
    with pytest.raises(ValidationError, match="revise it"):
        item_delete(user=world.owner, item=swot)
    with pytest.raises(ValidationError, match="revise it"):
        plan_update(user=world.owner, plan=plan, data={"summary": "New"})

    # carrying out the plan is not changing it
    done = item_update(
        user=world.member, item=action, data={"status": "done", "progress_note": "Visited"}
    )
    achieved = item_update(user=world.owner, item=goal, data={"status": "achieved"})
    reviewed = plan_mark_reviewed(user=world.member, plan=plan)
    assert done.status == "done" and done.completed_at is not None
    assert achieved.status == "achieved"
    assert reviewed.reviewed_at > plan.reviewed_at


def test_a_deleted_item_is_restored_from_history(world):
    plan = make_plan(world)
    item = add(plan, "perception", world.owner, customer_rating=2, our_rating=4, source="CFO")
    item_delete(user=world.owner, item=item)
    assert [d.id for d in deleted_items(plan)] == [item.pk]

    restored = item_restore(user=world.member, plan=plan, kind="perception", item_id=item.pk)

    assert (restored.pk, restored.origin) == (item.pk, item.origin)
    assert (restored.text, restored.customer_rating, restored.source) == (item.text, 2, "CFO")
    assert deleted_items(plan) == []
    latest = restored.history.first()
    assert (latest.history_type, latest.history_change_reason) == ("+", "Restored")
    assert latest.history_user == world.member
    with pytest.raises(ValidationError, match="not deleted"):
        item_restore(user=world.owner, plan=plan, kind="perception", item_id=item.pk)


def test_restoring_brings_back_products_and_drops_links_to_deleted_items(world):
    plan = make_plan(world)
    product = Product.objects.create(code="P-9", name="Valve")
    customer_goal = add(plan, "customer_goal", world.owner, product_ids=[product.pk])
    goal = add(plan, "goal", world.owner)
    action = add(plan, "action", world.owner, goal_id=goal.pk)
    item_delete(user=world.owner, item=customer_goal)
    item_delete(user=world.owner, item=action)
    item_delete(user=world.owner, item=goal)

    back = item_restore(user=world.owner, plan=plan, kind="customer_goal", item_id=customer_goal.pk)
    action_back = item_restore(user=world.owner, plan=plan, kind="action", item_id=action.pk)

    assert [p.code for p in back.products.all()] == ["P-9"]
    assert action_back.goal_id is None


def test_an_item_is_restored_only_into_its_own_plan(world):
    plan = make_plan(world)
    other = make_plan(
        world, period="FY2026", starts_on=date(2026, 1, 1), ends_on=date(2026, 12, 31)
    )
    item = add(plan, "culture", world.owner)
    item_delete(user=world.owner, item=item)

    with pytest.raises(Http404):
        item_restore(user=world.owner, plan=other, kind="culture", item_id=item.pk)
    with pytest.raises(Http404):
        item_restore(user=world.owner, plan=plan, kind="culture", item_id=10**6)
