from __future__ import annotations

from ninja.security import HttpBearer, SessionAuth

from keyplan.users.services import token_authenticate


class TokenAuth(HttpBearer):
    """`Authorization: Bearer kp_…` with a personal API token."""

    def authenticate(self, request, token: str):
        user = token_authenticate(token)
        if user is not None:
            request.user = user
        return user


class ActiveSessionAuth(SessionAuth):
    """The browser's session (with CSRF on writes), for htmx and the docs page."""

    def authenticate(self, request, key):
        user = super().authenticate(request, key)
        return user if user is not None and user.is_active else None
