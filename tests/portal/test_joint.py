"""Joint actions: the team marks them with co-owners; the customer sees them, confirms or
rejects completion with a note, and proposes actions the team accepts or declines."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from keyplan.execution.models import Notification
from keyplan.plans.actions.services import action_set_joint
from keyplan.plans.models import Action
from keyplan.portal.models import ActionProposal, JointConfirmation, PortalInvitation
from tests.factories import ContactFactory
from tests.plans.support import add, this_year

from .support import share


def _joint(world, **data):
    action = add(this_year(world), "action", world.owner, **data)
    return action_set_joint(
        user=world.owner, action=action, joint=True, contact_ids=[world.contact.pk]
    )


def test_marking_joint_with_co_owners(world):
    action = _joint(world)

    assert action.joint and list(action.co_owners.all()) == [world.contact]
    stranger = ContactFactory(account=world.other_account)
    with pytest.raises(ValidationError):
        action_set_joint(user=world.owner, action=action, joint=True, contact_ids=[stranger.pk])
    with pytest.raises(PermissionDenied):
        action_set_joint(user=world.viewer, action=action, joint=False)
    action_set_joint(user=world.member, action=action, joint=False)
    assert not Action.objects.get(pk=action.pk).joint
    assert not action.co_owners.exists()


def test_team_page_marks_an_action_joint(world, client_for):
    action = add(this_year(world), "action", world.owner)
    url = reverse("portal:action-joint", args=[world.account.pk, action.pk])

    assert client_for("viewer").post(url, {"joint": "1"}).status_code == 403
    assert client_for("outsider").post(url, {"joint": "1"}).status_code == 404
    response = client_for("member").post(url, {"joint": "1", "co_owners": [world.contact.pk]})

    assert response.status_code == 302
    action.refresh_from_db()
    assert action.joint and action.co_owners.get() == world.contact
    page = client_for("viewer").get(reverse("portal:team-joint", args=[world.account.pk]))
    assert page.status_code == 200 and "Jan Kowalski" in page.content.decode()


def test_customer_sees_only_joint_actions_when_shared(world, customer_client):
    joint = _joint(world, title="Joint plant audit")
    add(joint.plan, "action", world.owner, title="Internal pricing review")
    url = reverse("portal:joint-actions")

    assert customer_client.get(url).status_code == 404  # not shared yet
    share(world, "joint_actions", level="basic")
    body = customer_client.get(url).content.decode()

    assert "Joint plant audit" in body and "Jan Kowalski" in body
    assert "Internal pricing review" not in body


def test_customer_confirms_or_rejects_a_completed_joint_action(world, customer, customer_client):
    action = _joint(world, status="done")
    share(world, "joint_actions", level="basic")
    url = reverse("portal:joint-confirm", args=[action.pk])

    no_note = customer_client.post(url, {"decision": "rejected"}, follow=True)
    assert "Tell the team what is still missing." in no_note.content.decode()
    customer_client.post(url, {"decision": "rejected", "note": "Report missing"})
    customer_client.post(url, {"decision": "confirmed"})

    decisions = list(JointConfirmation.objects.order_by("pk").values_list("decision", "note"))
    assert decisions == [("rejected", "Report missing"), ("confirmed", "")]
    assert Notification.objects.filter(user=world.owner, kind="decision").count() == 2


def test_an_open_action_cannot_be_confirmed(world, customer_client):
    action = _joint(world, status="in_progress")
    share(world, "joint_actions", level="basic")

    response = customer_client.post(
        reverse("portal:joint-confirm", args=[action.pk]), {"decision": "confirmed"}, follow=True
    )

    assert "Only a completed action can be confirmed or rejected." in response.content.decode()
    assert not JointConfirmation.objects.exists()


def test_non_joint_and_other_accounts_actions_are_404(world, client_for, customer_client):
    plain = add(this_year(world), "action", world.owner, status="done")
    share(world, "joint_actions", level="basic")
    share(world, "joint_actions", level="basic", account=world.other_account)
    joint = add(plain.plan, "action", world.owner, status="done", title="Joint plant audit")
    action_set_joint(user=world.owner, action=joint, joint=True)

    assert (
        customer_client.post(
            reverse("portal:joint-confirm", args=[plain.pk]), {"decision": "confirmed"}
        ).status_code
        == 404
    )
    assert (
        client_for("portal")
        .post(reverse("portal:joint-confirm", args=[joint.pk]), {"decision": "confirmed"})
        .status_code
        == 404
    )
    other_page = client_for("portal").get(reverse("portal:joint-actions")).content.decode()
    assert "Joint plant audit" not in other_page and world.account.name not in other_page


def test_proposal_accepted_becomes_a_joint_action(world, customer, customer_client, client_for):
    plan = this_year(world)
    PortalInvitation.objects.create(
        account=world.account,
        email=customer.email,
        contact=world.contact,
        language="en",
        token_hash="x" * 64,
        expires_at=plan.created_at,
        user=customer,
    )
    share(world, "joint_actions", level="basic")

    bad = customer_client.post(reverse("portal:joint-actions"), {"title": ""})
    assert bad.status_code == 400 and 'class="error"' in bad.content.decode()
    customer_client.post(
        reverse("portal:joint-actions"), {"title": "Train our operators", "due_on": "2030-01-31"}
    )
    proposal = ActionProposal.objects.get()
    assert Notification.objects.filter(user=world.owner, kind="request").exists()
    url = reverse("portal:proposal-decide", args=[proposal.pk])
    assert client_for("viewer").post(url, {"accept": "1"}).status_code == 403
    assert client_for("outsider").post(url, {"accept": "1"}).status_code == 404

    client_for("member").post(url, {"accept": "1", "note": "Gladly"})

    proposal.refresh_from_db()
    assert proposal.status == "accepted" and proposal.decision_note == "Gladly"
    action = proposal.action
    assert action.plan == plan and action.joint and action.title == "Train our operators"
    assert list(action.co_owners.all()) == [world.contact]
    body = customer_client.get(reverse("portal:joint-actions")).content.decode()
    assert "Gladly" in body and "Train our operators" in body


def test_proposal_declined_and_decided_only_once(world, customer):
    from keyplan.portal.joint.services import proposal_create, proposal_decide

    proposal = proposal_create(user=customer, title="Free pallets")
    proposal_decide(user=world.owner, proposal=proposal, accept=False, note="Not this year")

    with pytest.raises(ValidationError):
        proposal_decide(user=world.owner, proposal=proposal, accept=True)
    assert ActionProposal.objects.get().status == "declined"
    assert not Action.objects.exists()


def test_accepting_without_a_current_plan_is_an_error(world, customer):
    from keyplan.portal.joint.services import proposal_create, proposal_decide

    proposal = proposal_create(user=customer, title="Free pallets")

    with pytest.raises(ValidationError):
        proposal_decide(user=world.owner, proposal=proposal, accept=True)


def _queries(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context)


def test_joint_pages_query_count_does_not_grow(world, client_for, customer_client):
    plan = this_year(world)
    share(world, "joint_actions", level="basic")
    team_url = reverse("portal:team-joint", args=[world.account.pk])
    customer_url = reverse("portal:joint-actions")
    owner = client_for("owner")

    def grow(count):
        for number in range(count):
            action = add(plan, "action", world.owner, title=f"A{number}", status="done")
            action_set_joint(
                user=world.owner, action=action, joint=True, contact_ids=[world.contact.pk]
            )

    grow(2)
    _queries(owner, team_url), _queries(customer_client, customer_url)  # warm the sessions
    few = (_queries(owner, team_url), _queries(customer_client, customer_url))
    grow(8)
    many = (_queries(owner, team_url), _queries(customer_client, customer_url))

    assert many == few
