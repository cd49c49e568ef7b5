"""The interaction and time-entry API: bodies, filters, pagination, 409 on a stale
`updated_at`, 422 on refused values, who may change whose time."""

from __future__ import annotations

import json
from datetime import date

from keyplan.stakeholders.interactions import services as svc
from keyplan.stakeholders.models import Interaction, TimeEntry

BASE = "/api/v1"


def _json(client, method: str, url: str, body=None):
    return getattr(client, method)(
        url, data=json.dumps(body) if body is not None else None, content_type="application/json"
    )


def _body(world, **extra):
    return {
        "kind": "meeting",
        "occurred_on": "2026-03-02",
        "duration_minutes": 60,
        "subject": "Review",
        "our_people": [world.owner.pk],
        "their_people": [world.contact.pk],
        **extra,
    }


def test_create_read_list_update_delete(client_for, world):
    client = client_for("owner")
    created = _json(
        client, "post", f"{BASE}/accounts/{world.account.pk}/interactions", _body(world)
    )
    assert created.status_code == 201, created.content
    data = created.json()
    assert data["our_people"] == [
        {"id": world.owner.pk, "username": "owner", "name": str(world.owner)}
    ]
    assert data["their_people"] == [{"id": world.contact.pk, "name": "Jan Kowalski"}]
    assert data["created_by"]["username"] == "owner"
    pk = data["id"]
    listed = client.get(f"{BASE}/accounts/{world.account.pk}/interactions").json()
    assert listed["count"] == 1 and listed["items"][0]["id"] == pk
    assert (
        client.get(
            f"{BASE}/accounts/{world.account.pk}/interactions", {"person": f"u{world.member.pk}"}
        ).json()["count"]
        == 0
    )
    assert (
        client.get(f"{BASE}/accounts/{world.account.pk}/interactions", {"kind": "call"}).json()[
            "count"
        ]
        == 0
    )
    assert client.get(f"{BASE}/interactions/{pk}").json()["subject"] == "Review"
    patched = _json(
        client,
        "patch",
        f"{BASE}/interactions/{pk}",
        {"duration_minutes": 30, "our_people": [world.member.pk], "updated_at": data["updated_at"]},
    )
    assert patched.status_code == 200, patched.content
    assert list(TimeEntry.objects.values_list("user__username", "minutes")) == [("member", 30)]
    stale = _json(
        client,
        "patch",
        f"{BASE}/interactions/{pk}",
        {"subject": "X", "updated_at": data["updated_at"]},
    )
    assert stale.status_code == 409
    gone = client.delete(
        f"{BASE}/interactions/{pk}?updated_at={data['updated_at'].replace('+', '%2B')}"
    )
    assert gone.status_code == 409
    current = patched.json()["updated_at"].replace("+", "%2B")
    assert client.delete(f"{BASE}/interactions/{pk}?updated_at={current}").status_code == 204
    assert not Interaction.objects.exists()
    assert client.get(f"{BASE}/interactions/{pk}").status_code == 404


def test_refused_values_are_422(client_for, world):
    client = client_for("owner")
    url = f"{BASE}/accounts/{world.account.pk}/interactions"
    assert _json(client, "post", url, _body(world, kind="lunch")).status_code == 422
    assert _json(client, "post", url, _body(world, duration_minutes=5000)).status_code == 422
    assert _json(client, "post", url, _body(world, our_people=[2**70])).status_code == 422
    wrong = _json(client, "post", url, _body(world, their_people=[999999]))
    assert wrong.status_code == 422
    assert "their_people" in wrong.json()["errors"]
    assert _json(client, "post", url, [1]).status_code in (400, 422)
    pk = _json(client, "post", url, _body(world)).json()["id"]
    null = _json(client, "patch", f"{BASE}/interactions/{pk}", {"subject": None})
    assert null.status_code == 422
    assert Interaction.objects.count() == 1


def test_time_entries(client_for, world):
    owner = client_for("owner")
    url = f"{BASE}/accounts/{world.account.pk}/time-entries"
    created = _json(owner, "post", url, {"spent_on": "2026-01-02", "minutes": 45, "note": "Offer"})
    assert created.status_code == 201, created.content
    entry = created.json()
    assert (entry["user"]["username"], entry["source"]) == ("owner", "manual")
    for_other = _json(
        owner, "post", url, {"spent_on": "2026-01-02", "minutes": 5, "user_id": world.member.pk}
    )
    assert for_other.status_code == 403
    director = client_for("director")
    by_manager = _json(
        director, "post", url, {"spent_on": "2026-01-02", "minutes": 5, "user_id": world.member.pk}
    )
    assert by_manager.status_code == 201 and by_manager.json()["user"]["username"] == "member"
    assert owner.get(url, {"user_id": world.member.pk}).json()["count"] == 1
    member = client_for("member")
    refused = _json(member, "patch", f"{BASE}/time-entries/{entry['id']}", {"minutes": 1})
    assert refused.status_code == 403
    changed = _json(
        owner,
        "patch",
        f"{BASE}/time-entries/{entry['id']}",
        {"minutes": 50, "updated_at": entry["updated_at"]},
    )
    assert changed.status_code == 200 and changed.json()["minutes"] == 50
    stale = _json(
        owner,
        "patch",
        f"{BASE}/time-entries/{entry['id']}",
        {"minutes": 55, "updated_at": entry["updated_at"]},
    )
    assert stale.status_code == 409
    assert _json(owner, "post", url, {"spent_on": "2026-01-02", "minutes": 0}).status_code == 422


def test_time_of_an_interaction_is_read_only(client_for, world):
    interaction = svc.interaction_create(
        user=world.owner,
        account=world.account,
        data={
            "kind": "call",
            "occurred_on": date(2026, 1, 1),
            "duration_minutes": 10,
            "subject": "Call",
            "our_people": [world.owner.pk],
        },
    )
    entry = TimeEntry.objects.get(interaction=interaction)
    client = client_for("owner")
    response = _json(client, "patch", f"{BASE}/time-entries/{entry.pk}", {"minutes": 1})
    assert response.status_code == 422
    assert client.delete(f"{BASE}/time-entries/{entry.pk}").status_code == 422
    assert TimeEntry.objects.get().minutes == 10
