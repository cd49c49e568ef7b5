"""Session idle and absolute timeouts (OWASP session management)."""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login

LOGIN_AT = "_kp_login_at"
SEEN_AT = "_kp_seen_at"
# Refresh the idle stamp at most this often, to avoid a session write per request.
SEEN_RESOLUTION = 30


class SessionTimeoutMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = time.time()
            session = request.session
            login_at = session.setdefault(LOGIN_AT, now)
            seen_at = session.get(SEEN_AT, now)
            idle = settings.SESSION_IDLE_TIMEOUT.total_seconds()
            absolute = settings.SESSION_ABSOLUTE_TIMEOUT.total_seconds()
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
            if now - seen_at > SEEN_RESOLUTION or SEEN_AT not in session:
                session[SEEN_AT] = now
        return self.get_response(request)
