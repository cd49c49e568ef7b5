from __future__ import annotations

from ninja.security import HttpBearer, SessionAuth

from keyplan.users.services import token_authenticate


class TokenAuth(HttpBearer):
    """`Authorization: Bearer kp_…` with a personal API token."""

    openapi_bearerFormat = "kp_…"
    openapi_description = (
        "A personal API token, created on the API tokens page or with "
        "`keyplan token create USER`. A revoked token, or one whose user was "
        "deactivated, answers 401."
    )

    def authenticate(self, request, token: str):
        user = token_authenticate(token)
        if user is not None:
            request.user = user
        return user


class ActiveSessionAuth(SessionAuth):
    """The browser's session (with CSRF on writes), for htmx and the docs page."""

    openapi_description = (
        "The browser session of a signed-in user (the docs page uses it). Writes also "
        "need the `X-CSRFToken` header."
    )

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
        return user if user is not None and user.is_active else None
