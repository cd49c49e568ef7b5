"""Plan services: roles, states, conflicts, revisions, history and undo."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from keyplan.core.errors import ConflictError
from keyplan.plans import selectors, services
from keyplan.plans.access import item_for_user, plan_for_user
from keyplan.plans.history import plan_history
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
from keyplan.sales.models import Product
from tests.factories import BusinessUnitFactory, TeamMemberFactory, UserFactory

from .support import SAMPLES, add, approved, make_plan

pytestmark = pytest.mark.django_db


# --- who may do what ---------------------------------------------------------------------


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


@pytest.mark.parametrize("who", ["viewer", "outsider"])
def test_only_the_team_changes_items(world, who):
    plan = make_plan(world)
    item = add(plan, "swot", world.member)

    with pytest.raises(PermissionDenied):
        add(plan, "swot", getattr(world, who))
    with pytest.raises(PermissionDenied):
        services.item_update(user=getattr(world, who), item=item, data={"text": "x"})
    with pytest.raises(PermissionDenied):
        services.item_delete(user=getattr(world, who), item=item)


def test_the_team_submits_and_only_directors_and_admins_approve(world):
    plan = make_plan(world)

    services.plan_submit(user=world.member, plan=plan)
    for who in (world.owner, world.member):
        with pytest.raises(PermissionDenied):
            services.plan_approve(user=who, plan=plan)
    result = services.plan_approve(user=world.director, plan=plan, comment="Good plan")

    assert result.state == PlanState.APPROVED
    assert result.approved_by == world.director
    assert result.approved_at is not None
    assert result.reviewed_at == result.approved_at
    assert result.history.first().history_change_reason == "Good plan"


def test_a_plan_in_review_can_go_back_to_draft(world):
    plan = make_plan(world)
    services.plan_submit(user=world.owner, plan=plan)

    result = services.plan_return(user=world.director, plan=plan, comment="Add goals")

    assert result.state == PlanState.DRAFT


def test_impossible_transitions_are_refused(world):
    plan = make_plan(world)

    with pytest.raises(ValidationError) as error:
        services.plan_approve(user=world.director, plan=plan)  # a draft is not approved directly
    assert "to_state" in error.value.message_dict
    with pytest.raises(ValidationError):
        services.plan_transition(user=world.owner, plan=plan, to_state="superseded")


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


# --- items -------------------------------------------------------------------------------


def test_items_of_every_kind_are_created_in_order(world):
    plan = make_plan(world)

    for kind in ITEM_MODELS:
        first = add(plan, kind, world.member, **({"year": 2026} if kind == "potential" else {}))
        second = add(plan, kind, world.member, **({"year": 2027} if kind == "potential" else {}))
        assert (first.position, second.position) == (0, 1)
        assert first.plan_id == plan.pk
        assert first.origin != second.origin
    assert set(selectors.plan_items(plan)) == set(ITEM_MODELS)


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

    done = services.item_update(user=world.member, item=action, data={"status": "done"})
    assert done.completed_at is not None
    reopened = services.item_update(user=world.member, item=done, data={"status": "blocked"})
    assert reopened.completed_at is None


# --- conflicts ---------------------------------------------------------------------------


def test_a_stale_save_is_refused_and_writes_nothing(world):
    plan = make_plan(world)
    item = add(plan, "swot", world.owner)
    read_at = item.updated_at
    services.item_update(
        user=world.member, item=item, data={"text": "Member's words"}, seen_updated_at=read_at
    )

    with pytest.raises(ConflictError) as conflict:
        services.item_update(
            user=world.owner, item=item, data={"text": "Owner's words"}, seen_updated_at=read_at
        )

    assert conflict.value.current.text == "Member's words"
    assert SwotItem.objects.get(pk=item.pk).text == "Member's words"


def test_a_fresh_save_passes_the_conflict_check(world):
    plan = make_plan(world)
    item = add(plan, "swot", world.owner)

    first = services.item_update(
        user=world.member, item=item, data={"text": "One"}, seen_updated_at=item.updated_at
    )
    second = services.item_update(
        user=world.owner, item=first, data={"text": "Two"}, seen_updated_at=first.updated_at
    )

    assert second.text == "Two"
    assert second.updated_at > item.updated_at


def test_deleting_something_changed_since_is_a_conflict(world):
    plan = make_plan(world)
    item = add(plan, "goal", world.owner)
    services.item_update(user=world.member, item=item, data={"why": "Because"})

    with pytest.raises(ConflictError):
        services.item_delete(user=world.owner, item=item, seen_updated_at=item.updated_at)
    assert Goal.objects.filter(pk=item.pk).exists()


def test_the_plan_header_has_the_conflict_check_too(world):
    plan = make_plan(world)
    services.plan_update(user=world.member, plan=plan, data={"summary": "A"})

    with pytest.raises(ConflictError):
        services.plan_update(
            user=world.owner, plan=plan, data={"summary": "B"}, seen_updated_at=plan.updated_at
        )


def test_saving_nothing_new_writes_no_history(world):
    plan = make_plan(world)
    item = add(plan, "swot", world.owner)

    services.item_update(user=world.owner, item=item, data={"text": item.text})

    assert item.history.count() == 1


# --- approved plans are read-only --------------------------------------------------------


def test_an_approved_plan_is_read_only_except_for_execution(world):
    plan = make_plan(world)
    goal = add(plan, "goal", world.owner)
    action = add(plan, "action", world.owner, owner_id=world.member.pk, goal_id=goal.pk)
    swot = add(plan, "swot", world.owner)
    plan = approved(world, plan)

    with pytest.raises(ValidationError, match="revise it"):
        add(plan, "swot", world.owner)
    with pytest.raises(ValidationError, match="revise it"):
        services.item_update(user=world.owner, item=swot, data={"text": "New"})
    with pytest.raises(ValidationError, match="revise it"):
        services.item_update(user=world.owner, item=action, data={"title": "New", "status": "done"})
    with pytest.raises(ValidationError, match="revise it"):
        services.item_delete(user=world.owner, item=swot)
    with pytest.raises(ValidationError, match="revise it"):
        services.plan_update(user=world.owner, plan=plan, data={"summary": "New"})

    # carrying out the plan is not changing it
    done = services.item_update(
        user=world.member, item=action, data={"status": "done", "progress_note": "Visited"}
    )
    achieved = services.item_update(user=world.owner, item=goal, data={"status": "achieved"})
    reviewed = services.plan_mark_reviewed(user=world.member, plan=plan)
    assert done.status == "done" and done.completed_at is not None
    assert achieved.status == "achieved"
    assert reviewed.reviewed_at > plan.reviewed_at


# --- revisions ---------------------------------------------------------------------------


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

    second = services.plan_revise(user=world.member, plan=first)

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
    assert selectors.plan_compare(first, second).is_empty


def test_only_an_approved_plan_is_revised(world):
    plan = make_plan(world)

    with pytest.raises(ValidationError, match="approved"):
        services.plan_revise(user=world.owner, plan=plan)


def test_comparing_versions_shows_what_changed(world):
    first = _full_plan(world)
    second = services.plan_revise(user=world.owner, plan=first)
    swot = SwotItem.objects.get(plan=second)
    services.item_update(user=world.owner, item=swot, data={"text": "Cash is tight now"})
    services.item_delete(user=world.owner, item=Goal.objects.get(plan=second))
    add(second, "value", world.owner, text="Local warehouse")
    second = services.plan_update(user=world.owner, plan=second, data={"summary": "Second version"})

    diff = selectors.plan_compare(first, second)

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
    second = services.plan_revise(user=world.owner, plan=first)

    with pytest.raises(PermissionDenied):
        services.plan_delete(user=world.member, plan=second)
    services.plan_delete(user=world.owner, plan=second)

    first.refresh_from_db()
    assert first.state == PlanState.APPROVED
    assert not AccountPlan.objects.filter(pk=second.pk).exists()
    with pytest.raises(ValidationError):
        services.plan_delete(user=world.director, plan=first)  # not a draft


# --- history and undo --------------------------------------------------------------------


def test_every_change_is_in_the_history_with_who_made_it(world):
    plan = make_plan(world)
    item = add(plan, "swot", world.owner)
    services.item_update(user=world.member, item=item, data={"importance": 5})
    services.item_delete(user=world.director, item=item)

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


def test_a_deleted_item_is_restored_from_history(world):
    plan = make_plan(world)
    item = add(plan, "perception", world.owner, customer_rating=2, our_rating=4, source="CFO")
    services.item_delete(user=world.owner, item=item)
    assert [d.id for d in selectors.deleted_items(plan)] == [item.pk]

    restored = services.item_restore(
        user=world.member, plan=plan, kind="perception", item_id=item.pk
    )

    assert (restored.pk, restored.origin) == (item.pk, item.origin)
    assert (restored.text, restored.customer_rating, restored.source) == (item.text, 2, "CFO")
    assert selectors.deleted_items(plan) == []
    latest = restored.history.first()
    assert (latest.history_type, latest.history_change_reason) == ("+", "Restored")
    assert latest.history_user == world.member
    with pytest.raises(ValidationError, match="not deleted"):
        services.item_restore(user=world.owner, plan=plan, kind="perception", item_id=item.pk)


def test_restoring_brings_back_products_and_drops_links_to_deleted_items(world):
    plan = make_plan(world)
    product = Product.objects.create(code="P-9", name="Valve")
    customer_goal = add(plan, "customer_goal", world.owner, product_ids=[product.pk])
    goal = add(plan, "goal", world.owner)
    action = add(plan, "action", world.owner, goal_id=goal.pk)
    services.item_delete(user=world.owner, item=customer_goal)
    services.item_delete(user=world.owner, item=action)
    services.item_delete(user=world.owner, item=goal)

    back = services.item_restore(
        user=world.owner, plan=plan, kind="customer_goal", item_id=customer_goal.pk
    )
    action_back = services.item_restore(
        user=world.owner, plan=plan, kind="action", item_id=action.pk
    )

    assert [p.code for p in back.products.all()] == ["P-9"]
    assert action_back.goal_id is None


def test_an_item_is_restored_only_into_its_own_plan(world):
    plan = make_plan(world)
    other = make_plan(
        world, period="FY2026", starts_on=date(2026, 1, 1), ends_on=date(2026, 12, 31)
    )
    item = add(plan, "culture", world.owner)
    services.item_delete(user=world.owner, item=item)

    with pytest.raises(Http404):
        services.item_restore(user=world.owner, plan=other, kind="culture", item_id=item.pk)
    with pytest.raises(Http404):
        services.item_restore(user=world.owner, plan=plan, kind="culture", item_id=10**6)


# --- actions across plans ----------------------------------------------------------------


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

    mine = list(selectors.my_actions(world.member))

    assert [a.pk for a in mine] == [overdue.pk, blocked.pk, later.pk]
    assert len(selectors.my_actions(world.member, include_closed=True)) == 4
    assert [a.pk for a in selectors.account_attention_actions(world.account)] == [
        overdue.pk,
        blocked.pk,
    ]


def test_my_actions_leave_out_superseded_versions(world):
    plan = make_plan(world)
    add(plan, "action", world.owner, owner_id=world.member.pk)
    first = approved(world, plan)
    second = services.plan_revise(user=world.owner, plan=first)

    assert [a.plan_id for a in selectors.my_actions(world.member)] == [second.pk]
    assert SAMPLES["action"]["title"] == selectors.my_actions(world.member)[0].title
