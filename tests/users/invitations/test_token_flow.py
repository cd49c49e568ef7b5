"""The shared invitation token flow (keyplan.users.invitations.services), on the
administrators' UserInvitation: issue, look up, one use, expiry, wrong tokens."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from keyplan.users.invitations import services
from keyplan.users.models import Role, User, UserInvitation, hash_token

pytestmark = pytest.mark.django_db


def _invitation(**kwargs) -> tuple[UserInvitation, str]:
    token = services.token_issue()
    invitation = UserInvitation.objects.create(
        email=kwargs.pop("email", "new@example.com"),
        role=Role.VIEWER,
        language="en",
        token_hash=token.token_hash,
        created_at=token.created_at,
        expires_at=kwargs.pop("expires_at", token.expires_at),
        **kwargs,
    )
    return invitation, token.raw


def _make_user(invitation: UserInvitation) -> User:
    return User.objects.create_user(
        username=invitation.email, email=invitation.email, role=invitation.role
    )


def test_token_issue_stores_only_a_hash_and_expires_in_a_week():
    token = services.token_issue()
    other = services.token_issue()

    assert token.raw != other.raw and len(token.raw) >= 40
    assert token.token_hash == hash_token(token.raw) and token.raw not in token.token_hash
    assert token.expires_at - token.created_at == services.VALID_FOR == timedelta(days=7)


def test_a_pending_token_is_found_and_consumed_once():
    invitation, raw = _invitation()

    assert services.invitation_pending(UserInvitation.objects.all(), raw) == invitation
    user = services.invitation_consume(UserInvitation.objects.all(), raw, _make_user)

    invitation.refresh_from_db()
    assert invitation.user == user and invitation.status() == "accepted"
    assert services.invitation_pending(UserInvitation.objects.all(), raw) is None
    with pytest.raises(ValidationError):
        services.invitation_consume(UserInvitation.objects.all(), raw, _make_user)
    assert User.objects.filter(username="new@example.com").count() == 1


def test_an_expired_token_is_refused():
    _inv, raw = _invitation(expires_at=timezone.now() - timedelta(seconds=1))

    assert services.invitation_pending(UserInvitation.objects.all(), raw) is None
    with pytest.raises(ValidationError):
        services.invitation_consume(UserInvitation.objects.all(), raw, _make_user)
    assert not User.objects.filter(username="new@example.com").exists()


def test_a_revoked_token_is_refused():
    invitation, raw = _invitation(email="other@example.com")
    services.pending_replace(
        UserInvitation.objects.all(), email="OTHER@example.com", revoked_at=timezone.now()
    )

    assert services.invitation_pending(UserInvitation.objects.all(), raw) is None
    invitation.refresh_from_db()
    assert invitation.status() == "revoked"


@pytest.mark.parametrize("raw", ["", "wrong-token", "x" * 201])
def test_a_wrong_token_is_refused(raw):
    _invitation()

    assert services.invitation_pending(UserInvitation.objects.all(), raw) is None
    with pytest.raises(ValidationError):
        services.invitation_consume(UserInvitation.objects.all(), raw, _make_user)
    assert UserInvitation.objects.get().status() == "pending"


def test_a_refused_user_leaves_the_invitation_pending():
    invitation, raw = _invitation()

    def weak(_invitation):
        raise ValidationError({"password": ["too weak"]})

    with pytest.raises(ValidationError):
        services.invitation_consume(UserInvitation.objects.all(), raw, weak)
    invitation.refresh_from_db()
    assert invitation.status() == "pending" and invitation.user is None


def test_hashes_are_compared_in_constant_time(monkeypatch):
    invitation, raw = _invitation()
    calls = []
    real = services.hmac.compare_digest
    monkeypatch.setattr(
        services.hmac, "compare_digest", lambda a, b: calls.append((a, b)) or real(a, b)
    )

    assert services.tokens_match(raw, invitation.token_hash)
    assert not services.tokens_match(raw + "x", invitation.token_hash)
    assert services.invitation_pending(UserInvitation.objects.all(), raw) == invitation
    assert len(calls) == 3
    assert all(isinstance(a, bytes) and isinstance(b, bytes) for a, b in calls)


def test_language_check_refuses_a_language_not_offered():
    assert services.language_check("pl") == "pl"
    with pytest.raises(ValidationError) as exc:
        services.language_check("xx")
    assert "language" in exc.value.message_dict
