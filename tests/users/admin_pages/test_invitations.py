"""Inviting a colleague (issue #18): the e-mail with an absolute one-time link, valid for
seven days; the invitee chooses a password and is signed in with the role and unit."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from keyplan.users.administration import services
from keyplan.users.models import AuditEvent, BusinessUnit, User, UserInvitation
from tests.support import field_errors

PASSWORD = "A-long-pass-phrase-9"


def _invite(client, capture, **data):
    with capture(execute=True):
        return client.post(
            reverse("administration:invite"),
            {"email": "Nowy@Example.com", "role": "kam", "language": "pl"} | data,
        )


def _path(message) -> str:
    match = re.search(r"https://keyplan\.example\.com(/welcome/\S+/)", message.body)
    assert match, message.body
    return match.group(1)


@override_settings(KEYPLAN_BASE_URL="https://keyplan.example.com")
def test_invitation_link_works_once(world, client_for, django_capture_on_commit_callbacks):
    north = BusinessUnit.objects.create(name="North", code="north")
    response = _invite(
        client_for("admin"), django_capture_on_commit_callbacks, business_unit=north.pk
    )
    assert response.status_code == 302
    invitation = UserInvitation.objects.get()
    assert invitation.email == "nowy@example.com"
    assert invitation.expires_at - invitation.created_at == timedelta(days=7)
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["nowy@example.com"]
    assert "7" in mail.outbox[0].body
    path = _path(mail.outbox[0])
    # The raw token is never stored.
    assert path.split("/")[2] not in invitation.token_hash

    invitee = Client()
    assert invitee.get(path).status_code == 200
    data = {"first_name": "Nina", "last_name": "Nowak", "password": PASSWORD}
    response = invitee.post(path, data | {"password_again": PASSWORD})
    assert response.status_code == 302 and response["Location"] == reverse("home")
    user = User.objects.get(username="nowy@example.com")
    assert (user.role, user.business_unit, user.get_full_name()) == ("kam", north, "Nina Nowak")
    assert user.check_password(PASSWORD)
    assert invitee.get(reverse("accounts:list")).status_code == 200
    kinds = set(AuditEvent.objects.values_list("kind", flat=True))
    assert {"invited", "invitation_accepted", "login"} <= kinds

    second = Client().get(path)
    assert second.status_code == 404
    assert "no longer valid" in second.content.decode()


def test_invitation_expires_after_seven_days(world, client_for, django_capture_on_commit_callbacks):
    _invite(client_for("admin"), django_capture_on_commit_callbacks)
    path = re.search(r"(/welcome/\S+/)", mail.outbox[0].body).group(1)
    UserInvitation.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    response = Client().post(path, {"password": PASSWORD, "password_again": PASSWORD})
    assert response.status_code == 404
    assert not User.objects.filter(username="nowy@example.com").exists()


def test_weak_password_is_refused_and_the_link_stays(
    world, client_for, django_capture_on_commit_callbacks
):
    _invite(client_for("admin"), django_capture_on_commit_callbacks)
    path = re.search(r"(/welcome/\S+/)", mail.outbox[0].body).group(1)
    response = Client().post(path, {"password": "123", "password_again": "123"})
    assert response.status_code == 400
    assert UserInvitation.objects.get().accepted_at is None


def test_revoked_invitation_stops_working(world, client_for, django_capture_on_commit_callbacks):
    client = client_for("admin")
    _invite(client, django_capture_on_commit_callbacks)
    path = re.search(r"(/welcome/\S+/)", mail.outbox[0].body).group(1)
    invitation = UserInvitation.objects.get()
    assert "nowy@example.com" in client.get(reverse("administration:users")).content.decode()
    client.post(reverse("administration:invitation-revoke", args=[invitation.pk]))
    assert Client().get(path).status_code == 404
    assert AuditEvent.objects.filter(kind="invitation_revoked").count() == 1


def test_a_new_invitation_replaces_the_pending_one(
    world, client_for, django_capture_on_commit_callbacks
):
    client = client_for("admin")
    _invite(client, django_capture_on_commit_callbacks)
    _invite(client, django_capture_on_commit_callbacks, role="viewer")
    statuses = sorted(i.status() for i in UserInvitation.objects.all())
    assert statuses == ["pending", "revoked"]


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"email": "owner@example.com"}, "email", "already signs in"),
        ({"email": "not-an-address"}, "email", "valid email"),
        ({"role": "portal"}, "role", "Select a valid choice"),
    ],
)
def test_invitation_refuses_bad_input(
    world, client_for, django_capture_on_commit_callbacks, data, field, message
):
    response = _invite(client_for("admin"), django_capture_on_commit_callbacks, **data)
    assert response.status_code == 400
    assert any(message in error for error in field_errors(response, field))
    assert not UserInvitation.objects.exists() and mail.outbox == []


def test_service_refuses_non_administrators(world):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.invitation_create(actor=world.director, email="x@example.com", role="kam")


def test_signed_in_users_do_not_see_the_welcome_page(
    world, client_for, django_capture_on_commit_callbacks
):
    _invite(client_for("admin"), django_capture_on_commit_callbacks)
    path = re.search(r"(/welcome/\S+/)", mail.outbox[0].body).group(1)
    assert client_for("owner").get(path).status_code == 404
    assert Client().get("/welcome/not-a-token/").status_code == 404
