"""The assessments over REST:
bodies, validation (422), conflicts (409), the rules in the answers. Who may call what:
tests/competition/routes_api.py."""

from __future__ import annotations

import json

import pytest

from ..core_support import (
    api_send,
    assess,
    competitor,
    plan,
    presence,
)

pytestmark = pytest.mark.django_db


def test_assessment_round_trip_and_conflict(world, client_for):
    client = client_for("member")
    pres = presence(world)
    created = api_send(client, "post", f"/competitor-presences/{pres.pk}/assessments", {})
    assert created.status_code == 201
    body = created.json()
    assert body["verdict"] == "incomplete" and len(body["ratings"]) == 4
    support = next(r for r in body["ratings"] if r["pillar"] == "support")
    url = f"/pillar-ratings/{support['id']}"
    ok = api_send(client, "patch", url, {"score": 2, "updated_at": support["updated_at"]})
    assert ok.status_code == 200 and ok.json()["score"] == 2
    stale = api_send(client, "patch", url, {"score": 3, "updated_at": support["updated_at"]})
    assert stale.status_code == 409
    bad = api_send(client, "patch", url, {"score": 9})
    assert bad.status_code == 422 and "score" in bad.json()["errors"]
    detail = api_send(client, "get", f"/competitor-assessments/{body['id']}").json()
    assert detail["verdict"] == "attackable"
    assert detail["weak_points"][0]["key"] == "support"


def test_answer_patch_validates_choice(world, client_for):
    pres = presence(world)
    assessment = assess(world, pres, {})
    answer = assessment.answers.first()
    client = client_for("owner")
    bad = api_send(client, "patch", f"/weakness-answers/{answer.pk}", {"answer": "maybe"})
    assert bad.status_code == 422
    ok = api_send(client, "patch", f"/weakness-answers/{answer.pk}", {"answer": "yes", "note": "x"})
    assert ok.status_code == 200 and ok.json()["answer"] == "yes"


def test_attack_without_a_plan_is_422_with_a_clear_message(world, client_for):
    pres = presence(world)
    assess(world, pres, {"support": 1})
    client = client_for("owner")
    url = f"/competitor-presences/{pres.pk}/attacks"
    refused = api_send(client, "post", url, {"pillar": "support"})
    assert refused.status_code == 422
    assert "create a plan first" in json.dumps(refused.json())
    plan(world)
    made = api_send(client, "post", url, {"pillar": "support", "title": "Win the plant manager"})
    assert made.status_code == 201
    assert made.json()["action_id"] and made.json()["plan_id"]


def test_compare_needs_the_same_presence(world, client_for):
    first = presence(world, competitor(world, "A"))
    second = presence(world, competitor(world, "B"))
    a1 = assess(world, first, {"support": 2})
    a2 = assess(world, first, {"support": 4})
    b1 = assess(world, second, {})
    client = client_for("owner")
    diff = api_send(client, "get", f"/competitor-assessments/{a2.pk}/compare/{a1.pk}").json()
    assert diff["old_id"] == a1.pk and diff["support_rising"] is True
    assert (
        api_send(client, "get", f"/competitor-assessments/{a1.pk}/compare/{b1.pk}").status_code
        == 404
    )
