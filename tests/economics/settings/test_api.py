"""The economics settings over REST: the cost of capital (GET/PUT) and the hourly costs
(list, create, patch, delete); internal users read, managers write, errors by field."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

from keyplan.economics.models import EconomicsSettings, HourlyCost

BASE = "/api/v1/economics"


def _send(client, method, path, body=None):
    call = getattr(client, method)
    if body is None:
        return call(BASE + path)
    return call(BASE + path, data=json.dumps(body), content_type="application/json")


def _cost(**fields) -> HourlyCost:
    data = {
        "role": "kam",
        "amount": Decimal("90"),
        "currency": "PLN",
        "valid_from": date(2025, 1, 1),
    }
    return HourlyCost.objects.create(**(data | fields))


def test_read_and_set_the_cost_of_capital(world, client_for):
    read = _send(client_for("viewer"), "get", "/settings")
    assert read.status_code == 200
    assert read.json()["cost_of_capital"] == "10.00"

    put = _send(
        client_for("director"),
        "put",
        "/settings",
        {"cost_of_capital": "7.5", "updated_at": read.json()["updated_at"]},
    )

    assert put.status_code == 200, put.content
    assert put.json()["cost_of_capital"] == "7.50"
    assert EconomicsSettings.load().history.first().history_user == world.director


def test_a_stale_or_invalid_cost_of_capital_is_refused(world, client_for):
    client = client_for("admin")
    seen = _send(client, "get", "/settings").json()["updated_at"]
    _send(client, "put", "/settings", {"cost_of_capital": "9"})

    stale = _send(client, "put", "/settings", {"cost_of_capital": "8", "updated_at": seen})
    too_high = _send(client, "put", "/settings", {"cost_of_capital": "100.5"})
    too_precise = _send(client, "put", "/settings", {"cost_of_capital": "1.005"})

    assert stale.status_code == 409
    assert too_high.status_code == 422 and "cost_of_capital" in too_high.json()["errors"]
    assert too_precise.status_code == 422 and "cost_of_capital" in too_precise.json()["errors"]
    assert EconomicsSettings.load().cost_of_capital == Decimal("9.00")


def test_a_team_member_can_neither_read_nor_write_the_hourly_costs(world, client_for):
    cost = _cost()
    client = client_for("member")

    listed = _send(client, "get", "/hourly-costs")
    created = _send(
        client, "post", "/hourly-costs", {"role": "team", "amount": "1", "valid_from": "2025-01-01"}
    )
    patched = _send(client, "patch", f"/hourly-costs/{cost.pk}", {"amount": "2"})
    deleted = _send(client, "delete", f"/hourly-costs/{cost.pk}")

    assert listed.status_code == 403  # a person's hourly cost is pay: managers only
    assert (created.status_code, patched.status_code, deleted.status_code) == (403, 403, 403)
    assert HourlyCost.objects.get().amount == Decimal("90")


def test_create_patch_and_delete_an_hourly_cost(world, client_for):
    client = client_for("admin")

    created = _send(
        client,
        "post",
        "/hourly-costs",
        {"person_id": world.member.pk, "amount": "120.1234", "valid_from": "2025-02-01"},
    )

    assert created.status_code == 201, created.content
    body = created.json()
    assert body["person_id"] == world.member.pk and body["person"] == str(world.member)
    assert body["role"] == "" and body["currency"] == "PLN"  # the base currency
    assert body["amount"] == "120.1234" and body["valid_from"] == "2025-02-01"
    assert body["created_by_id"] == world.admin.pk

    patched = _send(
        client,
        "patch",
        f"/hourly-costs/{body['id']}",
        {"role": "team", "currency": "eur", "updated_at": body["updated_at"]},
    )
    assert patched.status_code == 200, patched.content
    assert patched.json()["person_id"] is None and patched.json()["role"] == "team"
    assert patched.json()["currency"] == "EUR" and patched.json()["amount"] == "120.1234"

    stale = _send(
        client,
        "delete",
        f"/hourly-costs/{body['id']}?updated_at={body['updated_at'].replace('+', '%2B')}",
    )
    assert stale.status_code == 409
    gone = _send(client, "delete", f"/hourly-costs/{body['id']}")
    assert gone.status_code == 204
    assert not HourlyCost.objects.exists()
    assert _send(client, "delete", f"/hourly-costs/{body['id']}").status_code == 404


def test_invalid_hourly_costs_answer_422_by_field(world, client_for):
    client = client_for("director")

    neither = _send(client, "post", "/hourly-costs", {"amount": "10", "valid_from": "2025-01-01"})
    zero = _send(
        client, "post", "/hourly-costs", {"role": "kam", "amount": "0", "valid_from": "2025-01-01"}
    )
    portal_role = _send(
        client,
        "post",
        "/hourly-costs",
        {"role": "portal", "amount": "10", "valid_from": "2025-01-01"},
    )
    nobody = _send(
        client,
        "post",
        "/hourly-costs",
        {"person_id": 999999, "amount": "10", "valid_from": "2025-01-01"},
    )
    null_amount = _send(client, "patch", f"/hourly-costs/{_cost().pk}", {"amount": None})

    assert neither.status_code == 422 and list(neither.json()["errors"]) == ["person"]
    assert zero.status_code == 422 and list(zero.json()["errors"]) == ["amount"]
    assert portal_role.status_code == 422 and list(portal_role.json()["errors"]) == ["role"]
    assert nobody.json()["errors"] == {"person": ["There is no such person."]}
    assert null_amount.status_code == 422 and list(null_amount.json()["errors"]) == ["amount"]


def test_a_duplicate_day_is_named_on_valid_from(world, client_for):
    _cost()

    again = _send(
        client_for("admin"),
        "post",
        "/hourly-costs",
        {"role": "kam", "amount": "95", "valid_from": "2025-01-01"},
    )

    assert again.status_code == 422
    assert list(again.json()["errors"]) == ["valid_from"]


def test_a_manager_gets_404_for_a_missing_hourly_cost(world, client_for):
    client = client_for("admin")

    assert _send(client, "patch", "/hourly-costs/999999", {"amount": "1"}).status_code == 404
    assert _send(client, "delete", "/hourly-costs/999999").status_code == 404


def test_portal_users_see_no_economics_settings(world, client_for):
    client = client_for("portal")

    assert _send(client, "get", "/settings").status_code == 404
    assert _send(client, "get", "/hourly-costs").status_code == 404


def test_answers_give_amounts_as_stored(world, client_for):
    client = client_for("admin")
    created = _send(
        client, "post", "/hourly-costs", {"role": "kam", "amount": "95", "valid_from": "2025-01-01"}
    )
    patched = _send(client, "patch", f"/hourly-costs/{created.json()['id']}", {"amount": "96"})

    assert created.json()["amount"] == "95.00"
    assert patched.json()["amount"] == "96.00"
    assert _send(client, "get", "/hourly-costs").json()[0]["amount"] == "96.00"
