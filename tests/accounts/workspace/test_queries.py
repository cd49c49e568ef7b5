"""Each tab of the account workspace issues a fixed number of queries, whatever the
amount of data: contacts, team members, opportunities and history grow, counts do not."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from keyplan.accounts.workspace import TABS
from keyplan.core.history import save_with_history
from tests.factories import ContactFactory, OpportunityFactory, TeamMemberFactory, UserFactory

# Generous ceilings, so that a card that starts reading per row shows up here too.
CEILING = {"overview": 45, "history": 20}
DEFAULT_CEILING = 40


def _count(client, url: str, **headers) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, **headers)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def _grow(world, n: int) -> None:
    for i in range(n):
        ContactFactory(
            account=world.account, influence=1 + i % 5, buying_roles=["user", "champion"]
        )
        TeamMemberFactory(account=world.account, user=UserFactory(), role=f"Role {i}")
        OpportunityFactory(account=world.account, owner=world.member, probability=i % 100)
        world.account.region = f"Region {i}"
        save_with_history(world.account, world.owner, "changed: region")
        world.contact.buying_roles = ["technical_buyer"] if i % 2 else ["coach"]
        save_with_history(world.contact, world.owner, "changed: buying_roles")


@pytest.mark.parametrize("tab", TABS, ids=lambda t: t.key)
def test_tab_queries_do_not_grow_with_data(world, client_for, tab):
    client = client_for("owner")
    url = reverse(tab.url_name, args=[world.account.pk])
    _grow(world, 1)
    _count(client, url)  # the first request stamps the session and creates settings rows
    small = _count(client, url)
    small_htmx = _count(client, url, HTTP_HX_REQUEST="true")
    _grow(world, 30)
    assert _count(client, url) == small
    assert _count(client, url, HTTP_HX_REQUEST="true") == small_htmx
    assert small <= CEILING.get(tab.key, DEFAULT_CEILING), small
