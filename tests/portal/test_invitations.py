"""Portal users: invitations (e-mail, token, expiry, one use), accepting with a password,
revoking, deactivating, the list; who may do what."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from keyplan.portal.invitations import services
from keyplan.portal.models import PortalInvitation
from keyplan.users.models import User, hash_token

GOOD_PASSWORD = "Blue-Harbour-Lantern-77"


def _invite(world, django_capture_on_commit_callbacks, **kwargs):
    with django_capture_on_commit_callbacks(execute=True):
        return services.invitation_create(
            user=kwargs.pop("user", world.owner),
            account=world.account,
            email=kwargs.pop("email", "Piotr@Polmet.example"),
            base_url="https://kp.example/",
            **kwargs,
        )


def _link_token(message) -> str:
    return re.search(r"/portal/invitation/([^/\s]+)/", message.body).group(1)


def test_invitation_sends_an_email_with_a_one_time_link(world, django_capture_on_commit_callbacks):
    invitation, raw = _invite(world, django_capture_on_commit_callbacks, contact=world.contact)

    assert invitation.email == "piotr@polmet.example"
    assert invitation.token_hash == hash_token(raw) and raw not in invitation.token_hash
    assert invitation.expires_at - invitation.created_at == timedelta(days=7)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["piotr@polmet.example"]
    assert "Polmet Sp. z o.o." in message.subject
    assert f"https://kp.example/portal/invitation/{raw}/" in message.body
    assert _link_token(message) == raw


@pytest.mark.parametrize("language", ["pl", "ru", "en"])
def test_invitation_email_is_rendered_in_the_chosen_language(
    world, django_capture_on_commit_callbacks, monkeypatch, language
):
    from django.utils import translation

    seen = []
    real = services.render_to_string
    monkeypatch.setattr(
        services,
        "render_to_string",
        lambda *a, **k: seen.append(translation.get_language()) or real(*a, **k),
    )

    _invite(world, django_capture_on_commit_callbacks, language=language)

    assert seen == [language, language]
    assert PortalInvitation.objects.get().language == language


def test_default_language_is_the_inviters(world, django_capture_on_commit_callbacks):
    from django.utils import translation

    with translation.override("pl"):
        invitation, _raw = _invite(world, django_capture_on_commit_callbacks)

    assert invitation.language == "pl"


def test_accepting_sets_the_password_and_signs_in(world, django_capture_on_commit_callbacks):
    invitation, raw = _invite(world, django_capture_on_commit_callbacks, contact=world.contact)
    client = Client()
    url = reverse("portal:accept", args=[raw])
    assert client.get(url).status_code == 200

    response = client.post(url, {"password": GOOD_PASSWORD, "password_again": GOOD_PASSWORD})

    assert response.status_code == 302 and response["Location"] == reverse("portal-home")
    user = User.objects.get(username="piotr@polmet.example")
    assert user.role == "portal" and user.portal_account == world.account and user.is_active
    assert (user.first_name, user.last_name) == ("Jan", "Kowalski")  # from the contact
    assert user.check_password(GOOD_PASSWORD)
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None and invitation.user == user
    assert client.session["_auth_user_id"] == str(user.pk)
    assert response.cookies["keyplan_language"].value == invitation.language
    # one use only
    assert Client().get(url).status_code == 404


def test_weak_or_mismatched_passwords_are_refused(world, django_capture_on_commit_callbacks):
    _invitation, raw = _invite(world, django_capture_on_commit_callbacks)
    url = reverse("portal:accept", args=[raw])

    weak = Client().post(url, {"password": "12345", "password_again": "12345"})
    differ = Client().post(url, {"password": GOOD_PASSWORD, "password_again": "other-Thing-99"})

    assert weak.status_code == 400 and 'class="error"' in weak.content.decode()
    assert differ.status_code == 400
    assert not User.objects.filter(username="piotr@polmet.example").exists()


def test_expired_revoked_and_unknown_tokens_are_404(world, django_capture_on_commit_callbacks):
    first, raw1 = _invite(world, django_capture_on_commit_callbacks, email="a@polmet.example")
    second, raw2 = _invite(world, django_capture_on_commit_callbacks, email="b@polmet.example")
    PortalInvitation.objects.filter(pk=first.pk).update(expires_at=timezone.now())
    services.invitation_revoke(user=world.admin, invitation=second)

    for raw in (raw1, raw2, "nope", "x" * 300):
        response = Client().post(
            f"/portal/invitation/{raw}/",
            {"password": GOOD_PASSWORD, "password_again": GOOD_PASSWORD},
        )
        assert response.status_code == 404
    assert not User.objects.filter(role="portal", portal_account=world.account).exists()
    with pytest.raises(ValidationError):
        services.invitation_accept(raw=raw1, password=GOOD_PASSWORD)


def test_reinviting_replaces_the_pending_invitation(world, django_capture_on_commit_callbacks):
    first, _raw = _invite(world, django_capture_on_commit_callbacks)
    second, _raw2 = _invite(world, django_capture_on_commit_callbacks)

    first.refresh_from_db()
    assert first.status() == "revoked" and second.status() == "pending"


def test_an_address_in_use_is_refused(world, django_capture_on_commit_callbacks):
    with pytest.raises(ValidationError) as exc:
        _invite(world, django_capture_on_commit_callbacks, email=world.owner.email)

    assert "email" in exc.value.message_dict


def test_contact_of_another_account_is_refused(world, django_capture_on_commit_callbacks):
    from tests.factories import ContactFactory

    stranger = ContactFactory(account=world.other_account)

    with pytest.raises(ValidationError):
        _invite(world, django_capture_on_commit_callbacks, contact=stranger)


@pytest.mark.parametrize("name", ["member", "viewer", "outsider"])
def test_only_owner_admin_director_may_invite(world, django_capture_on_commit_callbacks, name):
    with pytest.raises(PermissionDenied):
        _invite(world, django_capture_on_commit_callbacks, user=world.users()[name])


def test_people_page_lists_users_and_invitations(
    world, client_for, customer, django_capture_on_commit_callbacks
):
    _invite(world, django_capture_on_commit_callbacks)

    body = (
        client_for("owner").get(reverse("portal:people", args=[world.account.pk])).content.decode()
    )

    assert "anna@polmet.example" in body and "piotr@polmet.example" in body
    assert "Send the invitation" in body and "Revoke" in body and "Deactivate" in body
    member = client_for("member").get(reverse("portal:people", args=[world.account.pk]))
    assert member.status_code == 200 and "Send the invitation" not in member.content.decode()


def test_inviting_through_the_page(world, client_for):
    client = client_for("owner")
    url = reverse("portal:people", args=[world.account.pk])

    bad = client.post(url, {"email": "not-an-address", "language": "pl"})
    good = client.post(url, {"email": "ewa@polmet.example", "language": "pl"})

    assert bad.status_code == 400 and 'class="error"' in bad.content.decode()
    assert good.status_code == 302
    assert PortalInvitation.objects.get().email == "ewa@polmet.example"


def test_deactivating_ends_the_portal_users_access(world, client_for, customer, customer_client):
    assert customer_client.get(reverse("portal-home")).status_code == 200

    response = client_for("owner").post(
        reverse("portal:user-deactivate", args=[world.account.pk, customer.pk])
    )

    assert response.status_code == 302
    customer.refresh_from_db()
    assert not customer.is_active
    after = customer_client.get(reverse("portal-home"))
    assert after.status_code == 302 and after["Location"].startswith("/login/")


def test_deactivated_user_can_be_invited_back(world, customer, django_capture_on_commit_callbacks):
    services.portal_user_deactivate(user=world.owner, account=world.account, target=customer)

    _invitation, raw = _invite(world, django_capture_on_commit_callbacks, email=customer.email)
    user = services.invitation_accept(raw=raw, password=GOOD_PASSWORD)

    assert user.pk == customer.pk and user.is_active and user.check_password(GOOD_PASSWORD)


def test_deactivating_a_user_of_another_account_is_404(world, client_for):
    response = client_for("owner").post(
        reverse("portal:user-deactivate", args=[world.account.pk, world.portal.pk])
    )

    assert response.status_code == 404
    world.portal.refresh_from_db()
    assert world.portal.is_active
