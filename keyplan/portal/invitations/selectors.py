"""Reads of an account's portal people: its portal users and its invitations (two
queries, however many there are)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone

from keyplan.accounts.models import Account
from keyplan.users.models import Role, User

from ..models import PortalInvitation


@dataclass(frozen=True)
class InvitationRow:
    invitation: PortalInvitation
    status: str


def portal_users(account: Account) -> list[User]:
    """The account's portal users, active first, then by name."""
    return list(
        User.objects.filter(role=Role.PORTAL, portal_account=account).order_by(
            "-is_active", "last_name", "first_name", "username"
        )
    )


def invitations(account: Account, *, limit: int = 100) -> list[InvitationRow]:
    """The account's invitations, newest first, each with its status (pending, accepted,
    revoked, expired)."""
    now = timezone.now()
    rows = (
        PortalInvitation.objects.filter(account=account)
        .select_related("invited_by", "contact", "user")
        .order_by("-created_at", "-pk")[:limit]
    )
    return [InvitationRow(invitation, invitation.status(now)) for invitation in rows]
