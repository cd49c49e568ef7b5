"""The competitors at an account over REST:
bodies, validation (422), conflicts (409), the rules in the answers. Who may call what:
tests/competition/routes_api.py."""

from __future__ import annotations

import pytest

from keyplan.competition.models import (
    WeaknessQuestion,
)

from ..core_support import (
    api_send,
    assess,
    competitor,
    presence,
)

pytestmark = pytest.mark.django_db


def test_presence_list_carries_verdict_and_weak_points(world, client_for):
    pres = presence(world, competitor(world, "Borex"), share_of_spend=40)
    assess(
        world,
        pres,
        {"strength": 4, "strategy": 4, "staff": 2, "support": 3},
        ["support-strained-trust"],
    )
    response = api_send(client_for("owner"), "get", f"/accounts/{world.account.pk}/competitors")
    assert response.status_code == 200
    [row] = response.json()
    assert row["competitor"]["name"] == "Borex"
    assert row["verdict"] == "attackable"
    assert [p["key"] for p in row["weak_points"]][:2] == [
        f"support:{WeaknessQuestion.objects.get(key='support-strained-trust').pk}",
        "staff",
    ]
    assert row["share_of_spend"] == "40.00"
