"""Rows for tests/test_routes_authz.py ROUTES (merged there): My work and notifications.

Every internal user has a My work page and their own notifications; portal users get 404
and anonymous users the login page (the API: 401). A notification is opened only by its
own user: anyone else gets the 404 of a missing one.
"""

from __future__ import annotations

from typing import Any

from keyplan.execution.models import Notification
from tests.test_routes_authz import USERS, Call, internal, no_kwargs

LIST = "/execution/notifications/"


def _everyone_notified(w) -> dict[str, Any]:
    for user in w.users().values():
        Notification.objects.create(user=user, kind="assignment", title=f"For {user.username}")
    return {}


def _owners_notification(w) -> dict[str, Any]:
    w.notification = Notification.objects.create(
        user=w.owner, kind="assignment", title="Visit", url=f"/accounts/{w.account.pk}/"
    )
    return {"pk": w.notification.pk}


def _any_read(w) -> bool:
    return Notification.objects.filter(read_at__isnull=False).exists()


def _owners_read(w) -> bool:
    return Notification.objects.get(pk=w.notification.pk).read_at is not None


ROUTES: dict[str, tuple[Call, ...]] = {
    "work:home": (Call("get", no_kwargs, internal(200)),),
    "work:notifications": (Call("get", no_kwargs, internal(200)),),
    "work:notifications-badge": (Call("get", no_kwargs, internal(200)),),
    "work:notifications-read": (
        Call(
            "post",
            _everyone_notified,
            internal(LIST),
            data=lambda w: {"all": "1"},
            effect=_any_read,
        ),
    ),
    "work:notification-open": (
        Call(
            "get",
            _owners_notification,
            {name: 404 for name in USERS} | {"anonymous": "/login/", "owner": "/accounts/"},
            effect=_owners_read,
        ),
    ),
    # --- API -------------------------------------------------------------------------------
    "api:get_my_work": (Call("get", no_kwargs, internal(200, anonymous=401), api=True),),
    "api:list_my_notifications": (Call("get", no_kwargs, internal(200, anonymous=401), api=True),),
    "api:mark_notifications_read": (
        Call(
            "post",
            _everyone_notified,
            internal(200, anonymous=401),
            data=lambda w: {"all": True},
            api=True,
            effect=_any_read,
        ),
    ),
}
