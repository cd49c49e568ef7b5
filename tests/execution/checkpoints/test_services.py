"""Checkpoint services: opening, answering, and the reminder schedule."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from keyplan.core.errors import ConflictError
from keyplan.execution.checkpoints import services as checkpoints
from keyplan.execution.models import (
    Checkpoint,
    CheckpointAnswer,
    ExecutionSettings,
    Notification,
)
from tests.factories import AccountFactory, TeamMemberFactory, UserFactory

TODAY = date(2026, 11, 10)
SAA_ALL = {"information": (4, "ok"), "people": (2, ""), "action": (3, "")}


def _open(world, user=None, kind="saa", today=TODAY):
    return checkpoints.checkpoint_open(
        user=user or world.owner, account=world.account, kind=kind, today=today
    )


def test_open_is_idempotent_and_follows_the_cadence(world):
    first = _open(world)
    again = _open(world, user=world.member, today=date(2026, 11, 30))
    assert first.pk == again.pk
    assert (first.period_start, first.due_on) == (date(2026, 11, 1), date(2026, 11, 30))
    survey = _open(world, kind="seven_s")
    assert (survey.period_start, survey.due_on) == (date(2026, 10, 1), date(2026, 12, 31))
    assert first.history.count() == 1


def test_open_refuses_viewers_outsiders_and_bad_kinds(world):
    with pytest.raises(PermissionDenied):
        _open(world, user=world.viewer)
    with pytest.raises(Http404):
        _open(world, user=world.outsider)
    with pytest.raises(ValidationError) as exc:
        _open(world, kind="weekly")
    assert "kind" in exc.value.message_dict


def test_submit_then_resubmit_updates_with_history(world):
    cp = _open(world)
    saved = checkpoints.answers_submit(user=world.member, checkpoint=cp, answers=SAA_ALL)
    assert [a.element for a in saved] == ["information", "people", "action"]
    seen = max(a.updated_at for a in saved)
    again = dict(SAA_ALL, people=(5, "better now"))
    checkpoints.answers_submit(
        user=world.member, checkpoint=cp, answers=again, seen_updated_at=seen
    )
    people = CheckpointAnswer.objects.get(checkpoint=cp, user=world.member, element="people")
    assert (people.score, people.comment) == (5, "better now")
    assert people.history.count() == 2
    assert CheckpointAnswer.objects.filter(checkpoint=cp).count() == 3


def test_stale_resubmit_is_a_conflict(world):
    cp = _open(world)
    saved = checkpoints.answers_submit(user=world.member, checkpoint=cp, answers=SAA_ALL)
    stale = max(a.updated_at for a in saved) - timedelta(seconds=5)
    with pytest.raises(ConflictError):
        checkpoints.answers_submit(
            user=world.member,
            checkpoint=cp,
            answers=dict(SAA_ALL, people=(1, "")),
            seen_updated_at=stale,
        )
    assert CheckpointAnswer.objects.get(checkpoint=cp, element="people").score == 2


def test_submit_needs_every_element_with_a_score_one_to_five(world):
    cp = _open(world)
    with pytest.raises(ValidationError) as exc:
        checkpoints.answers_submit(
            user=world.owner,
            checkpoint=cp,
            answers={"information": (6, ""), "people": (3, ""), "style": (3, "")},
        )
    errors = exc.value.message_dict
    assert set(errors) == {"information", "action", "answers"}
    with pytest.raises(ValidationError) as exc:
        checkpoints.answers_submit(
            user=world.owner, checkpoint=cp, answers=dict(SAA_ALL, action=(3, "x" * 501))
        )
    assert "action" in exc.value.message_dict
    assert not CheckpointAnswer.objects.exists()


def test_who_may_answer(world):
    cp = _open(world)
    for user in (world.owner, world.member, world.admin, world.director):
        checkpoints.answers_submit(user=user, checkpoint=cp, answers=SAA_ALL)
    with pytest.raises(PermissionDenied):
        checkpoints.answers_submit(user=world.viewer, checkpoint=cp, answers=SAA_ALL)
    with pytest.raises(Http404):
        checkpoints.answers_submit(user=world.outsider, checkpoint=cp, answers=SAA_ALL)
    assert CheckpointAnswer.objects.values("user").distinct().count() == 4


# --- the schedule --------------------------------------------------------------------------


def _reminded(world):
    return set(
        Notification.objects.filter(kind="checkpoint").values_list("user__username", flat=True)
    )


def test_schedule_opens_checkpoints_of_strategic_and_teamed_accounts(world):
    teamed = AccountFactory(account_class="regular")
    TeamMemberFactory(account=teamed)
    closed = AccountFactory(account_class="strategic", status="closed")
    lonely = AccountFactory(account_class="regular")
    assert checkpoints.checkpoints_schedule(today=TODAY) == 0  # not in the reminder window
    opened = set(Checkpoint.objects.values_list("account_id", "kind"))
    expected = {(a.pk, k) for a in (world.account, teamed) for k in ("saa", "seven_s")}
    assert opened == expected
    assert not {closed.pk, lonely.pk, world.other_account.pk} & {a for a, _k in opened}
    checkpoints.checkpoints_schedule(today=TODAY)
    assert Checkpoint.objects.count() == 4


def test_reminders_go_to_who_has_not_answered_within_the_window(
    world, django_capture_on_commit_callbacks
):
    ExecutionSettings.objects.update_or_create(pk=1, defaults={"reminder_days": 5})
    checkpoints.checkpoints_schedule(today=TODAY)
    saa = Checkpoint.objects.get(account=world.account, kind="saa")
    checkpoints.answers_submit(user=world.member, checkpoint=saa, answers=SAA_ALL)
    before = date(2026, 11, 24)  # six days before the due date: too early
    assert checkpoints.checkpoints_schedule(today=before) == 0
    with django_capture_on_commit_callbacks(execute=True):
        sent = checkpoints.checkpoints_schedule(today=date(2026, 11, 25))
    # SAA due 30 November: the owner (member answered; the viewer is never asked);
    # the 7S survey is due 31 December, outside the window.
    assert sent == 1
    assert _reminded(world) == {"owner"}
    note = Notification.objects.get()
    assert note.key == f"checkpoint:{saa.pk}:{world.owner.pk}"
    assert note.account_id == world.account.pk
    assert note.url == f"/execution/alignment/account/{world.account.pk}/"
    assert [m.to for m in mail.outbox] == [[world.owner.email]]
    saa.refresh_from_db()
    assert saa.reminded_at is not None


def test_reminders_are_idempotent(world):
    assert checkpoints.checkpoints_schedule(today=date(2026, 12, 28)) == 4  # both kinds due
    assert checkpoints.checkpoints_schedule(today=date(2026, 12, 29)) == 0
    assert checkpoints.checkpoints_schedule(today=date(2026, 12, 31)) == 0
    assert _reminded(world) == {"owner", "member"}
    assert Notification.objects.count() == 4


def test_inactive_people_and_viewer_roles_are_not_reminded(world):
    gone = UserFactory(role="team", is_active=False)
    TeamMemberFactory(account=world.account, user=gone)
    checkpoints.checkpoints_schedule(today=date(2026, 11, 30))
    assert _reminded(world) == {"owner", "member"}


def test_next_period_opens_a_new_checkpoint(world):
    checkpoints.checkpoints_schedule(today=date(2026, 11, 30))
    checkpoints.checkpoints_schedule(today=date(2026, 12, 1))
    starts = sorted(
        Checkpoint.objects.filter(account=world.account, kind="saa").values_list(
            "period_start", flat=True
        )
    )
    assert starts == [date(2026, 11, 1), date(2026, 12, 1)]
