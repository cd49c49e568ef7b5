"""The competition API: bodies, validation (422), conflicts (409), the rules in answers.
Who may call what is in routes_api.py (tests/test_routes_authz.py)."""

from __future__ import annotations

import json

import pytest

from keyplan.competition.models import WeaknessQuestion

from .core_support import assess, competitor, criterion, plan, presence, score

pytestmark = pytest.mark.django_db

BASE = "/api/v1"


def _send(client, method: str, url: str, body: dict | None = None):
    call = getattr(client, method)
    if body is None:
        return call(BASE + url)
    return call(BASE + url, data=json.dumps(body), content_type="application/json")


def test_presence_list_carries_verdict_and_weak_points(world, client_for):
    pres = presence(world, competitor(world, "Borex"), share_of_spend=40)
    assess(
        world,
        pres,
        {"strength": 4, "strategy": 4, "staff": 2, "support": 3},
        ["support-strained-trust"],
    )
    response = _send(client_for("owner"), "get", f"/accounts/{world.account.pk}/competitors")
    assert response.status_code == 200
    [row] = response.json()
    assert row["competitor"]["name"] == "Borex"
    assert row["verdict"] == "attackable"
    assert [p["key"] for p in row["weak_points"]][:2] == [
        f"support:{WeaknessQuestion.objects.get(key='support-strained-trust').pk}",
        "staff",
    ]
    assert row["share_of_spend"] == "40.00"


def test_assessment_round_trip_and_conflict(world, client_for):
    client = client_for("member")
    pres = presence(world)
    created = _send(client, "post", f"/competitor-presences/{pres.pk}/assessments", {})
    assert created.status_code == 201
    body = created.json()
    assert body["verdict"] == "incomplete" and len(body["ratings"]) == 4
    support = next(r for r in body["ratings"] if r["pillar"] == "support")
    url = f"/pillar-ratings/{support['id']}"
    ok = _send(client, "patch", url, {"score": 2, "updated_at": support["updated_at"]})
    assert ok.status_code == 200 and ok.json()["score"] == 2
    stale = _send(client, "patch", url, {"score": 3, "updated_at": support["updated_at"]})
    assert stale.status_code == 409
    bad = _send(client, "patch", url, {"score": 9})
    assert bad.status_code == 422 and "score" in bad.json()["errors"]
    detail = _send(client, "get", f"/competitor-assessments/{body['id']}").json()
    assert detail["verdict"] == "attackable"
    assert detail["weak_points"][0]["key"] == "support"


def test_answer_patch_validates_choice(world, client_for):
    pres = presence(world)
    assessment = assess(world, pres, {})
    answer = assessment.answers.first()
    client = client_for("owner")
    bad = _send(client, "patch", f"/weakness-answers/{answer.pk}", {"answer": "maybe"})
    assert bad.status_code == 422
    ok = _send(client, "patch", f"/weakness-answers/{answer.pk}", {"answer": "yes", "note": "x"})
    assert ok.status_code == 200 and ok.json()["answer"] == "yes"


def test_attack_without_a_plan_is_422_with_a_clear_message(world, client_for):
    pres = presence(world)
    assess(world, pres, {"support": 1})
    client = client_for("owner")
    url = f"/competitor-presences/{pres.pk}/attacks"
    refused = _send(client, "post", url, {"pillar": "support"})
    assert refused.status_code == 422
    assert "create a plan first" in json.dumps(refused.json())
    plan(world)
    made = _send(client, "post", url, {"pillar": "support", "title": "Win the plant manager"})
    assert made.status_code == 201
    assert made.json()["action_id"] and made.json()["plan_id"]


def test_compare_needs_the_same_presence(world, client_for):
    first = presence(world, competitor(world, "A"))
    second = presence(world, competitor(world, "B"))
    a1 = assess(world, first, {"support": 2})
    a2 = assess(world, first, {"support": 4})
    b1 = assess(world, second, {})
    client = client_for("owner")
    diff = _send(client, "get", f"/competitor-assessments/{a2.pk}/compare/{a1.pk}").json()
    assert diff["old_id"] == a1.pk and diff["support_rising"] is True
    assert (
        _send(client, "get", f"/competitor-assessments/{a1.pk}/compare/{b1.pk}").status_code == 404
    )


def test_offer_comparison_body(world, client_for):
    borex = competitor(world, "Borex")
    presence(world, borex)
    quality = criterion(world, "Quality", 75)
    price = criterion(world, "Price", 25)
    score(world, quality, None, 5)
    score(world, quality, borex, 3)
    score(world, price, borex, 5)
    body = _send(
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
    bad = _send(
        client,
        "put",
        url,
        {"scores": [{"competitor_id": None, "score": 4}, {"competitor_id": 999999, "score": 2}]},
    )
    assert bad.status_code == 422
    assert not crit.scores.exists()
    ok = _send(client, "put", url, {"scores": [{"competitor_id": None, "score": 4}]})
    assert ok.status_code == 200 and ok.json()["scores"][0]["score"] == 4


def test_competitor_delete_refused_while_present(world, client_for):
    pres = presence(world)
    response = _send(client_for("owner"), "delete", f"/competitors/{pres.competitor_id}")
    assert response.status_code == 422


def test_competitor_list_search_and_pages(world, client_for):
    for name in ("Borex", "Ciro", "Borland"):
        competitor(world, name)
    body = _send(client_for("viewer"), "get", "/competitors?search=bor&page_size=1").json()
    assert body["count"] == 2 and body["pages"] == 2
    assert body["items"][0]["name"] == "Borex"


def test_questions_in_the_request_language(world, client_for):
    client = client_for("viewer")
    response = client.get(BASE + "/weakness-questions?pillar=support", HTTP_ACCEPT_LANGUAGE="pl")
    texts = [q["text"] for q in response.json()]
    assert len(texts) == 3
    assert any("uprzedzone" in t for t in texts)


def test_portfolio(world, client_for):
    presence(world, competitor(world, "Borex"), is_incumbent=True, share_of_spend=30)
    [row] = _send(client_for("owner"), "get", "/competition/portfolio").json()
    assert row["accounts"] == 1 and row["of_class"] == 1 and row["incumbent"] == 1
    assert row["share_avg"] == "30.00"
