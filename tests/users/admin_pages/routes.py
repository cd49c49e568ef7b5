"""Rows for tests/test_routes_authz.py ROUTES (merged there): the administrators' pages
(users, invitations, business units, audit trail) and the public pages their e-mails link
to (issue #18). Administrators only; for everyone else the pages do not exist (404)."""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import Any

from django.contrib.auth.tokens import default_token_generator
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from keyplan.users.models import AuditEvent, BusinessUnit, User, UserInvitation, hash_token
from tests.factories import UserFactory
from tests.test_routes_authz import ANONYMOUS, LOGIN, USERS, Call, Expect, no_kwargs


def admins(ok: Any, *, anonymous: Any = LOGIN) -> Expect:
    return {name: 404 for name in USERS} | {ANONYMOUS: anonymous, "admin": ok}


def _colleague(w, *, active: bool = True) -> User:
    """A team member the pages act on (not a fixture user: those must stay signed in)."""
    return UserFactory(username="colleague", role="team", is_active=active)


def _member(w) -> dict[str, Any]:
    return {"pk": _colleague(w).pk}


def _inactive_member(w) -> dict[str, Any]:
    return {"pk": _colleague(w, active=False).pk}


def _invitation(w, email: str = "new.person@example.com") -> tuple[UserInvitation, str]:
    raw = secrets.token_urlsafe(32)
    now = timezone.now()
    invitation = UserInvitation.objects.create(
        email=email,
        role="kam",
        token_hash=hash_token(raw),
        invited_by=w.admin,
        expires_at=now + timedelta(days=7),
    )
    return invitation, raw


def _unit(w) -> BusinessUnit:
    return BusinessUnit.objects.get_or_create(code="north", defaults={"name": "North"})[0]


def _reset(w) -> dict[str, Any]:
    colleague = _colleague(w)
    return {
        "uidb64": urlsafe_base64_encode(force_bytes(colleague.pk)),
        "token": default_token_generator.make_token(colleague),
    }


def _member_is(**values):
    return lambda w: User.objects.filter(username="colleague", **values).exists()


MEMBER_PAGE = "/administration/users/"
# The welcome page is for the invitee, who is not signed in yet; signed in, it is not there.
ANONYMOUS_ONLY = {name: 404 for name in USERS}

ROUTES: dict[str, tuple[Call, ...]] = {
    "administration:users": (Call("get", no_kwargs, admins(200)),),
    "administration:invite": (
        Call("get", no_kwargs, admins(200)),
        Call(
            "post",
            no_kwargs,
            admins("/administration/users/"),
            data=lambda w: {"email": "colleague@example.com", "role": "team", "language": "en"},
            effect=lambda w: UserInvitation.objects.filter(email="colleague@example.com").exists(),
        ),
    ),
    "administration:invitation-revoke": (
        Call(
            "post",
            lambda w: {"pk": _invitation(w)[0].pk},
            admins("/administration/users/"),
            effect=lambda w: UserInvitation.objects.filter(revoked_at__isnull=False).exists(),
        ),
    ),
    "administration:user": (
        Call("get", _member, admins(200)),
        Call(
            "post",
            _member,
            admins(MEMBER_PAGE),
            data=lambda w: {"role": "director", "business_unit": ""},
            effect=_member_is(role="director"),
        ),
    ),
    "administration:deactivate": (
        Call("post", _member, admins(MEMBER_PAGE), effect=_member_is(is_active=False)),
    ),
    "administration:reactivate": (
        Call("post", _inactive_member, admins(MEMBER_PAGE), effect=_member_is(is_active=True)),
    ),
    "administration:reset-password": (
        Call(
            "post",
            _member,
            admins(MEMBER_PAGE),
            effect=lambda w: AuditEvent.objects.filter(kind="password_reset_sent").exists(),
        ),
    ),
    "administration:units": (Call("get", no_kwargs, admins(200)),),
    "administration:unit-create": (
        Call("get", no_kwargs, admins(200)),
        Call(
            "post",
            no_kwargs,
            admins("/administration/units/"),
            data=lambda w: {"name": "South", "code": "south", "head": "", "is_active": "on"},
            effect=lambda w: BusinessUnit.objects.filter(name="South").exists(),
        ),
    ),
    "administration:unit": (
        Call("get", lambda w: {"pk": _unit(w).pk}, admins(200)),
        Call(
            "post",
            lambda w: {"pk": _unit(w).pk},
            admins("/administration/units/"),
            data=lambda w: {"name": "North-East", "code": "north", "head": w.director.pk},
            effect=lambda w: BusinessUnit.objects.filter(name="North-East").exists(),
        ),
    ),
    "administration:audit": (Call("get", no_kwargs, admins(200)),),
    "api:list_users": (Call("get", no_kwargs, admins(200, anonymous=401), api=True),),
    "api:update_user": (
        Call(
            "patch",
            lambda w: {"user_id": _colleague(w).pk},
            admins(200, anonymous=401),
            data=lambda w: {"role": "viewer"},
            api=True,
            effect=_member_is(role="viewer"),
        ),
    ),
    "administration:welcome": (
        Call("get", lambda w: {"token": _invitation(w)[1]}, ANONYMOUS_ONLY | {ANONYMOUS: 200}),
        Call(
            "post",
            lambda w: {"token": _invitation(w)[1]},
            ANONYMOUS_ONLY | {ANONYMOUS: "/"},
            data=lambda w: {
                "password": "A-long-pass-phrase-9",
                "password_again": "A-long-pass-phrase-9",
            },
            effect=lambda w: User.objects.filter(username="new.person@example.com").exists(),
        ),
    ),
    # Django's reset page: the link's token is the permission, whoever opens it; a valid
    # token moves into the session and out of the address.
    "administration:reset": (
        Call("get", _reset, {name: "/password/reset/" for name in [ANONYMOUS, *USERS]}),
    ),
    "administration:reset-done": (
        Call("get", no_kwargs, {name: 200 for name in [ANONYMOUS, *USERS]}),
    ),
}
