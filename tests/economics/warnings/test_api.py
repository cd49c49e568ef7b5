"""The early warnings over REST: lists, decisions, validation and the access rule."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from keyplan.economics.models import WarningState
from tests.support import assert_error

from .support import DECLINING, declining, person_key

pytestmark = pytest.mark.django_db


def _day(days: int) -> str:
    return (timezone.localdate() + timedelta(days=days)).isoformat()


def test_portfolio_list(world, api):
    declining(world)

    body = api("owner").get("/economics/warnings", {"page_size": 1}).json()

    assert body["currency"] == "PLN" and body["count"] >= 3 and body["pages"] == body["count"]
    assert body["counts"]["declining_orders"] == 1
    [first] = body["items"]
    assert first["key"] == DECLINING and first["money_at_stake"] == "1200.0000"
    assert first["state"] == "" and first["decision"] is None
    assert "Orders are declining" in first["message"]


def test_portfolio_list_filters_and_scope(world, api):
    declining(world)

    people = api("owner").get("/economics/warnings", {"kind": "relationship"}).json()
    outsider = api("outsider").get("/economics/warnings").json()

    assert {item["kind"] for item in people["items"]} == {"relationship"}
    assert world.account.pk not in {item["account_id"] for item in outsider["items"]}
    assert_error(api("owner").get("/economics/warnings", {"kind": "nope"}), 422, "kind")


def test_account_list_and_access(world, api):
    boss = declining(world)

    body = api("viewer").get(f"/accounts/{world.account.pk}/warnings").json()

    assert person_key(boss) in {item["key"] for item in body["items"]}
    assert api("outsider").get(f"/accounts/{world.account.pk}/warnings").status_code == 404


def test_snooze_resolve_reopen(world, api):
    declining(world)
    client = api("owner")
    base = f"/accounts/{world.account.pk}/warnings/{DECLINING}"

    snoozed = client.post(base + "/snooze", {"until": _day(5), "note": "Wait for Q3"})
    assert snoozed.status_code == 200, snoozed.content
    assert snoozed.json()["state"] == "snoozed"
    assert snoozed.json()["decision"]["note"] == "Wait for Q3"

    resolved = client.post(base + "/resolve", {"note": "Price agreed"})
    assert resolved.json()["state"] == "resolved"
    hidden = client.get(f"/accounts/{world.account.pk}/warnings", {"hidden": "false"}).json()
    assert DECLINING not in {item["key"] for item in hidden["items"]}

    assert client.delete(base).status_code == 204
    assert not WarningState.objects.exists()


def test_validation_names_the_fields(world, api):
    declining(world)
    client = api("owner")
    base = f"/accounts/{world.account.pk}/warnings"

    assert_error(client.post(f"{base}/{DECLINING}/snooze", {"until": _day(0)}), 422, "until")
    assert_error(client.post(f"{base}/{DECLINING}/snooze", {"until": _day(200)}), 422, "until")
    assert_error(client.post(f"{base}/{DECLINING}/resolve", {"note": "  "}), 422, "note")
    assert_error(client.post(f"{base}/{DECLINING}/resolve", {}), 422, "note")
    assert_error(client.post(f"{base}/stale_plan/resolve", {"note": "x"}), 422, "key")
    assert not WarningState.objects.exists()


def test_read_only_403_outsider_404(world, api):
    declining(world)
    base = f"/accounts/{world.account.pk}/warnings/{DECLINING}"

    assert_error(api("viewer").post(base + "/resolve", {"note": "x"}), 403)
    assert_error(api("viewer").post(base + "/snooze", {"until": _day(3)}), 403)
    assert_error(api("viewer").delete(base), 403)
    assert_error(api("outsider").post(base + "/resolve", {"note": "x"}), 404)
    assert_error(api("outsider").delete(base), 404)
    assert not WarningState.objects.exists()
