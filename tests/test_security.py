"""Sessions, login throttling, deactivation, CSP and framing, deploy checks, error pages."""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied
from django.test import Client, RequestFactory, override_settings
from django.test.signals import template_rendered
from django.urls import reverse
from django.utils import timezone, translation

from keyplan.core import views as core_views
from keyplan.core.middleware import LOGIN_AT, SEEN_AT
from keyplan.users import services
from keyplan.users.models import User

BASE_DIR = Path(settings.BASE_DIR)
TEMPLATES_DIR = BASE_DIR / "keyplan" / "templates"
LOGIN_URL = "/login/"


def login(client: Client, username: str, password: str):
    return client.post(LOGIN_URL, {"username": username, "password": password})


def session_user_ids() -> list[str]:
    return [str(s.get_decoded().get("_auth_user_id")) for s in Session.objects.all()]


def assert_redirects_to_login(response, next_path: str) -> None:
    assert response.status_code == 302, response.status_code
    url = urlsplit(response["Location"])
    assert url.path == LOGIN_URL
    assert parse_qs(url.query)["next"] == [next_path]


def set_session_stamps(client: Client, **stamps: float) -> None:
    session = client.session
    for key, value in stamps.items():
        session[key] = value
    session.save()


# --- log in, log out -----------------------------------------------------------------------


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


# --- session timeouts ----------------------------------------------------------------------


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


# --- deactivation --------------------------------------------------------------------------


def test_deactivation_ends_sessions_and_tokens(world, client_for):
    owner_client = client_for("owner")
    member_client = client_for("member")
    path = reverse("accounts:list")
    assert owner_client.get(path).status_code == 200
    assert member_client.get(path).status_code == 200
    _token, raw = services.token_create(user=world.owner, name="script")
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    assert Client().get("/api/v1/me", **bearer).json()["username"] == "owner"

    services.user_deactivate(actor=world.admin, user=world.owner)

    world.owner.refresh_from_db()
    assert world.owner.is_active is False
    assert str(world.owner.pk) not in session_user_ids()
    assert_redirects_to_login(owner_client.get(path), path)
    assert Client().get("/api/v1/me", **bearer).status_code == 401
    # Nobody else is logged out.
    assert member_client.get(path).status_code == 200
    assert str(world.member.pk) in session_user_ids()


def test_only_an_administrator_deactivates(world, client_for):
    owner_client = client_for("owner")
    with pytest.raises(PermissionDenied):
        services.user_deactivate(actor=world.director, user=world.owner)
    world.owner.refresh_from_db()
    assert world.owner.is_active
    assert owner_client.get(reverse("accounts:list")).status_code == 200


def test_admin_deactivate_action_ends_sessions(world, client_for):
    owner_client = client_for("owner")
    path = reverse("accounts:list")
    assert owner_client.get(path).status_code == 200

    response = client_for("admin").post(
        reverse("admin:users_user_changelist"),
        {"action": "deactivate_users", "_selected_action": [world.owner.pk]},
    )

    assert response.status_code == 302
    world.owner.refresh_from_db()
    assert not world.owner.is_active
    assert str(world.owner.pk) not in session_user_ids()
    assert str(world.admin.pk) in session_user_ids()
    assert_redirects_to_login(owner_client.get(path), path)


# --- login throttling (django-axes) --------------------------------------------------------


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


# --- Content-Security-Policy, framing --------------------------------------------------------


def _csp(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0]] = words[1:]
    return directives


def _html_pages(world, client_for, password):
    """(label, response) for a page of every kind: anonymous, internal, portal, errors, lockout."""
    anonymous = Client()
    yield "login", anonymous.get(LOGIN_URL)
    yield "404 anonymous", anonymous.get("/no-such-page/")
    owner = client_for("owner")
    yield "account list", owner.get(reverse("accounts:list"))
    yield "account detail", owner.get(reverse("accounts:detail", args=[world.account.pk]))
    yield "account edit", owner.get(reverse("accounts:edit", args=[world.account.pk]))
    yield "account list fragment", owner.get(reverse("accounts:list"), HTTP_HX_REQUEST="true")
    yield "tokens", owner.get(reverse("token-list"))
    yield "password change", owner.get(reverse("password_change"))
    yield "404", owner.get(reverse("accounts:detail", args=[world.other_account.pk]))
    yield "portfolio", client_for("director").get(reverse("portfolio"))
    yield "403", client_for("viewer").get(reverse("accounts:edit", args=[world.account.pk]))
    yield "portal", client_for("portal").get(reverse("portal-home"))
    yield "admin", client_for("admin").get(reverse("admin:index"))
    locked = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = login(locked, "viewer", "wrong-password-1")
    yield "lockout", response


def test_every_html_response_has_a_strict_csp(world, client_for, password):
    seen = []
    for label, response in _html_pages(world, client_for, password):
        assert response["Content-Type"].startswith("text/html"), label
        assert "Content-Security-Policy" in response, label
        csp = _csp(response)
        for directive in ("script-src", "style-src"):
            assert directive in csp, (label, directive)
            assert "'unsafe-inline'" not in csp[directive], (label, directive)
            assert "'unsafe-eval'" not in csp[directive], (label, directive)
        assert csp["default-src"] == ["'self'"], label
        assert csp["object-src"] == ["'none'"], label
        assert csp["frame-ancestors"] == ["'none'"], label
        seen.append((label, response.status_code))
    statuses = dict(seen)
    assert statuses["account list"] == 200
    assert statuses["portfolio"] == 200
    assert statuses["portal"] == 200
    assert statuses["404"] == 404
    assert statuses["403"] == 403
    assert statuses["lockout"] == 429


def test_pages_forbid_framing(world, client_for, password):
    for label, response in _html_pages(world, client_for, password):
        assert response["X-Frame-Options"] == "DENY", label
        assert response["X-Content-Type-Options"] == "nosniff", label


SCRIPT_TAG = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.IGNORECASE | re.DOTALL)
STYLE_ATTRIBUTE = re.compile(r"""\sstyle\s*=\s*["']""", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"""\son[a-z]+\s*=\s*["']""", re.IGNORECASE)
STYLE_ELEMENT = re.compile(r"<style\b", re.IGNORECASE)


def _templates() -> list[Path]:
    files = sorted(p for p in TEMPLATES_DIR.rglob("*") if p.is_file())
    assert len(files) > 10
    return files


def test_templates_have_no_inline_script():
    problems = []
    scripts = 0
    for path in _templates():
        text = path.read_text()
        for attributes, body in SCRIPT_TAG.findall(text):
            scripts += 1
            has_src = re.search(r"\bsrc\s*=", attributes)
            is_data = re.search(r"""\btype\s*=\s*["']application/json["']""", attributes)
            if has_src and body.strip():
                problems.append(f"{path}: <script src> with code in it")
            if not has_src and not is_data:
                problems.append(f"{path}: inline <script{attributes}>")
        if re.search(r"<script\b", text, re.IGNORECASE) and not SCRIPT_TAG.search(text):
            problems.append(f"{path}: unclosed <script>")
        if EVENT_HANDLER.search(text):
            problems.append(f"{path}: inline event handler attribute")
    assert scripts >= 2  # the scan does see base.html's scripts
    assert problems == []


def test_templates_have_no_inline_style():
    problems = []
    for path in _templates():
        text = path.read_text()
        if STYLE_ATTRIBUTE.search(text):
            problems.append(f"{path}: style= attribute")
        if STYLE_ELEMENT.search(text):
            problems.append(f"{path}: <style> element")
    assert problems == []


def test_the_template_scan_catches_inline_code():
    """The patterns above are not vacuous."""
    assert STYLE_ATTRIBUTE.search('<div class="x" style="color: red">')
    assert EVENT_HANDLER.search('<a href="#" onclick="go()">')
    ((attributes, body),) = SCRIPT_TAG.findall("<script>alert(1)</script>")
    assert "src" not in attributes and body == "alert(1)"


# --- deployment settings -------------------------------------------------------------------


def _manage(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _production_env(tmp_path) -> dict[str, str]:
    # A clean environment: none of the test run's KEYPLAN_* or DJANGO_* variables (conftest sets
    # DJANGO_ALLOW_ASYNC_UNSAFE, which the deploy checks rightly refuse).
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KEYPLAN_", "DJANGO_"))}
    if os.environ.get("KEYPLAN_DATABASE_URL"):
        env["KEYPLAN_DATABASE_URL"] = os.environ["KEYPLAN_DATABASE_URL"]
    env["DJANGO_SETTINGS_MODULE"] = "keyplan.settings.production"
    env["KEYPLAN_DATA_DIR"] = str(tmp_path)
    return env


def test_production_settings_pass_the_deploy_checks(tmp_path):
    env = _production_env(tmp_path)
    env["KEYPLAN_SECRET_KEY"] = secrets.token_urlsafe(60)[:60]
    result = _manage(["check", "--deploy", "--fail-level", "WARNING"], env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_settings_refuse_to_start_without_a_secret_key(tmp_path):
    env = _production_env(tmp_path)
    result = _manage(["check"], env)
    assert result.returncode != 0
    assert "KEYPLAN_SECRET_KEY must be set in production" in result.stderr


def test_the_deploy_checks_do_catch_an_insecure_setting(tmp_path):
    """The check above is meaningful: the same run fails when production turns HSTS off."""
    env = _production_env(tmp_path)
    env["KEYPLAN_SECRET_KEY"] = secrets.token_urlsafe(60)[:60]
    env["KEYPLAN_HSTS_SECONDS"] = "0"
    result = _manage(["check", "--deploy", "--fail-level", "WARNING"], env)
    assert result.returncode != 0
    assert "security.W004" in result.stderr


# --- error pages ---------------------------------------------------------------------------


def test_404_page_in_the_language_of_the_cookie(world, client_for):
    client = client_for("owner")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "pl"
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "404.html" in [t.name for t in response.templates]
    assert '<html lang="pl">' in response.content.decode()

    # Hidden accounts answer with the same page.
    response = client.get(reverse("accounts:detail", args=[world.other_account.pk]))
    assert response.status_code == 404
    assert "404.html" in [t.name for t in response.templates]
    assert '<html lang="pl">' in response.content.decode()


def test_404_page_defaults_to_english(db):
    response = Client().get("/no-such-page/")
    assert response.status_code == 404
    assert '<html lang="en">' in response.content.decode()


def test_403_page_in_the_language_of_the_cookie(world, client_for):
    client = client_for("viewer")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "pl"
    response = client.get(reverse("accounts:edit", args=[world.account.pk]))
    assert response.status_code == 403
    assert "403.html" in [t.name for t in response.templates]
    assert '<html lang="pl">' in response.content.decode()


def test_500_handler_renders_the_500_template(db):
    from keyplan import urls

    assert urls.handler500 == "keyplan.core.views.error_500"
    used = []

    def record(sender, template, context, **kwargs):
        used.append(template.name)

    template_rendered.connect(record)
    try:
        with translation.override("pl"):
            response = core_views.error_500(RequestFactory().get("/somewhere/"))
    finally:
        template_rendered.disconnect(record)
    assert response.status_code == 500
    assert used == ["500.html"]
    assert '<html lang="pl">' in response.content.decode()
