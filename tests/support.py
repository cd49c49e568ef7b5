"""Helpers the tests of several apps share: signing in through the login page, the
sessions in the database, a page's messages and field errors, a management command's
output, and the REST API called with a personal token."""

from __future__ import annotations

import json
import re
from html import unescape
from io import StringIO
from urllib.parse import parse_qs, urlsplit

from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.http import HttpResponse
from django.test import Client, RequestFactory

from keyplan.core import sessioncookie
from keyplan.users.services import token_create

LOGIN_URL = "/login/"
API = "/api/v1"
UNAUTHENTICATED = {"detail": "Authentication required.", "errors": {}}
NOT_FOUND = {"detail": "Not found.", "errors": {}}


def login(client: Client, username: str, password: str):
    return client.post(LOGIN_URL, {"username": username, "password": password})


def session_user_ids() -> list[str]:
    return [str(s.get_decoded().get("_auth_user_id")) for s in Session.objects.all()]


def session_cookie(client: Client, name: str, *, max_age: float | None = None):
    """The value of a session-bound signed cookie (keyplan.core.sessioncookie) as the
    server reads it for this client's session."""
    request = RequestFactory().get("/")
    request.COOKIES = {key: morsel.value for key, morsel in client.cookies.items()}
    request.session = client.session
    return sessioncookie.read(request, name, max_age=max_age)


def set_session_cookie(client: Client, name: str, value) -> None:
    """Give this client's session a session-bound signed cookie, as the server writes it."""
    request = RequestFactory().get("/")
    request.session = client.session
    response = HttpResponse()
    sessioncookie.write(response, request, name, value)
    client.cookies[name] = response.cookies[name].value


def assert_redirects_to_login(response, next_path: str) -> None:
    assert response.status_code == 302, response.status_code
    url = urlsplit(response["Location"])
    assert url.path == LOGIN_URL
    assert parse_qs(url.query)["next"] == [next_path]


def field_errors(response, field: str) -> list[str]:
    """The error messages rendered inside the form field's own block (core/field.html)."""
    html = response.content.decode()
    for block in html.split('<div class="field')[1:]:
        if f'id="id_{field}"' in block:
            return [
                unescape(m) for m in re.findall(r'<p class="error" role="alert">(.*?)</p>', block)
            ]
    raise AssertionError(f"no field {field} on the page")


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def run(*args, **options) -> tuple[str, str]:
    """call_command; what the command wrote to stdout and stderr."""
    out, err = StringIO(), StringIO()
    call_command(*args, stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


# --- the REST API ----------------------------------------------------------------------------


def token_for(user) -> str:
    _token, raw = token_create(user=user, name="test script")
    return raw


class ApiClient:
    """A Django test client that sends a Bearer token and JSON bodies."""

    def __init__(self, raw_token: str | None, *, enforce_csrf_checks: bool = False) -> None:
        self.client = Client(enforce_csrf_checks=enforce_csrf_checks)
        self.headers = {"Authorization": f"Bearer {raw_token}"} if raw_token else {}

    def get(self, path: str, params: dict | None = None):
        return self.client.get(API + path, params or {}, headers=self.headers)

    def post(self, path: str, body=None, *, raw: str | bytes | None = None):
        data = raw if raw is not None else json.dumps(body if body is not None else {})
        return self.client.post(
            API + path, data, content_type="application/json", headers=self.headers
        )

    def patch(self, path: str, body=None, *, raw: str | bytes | None = None):
        data = raw if raw is not None else json.dumps(body if body is not None else {})
        return self.client.patch(
            API + path, data, content_type="application/json", headers=self.headers
        )

    def delete(self, path: str):
        return self.client.delete(API + path, headers=self.headers)


def assert_error(response, status: int, *fields: str) -> dict:
    """The response is our JSON error body with `status`, naming at least `fields`."""
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"detail", "errors"}, body
    assert isinstance(body["detail"], str) and body["detail"]
    assert isinstance(body["errors"], dict)
    for field in fields:
        assert field in body["errors"], body
        assert all(isinstance(m, str) and m for m in body["errors"][field]), body
    return body
