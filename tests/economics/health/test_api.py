"""The health API: the scoped, paged list and one account's explanation with its history;
404 for an account the caller may not see."""

from __future__ import annotations

from datetime import date

from keyplan.economics.models import HealthSnapshot


def test_the_list_is_scoped_and_paged(world, api):
    body = api("owner").get("/economics/health").json()
    assert [item["account_id"] for item in body["items"]] == [world.account.pk]
    item = body["items"][0]
    assert item["score"] is not None and item["weakest"]["key"]
    paged = api("director").get("/economics/health", {"page_size": 1, "page": 2, "sort": "name"})
    body = paged.json()
    assert (body["count"], body["pages"]) == (2, 2)
    assert [item["name"] for item in body["items"]] == ["Polmet Sp. z o.o."]
    assert api("director").get("/economics/health", {"sort": "nope"}).status_code == 422


def test_one_account_explained_with_its_history(world, api):
    HealthSnapshot.objects.create(account=world.account, month=date(2026, 10, 1), score=55)
    body = api("viewer").get(f"/accounts/{world.account.pk}/health").json()
    assert body["account_id"] == world.account.pk
    assert [c["key"] for c in body["components"]][:2] == ["revenue_trend", "margin_trend"]
    revenue = body["components"][0]
    assert revenue["points"] is None and revenue["share"] is None
    assert revenue["source_path"] == f"/economics/accounts/{world.account.pk}/pnl/"
    counted = [c for c in body["components"] if c["share"] is not None]
    assert counted and body["score"] is not None
    assert body["history"] == [{"month": "2026-10", "score": 55}]


def test_an_account_you_may_not_see_is_404(world, api):
    assert api("outsider").get(f"/accounts/{world.account.pk}/health").status_code == 404
    assert api("director").get("/accounts/999999/health").status_code == 404
