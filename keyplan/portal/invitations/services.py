"""Portal users: invitations and deactivation (SPEC §8.2, issue #17).

- invitation_create(*, user, account, email, contact=None, language="", base_url="")
  -> (PortalInvitation, raw token): the account's owner, an administrator or a director
  invites a person at the customer; the e-mail with the link goes out after commit, in
  the invitation's language. A pending invitation to the same address is replaced.
- invitation_accept(*, raw, password, first_name="", last_name="") -> User: the invitee
  sets a password (Django's validators) and becomes an active portal user; one use.
- invitation_revoke(*, user, invitation): a pending invitation stops working.
- portal_user_deactivate(*, user, account, target): the portal user can no longer sign
  in; their sessions end.
The link's token flow (issue, hash, expiry, one use) is users.invitations.services; only
the token's hash is stored, a raw token is never kept.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from keyplan.accounts.models import Account, Contact
from keyplan.users.audit.services import record
from keyplan.users.invitations import services as invitation_flow
from keyplan.users.models import AuditKind, Role, User
from keyplan.users.services import sessions_end_for_user, user_create

from ..access import can_manage_portal
from ..models import PortalInvitation


def _check_email(account: Account, email: str) -> str:
    email = email.strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError({"email": [_("Enter a valid e-mail address.")]}) from None
    # A deactivated portal user of this account may be invited back; nobody else.
    taken = (
        User.objects.filter(Q(username__iexact=email) | Q(email__iexact=email))
        .exclude(role=Role.PORTAL, portal_account=account, is_active=False)
        .exists()
    )
    if taken:
        raise ValidationError({"email": [_("Someone already signs in with this address.")]})
    return email


@transaction.atomic
def invitation_create(
    *,
    user: User,
    account: Account,
    email: str,
    contact: Contact | None = None,
    language: str = "",
    base_url: str = "",
) -> tuple[PortalInvitation, str]:
    """Invite `email` to the portal of `account`; PermissionDenied unless the user may
    manage the account's portal; ValidationError for a bad address, one already in use,
    a contact of another account or an unknown language."""
    if not can_manage_portal(user, account):
        raise PermissionDenied
    email = _check_email(account, email)
    if contact is not None and contact.account_id != account.pk:
        raise ValidationError({"contact": [_("Choose a contact of this account.")]})
    language = invitation_flow.language_check(language)
    invitation, raw = invitation_flow.invitation_issue(
        PortalInvitation.objects.filter(account=account),
        email=email,
        revoke={"revoked_by": user},
        account=account,
        contact=contact,
        language=language,
        invited_by=user,
    )
    link = invitation_flow.invitation_link(base_url, reverse("portal:accept", args=[raw]))
    transaction.on_commit(lambda: _send_invitation(invitation.pk, link))
    record(AuditKind.PORTAL_INVITED, actor=user, username=email, after=account.name)
    return invitation, raw


def _send_invitation(invitation_pk: int, link: str) -> None:
    invitation = (
        PortalInvitation.objects.select_related("account", "invited_by")
        .filter(pk=invitation_pk)
        .first()
    )
    if invitation is None:
        return
    context = {"invitation": invitation, "link": link, "days": invitation_flow.VALID_FOR.days}
    with translation.override(invitation.language):
        subject = render_to_string("portal/email/invitation_subject.txt", context)
        body = render_to_string("portal/email/invitation.txt", context)
    send_mail(" ".join(subject.split()), body, settings.DEFAULT_FROM_EMAIL, [invitation.email])


def pending_invitation(raw: str) -> PortalInvitation | None:
    """The pending (not used, revoked or expired) invitation of a raw token, or None."""
    queryset = PortalInvitation.objects.select_related("account", "contact")
    return invitation_flow.invitation_pending(queryset, raw)


@transaction.atomic
def invitation_accept(
    *, raw: str, password: str, first_name: str = "", last_name: str = ""
) -> User:
    """Make the invitee an active portal user of the invitation's account with
    `password`; ValidationError for an unknown, used, revoked or expired invitation or a
    password Django's validators refuse."""

    def make_user(invitation: PortalInvitation) -> User:
        contact = invitation.contact
        first = first_name.strip() or (contact.first_name if contact else "")
        last = last_name.strip() or (contact.last_name if contact else "")
        returning = User.objects.filter(
            Q(username__iexact=invitation.email) | Q(email__iexact=invitation.email),
            role=Role.PORTAL,
            portal_account=invitation.account,
            is_active=False,
        ).first()
        if returning is not None:
            return _reactivate(returning, password, first, last)
        return user_create(
            username=invitation.email,
            password=password,
            role=Role.PORTAL,
            email=invitation.email,
            first_name=first,
            last_name=last,
            portal_account=invitation.account,
        )

    return invitation_flow.invitation_consume(PortalInvitation.objects.all(), raw, make_user)


def _reactivate(user: User, password: str, first: str, last: str) -> User:
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ValidationError({"password": list(exc.messages)}) from None
    user.set_password(password)
    user.first_name, user.last_name, user.is_active = first, last, True
    user.save()
    return user


@transaction.atomic
def invitation_revoke(*, user: User, invitation: PortalInvitation) -> PortalInvitation:
    if not can_manage_portal(user, invitation.account):
        raise PermissionDenied
    if invitation.status() != "pending":
        raise ValidationError(_("Only a pending invitation can be revoked."))
    invitation.revoked_at = timezone.now()
    invitation.revoked_by = user
    invitation.save(update_fields=["revoked_at", "revoked_by"])
    return invitation


@transaction.atomic
def portal_user_deactivate(*, user: User, account: Account, target: User) -> User:
    """Stop `target` (a portal user of `account`) from signing in; their sessions end."""
    if not can_manage_portal(user, account):
        raise PermissionDenied
    if target.role != Role.PORTAL or target.portal_account_id != account.pk:
        raise ValidationError(_("This is not a portal user of this account."))
    target.is_active = False
    target._history_user = user  # type: ignore[attr-defined]
    target.save(update_fields=["is_active"])
    sessions_end_for_user(target)
    record(AuditKind.PORTAL_DEACTIVATED, actor=user, target=target, after=account.name)
    return target
