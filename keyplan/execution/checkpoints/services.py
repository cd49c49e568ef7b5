"""Writes of the alignment checkpoints (SPEC §6.3; seeds 000 and 002).

- checkpoint_open(*, user, account, kind, today=None) -> Checkpoint
  The checkpoint of the current period (the cadence in ExecutionSettings) for the
  account and kind; opening it twice returns the same one.
- answers_submit(*, user, checkpoint, answers, seen_updated_at=None) -> list[CheckpointAnswer]
  `answers` maps every element of the checkpoint's kind to `(score, comment)`; one
  submit rates them all. Submitting again changes the user's answers (history keeps
  the old ones). `seen_updated_at` is the latest `updated_at` of the user's answers as
  read; when someone (the same user in another tab) saved since, ConflictError.
- checkpoints_schedule(*, today=None) -> int
  Opens the current period's checkpoints of every strategic account and every account
  with a team (closed accounts left out), and, in the last `reminder_days` days before
  a checkpoint is due, reminds each person who should answer and has not (key
  "checkpoint:<id>:<user id>", so a re-run reminds nobody twice). Returns how many
  reminders were created. Safe to run every day (`keyplan checkpoints schedule`,
  `keyplan notify`, the `checkpoints_schedule_task` task).

Who answers: the account's owner, its team members and administrators and directors,
i.e. whoever may write the account; read-only viewers may not (403 like every write),
and they are not reminded.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from keyplan.accounts.access import account_for_user
from keyplan.accounts.models import Account
from keyplan.core.errors import ConflictError
from keyplan.users.models import User

from ..common.messages import CHECKPOINT_REMIND
from ..common.services import notify
from ..models import (
    ELEMENTS,
    Checkpoint,
    CheckpointAnswer,
    CheckpointKind,
    Element,
    ExecutionSettings,
    NotificationKind,
)
from . import domain
from .selectors import cadence_of, expected_raters, scheduled_accounts

COMMENT_MAX = 500

__all__ = ["answers_submit", "checkpoint_open", "checkpoints_schedule"]


def _check_kind(kind: Any) -> str:
    if kind not in CheckpointKind.values:
        raise ValidationError({"kind": [_("Choose the SAA checkpoint or the 7S survey.")]})
    return str(kind)


@transaction.atomic
def checkpoint_open(
    *, user: User, account: Account, kind: str, today: date | None = None
) -> Checkpoint:
    """The current period's checkpoint of `kind` for `account`, opened if needed."""
    access = account_for_user(user, account.pk, write=True)
    kind = _check_kind(kind)
    today = today or timezone.localdate()
    cadence = cadence_of(kind)
    start = domain.period_start(today, cadence)
    checkpoint = Checkpoint.objects.filter(
        account=access.account, kind=kind, period_start=start
    ).first()
    if checkpoint is not None:
        return checkpoint
    checkpoint = Checkpoint(
        account=access.account,
        kind=kind,
        period_start=start,
        due_on=domain.due_on(start, cadence),
        created_by=user,
    )
    checkpoint._history_user = user  # type: ignore[attr-defined]
    try:
        with transaction.atomic():
            checkpoint.save()
    except IntegrityError:
        # Someone opened it at the same moment: theirs is the one.
        return Checkpoint.objects.get(account=access.account, kind=kind, period_start=start)
    return checkpoint


def _clean_answers(kind: str, answers: Any) -> dict[str, tuple[int, str]]:
    """Every element of the kind with a score 1-5 and a comment of at most 500 characters;
    errors keyed by element."""
    if not isinstance(answers, dict):
        raise ValidationError({"answers": [_("Rate every element.")]})
    errors: dict[str, list[str]] = {}
    clean: dict[str, tuple[int, str]] = {}
    expected = ELEMENTS[kind]
    for key in answers:
        if key not in expected:
            errors.setdefault("answers", []).append(
                _("“%(element)s” is not rated in this checkpoint.") % {"element": key}
            )
    for element in expected:
        label = str(Element(element).label)
        given = answers.get(element)
        if given is None:
            errors[element] = [_("Rate “%(element)s” from 1 to 5.") % {"element": label}]
            continue
        score, comment = (given if isinstance(given, (tuple, list)) else (given, ""))[:2]
        if isinstance(score, bool) or not isinstance(score, int) or not 1 <= score <= 5:
            try:
                score = int(str(score))
            except ValueError:
                score = 0
            if not 1 <= score <= 5:
                errors[element] = [_("Rate “%(element)s” from 1 to 5.") % {"element": label}]
                continue
        comment = (comment or "").strip()
        if len(comment) > COMMENT_MAX:
            errors[element] = [
                _("Keep the comment to %(max)d characters or fewer.") % {"max": COMMENT_MAX}
            ]
            continue
        clean[element] = (score, comment)
    if errors:
        raise ValidationError(errors)
    return clean


@transaction.atomic
def answers_submit(
    *,
    user: User,
    checkpoint: Checkpoint,
    answers: dict[str, Any],
    seen_updated_at: datetime | None = None,
) -> list[CheckpointAnswer]:
    """Store `user`'s rating of every element of `checkpoint` (see the module doc)."""
    account_for_user(user, checkpoint.account_id, write=True)
    clean = _clean_answers(checkpoint.kind, answers)
    mine = {
        answer.element: answer
        for answer in CheckpointAnswer.objects.select_for_update(of=("self",)).filter(
            checkpoint=checkpoint, user=user
        )
    }
    if seen_updated_at is not None:
        latest = max(mine.values(), key=lambda answer: answer.updated_at, default=None)
        if latest is None or latest.updated_at != seen_updated_at:
            # The latest answer stands for the current version (its updated_at).
            raise ConflictError(latest)
    saved = []
    for element in ELEMENTS[checkpoint.kind]:
        score, comment = clean[element]
        answer = mine.get(element) or CheckpointAnswer(
            checkpoint=checkpoint, user=user, element=element
        )
        if answer.pk is not None and answer.score == score and answer.comment == comment:
            saved.append(answer)
            continue
        answer.score, answer.comment = score, comment
        answer._history_user = user  # type: ignore[attr-defined]
        answer.save()
        saved.append(answer)
    return saved


# --- the schedule ----------------------------------------------------------------------------


def _open_period(kind: str, cadence: str, today: date, account_ids: list[int]) -> list[Checkpoint]:
    start = domain.period_start(today, cadence)
    existing = set(
        Checkpoint.objects.filter(
            kind=kind, period_start=start, account_id__in=account_ids
        ).values_list("account_id", flat=True)
    )
    missing = [
        Checkpoint(
            account_id=account_id,
            kind=kind,
            period_start=start,
            due_on=domain.due_on(start, cadence),
        )
        for account_id in account_ids
        if account_id not in existing
    ]
    if missing:
        bulk_create_with_history(
            missing, Checkpoint, ignore_conflicts=True, default_change_reason="scheduled"
        )
    return list(
        Checkpoint.objects.filter(
            kind=kind, period_start=start, account_id__in=account_ids
        ).select_related("account")
    )


def _remind(checkpoints: list[Checkpoint], raters: dict[int, set[int]]) -> int:
    answered = set(
        CheckpointAnswer.objects.filter(checkpoint__in=checkpoints)
        .values_list("checkpoint_id", "user_id")
        .order_by()
        .distinct()
    )
    wanted = {user_id for ids in raters.values() for user_id in ids}
    users = {user.pk: user for user in User.objects.filter(pk__in=wanted)}
    sent = 0
    reminded = []
    for checkpoint in checkpoints:
        account = checkpoint.account
        url = reverse("checkpoints:account", args=[account.pk])
        params = {
            "kind": checkpoint.kind,
            "account": account.name,
            "due": checkpoint.due_on.isoformat(),
        }
        any_sent = False
        for user_id in sorted(raters.get(checkpoint.account_id, ())):
            if (checkpoint.pk, user_id) in answered or user_id not in users:
                continue
            created = notify(
                user=users[user_id],
                kind=NotificationKind.CHECKPOINT,
                message=CHECKPOINT_REMIND,
                params=params,
                url=url,
                account=account,
                key=f"checkpoint:{checkpoint.pk}:{user_id}",
            )
            if created is not None:
                sent += 1
                any_sent = True
        if any_sent and checkpoint.reminded_at is None:
            reminded.append(checkpoint.pk)
    if reminded:
        Checkpoint.objects.filter(pk__in=reminded).update(reminded_at=timezone.now())
    return sent


@transaction.atomic
def checkpoints_schedule(*, today: date | None = None) -> int:
    """Open the current checkpoints and send the reminders that are due (module doc)."""
    today = today or timezone.localdate()
    settings = ExecutionSettings.load()
    account_ids = list(scheduled_accounts().values_list("pk", flat=True))
    if not account_ids:
        return 0
    raters = expected_raters(account_ids)
    sent = 0
    for kind in CheckpointKind.values:
        cadence = cadence_of(kind, settings)
        checkpoints = _open_period(kind, cadence, today, account_ids)
        due = domain.next_due(today, cadence)
        if domain.in_reminder_window(due, today, settings.reminder_days):
            sent += _remind(checkpoints, raters)
    return sent
