"""In-app notifications with an e-mail copy (SPEC §6; issue #8).

`notify` is the one way to tell a user something: it stores a `Notification` (shown
in the header badge, the notifications list and "My work") and, once the surrounding
transaction commits, sends an e-mail copy when the user has an address. A non-empty
`key` names what the notice is about ("action:12:due:2026-11-30"); a second notice
with the same key for the same user is not created, so reminders can be re-run safely.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import date, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from keyplan.accounts.models import AccountTeamMember
from keyplan.execution.models import Notification, NotificationKind
from keyplan.plans.models import CURRENT_STATES, OPEN_ACTION_STATES, Action
from keyplan.users.models import PORTFOLIO_ROLES, Role

log = logging.getLogger(__name__)

# Actions due within this many days (or overdue) are reminded to their owners.
DUE_SOON_DAYS = 2


def notify(
    *,
    user,
    kind: str,
    title: str,
    body: str = "",
    url: str = "",
    account=None,
    key: str = "",
    email: bool = True,
) -> Notification | None:
    """Create a notification for `user`; e-mail a copy after commit.

    Returns None (and does nothing) when the user is missing or inactive, or when `key`
    is set and the user already has a notification with that key.
    """
    if user is None or not user.is_active:
        return None
    if key and Notification.objects.filter(user=user, key=key).exists():
        return None
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                user=user,
                kind=kind,
                title=title[:255],
                body=body,
                url=url[:500],
                account=account,
                key=key[:100],
            )
    except IntegrityError:
        # A concurrent call stored the same key first.
        return None
    if email and user.email:
        transaction.on_commit(lambda: _send_email(notification.pk))
    return notification


def _send_email(notification_pk: int) -> None:
    notification = (
        Notification.objects.select_related("user", "account")
        .filter(pk=notification_pk, emailed_at__isnull=True)
        .first()
    )
    if notification is None or not notification.user.email:
        return
    context = {
        "notification": notification,
        "user": notification.user,
        "link": _absolute(notification.url),
    }
    subject = render_to_string("execution/email/notification_subject.txt", context)
    message = render_to_string("execution/email/notification.txt", context)
    try:
        send_mail(
            " ".join(subject.split()),
            message,
            settings.DEFAULT_FROM_EMAIL,
            [notification.user.email],
        )
    except Exception:  # a mail server outage must not break the request that notified
        log.exception("Could not e-mail notification %s", notification_pk)
        return
    Notification.objects.filter(pk=notification_pk).update(emailed_at=timezone.now())


def _absolute(url: str) -> str:
    """The link for an e-mail: prefixed with KEYPLAN_BASE_URL when that is configured."""
    if not url or "://" in url:
        return url
    base = getattr(settings, "KEYPLAN_BASE_URL", "").rstrip("/")
    return f"{base}{url}" if base else url


def unread_count(user) -> int:
    if user is None or not user.is_authenticated:
        return 0
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


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
    due = (
        _("Due %(date)s.") % {"date": date_format(action.due_on, "SHORT_DATE_FORMAT")}
        if action.due_on
        else _("No due date yet.")
    )
    return notify(
        user=action.owner,
        kind=NotificationKind.ASSIGNMENT,
        title=_("New action for you: %(title)s") % {"title": action.title},
        body=_("%(person)s gave you the action “%(title)s” on %(account)s.")
        % {"person": str(by), "title": action.title, "account": account.name}
        + " "
        + due,
        url=_action_url(action),
        account=account,
        key=f"action:{action.pk}:owner:{action.owner_id}",
    )


def due_actions(*, today: date) -> QuerySet[Action]:
    """Open actions of current plans due within DUE_SOON_DAYS or overdue, whose owner is
    active and still sees the account (its owner, on its team, or a manager)."""
    on_team = AccountTeamMember.objects.filter(
        account_id=OuterRef("plan__account_id"), user_id=OuterRef("owner_id")
    )
    return (
        Action.objects.filter(
            plan__state__in=CURRENT_STATES,
            status__in=OPEN_ACTION_STATES,
            due_on__lte=today + timedelta(days=DUE_SOON_DAYS),
            owner__is_active=True,
        )
        .filter(
            Q(plan__account__owner_id=F("owner_id"))
            | Q(Exists(on_team))
            | Q(owner__role__in=PORTFOLIO_ROLES)
        )
        .exclude(owner__role=Role.PORTAL)
        .select_related("plan__account", "owner")
        .order_by("due_on", "pk")
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
        when = date_format(due_on, "SHORT_DATE_FORMAT")
        if due_on < today:
            title = _("Overdue: %(title)s") % {"title": action.title}
            body = _("The action “%(title)s” on %(account)s was due %(date)s.")
        else:
            title = _("Due soon: %(title)s") % {"title": action.title}
            body = _("The action “%(title)s” on %(account)s is due %(date)s.")
        made = notify(
            user=action.owner,
            kind=NotificationKind.DUE,
            title=title,
            body=body % {"title": action.title, "account": account.name, "date": when},
            url=_action_url(action),
            account=account,
            key=key,
        )
        created += made is not None
    return created
