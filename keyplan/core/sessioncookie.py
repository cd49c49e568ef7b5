"""Small per-session values that change as a user reads pages (when the user was last
seen, the items they opened) kept in signed cookies bound to the session, instead of in
the session's database row. Reading a page then writes nothing to the database: no write
per page view, and keyplan.core.pagecache's write stamp, which moves on every write,
stays put while people only read.

A value is signed with the secret key (django.core.signing) and salted with the cookie's
name and the session key: it cannot be forged or edited, and a value from one session
means nothing in another (logging in or out gives a new session key). The cookie carries
only what the server would otherwise keep (a time, a few ids), is HttpOnly and follows
the session cookie's Secure, SameSite, path and domain settings."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core import signing


def _salt(name: str, session_key: str) -> str:
    return f"keyplan.core.sessioncookie:{name}:{session_key}"


def read(request, name: str, *, max_age: float | None = None) -> Any:
    """The value this session last wrote to cookie `name`, or None: no cookie, no
    session, a signature that does not match this session, or older than `max_age`
    seconds."""
    session_key = request.session.session_key
    raw = request.COOKIES.get(name)
    if not raw or not session_key:
        return None
    try:
        return signing.loads(
            raw,
            salt=_salt(name, session_key),
            max_age=None if max_age is None else timedelta(seconds=max_age),
        )
    except (signing.BadSignature, ValueError):
        return None


def write(response, request, name: str, value: Any) -> None:
    """Set cookie `name` to `value` (anything JSON can hold) for the request's session;
    nothing when the request has no session (an anonymous visitor, a token caller)."""
    session_key = request.session.session_key
    if not session_key:
        return
    response.set_cookie(
        name,
        signing.dumps(value, salt=_salt(name, session_key), compress=True),
        max_age=settings.SESSION_COOKIE_AGE,
        path=settings.SESSION_COOKIE_PATH,
        domain=settings.SESSION_COOKIE_DOMAIN,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite=settings.SESSION_COOKIE_SAMESITE,
    )
