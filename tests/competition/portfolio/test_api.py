"""The competitors across the portfolio over REST:
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


def test_portfolio(world, client_for):
    presence(world, competitor(world, "Borex"), is_incumbent=True, share_of_spend=30)
    [row] = api_send(client_for("owner"), "get", "/competition/portfolio").json()
    assert row["accounts"] == 1 and row["of_class"] == 1 and row["incumbent"] == 1
    assert row["share_avg"] == "30.00"
