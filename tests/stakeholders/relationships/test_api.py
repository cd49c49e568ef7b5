"""The zipper over REST: links CRUD with optimistic concurrency, coverage, risks, the
portfolio list and the selling settings."""

from __future__ import annotations

import json

from keyplan.stakeholders.models import Relationship, SellingSettings
from tests.factories import AccountFactory, ContactFactory

BASE = "/api/v1"


def _send(client, method, path, body=None):
    call = getattr(client, method)
    if body is None:
        return call(BASE + path)
    return call(BASE + path, data=json.dumps(body), content_type="application/json")


def _link(w, strength=2) -> Relationship:
    return Relationship.objects.create(
        account=w.account, contact=w.contact, user=w.owner, strength=strength
    )


def test_create_list_get_patch_delete(world, client_for):
    client = client_for("member")

    created = _send(
        client,
        "post",
        f"/accounts/{world.account.pk}/relationships",
        {"contact_id": world.contact.pk, "user_id": world.member.pk, "strength": 3, "notes": "x"},
    )

    assert created.status_code == 201
    body = created.json()
    assert body["contact"] == {"id": world.contact.pk, "name": "Jan Kowalski"}
    assert body["our_level"] == "manager" and body["strength"] == 3
    listed = _send(client, "get", f"/accounts/{world.account.pk}/relationships").json()
    assert listed["count"] == 1 and listed["items"][0]["id"] == body["id"]
    patched = _send(
        client,
        "patch",
        f"/relationships/{body['id']}",
        {"strength": 5, "updated_at": body["updated_at"]},
    )
    assert patched.status_code == 200 and patched.json()["strength"] == 5
    stale = _send(
        client,
        "patch",
        f"/relationships/{body['id']}",
        {"strength": 1, "updated_at": body["updated_at"]},
    )
    assert stale.status_code == 409
    assert stale.json()["errors"]["updated_at"] == [patched.json()["updated_at"]]
    stale_delete = client.delete(
        f"{BASE}/relationships/{body['id']}?updated_at={body['updated_at'].replace('+', '%2B')}"
    )
    assert stale_delete.status_code == 409
    gone = _send(client, "delete", f"/relationships/{body['id']}")
    assert gone.status_code == 204
    assert not Relationship.objects.exists()


def test_invalid_input_is_422_never_500(world, client_for):
    client = client_for("owner")
    stranger = ContactFactory(account=world.other_account)
    path = f"/accounts/{world.account.pk}/relationships"

    wrong_account = _send(
        client, "post", path, {"contact_id": stranger.pk, "user_id": world.owner.pk}
    )
    too_strong = _send(
        client,
        "post",
        path,
        {"contact_id": world.contact.pk, "user_id": world.owner.pk, "strength": 9},
    )
    portal = _send(
        client, "post", path, {"contact_id": world.contact.pk, "user_id": world.portal.pk}
    )
    link = _link(world)
    null = _send(client, "patch", f"/relationships/{link.pk}", {"strength": None})

    assert wrong_account.status_code == 422 and "contact_id" in wrong_account.json()["errors"]
    assert too_strong.status_code == 422
    assert portal.status_code == 422 and "user_id" in portal.json()["errors"]
    assert null.status_code == 422


def test_other_accounts_links_are_404(world, client_for):
    other = Relationship.objects.create(
        account=world.other_account,
        contact=ContactFactory(account=world.other_account),
        user=world.outsider,
    )

    assert _send(client_for("owner"), "get", f"/relationships/{other.pk}").status_code == 404
    assert _send(client_for("owner"), "get", f"/relationships/{2**70}").status_code in (404, 422)


def test_coverage_and_risks(world, client_for):
    world.contact.level = "executive"
    world.contact.authority = 5
    world.contact.save()
    _link(world, strength=1)
    client = client_for("viewer")

    coverage = _send(client, "get", f"/accounts/{world.account.pk}/relationship-coverage").json()
    risks = _send(client, "get", f"/accounts/{world.account.pk}/relationship-risks").json()

    assert coverage["gaps"] == ["executive"]
    assert coverage["rows"][0]["cells"][1] == {
        "our_level": "senior_manager",
        "links": 1,
        "strong": 0,
        "is_peer": False,
    }
    # One risk per key person: never reached and weakly linked is one risk, not two.
    assert [r["code"] for r in risks["risks"]] == ["key_unlinked"]
    assert risks["high"] == 1 and risks["medium"] == 0
    assert risks["risks"][0]["days"] is None
    assert "Jan Kowalski" in risks["risks"][0]["message"]


def test_portfolio_risks_paginate_filter_and_stay_in_scope(world, client_for):
    for i in range(3):
        AccountFactory(name=f"Prospect {i}", owner=world.owner, account_class="prospect")

    page = _send(
        client_for("owner"),
        "get",
        "/relationship-risks?account_class=prospect&page_size=2&sort=name",
    ).json()
    everything = _send(client_for("owner"), "get", "/relationship-risks").json()
    bad_sort = _send(client_for("owner"), "get", "/relationship-risks?sort=drop")

    assert page["count"] == 3 and page["pages"] == 2
    assert [item["name"] for item in page["items"]] == ["Prospect 0", "Prospect 1"]
    assert world.other_account.pk not in {item["account_id"] for item in everything["items"]}
    assert bad_sort.status_code == 422


def test_selling_settings_read_and_change(world, client_for):
    read = _send(client_for("member"), "get", "/selling-settings").json()
    director = client_for("director")

    changed = _send(
        director,
        "patch",
        "/selling-settings",
        {"single_thread_share": "65.5", "updated_at": read["updated_at"]},
    )
    stale = _send(
        director,
        "patch",
        "/selling-settings",
        {"freshness_days": 10, "updated_at": read["updated_at"]},
    )
    invalid = _send(director, "patch", "/selling-settings", {"norm_strategic": "101"})
    refused = _send(client_for("owner"), "patch", "/selling-settings", {"freshness_days": 10})

    assert read["freshness_days"] == 90
    assert changed.status_code == 200 and changed.json()["single_thread_share"] == "65.50"
    assert stale.status_code == 409
    assert invalid.status_code == 422
    assert refused.status_code == 403
    assert SellingSettings.load().freshness_days == 90
