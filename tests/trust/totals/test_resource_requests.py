"""The one documented exception to the access rule (issue #19): a business unit's head
reads the resource requests addressed to their unit, also of accounts they do not
otherwise see, through `keyplan.accounts.access.resource_request_units`, and nothing
more of those accounts."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client

from keyplan.accounts import access as account_access
from keyplan.accounts.access import resource_request_units, visible_accounts
from keyplan.execution.resources.access import visible_requests
from keyplan.execution.work.selectors import requests_to_decide
from tests.execution.resources.support import make_request, unit_with_head
from tests.factories import UserFactory
from tests.support import API


@pytest.fixture
def head(db):
    """A team member on no account team: by the rule they see no account at all."""
    return UserFactory(username="unit-head", role="team")


@pytest.fixture
def requests(world, head):
    """The outsider's account asks the head's unit and another unit."""
    service = unit_with_head("service", head=head)
    logistics = unit_with_head("logistics")
    return {
        "service": make_request(world.other_account, service, title="Audit of their line"),
        "logistics": make_request(world.other_account, logistics, title="Trucks"),
        "unit": service,
    }


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_exception_is_documented_in_the_access_module():
    assert "resource_request_units" in account_access.__doc__
    doc = resource_request_units.__doc__ or ""
    assert "the one documented exception" in doc and "decide" in doc


def test_a_unit_head_gets_their_units_only(world, head, requests):
    assert list(resource_request_units(head)) == [requests["unit"]]
    assert list(resource_request_units(world.owner)) == []
    assert list(resource_request_units(AnonymousUser())) == []
    head.is_active = False
    assert list(resource_request_units(head)) == []


def test_a_portal_user_heading_a_unit_gets_nothing(world, requests):
    requests["unit"].head = world.portal
    requests["unit"].save()

    assert list(resource_request_units(world.portal)) == []
    assert list(visible_requests(world.portal)) == []


def test_the_head_reads_their_units_requests_of_an_account_they_do_not_see(world, head, requests):
    assert not visible_accounts(head).exists()
    assert list(visible_requests(head)) == [requests["service"]]
    assert list(requests_to_decide(head)) == [requests["service"]]

    board = _client(head).get(f"{API}/resource-requests").json()
    assert [item["title"] for item in board["items"]] == ["Audit of their line"]
    assert board["count"] == 1
    detail = _client(head).get(f"{API}/resource-requests/{requests['service'].pk}")
    assert detail.status_code == 200 and detail.json()["can_decide"] is True


def test_the_exception_stops_at_the_request(world, head, requests):
    client = _client(head)

    assert client.get(f"{API}/resource-requests/{requests['logistics'].pk}").status_code == 404
    assert client.get(f"/accounts/{world.other_account.pk}/").status_code == 404
    assert client.get(f"{API}/accounts/{world.other_account.pk}").status_code == 404


def test_a_kam_who_heads_no_unit_does_not_read_them(world, requests):
    assert list(visible_requests(world.owner)) == []
    body = _client(world.owner).get(f"{API}/resource-requests").json()
    assert body["count"] == 0
