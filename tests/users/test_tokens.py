"""Personal API tokens: the tokens page and the `token` command."""

from __future__ import annotations

import pytest
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse

from keyplan.users.models import ApiToken, hash_token
from keyplan.users.services import token_create
from tests.support import field_errors, messages_of, run


def api_me(raw_token: str):
    return Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw_token}")


def test_token_is_shown_once(world, client_for):
    client = client_for("owner")
    url = reverse("token-list")

    created = client.post(url, {"name": "nightly ERP sync"})

    raw = created.context["new_token"]
    assert raw.startswith("kp_")
    assert f'<code id="new-token">{raw}</code>' in created.content.decode()
    token = ApiToken.objects.get(user=world.owner)
    assert token.key_hash == hash_token(raw)
    assert raw not in {token.prefix, token.name, token.key_hash}
    again = client.get(url).content.decode()
    assert raw not in again
    assert "nightly ERP sync" in again


def test_token_needs_a_name(world, client_for):
    response = client_for("owner").post(reverse("token-list"), {"name": ""})

    assert field_errors(response, "name") == ["This field is required."]
    assert not ApiToken.objects.exists()


def test_token_revoke(world, client_for):
    token, raw = token_create(user=world.owner, name="script")

    response = client_for("owner").post(reverse("token-revoke", args=[token.pk]), follow=True)

    assert "Token “script” revoked." in messages_of(response)
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert "revoked" in response.content.decode()
    assert Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401


def test_cannot_revoke_someone_elses_token(world, client_for):
    token, _raw = token_create(user=world.member, name="member's script")

    response = client_for("owner").post(reverse("token-revoke", args=[token.pk]))

    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_tokens_page_lists_only_own_tokens(world, client_for):
    token_create(user=world.member, name="member's script")
    token_create(user=world.owner, name="owner's script")

    html = client_for("owner").get(reverse("token-list")).content.decode()

    assert "owner&#x27;s script" in html
    assert "member&#x27;s script" not in html


def test_token_create_list_revoke(world):
    out, err = run("token", "create", "owner", "--name", "nightly export")
    raw = out.strip()
    assert raw.startswith("kp_") and "\n" not in raw
    assert "shown once" in err and raw not in err
    response = api_me(raw)
    assert response.status_code == 200
    assert response.json()["username"] == "owner"
    token = ApiToken.objects.get(user=world.owner)
    assert token.name == "nightly export"
    assert raw not in token.key_hash

    out, _err = run("token", "list", "owner")
    (line,) = out.strip().splitlines()
    assert line.split("\t") == [str(token.pk), f"{raw[:8]}…", "nightly export", "active"]

    out, _err = run("token", "revoke", str(token.pk))
    assert f"Revoked token {token.pk}" in out
    assert api_me(raw).status_code == 401
    out, _err = run("token", "list", "owner")
    assert "\trevoked " in out and "\tactive" not in out

    with pytest.raises(CommandError, match="No such active token"):
        run("token", "revoke", str(token.pk))


def test_token_errors(world):
    with pytest.raises(CommandError, match="no user “nobody”"):
        run("token", "create", "nobody")
    with pytest.raises(CommandError, match="no token 424242"):
        run("token", "revoke", "424242")
    with pytest.raises(CommandError, match="Give the token a name"):
        run("token", "create", "owner", "--name", "   ")
    world.owner.is_active = False
    world.owner.save()
    with pytest.raises(CommandError, match="deactivated"):
        run("token", "create", "owner")
    assert not ApiToken.objects.exists()
