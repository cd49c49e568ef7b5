"""The service costs API: CRUD under the one access rule (404 for accounts the caller may
not see, 403 for read-only roles writing), exact amounts as strings, 422 naming the field,
409 on a stale version."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from keyplan.sales.models import ServiceCost
from tests.support import NOT_FOUND, ApiClient, assert_error

from .support import add_cost

D = Decimal
BODY = {"date": "2026-02-03", "category": "logistics", "amount": "1234.5678", "note": "DHL"}


def costs_path(world) -> str:
    return f"/accounts/{world.account.pk}/service-costs"


def test_create_read_and_list_with_exact_amounts(world, api):
    client = api("member")
    created = client.post(costs_path(world), BODY)
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["amount"] == "1234.5678"
    assert (body["currency"], body["category"], body["category_label"]) == (
        "PLN",
        "logistics",
        "Logistics",
    )
    assert body["created_by"]["username"] == "member"
    assert body["account_id"] == world.account.pk
    one = client.get(f"/service-costs/{body['id']}").json()
    assert one == body
    add_cost(world.account, day=date(2026, 1, 1), category="rebates", amount="-10")
    listed = client.get(costs_path(world)).json()
    assert listed["count"] == 2
    assert [item["amount"] for item in listed["items"]] == ["1234.5678", "-10.00"]
    only = client.get(costs_path(world), {"category": "rebates"}).json()
    assert [item["category"] for item in only["items"]] == ["rebates"]
    window = client.get(costs_path(world), {"date_from": "2026-02-01", "date_to": "2026-02-28"})
    assert [item["date"] for item in window.json()["items"]] == ["2026-02-03"]


def test_patch_changes_what_is_sent_and_a_stale_version_is_409(world, api):
    cost = add_cost(world.account, amount="100")
    client = api("owner")
    first = client.get(f"/service-costs/{cost.pk}").json()
    patched = client.patch(
        f"/service-costs/{cost.pk}",
        {"amount": "99.9999", "currency": "eur", "updated_at": first["updated_at"]},
    )
    assert patched.status_code == 200, patched.content
    assert (patched.json()["amount"], patched.json()["currency"]) == ("99.9999", "EUR")
    assert patched.json()["note"] == ""
    stale = client.patch(
        f"/service-costs/{cost.pk}", {"note": "late", "updated_at": first["updated_at"]}
    )
    assert_error(stale, 409, "updated_at")
    assert ServiceCost.objects.get().note == ""


def test_delete_with_and_without_the_version_seen(world, api):
    cost = add_cost(world.account)
    client = api("director")
    stale = client.client.delete(
        f"/api/v1/service-costs/{cost.pk}?updated_at=2020-01-01T00:00:00%2B00:00",
        headers=client.headers,
    )
    assert_error(stale, 409)
    assert client.delete(f"/service-costs/{cost.pk}").status_code == 204
    assert not ServiceCost.objects.exists()
    assert client.get(f"/service-costs/{cost.pk}").json() == NOT_FOUND


def test_outsiders_get_404_and_viewers_403(world, api):
    cost = add_cost(world.account)
    outsider, viewer = api("outsider"), api("viewer")
    assert outsider.get(costs_path(world)).json() == NOT_FOUND
    assert outsider.get(f"/service-costs/{cost.pk}").status_code == 404
    assert_error(outsider.post(costs_path(world), BODY), 404)
    assert_error(outsider.patch(f"/service-costs/{cost.pk}", {"note": "x"}), 404)
    assert_error(outsider.delete(f"/service-costs/{cost.pk}"), 404)
    assert viewer.get(costs_path(world)).status_code == 200
    assert viewer.get(f"/service-costs/{cost.pk}").status_code == 200
    assert_error(viewer.post(costs_path(world), BODY), 403)
    assert_error(viewer.patch(f"/service-costs/{cost.pk}", {"note": "x"}), 403)
    assert_error(viewer.delete(f"/service-costs/{cost.pk}"), 403)
    assert api("portal").get(costs_path(world)).status_code == 404
    assert ApiClient(None).get(costs_path(world)).status_code == 401
    assert ServiceCost.objects.get().note == ""
    assert api("director").get("/service-costs/999999").json() == NOT_FOUND


def test_invalid_input_is_422_naming_the_field(world, api):
    client = api("owner")
    cases = [
        ({"amount": "12.34567"}, "amount", "more than 4 decimal places"),
        ({"amount": 12.34567}, "amount", "more than 4 decimal places"),
        ({"amount": "0"}, "amount", "cannot be zero"),
        ({"currency": "XYZ"}, "currency", "is not a currency"),
        ({"category": "bribes"}, "category", ""),
        ({"date": "03.02.2026"}, "date", ""),
        ({"date": "2999-01-01"}, "date", "more than a year ahead"),
        ({"note": "x" * 501}, "note", ""),
    ]
    for changes, field, words in cases:
        body = assert_error(client.post(costs_path(world), {**BODY, **changes}), 422, field)
        assert words in body["errors"][field][0], (changes, body)
    missing = {k: v for k, v in BODY.items() if k != "amount"}
    assert_error(client.post(costs_path(world), missing), 422, "amount")
    cost = add_cost(world.account)
    assert_error(client.patch(f"/service-costs/{cost.pk}", {"amount": None}), 422, "amount")
    assert_error(client.patch(f"/service-costs/{cost.pk}", {"amount": "0.00001"}), 422, "amount")
    assert ServiceCost.objects.count() == 1


def test_external_ids_are_unique(world, api):
    client = api("director")
    assert client.post(costs_path(world), {**BODY, "external_id": "K-1"}).status_code == 201
    again = client.post(
        f"/accounts/{world.other_account.pk}/service-costs", {**BODY, "external_id": "K-1"}
    )
    assert_error(again, 422, "external_id")


def test_the_operations_are_documented(world, client_for):
    schema = client_for("director").get("/api/v1/openapi.json").json()
    paths = schema["paths"]
    assert set(paths["/api/v1/accounts/{account_id}/service-costs"]) == {"get", "post"}
    assert set(paths["/api/v1/service-costs/{cost_id}"]) == {"get", "patch", "delete"}
    category = schema["components"]["schemas"]["ServiceCostIn"]["properties"]["category"]
    assert "rebates" in str(category)
