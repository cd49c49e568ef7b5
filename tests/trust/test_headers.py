"""Response headers that keep personal data out of caches and switch browser features off
(keyplan.core.middleware.PrivacyHeadersMiddleware), and the production settings that refuse
a wildcard host and pool PostgreSQL connections."""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.support import LOGIN_URL

BASE_DIR = Path(settings.BASE_DIR)
DENIED = ("camera", "microphone", "geolocation", "payment", "usb")


def _directives(response) -> set[str]:
    return {part.strip().lower() for part in response.get("Cache-Control", "").split(",")}


def _not_stored(response) -> bool:
    return {"no-store", "private"} <= _directives(response)


def test_pages_of_a_signed_in_user_are_never_stored(world, client_for):
    owner = client_for("owner")
    for url in (
        reverse("accounts:list"),
        reverse("accounts:detail", args=[world.account.pk]),
        reverse("home"),
    ):
        response = owner.get(url, follow=True)
        assert response.status_code == 200, url
        assert _not_stored(response), (url, response.get("Cache-Control"))


def test_htmx_fragments_and_error_pages_of_a_signed_in_user_are_never_stored(world, client_for):
    owner = client_for("owner")
    fragment = owner.get(reverse("accounts:list"), HTTP_HX_REQUEST="true")
    missing = owner.get(reverse("accounts:detail", args=[world.other_account.pk]))
    assert missing.status_code == 404
    assert _not_stored(fragment) and _not_stored(missing)


def test_every_api_response_is_never_stored_with_or_without_a_token(world, api):
    answered = api("owner").get("/me")
    refused = Client().get("/api/v1/me")
    assert answered.status_code == 200 and answered.json()["username"] == "owner"
    assert refused.status_code == 401
    assert _not_stored(answered) and _not_stored(refused)


def test_export_downloads_are_never_stored(world, client_for):
    response = client_for("owner").get(reverse("accounts:export", args=["csv"]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert "Polmet" in response.content.decode("utf-8-sig")
    assert _not_stored(response)


def test_static_files_stay_cacheable(db):
    # (The login page is never cached either way: Django's LoginView says so itself.)
    static = Client().get(settings.STATIC_URL + "keyplan/charts.js")
    assert static.status_code == 200
    assert b"function" in b"".join(static.streaming_content)
    assert "no-store" not in _directives(static)


def test_every_response_denies_browser_features_nobody_uses(world, client_for):
    for response in (
        Client().get(LOGIN_URL),
        Client().get("/api/v1/me"),
        client_for("owner").get(reverse("accounts:list")),
    ):
        policy = response["Permissions-Policy"]
        for feature in DENIED:
            assert f"{feature}=()" in policy, (feature, policy)


# --- production settings ---------------------------------------------------------------------


def _production(tmp_path, code: str, **extra: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KEYPLAN_", "DJANGO_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="keyplan.settings.production",
        KEYPLAN_DATA_DIR=str(tmp_path),
        KEYPLAN_SECRET_KEY=secrets.token_urlsafe(60)[:60],
        **extra,
    )
    return subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_a_wildcard_allowed_host(tmp_path):
    refused = _production(tmp_path, "", KEYPLAN_ALLOWED_HOSTS="keyplan.example.com,*")
    listed = _production(
        tmp_path,
        "from django.conf import settings; print(settings.ALLOWED_HOSTS)",
        KEYPLAN_ALLOWED_HOSTS="keyplan.example.com",
    )
    assert refused.returncode != 0
    assert "ImproperlyConfigured" in refused.stderr
    assert "KEYPLAN_ALLOWED_HOSTS=* is refused in production" in refused.stderr
    assert listed.returncode == 0, listed.stderr
    assert "keyplan.example.com" in listed.stdout


_PRINT_DATABASE = (
    "import json; from django.conf import settings; d = settings.DATABASES['default']; "
    "print(json.dumps({'max_age': d['CONN_MAX_AGE'], 'pool': d['OPTIONS'].get('pool')}))"
)


def test_production_pools_postgresql_connections_when_psycopg_pool_is_there(tmp_path):
    # A stand-in psycopg_pool on the path: the settings only look whether it is installed.
    (tmp_path / "psycopg_pool").mkdir()
    (tmp_path / "psycopg_pool" / "__init__.py").write_text("")
    url = "postgres://keyplan@db.invalid:5432/keyplan"
    pooled = _production(
        tmp_path, _PRINT_DATABASE, KEYPLAN_DATABASE_URL=url, PYTHONPATH=str(tmp_path)
    )
    switched_off = _production(
        tmp_path,
        _PRINT_DATABASE,
        KEYPLAN_DATABASE_URL=url,
        PYTHONPATH=str(tmp_path),
        KEYPLAN_DB_POOL="0",
    )
    sqlite = _production(tmp_path, _PRINT_DATABASE, PYTHONPATH=str(tmp_path))
    assert pooled.returncode == 0, pooled.stderr
    assert json.loads(pooled.stdout) == {"max_age": 0, "pool": {"min_size": 1, "max_size": 4}}
    assert json.loads(switched_off.stdout)["pool"] is None
    assert json.loads(sqlite.stdout)["pool"] is None
