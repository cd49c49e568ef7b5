"""Writes of my notifications (issue #8): mark them read, and the notices about plan
actions: an assignment by someone else, and the due-date reminders (`keyplan notify`).
Every notice goes through `common.services.notify` (dedupe by key, e-mail after commit).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.urls import reverse
from django.utils import timezone

from keyplan.plans.models import Action

from ..common import messages
from ..common.services import notify
from ..models import Notification, NotificationKind
from .selectors import due_actions


def mark_read(*, user, ids: Iterable[int] | None = None, all: bool = False) -> int:
    """Mark the user's own notifications read (the given ids, or all); returns how many.

    Ids of other users' notifications are ignored.
    """
    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    if not all:
        wanted = {int(i) for i in (ids or ())}
        if not wanted:
            return 0
        unread = unread.filter(pk__in=wanted)
    return unread.update(read_at=timezone.now())


# --- plan actions: assignments and due dates -------------------------------------------------


def _action_url(action) -> str:
    return reverse("plans:section", args=[action.plan_id, "actions"]) + f"#item-action-{action.pk}"


def notify_action_assigned(*, action, by) -> Notification | None:
    """Tell an action's owner that someone else gave it to them (called by the plan's
    item services after a save); nothing when they took it themselves or had it before."""
    if action.owner_id is None or by is None or action.owner_id == by.pk:
        return None
    account = action.plan.account
    return notify(
        user=action.owner,
        kind=NotificationKind.ASSIGNMENT,
        message=messages.ACTION_ASSIGNED,
        params={
            "person": str(by),
            "title": action.title,
            "account": account.name,
            "due": action.due_on.isoformat() if action.due_on else "",
        },
        url=_action_url(action),
        account=account,
        key=f"action:{action.pk}:owner:{action.owner_id}",
    )


def notify_due_actions(*, today: date | None = None) -> int:
    """Remind owners of actions due within two days or overdue: one notice per action
    and due date (key "action:<id>:due:<date>"), so re-running sends nothing twice and a
    moved due date is reminded again. Returns how many notices were created."""
    today = today or timezone.localdate()
    due: dict[str, tuple[Action, date]] = {}
    for action in due_actions(today=today):
        if action.due_on is not None:  # always set: the query asks for a due date
            due[f"action:{action.pk}:due:{action.due_on.isoformat()}"] = (action, action.due_on)
    wanted = list(due)
    sent: set[tuple[int, str]] = set()
    for start in range(0, len(wanted), 500):  # stay below the databases' parameter limits
        chunk = wanted[start : start + 500]
        sent.update(Notification.objects.filter(key__in=chunk).values_list("user_id", "key"))
    created = 0
    for key, (action, due_on) in due.items():
        if (action.owner_id, key) in sent:
            continue
        account = action.plan.account
        made = notify(
            user=action.owner,
            kind=NotificationKind.DUE,
            message=messages.ACTION_OVERDUE if due_on < today else messages.ACTION_DUE_SOON,
            params={"title": action.title, "account": account.name, "date": due_on.isoformat()},
            url=_action_url(action),
            account=account,
            key=key,
        )
        created += made is not None
    return created
