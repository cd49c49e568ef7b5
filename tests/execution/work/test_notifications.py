"""Notifications: notify (dedupe, inactive users, e-mail after commit), mark read, the
unread badge, assignment notices from the plan services, due-date reminders and the
`keyplan notify` command."""

from __future__ import annotations

from datetime import date, timedelta
from io import StringIO
from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from keyplan.execution.common.services import notify
from keyplan.execution.models import Notification, NotificationKind
from keyplan.execution.work.selectors import unread_count
from keyplan.execution.work.services import mark_read, notify_due_actions
from keyplan.plans.items import services as plan_services
from tests.factories import UserFactory
from tests.plans.support import add, make_plan

TODAY = date(2026, 11, 23)


# --- notify --------------------------------------------------------------------------------


def test_notify_stores_and_emails_after_commit(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        made = notify(
            user=world.owner,
            kind=NotificationKind.DECISION,
            title="Approved: two engineers",
            body="Granted in full.",
            url="/execution/resources/1/",
            account=world.account,
        )
        assert mail.outbox == []  # nothing is sent before the commit

    assert made is not None and made.user == world.owner and made.read_at is None
    assert len(callbacks) == 1
    callbacks[0]()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [world.owner.email]
    assert message.subject == "[keyplan] Approved: two engineers"
    assert "Granted in full." in message.body and "/execution/resources/1/" in message.body
    assert "Polmet" in message.body
    made.refresh_from_db()
    assert made.emailed_at is not None


def test_notify_with_the_same_key_twice_creates_one(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = notify(user=world.member, kind="due", title="Due soon", key="action:1:due:x")
        second = notify(user=world.member, kind="due", title="Due soon", key="action:1:due:x")
        other_user = notify(user=world.owner, kind="due", title="Due soon", key="action:1:due:x")

    assert first is not None and second is None and other_user is not None
    assert Notification.objects.filter(key="action:1:due:x").count() == 2
    assert len(mail.outbox) == 2


def test_notify_without_key_never_dedupes(world):
    notify(user=world.member, kind="due", title="A", email=False)
    notify(user=world.member, kind="due", title="A", email=False)

    assert Notification.objects.filter(user=world.member).count() == 2


def test_notify_skips_inactive_users_and_missing_addresses(
    world, django_capture_on_commit_callbacks
):
    world.member.is_active = False
    world.member.save()
    world.owner.email = ""
    world.owner.save()

    with django_capture_on_commit_callbacks(execute=True):
        assert notify(user=world.member, kind="due", title="Gone") is None
        assert notify(user=None, kind="due", title="Nobody") is None
        kept = notify(user=world.owner, kind="due", title="No address")

    assert kept is not None and kept.emailed_at is None
    assert mail.outbox == []


def test_notify_email_false_sends_nothing(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notify(user=world.owner, kind="due", title="Quiet", email=False)

    assert mail.outbox == []


def test_a_mail_server_failure_keeps_the_notification(world, django_capture_on_commit_callbacks):
    with (
        mock.patch(
            "keyplan.execution.common.services.send_mail", side_effect=OSError("connection refused")
        ),
        django_capture_on_commit_callbacks(execute=True),
    ):
        made = notify(user=world.owner, kind="due", title="Still here")

    made.refresh_from_db()
    assert made.emailed_at is None
    assert Notification.objects.filter(pk=made.pk).exists()


def test_long_title_is_cut_to_the_field(world):
    made = notify(user=world.owner, kind="due", title="x" * 400, email=False)

    assert len(made.title) == 255


def test_email_link_is_absolute_with_a_base_url(
    world, settings, django_capture_on_commit_callbacks
):
    settings.KEYPLAN_BASE_URL = "https://keyplan.example/"
    with django_capture_on_commit_callbacks(execute=True):
        notify(user=world.owner, kind="due", title="Link", url="/execution/my-work/")

    assert "https://keyplan.example/execution/my-work/" in mail.outbox[0].body


# --- reading ---------------------------------------------------------------------------------


def test_mark_read_marks_only_my_own(world):
    mine = [notify(user=world.owner, kind="due", title=f"n{i}", email=False) for i in range(3)]
    theirs = notify(user=world.member, kind="due", title="not yours", email=False)

    assert mark_read(user=world.owner, ids=[mine[0].pk, theirs.pk]) == 1
    assert unread_count(world.owner) == 2
    assert unread_count(world.member) == 1
    assert mark_read(user=world.owner, ids=[]) == 0
    assert mark_read(user=world.owner, all=True) == 2
    assert unread_count(world.owner) == 0
    assert mark_read(user=world.owner, all=True) == 0  # nothing left
    assert unread_count(world.member) == 1


def test_unread_count_for_anonymous_is_zero(db):
    from django.contrib.auth.models import AnonymousUser

    assert unread_count(AnonymousUser()) == 0
    assert unread_count(None) == 0


def test_header_badge_shows_the_unread_count(world, client_for):
    notify(user=world.owner, kind="due", title="one", email=False)
    notify(user=world.owner, kind="due", title="two", email=False)
    url = reverse("work:notifications-badge")

    html = client_for("owner").get(url).content.decode()

    assert "2 unread notifications" in html
    assert reverse("work:notifications") + "?show=unread" in html
    assert client_for("member").get(url).content.decode().strip() == ""


def test_pages_load_the_badge_after_the_page(world, client_for):
    html = client_for("owner").get(reverse("accounts:list")).content.decode()
    assert 'data-url="' + reverse("work:notifications-badge") + '"' in html


# --- assignments ---------------------------------------------------------------------------


def test_an_action_given_to_someone_else_notifies_them(world, django_capture_on_commit_callbacks):
    plan = make_plan(world)
    with django_capture_on_commit_callbacks(execute=True):
        action = add(plan, "action", world.owner, owner_id=world.member.pk, due_on=TODAY)

    notice = Notification.objects.get(user=world.member)
    assert notice.kind == NotificationKind.ASSIGNMENT
    assert notice.key == f"action:{action.pk}:owner:{world.member.pk}"
    assert "Visit the plant" in notice.title and "Polmet" in notice.body
    assert notice.url.endswith(f"#item-action-{action.pk}")
    assert notice.account == world.account
    assert [m.to for m in mail.outbox] == [[world.member.email]]


def test_taking_an_action_yourself_notifies_nobody(world):
    plan = make_plan(world)
    add(plan, "action", world.member, owner_id=world.member.pk)
    add(plan, "action", world.owner, title="No owner")

    assert not Notification.objects.exists()


def test_reassigning_notifies_the_new_owner_once(world):
    plan = make_plan(world)
    action = add(plan, "action", world.owner, owner_id=world.owner.pk)
    assert not Notification.objects.exists()

    action = plan_services.item_update(
        user=world.owner, item=action, data={"owner_id": world.member.pk}
    )
    plan_services.item_update(user=world.owner, item=action, data={"title": "Visit again"})
    assert Notification.objects.filter(user=world.member).count() == 1

    action = plan_services.item_update(
        user=world.owner, item=action, data={"owner_id": world.owner.pk}
    )
    plan_services.item_update(user=world.owner, item=action, data={"owner_id": world.member.pk})
    # the same person again: the key says it was told already
    assert Notification.objects.filter(user=world.member).count() == 1
    assert not Notification.objects.filter(user=world.owner).exists()


def test_a_refused_assignment_notifies_nobody(world):
    plan = make_plan(world)
    with pytest.raises(Exception):
        add(plan, "action", world.owner, owner_id=world.outsider.pk)

    assert not Notification.objects.exists()


# --- due dates -----------------------------------------------------------------------------


def _actions(world):
    plan = make_plan(world)
    owner = world.owner
    return {
        "overdue": add(
            plan, "action", owner, title="Late", owner_id=owner.pk, due_on=TODAY - timedelta(days=3)
        ),
        "today": add(plan, "action", owner, title="Today", owner_id=owner.pk, due_on=TODAY),
        "two": add(
            plan,
            "action",
            owner,
            title="In two",
            owner_id=world.member.pk,
            due_on=TODAY + timedelta(days=2),
        ),
        "three": add(
            plan,
            "action",
            owner,
            title="In three",
            owner_id=owner.pk,
            due_on=TODAY + timedelta(days=3),
        ),
        "done": add(
            plan, "action", owner, title="Done", owner_id=owner.pk, due_on=TODAY, status="done"
        ),
        "nobody": add(plan, "action", owner, title="Nobody", due_on=TODAY),
    }


def test_due_actions_are_reminded_once(world, django_capture_on_commit_callbacks):
    actions = _actions(world)
    Notification.objects.all().delete()  # the assignment notices
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        assert notify_due_actions(today=TODAY) == 3
        assert notify_due_actions(today=TODAY) == 0  # idempotent

    titles = set(Notification.objects.values_list("title", flat=True))
    assert titles == {"Overdue: Late", "Due soon: Today", "Due soon: In two"}
    late = Notification.objects.get(title="Overdue: Late")
    assert late.kind == NotificationKind.DUE
    assert (
        late.key == f"action:{actions['overdue'].pk}:due:{(TODAY - timedelta(days=3)).isoformat()}"
    )
    assert Notification.objects.get(title="Due soon: In two").user == world.member
    assert len(mail.outbox) == 3


def test_a_moved_due_date_is_reminded_again(world):
    plan = make_plan(world)
    action = add(plan, "action", world.owner, owner_id=world.owner.pk, due_on=TODAY)
    assert notify_due_actions(today=TODAY) == 1

    plan_services.item_update(
        user=world.owner, item=action, data={"due_on": TODAY + timedelta(days=1)}
    )

    assert notify_due_actions(today=TODAY) == 1
    assert Notification.objects.filter(kind="due").count() == 2


def test_owner_who_left_the_team_or_is_inactive_is_not_reminded(world):
    plan = make_plan(world)
    add(plan, "action", world.owner, owner_id=world.member.pk, due_on=TODAY)
    add(plan, "action", world.owner, owner_id=world.owner.pk, due_on=TODAY)
    world.account.team.filter(user=world.member).delete()
    world.owner.is_active = False
    world.owner.save()

    assert notify_due_actions(today=TODAY) == 0


def test_actions_of_superseded_plans_are_not_reminded(world):
    plan = make_plan(world)
    add(plan, "action", world.owner, owner_id=world.owner.pk, due_on=TODAY)
    plan.state = "superseded"
    plan.save()

    assert notify_due_actions(today=TODAY) == 0


# --- the command ---------------------------------------------------------------------------


def test_notify_command_sends_due_reminders_and_schedules_checkpoints(world):
    plan = make_plan(world)
    add(plan, "action", world.owner, owner_id=world.owner.pk, due_on=TODAY)
    out = StringIO()

    with mock.patch(
        "keyplan.execution.checkpoints.services.checkpoints_schedule", return_value=4
    ) as schedule:
        call_command("notify", "--date", TODAY.isoformat(), stdout=out)

    schedule.assert_called_once_with(today=TODAY)
    assert "2026-11-23: 1 due-date notice(s), 4 checkpoint reminder(s)." in out.getvalue()
    assert Notification.objects.filter(kind="due").count() == 1


def test_notify_command_runs_the_real_checkpoint_schedule(world):
    out = StringIO()

    call_command("notify", "--date", TODAY.isoformat(), stdout=out)
    call_command("notify", "--date", TODAY.isoformat(), stdout=out)

    assert "0 due-date notice(s)" in out.getvalue()
    assert world.account.checkpoints.exists()  # a strategic account: opened


def test_notify_command_refuses_a_bad_date(db):
    from django.core.management import CommandError

    with pytest.raises(CommandError):
        call_command("notify", "--date", "23.11.2026")


def test_notify_is_a_keyplan_command():
    from keyplan.cli import COMMANDS

    assert COMMANDS["notify"][0] == "notify"


def test_a_new_user_has_no_notifications(db):
    assert unread_count(UserFactory()) == 0
