from __future__ import annotations

from django.http import Http404
from ninja.security import HttpBearer, SessionAuth

from keyplan.users.services import token_authenticate


def _checked(user, internal_only: bool):
    if user is not None and internal_only and not user.is_internal:
        raise Http404
    return user


class TokenAuth(HttpBearer):
    """`Authorization: Bearer kp_…` with a personal API token."""

    openapi_bearerFormat = "kp_…"
    openapi_description = (
        "A personal API token, created on the API tokens page or with "
        "`keyplan token create USER`. A revoked token, or one whose user was "
        "deactivated, answers 401."
    )

    def __init__(self, *, internal_only: bool = False) -> None:
        super().__init__()
        self.internal_only = internal_only

    def authenticate(self, request, token: str):
        user = token_authenticate(token)
        if user is not None:
            request.user = user
        return _checked(user, self.internal_only)


class ActiveSessionAuth(SessionAuth):
    """The browser's session (with CSRF on writes), for htmx and the docs page."""

    openapi_description = (
        "The browser session of a signed-in user (the docs page uses it). Writes also "
        "need the `X-CSRFToken` header."
    )

    def __init__(self, *, internal_only: bool = False) -> None:
        super().__init__()
        self.internal_only = internal_only

    def __call__(self, request):
        # Only a request that really comes with a signed-in session is checked for CSRF.
        # Otherwise a script whose token was revoked would be told "CSRF check failed"
        # (403) on a write instead of 401, and no session could authenticate it anyway.
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not user.is_active:
            return None
        return super().__call__(request)

    def authenticate(self, request, key):
        user = super().authenticate(request, key)
        return _checked(user if user is not None and user.is_active else None, self.internal_only)


# The internal routers are mounted with this (keyplan.api.api): every endpoint under them
# sees `request.auth` as the signed-in internal user, with no check of its own. A portal
# user gets the same 404 as for anything not shared with them, so the internal API is
# invisible to them. The same classes as the API's default, so OpenAPI shows two schemes.
INTERNAL_AUTH = [TokenAuth(internal_only=True), ActiveSessionAuth(internal_only=True)]
