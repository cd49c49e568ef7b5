"""The buying criteria and the offer comparison over REST:
bodies, validation (422), conflicts (409), the rules in the answers. Who may call what:
tests/competition/routes_api.py."""

from __future__ import annotations

import pytest

from ..core_support import (
    api_send,
    competitor,
    criterion,
    presence,
    score,
)

pytestmark = pytest.mark.django_db


def test_offer_comparison_body(world, client_for):
    borex = competitor(world, "Borex")
    presence(world, borex)
    quality = criterion(world, "Quality", 75)
    price = criterion(world, "Price", 25)
    score(world, quality, None, 5)
    score(world, quality, borex, 3)
    score(world, price, borex, 5)
    body = api_send(
        client_for("viewer"), "get", f"/accounts/{world.account.pk}/offer-comparison"
    ).json()
    assert [o["key"] for o in body["offers"]] == ["us", f"c{borex.pk}"]
    assert body["top_criterion_id"] == quality.pk
    assert body["unique_advantage_ids"] == [quality.pk]
    us = body["offers"][0]
    assert us["total"] == "5.00" and us["coverage"] == "0.7500"
    assert body["criteria"][0]["scores"] == {"us": 5, f"c{borex.pk}": 3}


def test_scores_put_is_all_or_nothing(world, client_for):
    crit = criterion(world, "Quality", 50)
    client = client_for("owner")
    url = f"/buying-criteria/{crit.pk}/scores"
    bad = api_send(
        client,
        "put",
        url,
        {"scores": [{"competitor_id": None, "score": 4}, {"competitor_id": 999999, "score": 2}]},
    )
    assert bad.status_code == 422
    assert not crit.scores.exists()
    ok = api_send(client, "put", url, {"scores": [{"competitor_id": None, "score": 4}]})
    assert ok.status_code == 200 and ok.json()["scores"][0]["score"] == 4
