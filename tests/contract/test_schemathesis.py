"""Schemathesis against the whole API, in process (WSGI): every operation, positive and
negative inputs, every check on. Any 5xx, any answer outside the documented contract and
any invalid input that is accepted (or valid input that is refused) fails the run.

Bounded so that it runs in the normal test run: few examples per operation, no
shrinking, derandomized (the same cases on every run). Each operation is one pytest
item, in its own rolled-back transaction, so a DELETE that wipes the fixture data can
only affect the rest of its own operation's cases, never another operation's.
"""

from __future__ import annotations

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import CHECKS

from keyplan.api.api import api
from keyplan.users.services import token_create

MAX_EXAMPLES = 3

schema = schemathesis.openapi.from_dict(api.get_openapi_schema(path_prefix="/api/v1/"))
schema.app = get_wsgi_application()
schema.config.generation.update(max_examples=MAX_EXAMPLES, deterministic=True, no_shrink=True)
# Input that matches the schema may still break a rule of the application (a name already
# taken, an id of nothing): a 422 for that is right. But the schema itself must accept it:
# see schema_valid_input_passes_the_schema.
acceptance = schema.config.checks.positive_data_acceptance
acceptance.expected_statuses = [*acceptance.expected_statuses, "422"]


@schemathesis.check
def schema_valid_input_passes_the_schema(ctx, response, case) -> None:
    """Input generated from the published schema is never refused as not matching it."""
    if case.meta is None or not case.meta.generation.mode.is_positive:
        return
    # A multipart upload (POST /imports): schemathesis may send the file part as a plain
    # form field without a filename, which Django (rightly) does not read as a file.
    if (case.media_type or "").startswith("multipart/"):
        return
    if response.status_code == 422:
        body = response.json()
        if body.get("detail") == "Invalid input.":
            raise AssertionError(f"schema-valid input refused by the schema: {body['errors']}")


ALL_CHECKS = list(CHECKS.get_all())


@pytest.fixture(autouse=True)
def connection_kept_open():
    """The WSGI handler closes the database connection after each request (Django's test
    client switches that off; a plain WSGI call does not). On PostgreSQL that would end
    the test's transaction, so keep the connection open for the run, as the client does."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def token(world) -> str:
    return token_create(user=world.admin, name="schemathesis")[1]


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_api_keeps_its_contract(case, token):
    case.call_and_validate(headers={"Authorization": f"Bearer {token}"}, checks=ALL_CHECKS)
