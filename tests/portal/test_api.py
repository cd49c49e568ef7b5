"""The portal API: portal users of the account only (session), only what is shared."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from keyplan.portal.models import PortalComment
from keyplan.users.services import token_create
from tests.plans.support import add, this_year

from .support import share

pytestmark = pytest.mark.urls("tests.portal.api_urls")
BASE = "/api/test/portal"


def test_overview_and_section(world, customer_client):
    item = add(this_year(world), "swot", world.owner, text="Strong cash position", evidence="x")
    share(world, "swot")

    overview = customer_client.get(f"{BASE}/overview").json()
    items = customer_client.get(f"{BASE}/sections/swot").json()

    assert overview["account"] == world.account.name
    assert [s["section"] for s in overview["sections"]] == ["swot"]
    assert items[0]["id"] == item.pk and items[0]["title"] == "Strong cash position"
    assert "evidence" not in json.dumps(items).lower()


def test_unshared_and_unknown_sections_are_404(world, customer_client):
    this_year(world)
    share(world, "swot", level="partner")

    assert customer_client.get(f"{BASE}/sections/goals").status_code == 404
    assert customer_client.get(f"{BASE}/sections/potential").status_code == 404
    assert customer_client.get(f"{BASE}/joint-actions").status_code == 404


@pytest.mark.parametrize("name", ["admin", "owner", "viewer", "outsider"])
def test_internal_users_are_not_authenticated_here(world, client_for, name):
    assert client_for(name).get(f"{BASE}/overview").status_code == 401


def test_tokens_and_anonymous_are_401(world, customer):
    _token, raw = token_create(user=customer, name="script")

    assert Client().get(f"{BASE}/overview").status_code == 401
    assert Client().get(f"{BASE}/overview", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401


def test_other_accounts_portal_user_sees_only_their_own(world, client_for):
    add(this_year(world), "swot", world.owner)
    share(world, "swot")
    portal = client_for("portal")

    assert portal.get(f"{BASE}/overview").json()["account"] == world.other_account.name
    assert portal.get(f"{BASE}/sections/swot").status_code == 404


def test_commenting_through_the_api(world, customer_client, client_for):
    item = add(this_year(world), "swot", world.owner)
    share(world, "swot")
    url = f"{BASE}/items/swot/{item.pk}/comments"

    created = customer_client.post(url, json.dumps({"body": "Agreed"}), "application/json")
    other = client_for("portal").post(url, json.dumps({"body": "x"}), "application/json")
    empty = customer_client.post(url, json.dumps({"body": " "}), "application/json")

    assert created.status_code == 201 and created.json()["body"] == "Agreed"
    assert other.status_code == 404
    assert empty.status_code in (400, 422)
    assert PortalComment.objects.count() == 1
