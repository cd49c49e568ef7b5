"""The session timeouts (keyplan.core.middleware): idle and absolute; the idle clock's
later stamps in a signed cookie bound to the session, so that reading pages writes
nothing to the database."""

from __future__ import annotations

import time
from datetime import timedelta

from django.conf import settings
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from keyplan.core.middleware import LOGIN_AT, SEEN_AT, SEEN_COOKIE, SEEN_RESOLUTION
from keyplan.users.models import User
from tests.support import (
    assert_redirects_to_login,
    session_cookie,
    session_user_ids,
    set_session_cookie,
)


def set_session_stamps(client: Client, **stamps: float) -> None:
    """Set the session's stamps, and drop the seen cookie: the session's stamp rules."""
    session = client.session
    for key, value in stamps.items():
        session[key] = value
    session.save()
    client.cookies.pop(SEEN_COOKIE, None)


def session_writes(queries) -> list[str]:
    return [
        q["sql"]
        for q in queries
        if "django_session" in q["sql"]
        and q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
    ]


def test_the_first_request_stamps_the_session(client_for):
    client = client_for("owner")
    assert client.get(reverse("accounts:list")).status_code == 200
    session = client.session
    now = time.time()
    assert now - 5 < session[LOGIN_AT] <= now
    assert now - 5 < session[SEEN_AT] <= now


def test_idle_timeout_logs_out_and_redirects_to_login(client_for, world):
    client = client_for("owner")
    path = reverse("accounts:detail", args=[world.account.pk])
    assert client.get(path).status_code == 200
    idle = settings.SESSION_IDLE_TIMEOUT.total_seconds()
    now = time.time()

    # Just inside the idle timeout: still logged in.
    set_session_stamps(client, **{SEEN_AT: now - idle + 60})
    assert client.get(path).status_code == 200

    set_session_stamps(client, **{SEEN_AT: now - idle - 1})
    assert_redirects_to_login(client.get(path), path)
    assert str(world.owner.pk) not in session_user_ids()
    # Logged out for good, not just for one request.
    assert_redirects_to_login(client.get(path), path)


def test_absolute_timeout_logs_out_even_an_active_session(client_for, world):
    client = client_for("owner")
    path = reverse("accounts:list")
    assert client.get(path).status_code == 200
    absolute = settings.SESSION_ABSOLUTE_TIMEOUT.total_seconds()
    now = time.time()

    set_session_stamps(client, **{LOGIN_AT: now - absolute + 60, SEEN_AT: now})
    assert client.get(path).status_code == 200

    set_session_stamps(client, **{LOGIN_AT: now - absolute - 1, SEEN_AT: now})
    assert_redirects_to_login(client.get(path), path)
    assert str(world.owner.pk) not in session_user_ids()


def test_timeouts_follow_the_settings(client_for):
    client = client_for("owner")
    path = reverse("accounts:list")
    assert client.get(path).status_code == 200
    set_session_stamps(client, **{SEEN_AT: time.time() - 120})
    with override_settings(SESSION_IDLE_TIMEOUT=timedelta(minutes=5)):
        assert client.get(path).status_code == 200
    set_session_stamps(client, **{SEEN_AT: time.time() - 120})
    with override_settings(SESSION_IDLE_TIMEOUT=timedelta(minutes=1)):
        assert_redirects_to_login(client.get(path), path)

    client = Client()
    client.force_login(User.objects.get(username="member"))
    assert client.get(path).status_code == 200
    set_session_stamps(client, **{LOGIN_AT: time.time() - 120})
    with override_settings(SESSION_ABSOLUTE_TIMEOUT=timedelta(minutes=1)):
        assert_redirects_to_login(client.get(path), path)


def test_timeout_redirect_keeps_the_query_string(client_for):
    client = client_for("owner")
    path = reverse("accounts:list")
    assert client.get(path).status_code == 200
    set_session_stamps(client, **{SEEN_AT: time.time() - 10 * 24 * 3600})
    assert_redirects_to_login(
        client.get(path, {"q": "Polmet & Co", "next": "//evil.example"}),
        f"{path}?q=Polmet+%26+Co&next=%2F%2Fevil.example",
    )


def test_timeout_on_the_api_answers_401_not_a_redirect(client_for):
    client = client_for("owner")
    assert client.get("/api/v1/me").status_code == 200
    set_session_stamps(client, **{SEEN_AT: time.time() - 10 * 24 * 3600})
    response = client.get("/api/v1/me")
    assert response.status_code == 401
    assert response.json()["detail"] == "Authentication required."


def test_reading_pages_writes_no_session_row_and_refreshes_the_seen_cookie(client_for):
    client = client_for("owner")
    path = reverse("accounts:list")
    assert client.get(path).status_code == 200  # the first request stamps the session
    assert session_cookie(client, SEEN_COOKIE) is None
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(path).status_code == 200
    assert session_writes(ctx.captured_queries) == []
    assert SEEN_COOKIE not in client.cookies  # not yet: within SEEN_RESOLUTION

    # Later than SEEN_RESOLUTION: the seen time goes to the cookie, not to the session row.
    set_session_stamps(client, **{SEEN_AT: time.time() - SEEN_RESOLUTION - 5})
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    assert response.status_code == 200
    assert session_writes(ctx.captured_queries) == []
    cookie = response.cookies[SEEN_COOKIE]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    assert time.time() - 5 < session_cookie(client, SEEN_COOKIE) <= time.time()


def test_the_seen_cookie_keeps_an_active_session_past_the_first_stamp(client_for):
    client = client_for("owner")
    path = reverse("accounts:list")
    idle = settings.SESSION_IDLE_TIMEOUT.total_seconds()
    assert client.get(path).status_code == 200
    set_session_stamps(client, **{SEEN_AT: time.time() - idle - 100})
    set_session_cookie(client, SEEN_COOKIE, time.time() - 10)
    assert client.get(path).status_code == 200
    # A seen time in the future is not believed: the session's stamp rules.
    set_session_cookie(client, SEEN_COOKIE, time.time() + idle)
    assert_redirects_to_login(client.get(path), path)


def test_a_seen_cookie_of_another_session_or_edited_does_not_count(client_for):
    idle = settings.SESSION_IDLE_TIMEOUT.total_seconds()
    path = reverse("accounts:list")
    other = client_for("member")
    assert other.get(path).status_code == 200
    set_session_cookie(other, SEEN_COOKIE, time.time())
    foreign = other.cookies[SEEN_COOKIE].value

    client = client_for("owner")
    assert client.get(path).status_code == 200
    set_session_stamps(client, **{SEEN_AT: time.time() - idle - 100})
    client.cookies[SEEN_COOKIE] = foreign
    assert_redirects_to_login(client.get(path), path)

    client = client_for("owner")
    assert client.get(path).status_code == 200
    set_session_stamps(client, **{SEEN_AT: time.time() - idle - 100})
    set_session_cookie(client, SEEN_COOKIE, time.time())
    value = client.cookies[SEEN_COOKIE].value
    client.cookies[SEEN_COOKIE] = value[:-2] + ("AA" if value[-2:] != "AA" else "BB")
    assert_redirects_to_login(client.get(path), path)


def test_a_password_change_keeps_the_session_alive_under_its_new_key(world):
    client = Client()
    client.force_login(world.owner)
    world.owner.set_password("old-Secret-123")
    world.owner.save()
    client.force_login(world.owner)
    path = reverse("accounts:list")
    assert client.get(path).status_code == 200
    old_key = client.session.session_key
    set_session_stamps(client, **{SEEN_AT: time.time() - 5})  # seen just now: no cookie due
    response = client.post(
        reverse("password_change"),
        {
            "old_password": "old-Secret-123",
            "new_password1": "new-Secret-456-kp",
            "new_password2": "new-Secret-456-kp",
        },
    )
    assert response.status_code == 302
    assert client.session.session_key != old_key
    # The seen cookie was signed again for the new key, though none was due by the clock.
    assert time.time() - 5 < session_cookie(client, SEEN_COOKIE) <= time.time()
    assert client.get(path).status_code == 200
