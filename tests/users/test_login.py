"""Signing in and out, and the login throttling (django-axes)."""

from __future__ import annotations

import re
from datetime import timedelta

from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from tests.support import assert_redirects_to_login, login


def test_login_works_and_rotates_the_session_key(world, password):
    client = Client()
    # An anonymous session with data in it, as a fixation attacker would plant.
    session = client.session
    session["planted"] = "yes"
    session.save()
    anonymous_key = session.session_key
    assert client.get(reverse("accounts:list")).status_code == 302

    response = login(client, "owner", password)

    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    new_key = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert new_key != anonymous_key
    assert not Session.objects.filter(session_key=anonymous_key).exists()
    stored = Session.objects.get(session_key=new_key).get_decoded()
    assert stored["_auth_user_id"] == str(world.owner.pk)
    assert client.get(reverse("accounts:list")).status_code == 200


def test_wrong_password_does_not_log_in(world):
    client = Client()
    response = login(client, "owner", "not-the-password")
    assert response.status_code == 200
    assert b"Please enter a correct" in response.content
    assert_redirects_to_login(client.get(reverse("accounts:list")), reverse("accounts:list"))


def test_logout_is_post_only_and_ends_the_session(world, password):
    client = Client()
    login(client, "owner", password)
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert client.get(reverse("accounts:list")).status_code == 200

    # A link (GET) cannot log anybody out.
    assert client.get(reverse("logout")).status_code == 405
    assert Session.objects.filter(session_key=key).exists()

    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert response["Location"] == reverse("login")
    assert not Session.objects.filter(session_key=key).exists()
    assert_redirects_to_login(client.get(reverse("accounts:list")), reverse("accounts:list"))


def _normalised(response) -> tuple[int, list[str]]:
    """Status and the visible messages, without the per-request CSRF token and typed name."""
    html = response.content.decode()
    messages = re.findall(r'<p class="error">(.*?)</p>', html)
    headings = re.findall(r"<h1>(.*?)</h1>", html)
    return response.status_code, headings + messages


def test_lockout_after_the_failure_limit(world, password):
    limit = settings.AXES_FAILURE_LIMIT
    assert limit >= 2
    client = Client()
    for _ in range(limit - 1):
        response = login(client, "owner", "wrong-password-1")
        assert response.status_code == 200
        assert b"Please enter a correct" in response.content

    response = login(client, "owner", "wrong-password-1")

    assert response.status_code == 429
    assert "registration/locked_out.html" in [t.name for t in response.templates]
    assert b"Too many failed log-in attempts" in response.content
    # Locked: the right password does not help now.
    response = login(client, "owner", password)
    assert response.status_code == 429
    assert not Session.objects.exists()
    # The lock is for this user name from this address, not for everybody.
    other = Client()
    assert login(other, "member", password).status_code == 302
    assert other.get(reverse("accounts:list")).status_code == 200


def test_unknown_user_gets_the_same_answers_as_a_wrong_password(world):
    known, unknown = Client(), Client()
    answers_known, answers_unknown = [], []
    for _ in range(settings.AXES_FAILURE_LIMIT + 1):
        answers_known.append(_normalised(login(known, "owner", "wrong-password-1")))
        answers_unknown.append(_normalised(login(unknown, "no-such-user", "wrong-password-1")))
    assert answers_known == answers_unknown
    limit = settings.AXES_FAILURE_LIMIT
    assert [status for status, _messages in answers_known] == [200] * (limit - 1) + [429, 429]
    first_messages = answers_known[0][1]
    assert any("Please enter a correct" in m for m in first_messages)
    assert "Too many failed log-in attempts" in answers_known[-1][1]
    assert AccessAttempt.objects.filter(username="no-such-user").exists()


def test_lockout_is_a_cool_off_not_permanent(world, password):
    assert settings.AXES_COOLOFF_TIME is not None
    assert settings.AXES_COOLOFF_TIME.total_seconds() > 0
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = login(client, "owner", "wrong-password-1")
    assert response.status_code == 429

    # Just before the cool-off ends: still locked.
    almost = timezone.now() - settings.AXES_COOLOFF_TIME + timedelta(minutes=1)
    AccessAttempt.objects.update(attempt_time=almost)
    assert login(client, "owner", password).status_code == 429

    # The cool-off has passed ("time travel": the attempts are older than the cool-off).
    AccessAttempt.objects.update(
        attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME - timedelta(seconds=1)
    )
    response = login(client, "owner", password)
    assert response.status_code == 302
    assert client.get(reverse("accounts:list")).status_code == 200


def test_cool_off_time_comes_from_settings(world, password):
    client = Client()
    with override_settings(AXES_COOLOFF_TIME=timedelta(seconds=30)):
        for _ in range(settings.AXES_FAILURE_LIMIT):
            response = login(client, "owner", "wrong-password-1")
        assert response.status_code == 429
        AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(seconds=31))
        assert login(client, "owner", password).status_code == 302
