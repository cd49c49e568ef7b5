"""The people endpoints of the API (issue #18): administrators list users and change a
role or business unit; for everyone else the endpoints do not exist (404)."""

from __future__ import annotations

import pytest

from keyplan.users.models import AuditEvent, BusinessUnit, User
from tests.support import assert_error


def test_list_users_filters_and_pages(world, api):
    north = BusinessUnit.objects.create(name="North", code="north")
    User.objects.filter(pk=world.owner.pk).update(business_unit=north)
    client = api("admin")
    body = client.get("/users", {"page_size": 3}).json()
    assert body["count"] == 7 and body["pages"] == 3
    assert [u["username"] for u in body["items"]] == ["admin", "director", "member"]
    owner = client.get("/users", {"unit": north.pk}).json()["items"]
    assert [(u["username"], u["business_unit"]) for u in owner] == [("owner", "North")]
    kams = client.get("/users", {"role": "kam"}).json()["items"]
    assert {u["username"] for u in kams} == {"owner", "outsider"}
    assert client.get("/users", {"active": "maybe"}).status_code == 422


@pytest.mark.parametrize("name", ["director", "owner", "viewer", "portal"])
def test_non_administrators_get_404(world, api, name):
    client = api(name)
    assert_error(client.get("/users"), 404)
    assert_error(client.patch(f"/users/{world.member.pk}", {"role": "admin"}), 404)
    assert User.objects.get(pk=world.member.pk).role == "team"


def test_patch_role_and_unit(world, api):
    north = BusinessUnit.objects.create(name="North", code="north")
    client = api("admin")
    response = client.patch(f"/users/{world.member.pk}", {"business_unit_id": north.pk})
    assert response.status_code == 200, response.content
    assert response.json()["business_unit"] == "North" and response.json()["role"] == "team"
    response = client.patch(f"/users/{world.member.pk}", {"role": "kam"})
    assert response.json()["role"] == "kam" and response.json()["business_unit"] == "North"
    response = client.patch(f"/users/{world.member.pk}", {"business_unit_id": None})
    assert response.json()["business_unit"] is None
    kinds = list(AuditEvent.objects.filter(target=world.member).values_list("kind", flat=True))
    assert sorted(kinds) == ["role_changed", "unit_changed", "unit_changed"]


def test_patch_refuses_the_portal_role_and_the_last_admin(world, api):
    client = api("admin")
    assert_error(client.patch(f"/users/{world.member.pk}", {"role": "portal"}), 422, "role")
    assert_error(client.patch(f"/users/{world.admin.pk}", {"role": "kam"}), 422, "role")
    assert_error(client.patch("/users/999999", {"role": "kam"}), 404)
    assert_error(client.patch(f"/users/{world.member.pk}", {"business_unit_id": 999999}), 404)
    assert User.objects.get(pk=world.admin.pk).role == "admin"
