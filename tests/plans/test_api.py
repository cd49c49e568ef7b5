"""The plan API end to end: bodies, the 409 conflict, validation, versions, undo.

Who may call what is in routes_api.py (the authorization matrix); here the owner's
token does the work unless a test says otherwise.
"""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from keyplan.plans.items.schemas import KINDS
from keyplan.plans.models import ITEM_MODELS, AccountPlan, SwotItem
from keyplan.sales.models import Product
from keyplan.users.services import token_create

from .support import SAMPLES, add, approved, make_plan

API = "/api/v1"
pytestmark = pytest.mark.django_db


class Api:
    def __init__(self, user) -> None:
        _token, raw = token_create(user=user, name="plan tests")
        self.client = Client()
        self.headers = {"Authorization": f"Bearer {raw}"}

    def get(self, path: str, params: dict | None = None):
        return self.client.get(API + path, params or {}, headers=self.headers)

    def post(self, path: str, body: dict | None = None):
        return self.client.post(
            API + path,
            json.dumps(body or {}),
            content_type="application/json",
            headers=self.headers,
        )

    def patch(self, path: str, body: dict):
        return self.client.patch(
            API + path, json.dumps(body), content_type="application/json", headers=self.headers
        )

    def delete(self, path: str, params: str = ""):
        return self.client.delete(API + path + params, headers=self.headers)


@pytest.fixture
def api(world):
    return lambda name="owner": Api(world.users()[name])


def error(response, status: int) -> dict:
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"detail", "errors"}
    return body["errors"]


def test_a_plan_is_created_filled_and_read_back_with_every_section(world, api):
    owner = api()
    response = owner.post(
        f"/accounts/{world.account.pk}/plans",
        {"period": "FY2025", "starts_on": "2025-01-01", "ends_on": "2025-12-31"},
    )
    assert response.status_code == 201, response.content
    plan = response.json()
    assert (plan["state"], plan["version"], plan["previous_id"]) == ("draft", 1, None)

    for kind, spec in KINDS.items():
        created = owner.post(f"/plans/{plan['id']}/{spec.path}", SAMPLES[kind])
        assert created.status_code == 201, (kind, created.content)
        body = created.json()
        assert body["plan_id"] == plan["id"] and body["position"] == 0
        for field, value in SAMPLES[kind].items():
            assert str(body[field]) == str(value), (kind, field)

    detail = owner.get(f"/plans/{plan['id']}").json()
    assert detail["can_edit"] is True
    assert set(detail["sections"]) == set(ITEM_MODELS)
    assert all(len(items) == 1 for items in detail["sections"].values())
    assert detail["sections"]["perception"][0]["gap"] == -2
    assert detail["sections"]["action"][0]["overdue"] is False
    listed = owner.get(f"/accounts/{world.account.pk}/plans").json()
    assert [p["id"] for p in listed] == [plan["id"]]
    assert api("viewer").get(f"/plans/{plan['id']}").json()["can_edit"] is False


def test_reading_a_plan_costs_the_same_queries_however_many_items(world, api):
    plan = make_plan(world)
    product = Product.objects.create(code="P-1", name="Pump")

    def fill(year: int) -> None:
        for kind in ITEM_MODELS:
            extra: dict = {"year": year} if kind == "potential" else {}
            if kind == "customer_goal":
                extra["product_ids"] = [product.pk]
            if kind == "action":
                extra["owner_id"] = world.member.pk
            add(plan, kind, world.owner, **extra)

    owner = api()
    fill(2026)
    owner.get(f"/plans/{plan.pk}")  # warm up: token, session, content types
    with CaptureQueriesContext(connection) as one_each:
        assert owner.get(f"/plans/{plan.pk}").status_code == 200
    fill(2027)
    fill(2028)
    with CaptureQueriesContext(connection) as three_each:
        assert owner.get(f"/plans/{plan.pk}").status_code == 200

    assert len(three_each) == len(one_each)


def test_a_stale_patch_answers_409_and_saves_nothing(world, api):
    plan = make_plan(world)
    item = add(plan, "swot", world.owner)
    url = f"/plans/{plan.pk}/swot/{item.pk}"
    read = api("member").get(f"/plans/{plan.pk}/swot").json()[0]

    first = api("member").patch(url, {"text": "Member's words", "updated_at": read["updated_at"]})
    assert first.status_code == 200, first.content
    second = api("owner").patch(url, {"text": "Owner's words", "updated_at": read["updated_at"]})

    errors = error(second, 409)
    assert errors["updated_at"] == [first.json()["updated_at"]]
    assert SwotItem.objects.get(pk=item.pk).text == "Member's words"
    # with what they read now, the owner's save goes through
    third = api("owner").patch(
        url, {"text": "Owner's words", "updated_at": first.json()["updated_at"]}
    )
    assert third.status_code == 200 and third.json()["text"] == "Owner's words"


def test_a_stale_delete_answers_409(world, api):
    plan = make_plan(world)
    item = add(plan, "goal", world.owner)
    read = api().get(f"/plans/{plan.pk}/goals").json()[0]["updated_at"]
    api("member").patch(f"/plans/{plan.pk}/goals/{item.pk}", {"why": "Because"})

    response = api().client.delete(
        f"{API}/plans/{plan.pk}/goals/{item.pk}",
        QUERY_STRING=f"updated_at={read.replace('+', '%2B')}",
        headers=api().headers,
    )

    error(response, 409)


def test_the_plan_header_answers_409_too(world, api):
    plan = make_plan(world)
    read = api().get(f"/plans/{plan.pk}").json()["updated_at"]
    api("member").patch(f"/plans/{plan.pk}", {"summary": "A"})

    error(api().patch(f"/plans/{plan.pk}", {"summary": "B", "updated_at": read}), 409)


def test_invalid_items_answer_422_naming_the_field(world, api):
    plan = make_plan(world)
    owner = api()

    swot = owner.post(
        f"/plans/{plan.pk}/swot", {"quadrant": "S", "factor": "price_pressure", "text": "x"}
    )
    assert "factor" in error(swot, 422)
    action = owner.post(
        f"/plans/{plan.pk}/actions", {"title": "Call", "owner_id": world.outsider.pk}
    )
    assert "owner_id" in error(action, 422)
    rating = owner.post(
        f"/plans/{plan.pk}/perception", {"quadrant": "S", "text": "x", "our_rating": 9}
    )
    assert "our_rating" in error(rating, 422)
    quadrant = owner.post(
        f"/plans/{plan.pk}/swot", {"quadrant": "X", "factor": "other", "text": "x"}
    )
    assert "quadrant" in error(quadrant, 422)
    item = add(plan, "swot", world.owner)
    null = owner.patch(f"/plans/{plan.pk}/swot/{item.pk}", {"text": None})
    assert "text" in error(null, 422)
    not_json = owner.post(f"/plans/{plan.pk}/culture-notes", None)
    assert "text" in error(not_json, 422)


def test_an_item_is_reached_only_through_its_own_plan(world, api):
    plan = make_plan(world)
    other = make_plan(
        world, period="FY2026", starts_on=date(2026, 1, 1), ends_on=date(2026, 12, 31)
    )
    item = add(plan, "swot", world.owner)

    error(api().patch(f"/plans/{other.pk}/swot/{item.pk}", {"text": "x"}), 404)
    error(api().patch(f"/plans/{plan.pk}/value/{item.pk}", {"text": "x"}), 404)
    error(api("outsider").get(f"/plans/{plan.pk}/swot"), 404)


def test_approval_revision_and_comparison(world, api):
    plan = make_plan(world)
    add(plan, "swot", world.owner)
    owner, director = api(), api("director")

    submitted = owner.post(f"/plans/{plan.pk}/transition", {"to_state": "in_review"})
    assert submitted.json()["state"] == "in_review"
    error(owner.post(f"/plans/{plan.pk}/transition", {"to_state": "approved"}), 403)
    approved_body = director.post(
        f"/plans/{plan.pk}/transition", {"to_state": "approved", "comment": "Go"}
    ).json()
    assert approved_body["state"] == "approved"
    assert approved_body["approved_by"]["id"] == world.director.pk
    read_only = owner.post(f"/plans/{plan.pk}/swot", SAMPLES["swot"])
    assert "revise" in error(read_only, 422)["__all__"][0]

    revised = owner.post(f"/plans/{plan.pk}/revise")
    assert revised.status_code == 201
    new = revised.json()
    assert (new["version"], new["previous_id"], new["state"]) == (2, plan.pk, "draft")
    swot = owner.get(f"/plans/{new['id']}/swot").json()[0]
    owner.patch(f"/plans/{new['id']}/swot/{swot['id']}", {"importance": 5})

    compared = owner.get(f"/plans/{new['id']}/compare").json()
    assert (compared["base_id"], compared["changed"], compared["unchanged"]) == (plan.pk, 1, 0)
    assert compared["items"][0]["fields"] == [{"field": "Importance (1-5)", "old": "3", "new": "5"}]
    backwards = owner.get(f"/plans/{plan.pk}/compare", {"base": new["id"]}).json()
    assert backwards["changed"] == 1
    error(owner.get(f"/plans/{plan.pk}/compare"), 404)  # the first version has no previous
    wrong = error(owner.post(f"/plans/{new['id']}/transition", {"to_state": "superseded"}), 422)
    assert "to_state" in wrong


def test_comparing_with_another_accounts_plan_is_404(world, api):
    from keyplan.accounts.models import AccountTeamMember

    mine = make_plan(world)
    theirs = make_plan(world, user=world.outsider, account=world.other_account)
    AccountTeamMember.objects.create(account=world.other_account, user=world.owner)

    error(api().get(f"/plans/{mine.pk}/compare", {"base": theirs.pk}), 404)


def test_delete_and_restore_through_the_api(world, api):
    plan = make_plan(world)
    item = add(plan, "value", world.owner)
    owner = api()

    assert owner.delete(f"/plans/{plan.pk}/value/{item.pk}").status_code == 204
    deleted = owner.get(f"/plans/{plan.pk}/deleted").json()
    assert [(d["kind"], d["id"], d["label"]) for d in deleted] == [("value", item.pk, item.text)]
    restored = owner.post(f"/plans/{plan.pk}/value/{item.pk}/restore")
    assert restored.status_code == 201 and restored.json()["origin"] == str(item.origin)
    assert owner.get(f"/plans/{plan.pk}/deleted").json() == []
    assert "__all__" in error(owner.post(f"/plans/{plan.pk}/value/{item.pk}/restore"), 422)
    history = owner.get(f"/plans/{plan.pk}/history").json()
    assert [h["action"] for h in history[:2]] == ["created", "deleted"]
    assert history[0]["reason"] == "Restored"


def test_completeness_forecast_and_goal_progress(world, api):
    plan = make_plan(world)
    add(plan, "swot", world.owner)
    add(plan, "potential", world.owner)
    owner = api()

    completeness = owner.get(f"/plans/{plan.pk}/completeness").json()
    forecast = owner.get(f"/plans/{plan.pk}/forecast").json()
    add(plan, "goal", world.owner)
    progress = owner.get(f"/plans/{plan.pk}/goal-progress").json()

    assert 0 < completeness["score"] < 100
    missing = {step["code"] for step in completeness["missing"]}
    assert "swot_incomplete" in missing and "no_profile" in missing
    assert "no_potential" not in missing
    assert all(step["message"] for step in completeness["missing"])
    assert forecast["available"] is False and forecast["reason"]
    assert forecast["points"] == []
    assert forecast["estimates"] == [{"year": 2026, "value": "1500000.00"}]
    assert forecast["currency"] == "PLN"
    assert progress[0]["percent"] is None and progress[0]["reason"]


def test_my_actions_across_plans(world, api):
    today = timezone.localdate()
    plan = make_plan(
        world, starts_on=today - timedelta(days=10), ends_on=today + timedelta(days=300)
    )
    add(plan, "action", world.owner, title="Later", owner_id=world.member.pk)
    add(
        plan,
        "action",
        world.owner,
        title="Late",
        owner_id=world.member.pk,
        due_on=today - timedelta(days=2),
    )

    body = api("member").get("/me/actions").json()

    assert [a["title"] for a in body["items"]] == ["Late", "Later"]
    assert body["items"][0]["overdue"] is True
    assert body["items"][0]["account_name"] == world.account.name
    assert api("owner").get("/me/actions").json()["count"] == 0


def test_deleting_a_plan_is_for_drafts(world, api):
    plan = approved(world, make_plan(world))

    error(api("member").delete(f"/plans/{plan.pk}"), 403)
    error(api("owner").delete(f"/plans/{plan.pk}"), 422)
    assert AccountPlan.objects.filter(pk=plan.pk).exists()


def test_huge_and_unknown_ids_are_404(world, api):
    plan = make_plan(world)
    owner = api()
    huge = 2**70

    error(owner.get(f"/plans/{huge}"), 404)
    error(owner.patch(f"/plans/{plan.pk}/swot/{huge}", {"text": "x"}), 404)
    error(owner.post(f"/plans/{plan.pk}/swot/{huge}/restore"), 404)
    error(owner.post(f"/plans/{plan.pk}/swot/12345/restore"), 404)
    error(owner.get(f"/plans/{plan.pk}/compare", {"base": 10**9}), 404)
