"""Issue #19, item 2: no integer in a query string or an id in a path answers 5xx. A number
beyond any database integer, a negative one, a word or a float are ignored, refused
(400/422) or a 404, never an overflow in the database."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from tests.support import token_for

HUGE = "99999999999999999999"
BAD_NUMBERS = [HUGE, "-99999999999999999999", "0", "-1", "1.5x"]
# Every integer-looking parameter a page or an endpoint reads (grep for GET/params .get).
NAMES = [
    "owner",
    "owner_id",
    "account",
    "account_id",
    "business_unit",
    "business_unit_id",
    "unit",
    "user",
    "person",
    "person_id",
    "competitor_id",
    "goal_id",
    "customer_goal_id",
    "product_ids",
    "year",
    "page",
    "npage",
    "limit",
    "offset",
    "score",
    "weight",
    "points",
    "plan",
    "contact",
    "base",
    "version",
]
SKIP = re.compile(r"export|\.csv|\.xlsx|\.pdf|logout|login|/media/|/static/|download")


def _patterns(resolver: URLResolver, prefix: str = ""):
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _patterns(entry, route)
        elif isinstance(entry, URLPattern):
            yield route


def _paths(pk: int) -> list[str]:
    """Every route without arguments, and every one whose only arguments are ids (filled
    with the account's id, and with one beyond any database integer)."""
    paths = set()
    for route in _patterns(get_resolver()):
        route = route.lstrip("^").rstrip("$")
        if "(?P" in route or "\\" in route:
            continue
        args = re.findall(r"<([^>]+)>", route)
        if not args:
            paths.add("/" + route)
        elif all(a.startswith("int:") for a in args):
            paths.add("/" + re.sub(r"<[^>]+>", str(pk), route))
            paths.add("/" + re.sub(r"<[^>]+>", HUGE, route))
    return sorted(p for p in paths if not SKIP.search(p))


def _no_5xx(client: Client, path: str, headers: dict | None = None) -> list[str]:
    """The path with every integer parameter set to each odd value (a path holding a
    huge id once, as it is)."""
    failures = []
    values = [""] if HUGE in path else BAD_NUMBERS
    for value in values:
        query = {name: value for name in NAMES} if value else {}
        response = client.get(path, query, headers=headers or {})
        if response.status_code >= 500:
            failures.append(f"{path}?…={value!r}: {response.status_code}")
    return failures


def test_pages_never_answer_5xx_to_odd_integers(world):
    client = Client(raise_request_exception=False)
    client.force_login(world.director)  # sees every account: every filter applies
    paths = [p for p in _paths(world.account.pk) if not p.startswith("/api/")]
    assert len(paths) > 50
    failures = [f for path in paths for f in _no_5xx(client, path)]
    assert not failures, "\n".join(failures)


def test_api_never_answers_5xx_to_odd_integers(world):
    client = Client(raise_request_exception=False)
    headers = {"Authorization": f"Bearer {token_for(world.director)}"}
    paths = [p for p in _paths(world.account.pk) if p.startswith("/api/")]
    assert len(paths) > 20
    failures = [f for path in paths for f in _no_5xx(client, path, headers)]
    assert not failures, "\n".join(failures)


def test_the_at_risk_list_ignores_an_owner_beyond_any_id(world, client_for):
    client = client_for("director")
    for value in [HUGE, "-5", "x"]:
        response = client.get("/stakeholders/relationships/at-risk/", {"owner": value})
        assert response.status_code == 200, value


@pytest.mark.parametrize("value", [HUGE, "-99999999999999999999", str(2**63)])
def test_every_form_integer_field_refuses_a_number_no_column_holds(value):
    from django import forms
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        forms.IntegerField(min_value=0).clean(value)
    assert forms.IntegerField().clean(str(2**63 - 1)) == 2**63 - 1
    assert forms.FloatField().clean("1e30") == 1e30  # floats and decimals keep their range


def test_the_kpi_report_ignores_a_year_before_the_first_one(world, client_for):
    client = client_for("director")
    for value in ["0", "-1", "1999", HUGE]:
        assert client.get("/economics/kpis/", {"year": value}).status_code == 200, value
