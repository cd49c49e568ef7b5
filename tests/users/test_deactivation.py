"""Deactivating a user ends their sessions and tokens (keyplan.users.services)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from keyplan.users import services
from tests.support import assert_redirects_to_login, session_user_ids


def test_deactivation_ends_sessions_and_tokens(world, client_for):
    owner_client = client_for("owner")
    member_client = client_for("member")
    path = reverse("accounts:list")
    assert owner_client.get(path).status_code == 200
    assert member_client.get(path).status_code == 200
    _token, raw = services.token_create(user=world.owner, name="script")
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    assert Client().get("/api/v1/me", **bearer).json()["username"] == "owner"

    services.user_deactivate(actor=world.admin, user=world.owner)

    world.owner.refresh_from_db()
    assert world.owner.is_active is False
    assert str(world.owner.pk) not in session_user_ids()
    assert_redirects_to_login(owner_client.get(path), path)
    assert Client().get("/api/v1/me", **bearer).status_code == 401
    # Nobody else is logged out.
    assert member_client.get(path).status_code == 200
    assert str(world.member.pk) in session_user_ids()


def test_only_an_administrator_deactivates(world, client_for):
    owner_client = client_for("owner")
    with pytest.raises(PermissionDenied):
        services.user_deactivate(actor=world.director, user=world.owner)
    world.owner.refresh_from_db()
    assert world.owner.is_active
    assert owner_client.get(reverse("accounts:list")).status_code == 200


def test_admin_deactivate_action_ends_sessions(world, client_for):
    owner_client = client_for("owner")
    path = reverse("accounts:list")
    assert owner_client.get(path).status_code == 200

    response = client_for("admin").post(
        reverse("admin:users_user_changelist"),
        {"action": "deactivate_users", "_selected_action": [world.owner.pk]},
    )

    assert response.status_code == 302
    world.owner.refresh_from_db()
    assert not world.owner.is_active
    assert str(world.owner.pk) not in session_user_ids()
    assert str(world.admin.pk) in session_user_ids()
    assert_redirects_to_login(owner_client.get(path), path)
