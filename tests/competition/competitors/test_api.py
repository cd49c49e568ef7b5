"""The registry over REST:
bodies, validation (422), conflicts (409), the rules in the answers. Who may call what:
tests/competition/routes_api.py."""

from __future__ import annotations

import pytest

from ..core_support import (
    api_send,
    competitor,
    presence,
)

pytestmark = pytest.mark.django_db


def test_competitor_delete_refused_while_present(world, client_for):
    pres = presence(world)
    response = api_send(client_for("owner"), "delete", f"/competitors/{pres.competitor_id}")
    assert response.status_code == 422


def test_competitor_list_search_and_pages(world, client_for):
    for name in ("Borex", "Ciro", "Borland"):
        competitor(world, name)
    body = api_send(client_for("viewer"), "get", "/competitors?search=bor&page_size=1").json()
    assert body["count"] == 2 and body["pages"] == 2
    assert body["items"][0]["name"] == "Borex"
