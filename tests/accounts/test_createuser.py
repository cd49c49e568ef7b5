"""The `createuser` command (keyplan.accounts.management): a user with a role, a portal
user on their account."""

from __future__ import annotations

import pytest
from django.core.management.base import CommandError
from django.test import Client

from keyplan.users.models import Role, User
from tests.support import run

NEW_PASSWORD = "plum-orchard-quietly-42"


@pytest.mark.parametrize("role", [r for r in Role.values if r != Role.PORTAL])
def test_createuser_creates_each_internal_role(role, db, monkeypatch):
    monkeypatch.setenv("KEYPLAN_PASSWORD", NEW_PASSWORD)
    out, _err = run("createuser", f"new-{role}", role=role, email=f"{role}@example.com")
    user = User.objects.get(username=f"new-{role}")
    assert user.role == role
    assert user.portal_account is None
    assert user.is_superuser == user.is_staff == (role == Role.ADMIN)
    assert user.check_password(NEW_PASSWORD)
    client = Client()
    response = client.post("/login/", {"username": f"new-{role}", "password": NEW_PASSWORD})
    assert response.status_code == 302
    assert client.get("/api/v1/me").json()["role"] == role
    assert f"Created new-{role}" in out


def test_createuser_portal_user_with_account(world, monkeypatch):
    monkeypatch.setenv("KEYPLAN_PASSWORD", NEW_PASSWORD)
    run("createuser", "client", "--role", "portal", "--account", str(world.other_account.pk))
    user = User.objects.get(username="client")
    assert user.role == Role.PORTAL
    assert user.portal_account == world.other_account
    assert not user.is_staff


def test_createuser_portal_needs_an_account(db, monkeypatch):
    monkeypatch.setenv("KEYPLAN_PASSWORD", NEW_PASSWORD)
    with pytest.raises(CommandError, match="portal user needs the account"):
        run("createuser", "client", role="portal")
    assert not User.objects.filter(username="client").exists()


def test_createuser_account_only_for_portal_users(world, monkeypatch):
    monkeypatch.setenv("KEYPLAN_PASSWORD", NEW_PASSWORD)
    with pytest.raises(CommandError, match="Only portal users"):
        run("createuser", "kam2", role="kam", account=world.account.pk)
    assert not User.objects.filter(username="kam2").exists()


def test_createuser_bad_account_id(db, monkeypatch):
    monkeypatch.setenv("KEYPLAN_PASSWORD", NEW_PASSWORD)
    with pytest.raises(CommandError, match=r"--account: no account with id 987654\."):
        run("createuser", "client", role="portal", account=987654)
    assert not User.objects.filter(username="client").exists()


def test_createuser_unknown_role(db, monkeypatch):
    monkeypatch.setenv("KEYPLAN_PASSWORD", NEW_PASSWORD)
    with pytest.raises(CommandError, match="invalid choice"):
        run("createuser", "someone", role="emperor")
    assert not User.objects.filter(username="someone").exists()


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("short1", "This password is too short. It must contain at least 10 characters."),
        ("1234567890", "This password is entirely numeric."),
        ("password123", "This password is too common."),
    ],
)
def test_createuser_rejects_a_weak_password(password, message, db, monkeypatch):
    monkeypatch.setenv("KEYPLAN_PASSWORD", password)
    with pytest.raises(CommandError) as excinfo:
        run("createuser", "weakling", role="kam")
    assert f"password: {message}" in str(excinfo.value)
    assert not User.objects.filter(username="weakling").exists()


def test_createuser_rejects_a_taken_name(world, monkeypatch):
    monkeypatch.setenv("KEYPLAN_PASSWORD", NEW_PASSWORD)
    with pytest.raises(CommandError, match="already exists"):
        run("createuser", "OWNER", role="kam")
    assert User.objects.filter(username__iexact="owner").count() == 1


def test_createuser_rejects_an_invalid_user_name(db, monkeypatch):
    monkeypatch.setenv("KEYPLAN_PASSWORD", NEW_PASSWORD)
    with pytest.raises(CommandError, match="username: Enter a valid username"):
        run("createuser", "no spaces please", role="kam")
    assert not User.objects.exists()


def test_createuser_asks_for_the_password(db, monkeypatch):
    monkeypatch.delenv("KEYPLAN_PASSWORD", raising=False)
    answers = iter([NEW_PASSWORD, "something-else-entirely"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    with pytest.raises(CommandError, match="the passwords differ"):
        run("createuser", "typist", role="team")
    assert not User.objects.filter(username="typist").exists()

    answers = iter([NEW_PASSWORD, NEW_PASSWORD])
    run("createuser", "typist", role="team")
    assert User.objects.get(username="typist").check_password(NEW_PASSWORD)
