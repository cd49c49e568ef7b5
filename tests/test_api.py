"""The REST API at /api/v1/: authentication, bodies that are not what they should be, the
OpenAPI schema and the docs page (each app's endpoints are tested beside the app, e.g.
tests/accounts/test_api.py).

Every request goes through Django's test client, which raises on an unhandled
exception: an endpoint that would answer 500 fails the test with its traceback.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from keyplan.accounts.models import Account
from keyplan.users.models import ApiToken
from keyplan.users.services import token_revoke
from tests.support import API, UNAUTHENTICATED, ApiClient, assert_error, token_for

# --- authentication -------------------------------------------------------------------


def test_a_valid_token_authenticates_and_is_marked_used(world):
    raw = token_for(world.owner)
    response = ApiClient(raw).get("/me")
    assert response.status_code == 200
    assert response.json() == {
        "id": world.owner.pk,
        "username": "owner",
        "name": str(world.owner),
        "role": "kam",
    }
    assert ApiToken.objects.get(user=world.owner).last_used_at is not None


def test_me_answers_for_every_role_including_portal(world, api):
    for name, user in world.users().items():
        response = api(name).get("/me")
        assert response.status_code == 200
        assert response.json()["username"] == user.username
        assert response.json()["role"] == user.role


def _revoked(world) -> str:
    raw = token_for(world.owner)
    token_revoke(user=world.owner, token_id=ApiToken.objects.get(user=world.owner).pk)
    return f"Bearer {raw}"


def _deactivated(world) -> str:
    raw = token_for(world.member)
    world.member.is_active = False
    world.member.save(update_fields=["is_active"])
    return f"Bearer {raw}"


@pytest.mark.parametrize(
    "authorization",
    [
        pytest.param(_revoked, id="revoked"),
        pytest.param(_deactivated, id="deactivated-user"),
        pytest.param(lambda w: "Bearer kp_" + "x" * 43, id="unknown-kp-token"),
        pytest.param(lambda w: "Bearer garbage", id="garbage"),
        pytest.param(lambda w: "Bearer ", id="empty-bearer"),
        pytest.param(lambda w: "Basic b3duZXI6Y29ycmVjdC1ob3JzZS1iYXR0ZXJ5", id="basic"),
        pytest.param(lambda w: "kp_notbearer", id="no-scheme"),
        pytest.param(lambda w: None, id="missing-header"),
    ],
)
def test_bad_or_missing_credentials_answer_401_with_the_error_body(world, authorization):
    header = authorization(world)
    headers = {"Authorization": header} if header is not None else {}
    client = Client()
    for path in ("/me", "/accounts", f"/accounts/{world.account.pk}"):
        response = client.get(API + path, headers=headers)
        assert response.status_code == 401
        assert response.json() == UNAUTHENTICATED
        assert response["WWW-Authenticate"].startswith("Bearer")


def test_a_revoked_token_on_a_write_is_401_not_a_csrf_error(world):
    # No session at all: the session authenticator must not turn this into a 403.
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        API + "/accounts",
        json.dumps({"name": "Nope"}),
        content_type="application/json",
        headers={"Authorization": _revoked(world)},
    )
    assert response.status_code == 401
    assert response.json() == UNAUTHENTICATED
    assert not Account.objects.filter(name="Nope").exists()


def test_token_writes_need_no_csrf_token(world):
    client = ApiClient(token_for(world.owner), enforce_csrf_checks=True)
    response = client.post("/accounts", {"name": "Scripted Co"})
    assert response.status_code == 201
    assert Account.objects.filter(name="Scripted Co", owner=world.owner).exists()


def test_session_auth_reads_without_csrf(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.owner)
    response = client.get(API + "/me")
    assert response.status_code == 200
    assert response.json()["username"] == "owner"
    assert [a["name"] for a in client.get(API + "/accounts").json()["items"]] == [
        world.account.name
    ]


def test_session_auth_requires_csrf_for_writes(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.owner)
    body = json.dumps({"name": "Session Co"})

    refused = client.post(API + "/accounts", body, content_type="application/json")
    assert_error(refused, 403)
    assert "CSRF" in refused.json()["detail"]
    patch_refused = client.patch(
        f"{API}/accounts/{world.account.pk}",
        json.dumps({"notes": "no csrf"}),
        content_type="application/json",
    )
    assert_error(patch_refused, 403)
    assert not Account.objects.filter(name="Session Co").exists()
    world.account.refresh_from_db()
    assert world.account.notes != "no csrf"

    # The docs page sets the CSRF cookie and puts the token on the page for Swagger UI.
    docs = client.get(API + "/docs")
    token = client.cookies[settings.CSRF_COOKIE_NAME].value
    assert 'data-csrf-token="' in docs.content.decode()
    accepted = client.post(
        API + "/accounts", body, content_type="application/json", headers={"X-CSRFToken": token}
    )
    assert accepted.status_code == 201
    assert Account.objects.get(name="Session Co").owner == world.owner


def test_a_deactivated_users_session_is_not_accepted(world):
    client = Client()
    client.force_login(world.member)
    world.member.is_active = False
    world.member.save(update_fields=["is_active"])
    assert client.get(API + "/me").json() == UNAUTHENTICATED


def test_anonymous_session_is_401(world):
    response = Client().get(API + "/accounts")
    assert response.status_code == 401
    assert response.json() == UNAUTHENTICATED


# --- bodies that are not what they should be -------------------------------------------


@pytest.mark.parametrize("raw", ["{bad json", "", b"\xff\xfe{", "[" * 100_000, "name=x"], ids=repr)
def test_a_body_that_is_not_json_is_400_or_422_with_the_error_body(world, api, raw):
    client = api("director")
    before = Account.objects.count()
    for response in (
        client.post("/accounts", raw=raw),
        client.patch(f"/accounts/{world.account.pk}", raw=raw),
        client.post(f"/accounts/{world.account.pk}/contacts", raw=raw),
        client.patch(f"/contacts/{world.contact.pk}", raw=raw),
    ):
        assert response.status_code in (400, 422), response.content
        assert_error(response, response.status_code)
    assert Account.objects.count() == before


@pytest.mark.parametrize("raw", ["null", "1", '"text"', "[]", '[{"name": "x"}]', "true"])
def test_a_json_body_that_is_not_an_object_is_422(world, api, raw):
    client = api("director")
    before = Account.history.count()
    for response in (
        client.post("/accounts", raw=raw),
        client.patch(f"/accounts/{world.account.pk}", raw=raw),
        client.post(f"/accounts/{world.account.pk}/contacts", raw=raw),
        client.patch(f"/contacts/{world.contact.pk}", raw=raw),
    ):
        assert_error(response, 422, "__all__")
    # An empty-looking PATCH must not "succeed" and write a history record.
    assert Account.history.count() == before


def test_a_body_over_the_upload_limit_is_413_with_the_error_body(world, api):
    notes = "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)
    response = api("director").post("/accounts", {"name": "Big", "notes": notes})
    assert_error(response, 413)
    assert not Account.objects.filter(name="Big").exists()


# --- OpenAPI schema and docs page --------------------------------------------------------


@pytest.fixture
def openapi(client_for):
    response = client_for("owner").get(API + "/openapi.json")
    assert response.status_code == 200
    return json.loads(response.content)


def test_openapi_lists_the_account_and_contact_paths(openapi):
    paths = openapi["paths"]
    assert {"get", "post"} <= set(paths[API + "/accounts"])
    assert {"get", "patch", "delete"} <= set(paths[API + "/accounts/{account_id}"])
    assert "get" in paths[API + "/accounts/{account_id}/team"]
    assert {"get", "post"} <= set(paths[API + "/accounts/{account_id}/contacts"])
    assert {"get", "patch", "delete"} <= set(paths[API + "/contacts/{contact_id}"])
    assert "get" in paths[API + "/me"]
    params = {p["name"]: p for p in paths[API + "/accounts"]["get"]["parameters"]}
    assert {
        "q",
        "account_class",
        "owner",
        "industry",
        "country",
        "sort",
        "page",
        "page_size",
    } <= set(params)
    assert "-name" in params["sort"]["schema"]["enum"]
    assert params["page_size"]["schema"]["maximum"] == settings.KEYPLAN_API_MAX_PAGE_SIZE


def test_openapi_documents_the_auth_schemes(openapi):
    schemes = openapi["components"]["securitySchemes"]
    bearer = [s for s in schemes.values() if s["type"] == "http"]
    assert len(bearer) == 1 and bearer[0]["scheme"] == "bearer"
    assert "token" in bearer[0]["description"].lower()
    cookie = [s for s in schemes.values() if s["type"] == "apiKey"]
    assert cookie and cookie[0]["in"] == "cookie"
    assert cookie[0]["name"] == settings.SESSION_COOKIE_NAME
    # The portal's endpoints take only a portal user's session (keyplan.portal.api); the
    # rest take a token or an internal user's session, never the portal's.
    internal = set(schemes) - {"PortalSessionAuth"}
    for path, operations in openapi["paths"].items():
        expected = {"PortalSessionAuth"} if path.startswith(API + "/portal/") else internal
        for method, operation in operations.items():
            assert {next(iter(s)) for s in operation["security"]} == expected, (path, method)


def test_openapi_documents_the_error_body_on_every_operation(openapi):
    error = openapi["components"]["schemas"]["ErrorOut"]
    assert set(error["properties"]) == {"detail", "errors"}
    assert error["properties"]["errors"]["additionalProperties"]["type"] == "array"
    ref = {"$ref": "#/components/schemas/ErrorOut"}
    for path, operations in openapi["paths"].items():
        for method, operation in operations.items():
            codes = operation["responses"]
            expected = {"401"} if path == API + "/me" else {"401", "404", "422"}
            assert expected <= set(codes), (path, method)
            for code in codes:
                if code.startswith(("4", "5")):
                    schema = codes[code]["content"]["application/json"]["schema"]
                    assert schema == ref, (path, method, code)
            if method in ("post", "patch"):
                assert {"400", "413"} <= set(codes), (path, method)
    patch = openapi["paths"][API + "/accounts/{account_id}"]["patch"]["responses"]
    assert "409" in patch


def test_openapi_describes_full_precision_timestamps(openapi):
    updated = openapi["components"]["schemas"]["AccountOut"]["properties"]["updated_at"]
    assert updated["format"] == "date-time"
    patch_fields = openapi["components"]["schemas"]["AccountPatch"]["properties"]
    assert "updated_at" in patch_fields
    assert "null" not in json.dumps(patch_fields["country"])  # null is refused there


def test_docs_page_renders_from_our_static_files_within_the_csp(client_for):
    client = client_for("owner")
    response = client.get(API + "/docs")
    assert response.status_code == 200
    assert "api/docs.html" in [t.name for t in response.templates]  # ninja's, with a way back
    html = response.content.decode()

    policy = response["Content-Security-Policy"]
    directives = {d.split()[0]: d.split()[1:] for d in policy.split(";") if d.strip()}
    for name in ("script-src", "style-src"):
        assert directives[name] == ["'self'"], policy

    # No inline script runs: only <script src> from our static files, and the settings
    # as a JSON data block (not executed; swagger-ui-init.js reads it).
    scripts = re.findall(r"<script\b([^>]*)>(.*?)</script>", html, flags=re.S)
    sources = []
    for attrs, content in scripts:
        if 'type="application/json"' in attrs:
            settings_json = json.loads(content)
            assert settings_json["url"] == API + "/openapi.json"
            continue
        match = re.search(r'src="([^"]+)"', attrs)
        assert match and not content.strip(), attrs
        sources.append(match.group(1))
    assert sources == ["/static/ninja/swagger-ui-bundle.js", "/static/ninja/swagger-ui-init.js"]
    assert not re.search(r"<style\b|\sstyle=|\son[a-z]+=", html)
    hrefs = re.findall(r'<link\b[^>]*href="([^"]+)"', html)
    assert "/static/ninja/swagger-ui.css" in hrefs
    assert "://" not in html  # no CDN, no other origin
    for url in [*sources, *hrefs]:
        assert url.startswith(settings.STATIC_URL)
        asset = client.get(url)
        assert asset.status_code == 200, url


def test_docs_init_script_reads_its_settings_from_the_page():
    import ninja

    init = Path(ninja.__file__).parent / "static" / "ninja" / "swagger-ui-init.js"
    source = init.read_text()
    assert 'getElementById("swagger-settings")' in source
    assert "eval(" not in source


def test_operation_ids_are_the_endpoint_names_and_unique(openapi):
    # Ids built from module paths changed whenever code moved between modules; the
    # published contract must not depend on the layout.
    ids = [op["operationId"] for path in openapi["paths"].values() for op in path.values()]
    assert len(ids) == len(set(ids))
    assert "list_accounts" in ids
    assert not [i for i in ids if i.startswith("keyplan_")]
