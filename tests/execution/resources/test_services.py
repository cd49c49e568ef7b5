"""The resource board's services: filing, changing and withdrawing requests, decisions
(full, partial, declined) against the unit's capacity, who may decide, capacity."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from keyplan.core.errors import ConflictError
from keyplan.execution.models import Notification, RequestStatus, UnitCapacity
from keyplan.execution.resources import services as resources
from keyplan.execution.resources.access import request_for_user
from keyplan.execution.resources.domain import monthly_load, months_between
from keyplan.portfolio.models import PortfolioSettings
from keyplan.sales.models import ExchangeRate
from tests.factories import UserFactory

from .support import END, START, make_request, request_data, unit_with_head


def test_a_kam_files_a_request_and_the_head_is_told(world, django_capture_on_commit_callbacks):
    unit = unit_with_head()
    with django_capture_on_commit_callbacks(execute=True):
        found = resources.request_create(
            user=world.owner, account=world.account, data=request_data(unit)
        )
    assert found.status == RequestStatus.PENDING
    assert found.requested_by == world.owner
    assert found.currency == world.account.currency
    notice = Notification.objects.get(user=unit.head)
    assert notice.kind == "request"
    assert notice.url.endswith(f"/execution/resources/{found.pk}/")
    assert [m.to for m in mail.outbox] == [[unit.head.email]]
    assert found.history.first().history_user == world.owner


def test_team_members_file_too_but_viewers_and_outsiders_do_not(world):
    unit = unit_with_head()
    resources.request_create(user=world.member, account=world.account, data=request_data(unit))
    with pytest.raises(PermissionDenied):
        resources.request_create(user=world.viewer, account=world.account, data=request_data(unit))
    with pytest.raises(Http404):
        resources.request_create(
            user=world.outsider, account=world.account, data=request_data(unit)
        )


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"amount": Decimal("0")}, "amount"),
        ({"title": "  "}, "title"),
        ({"period_end": START - timedelta(days=1)}, "period_end"),
        ({"period_end": date(2034, 1, 1)}, "period_end"),
        ({"probability": Decimal("101")}, "probability"),
        ({"resource_type": "cars"}, "resource_type"),
    ],
)
def test_bad_requests_are_refused_by_field(world, changes, field):
    unit = unit_with_head()
    with pytest.raises(ValidationError) as caught:
        resources.request_create(
            user=world.owner, account=world.account, data=request_data(unit, **changes)
        )
    assert field in caught.value.message_dict


def test_a_goal_of_another_account_is_refused(world):
    from keyplan.plans.models import AccountPlan, Goal

    plan = AccountPlan.objects.create(
        account=world.other_account, starts_on=date(2030, 1, 1), ends_on=date(2030, 12, 31)
    )
    goal = Goal.objects.create(plan=plan, title="Theirs")
    unit = unit_with_head()
    with pytest.raises(ValidationError) as caught:
        resources.request_create(
            user=world.owner, account=world.account, data=request_data(unit, goal_id=goal.pk)
        )
    assert "goal_id" in caught.value.message_dict


def test_update_and_withdraw_only_while_pending_and_with_the_version_seen(world):
    unit = unit_with_head()
    found = make_request(world.account, unit)
    seen = found.updated_at
    resources.request_update(
        user=world.member, request=found, data={"amount": Decimal("90")}, seen_updated_at=seen
    )
    with pytest.raises(ConflictError):
        resources.request_update(
            user=world.owner, request=found, data={"amount": Decimal("80")}, seen_updated_at=seen
        )
    found.refresh_from_db()
    assert found.amount == Decimal("90")
    resources.request_withdraw(user=world.owner, request=found, seen_updated_at=found.updated_at)
    found.refresh_from_db()
    assert found.status == RequestStatus.WITHDRAWN
    with pytest.raises(ValidationError):
        resources.request_update(user=world.owner, request=found, data={"title": "Again"})


def test_the_head_approves_in_full_and_the_requester_is_told(
    world, django_capture_on_commit_callbacks
):
    unit = unit_with_head()
    found = make_request(world.account, unit, amount=Decimal("150"))
    with django_capture_on_commit_callbacks(execute=True):
        resources.request_decide(
            user=unit.head, request=found, decision="approved", seen_updated_at=found.updated_at
        )
    found.refresh_from_db()
    assert found.status == RequestStatus.APPROVED
    assert found.granted_amount == Decimal("150")
    assert found.decided_by == unit.head
    notice = Notification.objects.get(user=world.owner)
    assert notice.kind == "decision"
    assert "Approved" in notice.title
    assert mail.outbox[-1].to == [world.owner.email]


def test_a_partial_approval_needs_an_amount_between_zero_and_the_request_and_a_reason(world):
    unit = unit_with_head()
    found = make_request(world.account, unit)
    for granted in (None, Decimal("0"), Decimal("120"), Decimal("200")):
        with pytest.raises(ValidationError) as caught:
            resources.request_decide(
                user=unit.head,
                request=found,
                decision="partly_approved",
                granted_amount=granted,
                reason="Half now",
            )
        assert "granted_amount" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        resources.request_decide(
            user=unit.head, request=found, decision="partly_approved", granted_amount=Decimal(60)
        )
    assert "reason" in caught.value.message_dict
    resources.request_decide(
        user=unit.head,
        request=found,
        decision="partly_approved",
        granted_amount=Decimal("60"),
        reason="Half now",
    )
    found.refresh_from_db()
    assert (found.status, found.granted_amount) == ("partly_approved", Decimal("60"))


def test_a_decline_needs_a_reason_and_grants_nothing(world):
    unit = unit_with_head()
    found = make_request(world.account, unit)
    with pytest.raises(ValidationError):
        resources.request_decide(user=unit.head, request=found, decision="declined")
    resources.request_decide(
        user=unit.head, request=found, decision="declined", reason="Other accounts first"
    )
    found.refresh_from_db()
    assert (found.status, found.granted_amount) == ("declined", None)
    with pytest.raises(ValidationError):
        resources.request_decide(user=unit.head, request=found, decision="approved")


def test_approving_beyond_the_remaining_capacity_is_refused_with_the_months(world):
    unit = unit_with_head(hours="100")  # 100 hours in each of March, April, May
    first = make_request(world.account, unit, amount=Decimal("240"))  # 80 a month
    resources.request_decide(user=unit.head, request=first, decision="approved")
    second = make_request(world.account, unit, amount=Decimal("90"))  # 30 a month: 20 left
    with pytest.raises(ValidationError) as caught:
        resources.request_decide(user=unit.head, request=second, decision="approved")
    message = caught.value.message_dict["granted_amount"][0]
    assert "2030-03: 20.00 left" in message
    # What fits is granted in part.
    resources.request_decide(
        user=unit.head,
        request=second,
        decision="partly_approved",
        granted_amount=Decimal("60"),
        reason="What is left",
    )
    second.refresh_from_db()
    assert second.status == "partly_approved"


def test_experts_hold_their_number_in_every_month(world):
    unit = unit_with_head(hours=None)
    UnitCapacity.objects.create(
        business_unit=unit, resource_type="expert", month=START, amount=Decimal("2")
    )
    UnitCapacity.objects.create(
        business_unit=unit, resource_type="expert", month=date(2030, 4, 1), amount=Decimal("1")
    )
    found = make_request(
        world.account, unit, resource_type="expert", amount=Decimal("2"), period_end=END
    )
    with pytest.raises(ValidationError) as caught:
        resources.request_decide(user=unit.head, request=found, decision="approved")
    text = caught.value.message_dict["granted_amount"][0]
    assert "2030-04" in text and "2030-05" in text and "2030-03" not in text


def test_budget_is_compared_in_the_base_currency(world):
    PortfolioSettings.load()
    base = PortfolioSettings.load().base_currency
    unit = unit_with_head(hours=None)
    foreign = "EUR" if base != "EUR" else "USD"
    world.account.currency = foreign
    world.account.save()
    UnitCapacity.objects.create(
        business_unit=unit, resource_type="budget", month=START, amount=Decimal("400")
    )
    found = make_request(
        world.account,
        unit,
        resource_type="budget",
        amount=Decimal("100"),
        period_end=date(2030, 3, 31),
        currency=foreign,
    )
    with pytest.raises(ValidationError) as caught:  # no planning rate yet
        resources.request_decide(user=unit.head, request=found, decision="approved")
    assert "planning rate" in caught.value.message_dict["granted_amount"][0]
    ExchangeRate.objects.create(currency=foreign, rate=Decimal("4.5"))  # 450 > 400
    with pytest.raises(ValidationError):
        resources.request_decide(user=unit.head, request=found, decision="approved")
    ExchangeRate.objects.filter(currency=foreign).update(rate=Decimal("4"))
    resources.request_decide(user=unit.head, request=found, decision="approved")


def test_a_director_may_approve_over_capacity_explicitly_a_head_may_not(world):
    unit = unit_with_head(hours="10")
    found = make_request(world.account, unit)
    with pytest.raises(PermissionDenied):
        resources.request_decide(
            user=unit.head, request=found, decision="approved", over_capacity=True
        )
    with pytest.raises(ValidationError):
        resources.request_decide(user=world.director, request=found, decision="approved")
    resources.request_decide(
        user=world.director, request=found, decision="approved", over_capacity=True
    )
    found.refresh_from_db()
    assert found.status == "approved"
    assert "over capacity" in found.history.first().history_change_reason


def test_only_the_units_head_and_managers_decide(world):
    unit = unit_with_head()
    other_head = UserFactory(username="other-head", role="team")
    unit_with_head("finance", head=other_head)
    found = make_request(world.account, unit)
    # The owner and the team see the request but may not decide it.
    for user in (world.owner, world.member, world.viewer):
        with pytest.raises(PermissionDenied):
            resources.request_decide(user=user, request=found, decision="approved")
    # Another unit's head does not even see it.
    with pytest.raises(Http404):
        resources.request_decide(user=other_head, request=found, decision="approved")
    with pytest.raises(Http404):
        resources.request_decide(user=world.outsider, request=found, decision="approved")
    resources.request_decide(user=world.admin, request=found, decision="approved")


def test_a_head_sees_the_requests_of_the_unit_without_being_on_the_team(world):
    unit = unit_with_head()
    found = make_request(world.account, unit)
    access = request_for_user(unit.head, found.pk)
    assert access.can_decide and not access.can_write
    with pytest.raises(PermissionDenied):
        request_for_user(unit.head, found.pk, write=True)


def test_a_stale_decision_is_a_conflict(world):
    unit = unit_with_head()
    found = make_request(world.account, unit)
    seen = found.updated_at
    resources.request_update(user=world.owner, request=found, data={"title": "Line audit 2"})
    with pytest.raises(ConflictError):
        resources.request_decide(
            user=unit.head, request=found, decision="approved", seen_updated_at=seen
        )


def test_capacity_is_set_by_the_head_and_managers_only(world):
    unit = unit_with_head(hours=None)
    cell = resources.capacity_set(
        user=unit.head, unit=unit, resource_type="hours", month=date(2030, 6, 17), amount=40
    )
    assert cell.month == date(2030, 6, 1) and cell.amount == Decimal("40.00")
    cell = resources.capacity_set(
        user=world.director,
        unit=unit,
        resource_type="hours",
        month=date(2030, 6, 1),
        amount=Decimal("50"),
        seen_updated_at=cell.updated_at,
    )
    assert UnitCapacity.objects.get().amount == Decimal("50")
    with pytest.raises(ConflictError):
        resources.capacity_set(
            user=world.admin,
            unit=unit,
            resource_type="hours",
            month=date(2030, 6, 1),
            amount=Decimal("60"),
            seen_updated_at=cell.updated_at - timedelta(seconds=5),
        )
    for user in (world.owner, world.member, world.viewer):
        with pytest.raises(PermissionDenied):
            resources.capacity_set(
                user=user, unit=unit, resource_type="hours", month=START, amount=Decimal("1")
            )
    with pytest.raises(ValidationError):
        resources.capacity_set(
            user=unit.head, unit=unit, resource_type="hours", month=START, amount=Decimal("-1")
        )


def test_monthly_load_spreads_hours_and_budget_and_repeats_experts():
    months = months_between(date(2030, 11, 15), date(2031, 1, 2))
    assert months == [date(2030, 11, 1), date(2030, 12, 1), date(2031, 1, 1)]
    hours = monthly_load("hours", Decimal("90"), date(2030, 11, 15), date(2031, 1, 2))
    assert set(hours.values()) == {Decimal("30.00")}
    experts = monthly_load("expert", Decimal("2"), date(2030, 11, 15), date(2031, 1, 2))
    assert set(experts.values()) == {Decimal("2")}


def test_waiting_for_my_decision_and_my_requests(world):
    from keyplan.execution.resources import selectors as resource_selectors

    unit = unit_with_head()
    other = unit_with_head("finance")
    mine = make_request(world.account, unit, title="Mine")
    make_request(world.account, other, title="Finance's", requested_by=world.member)
    make_request(world.account, unit, title="Done", status="declined")
    assert [r.request.title for r in resource_selectors.waiting_for(unit.head)] == ["Mine"]
    assert {r.request.title for r in resource_selectors.waiting_for(world.director)} == {
        "Mine",
        "Finance's",
    }
    assert resource_selectors.waiting_for(world.owner) == []
    assert [r.pk for r in resource_selectors.my_requests(world.owner)] == [
        r.pk for r in resource_selectors.my_requests(world.owner) if r.title != "Finance's"
    ]
    assert mine.pk in {r.pk for r in resource_selectors.my_requests(world.owner)}
    assert {r.title for r in resource_selectors.my_requests(world.member)} == {"Finance's"}
