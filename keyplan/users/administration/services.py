"""Administrators' writes on people (issue #18). Every function checks that `actor` is an
active administrator (PermissionDenied otherwise), runs in one transaction, keeps the
user's history (django-simple-history) and appends to the audit trail.

- invitation_create(*, actor, email, role, business_unit=None, language="", base_url="")
  -> (UserInvitation, raw token): an e-mail with a one-time link valid for a week goes
  out after commit; a pending invitation to the same address is replaced.
- invitation_accept(*, raw, password, first_name="", last_name="") -> User.
- invitation_revoke(*, actor, invitation).
- user_assign(*, actor, target, role, business_unit): role and business unit.
- user_set_active(*, actor, target, active): deactivate (sessions end) or reactivate.
- password_reset_send(*, actor, target, base_url=""): an e-mail with Django's reset link.
Nobody deactivates themself; the last active administrator is neither demoted nor
deactivated."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from ..access import require_administrator
from ..audit.services import record
from ..invitations import services as invitation_flow
from ..models import AuditKind, BusinessUnit, Role, User, UserInvitation
from ..services import sessions_end_for_user, user_create

INVITABLE_ROLES = tuple(role for role in Role if role != Role.PORTAL)


def _mail(template: str, context: dict, to: str, language: str) -> None:
    with translation.override(language or settings.LANGUAGE_CODE):
        subject = render_to_string(f"users/administration/email/{template}_subject.txt", context)
        body = render_to_string(f"users/administration/email/{template}.txt", context)
    send_mail(" ".join(subject.split()), body, settings.DEFAULT_FROM_EMAIL, [to])


def _check_email(email: str) -> str:
    email = email.strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError({"email": [_("Enter a valid e-mail address.")]}) from None
    if User.objects.filter(Q(username__iexact=email) | Q(email__iexact=email)).exists():
        raise ValidationError({"email": [_("Someone already signs in with this address.")]})
    return email


def _check_role(role: str) -> None:
    if role not in INVITABLE_ROLES:
        raise ValidationError({"role": [_("Choose one of the roles offered.")]})


@transaction.atomic
def invitation_create(
    *,
    actor: User,
    email: str,
    role: str,
    business_unit: BusinessUnit | None = None,
    language: str = "",
    base_url: str = "",
    request=None,
) -> tuple[UserInvitation, str]:
    """Invite a colleague; ValidationError for a bad or taken address, a portal or unknown
    role, or an unknown language."""
    require_administrator(actor)
    email = _check_email(email)
    _check_role(role)
    language = invitation_flow.language_check(language)
    invitation, raw = invitation_flow.invitation_issue(
        UserInvitation.objects.all(),
        email=email,
        role=role,
        business_unit=business_unit,
        language=language,
        invited_by=actor,
    )
    record(AuditKind.INVITED, actor=actor, username=email, after=role, request=request)
    link = invitation_flow.invitation_link(base_url, reverse("administration:welcome", args=[raw]))
    context = {"invitation": invitation, "link": link, "days": invitation_flow.VALID_FOR.days}
    transaction.on_commit(lambda: _mail("invitation", context, email, language))
    return invitation, raw


def pending_invitation(raw: str) -> UserInvitation | None:
    """The pending (not used, revoked or expired) invitation of a raw token, or None."""
    return invitation_flow.invitation_pending(UserInvitation.objects.all(), raw)


@transaction.atomic
def invitation_accept(
    *, raw: str, password: str, first_name: str = "", last_name: str = "", request=None
) -> User:
    """Create the invited user with `password`; ValidationError for an unknown, used,
    revoked or expired invitation, an address taken meanwhile, or a weak password."""

    def make_user(invitation: UserInvitation) -> User:
        return user_create(
            username=invitation.email,
            password=password,
            role=invitation.role,
            email=invitation.email,
            first_name=first_name.strip(),
            last_name=last_name.strip(),
            business_unit=invitation.business_unit,
        )

    user = invitation_flow.invitation_consume(UserInvitation.objects.all(), raw, make_user)
    record(AuditKind.INVITATION_ACCEPTED, actor=user, target=user, request=request)
    return user


@transaction.atomic
def invitation_revoke(*, actor: User, invitation: UserInvitation, request=None) -> UserInvitation:
    require_administrator(actor)
    if invitation.status() != "pending":
        raise ValidationError(_("Only a pending invitation can be revoked."))
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    record(AuditKind.INVITATION_REVOKED, actor=actor, username=invitation.email, request=request)
    return invitation


def _other_active_admins(target: User) -> bool:
    others = User.objects.select_for_update().filter(role=Role.ADMIN, is_active=True)
    return any(admin.pk != target.pk for admin in others)


@transaction.atomic
def user_assign(
    *,
    actor: User,
    target: User,
    role: str,
    business_unit: BusinessUnit | None,
    request=None,
) -> User:
    """Set the target's role and business unit. Portal users keep their role (they belong
    to a customer); the last active administrator stays one."""
    require_administrator(actor)
    target = User.objects.select_for_update().get(pk=target.pk)
    old_role, old_unit = target.role, target.business_unit
    if role != old_role:
        if target.role == Role.PORTAL:
            raise ValidationError({"role": [_("A portal user's role cannot be changed here.")]})
        _check_role(role)
        if old_role == Role.ADMIN and target.is_active and not _other_active_admins(target):
            raise ValidationError(
                {"role": [_("This is the last active administrator; appoint another first.")]}
            )
    if role == old_role and business_unit == old_unit:
        return target
    target.role = role
    target.is_staff = target.is_superuser = role == Role.ADMIN
    target.business_unit = business_unit
    target._history_user = actor  # type: ignore[attr-defined]
    target.save(update_fields=["role", "is_staff", "is_superuser", "business_unit"])
    if role != old_role:
        record(
            AuditKind.ROLE_CHANGED,
            actor=actor,
            target=target,
            before=old_role,
            after=role,
            request=request,
        )
    if business_unit != old_unit:
        record(
            AuditKind.UNIT_CHANGED,
            actor=actor,
            target=target,
            before=old_unit.name if old_unit else "",
            after=business_unit.name if business_unit else "",
            request=request,
        )
    return target


@transaction.atomic
def user_set_active(*, actor: User, target: User, active: bool, request=None) -> User:
    """Deactivate (their sessions end and API tokens stop working) or reactivate."""
    require_administrator(actor)
    target = User.objects.select_for_update().get(pk=target.pk)
    if target.is_active == active:
        return target
    if not active:
        if target.pk == actor.pk:
            raise ValidationError(_("You cannot deactivate yourself."))
        if target.role == Role.ADMIN and not _other_active_admins(target):
            raise ValidationError(
                _("This is the last active administrator; appoint another first.")
            )
    target.is_active = active
    target._history_user = actor  # type: ignore[attr-defined]
    target.save(update_fields=["is_active"])
    if not active:
        sessions_end_for_user(target)
    kind = AuditKind.REACTIVATED if active else AuditKind.DEACTIVATED
    record(kind, actor=actor, target=target, request=request)
    return target


@transaction.atomic
def password_reset_send(*, actor: User, target: User, base_url: str = "", request=None) -> str:
    """E-mail the target a link to choose a new password (Django's reset token: one use,
    valid for PASSWORD_RESET_TIMEOUT); returns the link."""
    require_administrator(actor)
    if not target.is_active:
        raise ValidationError(_("Reactivate the user before resetting their password."))
    if not target.email:
        raise ValidationError(_("This user has no e-mail address to send the link to."))
    uid = urlsafe_base64_encode(force_bytes(target.pk))
    token = default_token_generator.make_token(target)
    link = invitation_flow.invitation_link(
        base_url, reverse("administration:reset", args=[uid, token])
    )
    hours = settings.PASSWORD_RESET_TIMEOUT // 3600
    context = {"user": target, "link": link, "hours": hours}
    language = translation.get_language() or settings.LANGUAGE_CODE
    transaction.on_commit(lambda: _mail("password_reset", context, target.email, language))
    record(AuditKind.PASSWORD_RESET_SENT, actor=actor, target=target, request=request)
    return link
