"""The main navigation links the board packs' archive for those who may open it."""

from __future__ import annotations

import pytest
from django.urls import reverse

NAV_LINK = 'href="/reports/board/"'


@pytest.mark.parametrize("name", ["admin", "director"])
def test_managers_see_the_board_packs_link_and_can_follow_it(client_for, name):
    client = client_for(name)
    html = client.get(reverse("accounts:list")).content.decode()
    assert NAV_LINK in html
    assert "Board packs" in html
    assert client.get("/reports/board/").status_code == 200


@pytest.mark.parametrize("name", ["owner", "member", "viewer"])
def test_others_see_no_board_packs_link_as_they_cannot_open_it(client_for, name):
    client = client_for(name)
    html = client.get(reverse("accounts:list")).content.decode()
    assert NAV_LINK not in html
    assert client.get("/reports/board/").status_code == 403
