"""The session timeouts (keyplan.core.middleware): idle and absolute."""

from __future__ import annotations

import time
from datetime import timedelta

from django.conf import settings
from django.test import Client, override_settings
from django.urls import reverse

from keyplan.core.middleware import LOGIN_AT, SEEN_AT
from keyplan.users.models import User
from tests.support import assert_redirects_to_login, session_user_ids


def set_session_stamps(client: Client, **stamps: float) -> None:
    session = client.session
    for key, value in stamps.items():
        session[key] = value
    session.save()


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
