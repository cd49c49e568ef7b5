"""Plan services: roles, states, revisions, comparing versions, history."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from keyplan.core.errors import ConflictError
from keyplan.plans.items.services import item_delete, item_update
from keyplan.plans.models import (
    ITEM_MODELS,
    AccountPlan,
    Action,
    CustomerGoal,
    CustomerProblem,
    Goal,
    PlanState,
    SwotItem,
)
from keyplan.plans.versions.selectors import plan_compare, plan_history
from keyplan.plans.versions.services import (
    plan_approve,
    plan_delete,
    plan_return,
    plan_revise,
    plan_submit,
    plan_transition,
    plan_update,
)
from keyplan.sales.models import Product
from tests.plans.support import add, approved, make_plan

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("who", ["admin", "director", "owner", "member"])
def test_the_team_and_the_bosses_create_plans(world, who):
    plan = make_plan(world, user=getattr(world, who))

    assert plan.state == PlanState.DRAFT
    assert plan.version == 1
    assert plan.created_by == getattr(world, who)


@pytest.mark.parametrize("who", ["viewer", "outsider", "portal"])
def test_others_cannot_create_plans(world, who):
    with pytest.raises(PermissionDenied):
        make_plan(world, user=getattr(world, who))


def test_the_team_submits_and_only_directors_and_admins_approve(world):
    plan = make_plan(world)

    plan_submit(user=world.member, plan=plan)
    for who in (world.owner, world.member):
        with pytest.raises(PermissionDenied):
            plan_approve(user=who, plan=plan)
    result = plan_approve(user=world.director, plan=plan, comment="Good plan")

    assert result.state == PlanState.APPROVED
    assert result.approved_by == world.director
    assert result.approved_at is not None
    assert result.reviewed_at == result.approved_at
    assert result.history.first().history_change_reason == "Good plan"


def test_a_plan_in_review_can_go_back_to_draft(world):
    plan = make_plan(world)
    plan_submit(user=world.owner, plan=plan)

    result = plan_return(user=world.director, plan=plan, comment="Add goals")

    assert result.state == PlanState.DRAFT


def test_impossible_transitions_are_refused(world):
    plan = make_plan(world)

    with pytest.raises(ValidationError) as error:
        plan_approve(user=world.director, plan=plan)  # a draft is not approved directly
    assert "to_state" in error.value.message_dict
    with pytest.raises(ValidationError):
        plan_transition(user=world.owner, plan=plan, to_state="superseded")


def test_one_current_plan_per_account_and_period(world):
    make_plan(world)

    with pytest.raises(ValidationError) as error:
        make_plan(world, user=world.member)
    assert "period" in error.value.message_dict
    other = make_plan(
        world, period="FY2026", starts_on=date(2026, 1, 1), ends_on=date(2026, 12, 31)
    )
    assert other.version == 1


def test_a_plan_must_start_before_it_ends(world):
    with pytest.raises(ValidationError) as error:
        make_plan(world, starts_on=date(2025, 12, 31), ends_on=date(2025, 1, 1))
    assert "ends_on" in error.value.message_dict


def test_the_plan_header_has_the_conflict_check_too(world):
    plan = make_plan(world)
    plan_update(user=world.member, plan=plan, data={"summary": "A"})

    with pytest.raises(ConflictError):
        plan_update(
            user=world.owner, plan=plan, data={"summary": "B"}, seen_updated_at=plan.updated_at
        )


def _full_plan(world) -> AccountPlan:
    plan = make_plan(world, summary="First version")
    product = Product.objects.create(code="P-1", name="Pump")
    for kind in ITEM_MODELS:
        if kind not in ("action", "customer_problem", "customer_goal"):
            add(plan, kind, world.owner)
    customer_goal = add(plan, "customer_goal", world.owner, product_ids=[product.pk])
    add(plan, "customer_problem", world.owner, customer_goal_id=customer_goal.pk)
    goal = Goal.objects.get(plan=plan)
    add(plan, "action", world.owner, goal_id=goal.pk, owner_id=world.member.pk)
    return approved(world, plan)


def test_revising_copies_every_item_with_its_origin_and_links(world):
    first = _full_plan(world)

    second = plan_revise(user=world.member, plan=first)

    first.refresh_from_db()
    assert first.state == PlanState.SUPERSEDED
    assert (second.state, second.version, second.previous_id) == (PlanState.DRAFT, 2, first.pk)
    assert second.summary == "First version"
    for kind, model in ITEM_MODELS.items():
        old = list(model.objects.filter(plan=first))
        new = list(model.objects.filter(plan=second))
        assert [i.origin for i in old] == [i.origin for i in new], kind
        assert {i.pk for i in old}.isdisjoint({i.pk for i in new}), kind
    action = Action.objects.get(plan=second)
    assert action.goal.plan_id == second.pk  # points at the copy, not the old goal
    assert action.owner == world.member
    problem = CustomerProblem.objects.get(plan=second)
    assert problem.customer_goal.plan_id == second.pk
    assert [p.code for p in CustomerGoal.objects.get(plan=second).products.all()] == ["P-1"]
    assert plan_compare(first, second).is_empty


def test_only_an_approved_plan_is_revised(world):
    plan = make_plan(world)

    with pytest.raises(ValidationError, match="approved"):
        plan_revise(user=world.owner, plan=plan)


def test_comparing_versions_shows_what_changed(world):
    first = _full_plan(world)
    second = plan_revise(user=world.owner, plan=first)
    swot = SwotItem.objects.get(plan=second)
    item_update(user=world.owner, item=swot, data={"text": "Cash is tight now"})
    item_delete(user=world.owner, item=Goal.objects.get(plan=second))
    add(second, "value", world.owner, text="Local warehouse")
    second = plan_update(user=world.owner, plan=second, data={"summary": "Second version"})

    diff = plan_compare(first, second)

    changes = {(d.kind, d.change) for d in diff.items}
    assert ("swot", "changed") in changes
    assert ("goal", "removed") in changes
    assert ("value", "added") in changes
    # the action's goal link was emptied when the goal went: a change too
    assert ("action", "changed") in changes
    swot_diff = next(d for d in diff.items if d.kind == "swot")
    assert [(f.old, f.new) for f in swot_diff.fields] == [
        ("Strong cash position", "Cash is tight now")
    ]
    assert [(f.old, f.new) for f in diff.header] == [("First version", "Second version")]


def test_deleting_a_revision_gives_the_approved_version_back(world):
    first = _full_plan(world)
    second = plan_revise(user=world.owner, plan=first)

    with pytest.raises(PermissionDenied):
        plan_delete(user=world.member, plan=second)
    plan_delete(user=world.owner, plan=second)

    first.refresh_from_db()
    assert first.state == PlanState.APPROVED
    assert AccountPlan.objects.get(pk=second.pk).state == PlanState.ARCHIVED  # kept
    with pytest.raises(ValidationError):
        plan_delete(user=world.director, plan=first)  # not a draft


def test_every_change_is_in_the_history_with_who_made_it(world):
    plan = make_plan(world)
    item = add(plan, "swot", world.owner)
    item_update(user=world.member, item=item, data={"importance": 5})
    item_delete(user=world.director, item=item)

    records = list(item.history.order_by("history_date"))
    assert [(r.history_type, r.history_user) for r in records] == [
        ("+", world.owner),
        ("~", world.member),
        ("-", world.director),
    ]
    entries = plan_history(plan)
    changed = next(e for e in entries if e.action == "changed")
    assert changed.who == str(world.member)
    assert [(c.field, c.old, c.new) for c in changed.changes] == [("Importance (1-5)", "3", "5")]
    assert entries[0].action == "deleted"
    assert entries[0].subject.startswith("Customer SWOT: Strong cash")
