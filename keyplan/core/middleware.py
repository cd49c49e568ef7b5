"""Session idle and absolute timeouts (OWASP session management), and the response
headers that keep personal data out of shared caches and switch off browser features
keyplan never uses."""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.utils.cache import patch_cache_control

from keyplan.core import sessioncookie

LOGIN_AT = "_kp_login_at"
SEEN_AT = "_kp_seen_at"
# When the user was last seen, after the session's first request: a signed cookie bound
# to the session (keyplan.core.sessioncookie), so that reading pages writes nothing to the
# database. The session row keeps the first request's time, the floor of the idle clock.
SEEN_COOKIE = "kp_seen"
# Refresh the seen cookie at most this often, to avoid a Set-Cookie per response.
SEEN_RESOLUTION = 30


class SessionTimeoutMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return self.get_response(request)
        now = time.time()
        session = request.session
        login_at = session.setdefault(LOGIN_AT, now)
        seen_at = session.setdefault(SEEN_AT, now)
        idle = settings.SESSION_IDLE_TIMEOUT.total_seconds()
        absolute = settings.SESSION_ABSOLUTE_TIMEOUT.total_seconds()
        seen_later = sessioncookie.read(request, SEEN_COOKIE, max_age=idle)
        if isinstance(seen_later, (int, float)) and seen_at < seen_later <= now:
            seen_at = seen_later
        if now - seen_at > idle or now - login_at > absolute:
            logout(request)
            if request.path.startswith("/api/"):
                return self.get_response(request)
            # The full path, encoded: the user comes back to the filtered list they were on.
            response = redirect_to_login(request.get_full_path(), settings.LOGIN_URL_PATH)
            if request.headers.get("HX-Request"):
                # htmx would swap the login page into a fragment; send the whole page.
                response["HX-Redirect"] = response["Location"]
            return response
        session_key = session.session_key
        response = self.get_response(request)
        if now - seen_at > SEEN_RESOLUTION or request.session.session_key != session_key:
            # A new session key (a password change cycles it) needs the cookie signed again;
            # none after a logout (no key).
            sessioncookie.write(response, request, SEEN_COOKIE, now)
        return response


# Browser features no keyplan page uses: denied to the page and to anything it embeds.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "bluetooth",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "hid",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
)


class PrivacyHeadersMiddleware:
    """`Cache-Control: private, no-store` on what is personal: every response to a signed-in
    user, every /api/ response (token callers have no session) and every download
    (exports carry customer and contact data even when a view forgot to say so). Static
    files and anonymous pages keep their own caching (Django's login view is never
    cached anyway). A `Permissions-Policy` on every response.

    Placed right after SecurityMiddleware, so that it also sees WhiteNoise's static
    answers (and leaves them cacheable) and the session-timeout redirect."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        if _is_personal(request, response):
            # Replaces any max-age/public a view set: no-store is the whole point.
            response.headers.pop("Cache-Control", None)
            patch_cache_control(response, private=True, no_store=True)
        return response


def _is_personal(request, response) -> bool:
    if request.path_info.startswith("/api/"):
        return True
    if response.get("Content-Disposition", "").lower().startswith("attachment"):
        return True
    # Absent when WhiteNoise answered (a static file): AuthenticationMiddleware never ran.
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)
