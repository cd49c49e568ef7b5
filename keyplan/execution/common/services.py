"""In-app notifications with an e-mail copy (SPEC §6; issue #8).

`notify` is the one way to tell a user something (the checkpoints' reminders, the resource
requests' news, the actions' assignments and due dates): it stores a `Notification` (shown
in the header badge, the notifications list and "My work") and, once the surrounding
transaction commits, sends an e-mail copy when the user has an address. A non-empty
`key` names what the notice is about ("action:12:due:2026-11-30"); a second notice
with the same key for the same user is not created, so reminders can be re-run safely.
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from ..models import Notification
from .messages import render

log = logging.getLogger(__name__)


def notify(
    *,
    user,
    kind: str,
    title: str = "",
    body: str = "",
    message: str = "",
    params: dict[str, Any] | None = None,
    url: str = "",
    account=None,
    key: str = "",
    email: bool = True,
) -> Notification | None:
    """Create a notification for `user`; e-mail a copy after commit.

    With `message` (a key of messages.MESSAGES) and its `params`, the notice is shown in
    its reader's language; `title` and `body` are then the text in the active language
    (a message without a body of its own shows `body`).

    Returns None (and does nothing) when the user is missing or inactive, or when `key`
    is set and the user already has a notification with that key.
    """
    if user is None or not user.is_active:
        return None
    if key and Notification.objects.filter(user=user, key=key).exists():
        return None
    params = params or {}
    if message:
        rendered = render(message, params, body)
        if rendered is None:
            raise ValueError(f"unknown notification message {message!r}")
        title, body = rendered
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
                message=message,
                params=params,
            )
    except IntegrityError:
        # A concurrent call stored the same key first.
        return None
    if email and user.email:
        language = translation.get_language() or settings.LANGUAGE_CODE
        transaction.on_commit(lambda: _send_email(notification.pk, language))
    return notification


def _send_email(notification_pk: int, language: str | None = None) -> None:
    """E-mail the notification in `language` (the one it was made in), dates included."""
    with translation.override(language or settings.LANGUAGE_CODE):
        _send_email_now(notification_pk)


def _send_email_now(notification_pk: int) -> None:
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
    """The link for an e-mail: absolute, prefixed with KEYPLAN_BASE_URL."""
    if not url or "://" in url:
        return url
    base = getattr(settings, "KEYPLAN_BASE_URL", "").rstrip("/")
    return f"{base}{url}" if base else url
