"""CSP and framing on every kind of page, templates without inline code, and the
production settings' deploy checks (sessions and login: tests/users and tests/core)."""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.support import LOGIN_URL, login

BASE_DIR = Path(settings.BASE_DIR)
TEMPLATES_DIR = BASE_DIR / "keyplan" / "templates"


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
    for tab in ("plan", "people", "competition", "economics", "activity", "history"):
        url = reverse(f"accounts:detail-{tab}", args=[world.account.pk])
        yield f"account {tab} tab", owner.get(url)
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
