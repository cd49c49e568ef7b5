"""The resource board over REST: the ranked board with components, filing, a stale
PATCH (409), decisions with their errors (422), capacities."""

from __future__ import annotations

import json
from decimal import Decimal

from keyplan.execution.models import ResourceRequest

from .support import make_request, unit_with_head

API = "/api/v1"


def _json(client, method: str, url: str, body: dict):
    return getattr(client, method)(url, data=json.dumps(body), content_type="application/json")


def test_the_board_lists_ranked_requests_with_their_components(world, client_for):
    unit = unit_with_head()
    make_request(world.account, unit, title="Second", expected_gross_profit=Decimal(10))
    first = make_request(world.account, unit, title="First")
    body = client_for("member").get(f"{API}/resource-requests").json()
    assert body["count"] == 2
    assert [item["title"] for item in body["items"]] == ["First", "Second"]
    top = body["items"][0]
    assert top["id"] == first.pk and top["rank"] == 1
    keys = [c["key"] for c in top["components"]]
    assert keys == ["class", "score", "return", "completeness"]
    total = sum(Decimal(c["points"]) for c in top["components"])
    assert abs(total - Decimal(top["priority"])) <= Decimal("0.03")
    assert top["can_decide"] is False
    filtered = client_for("member").get(f"{API}/resource-requests", {"resource_type": "budget"})
    assert filtered.json()["count"] == 0


def test_filing_and_a_stale_patch(world, client_for):
    unit = unit_with_head()
    client = client_for("owner")
    created = _json(
        client,
        "post",
        f"{API}/resource-requests",
        {
            "account_id": world.account.pk,
            "business_unit_id": unit.pk,
            "resource_type": "expert",
            "amount": 1,
            "period_start": "2030-03-01",
            "period_end": "2030-03-31",
            "title": "A welding expert",
        },
    )
    assert created.status_code == 201, created.content
    item = created.json()
    assert item["status"] == "pending" and item["currency"] == world.account.currency
    url = f"{API}/resource-requests/{item['id']}"
    ok = _json(client, "patch", url, {"amount": 2, "updated_at": item["updated_at"]})
    assert ok.status_code == 200, ok.content
    stale = _json(client, "patch", url, {"amount": 3, "updated_at": item["updated_at"]})
    assert stale.status_code == 409
    assert ResourceRequest.objects.get(pk=item["id"]).amount == Decimal(2)


def test_validation_errors_are_keyed_by_field(world, client_for):
    unit = unit_with_head()
    response = _json(
        client_for("owner"),
        "post",
        f"{API}/resource-requests",
        {
            "account_id": world.account.pk,
            "business_unit_id": unit.pk,
            "resource_type": "hours",
            "amount": 10,
            "period_start": "2030-03-01",
            "period_end": "2030-02-01",
            "title": "Backwards",
        },
    )
    assert response.status_code == 422
    assert "period_end" in response.json()["errors"]


def test_decisions_over_the_api(world, client_for):
    unit = unit_with_head(hours="10")
    found = make_request(world.account, unit)
    client = client_for("director")
    url = f"{API}/resource-requests/{found.pk}/decision"
    over = _json(client, "post", url, {"decision": "approved"})
    assert over.status_code == 422
    assert "granted_amount" in over.json()["errors"]
    partial = _json(client, "post", url, {"decision": "partly_approved", "granted_amount": 30})
    assert partial.status_code == 422
    assert "reason" in partial.json()["errors"]
    done = _json(client, "post", url, {"decision": "approved", "over_capacity": True})
    assert done.status_code == 200, done.content
    assert done.json()["status"] == "approved"
    again = _json(client, "post", url, {"decision": "declined", "reason": "changed my mind"})
    assert again.status_code == 422


def test_capacities_over_the_api(world, client_for):
    unit = unit_with_head(hours="100")
    make_request(world.account, unit, status="approved", granted_amount=Decimal("60"))
    client = client_for("viewer")
    body = client.get(f"{API}/unit-capacities", {"start": "2030-03-01", "months": 3}).json()
    assert [u["unit_id"] for u in body] == [unit.pk]
    hours = [c for c in body[0]["cells"] if c["resource_type"] == "hours"]
    assert [Decimal(c["remaining"]) for c in hours] == [Decimal(80)] * 3
    assert body[0]["can_set"] is False
    head = client_for("viewer")
    head.force_login(unit.head)
    put = _json(
        head,
        "put",
        f"{API}/unit-capacities",
        {"unit_id": unit.pk, "resource_type": "hours", "month": "2030-03-15", "amount": 120},
    )
    assert put.status_code == 200, put.content
    assert put.json()["month"] == "2030-03-01"
    refused = _json(
        client,
        "put",
        f"{API}/unit-capacities",
        {"unit_id": unit.pk, "resource_type": "hours", "month": "2030-03-15", "amount": 1},
    )
    assert refused.status_code == 403
