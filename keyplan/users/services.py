"""Writes to users and API tokens."""

from __future__ import annotations

from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .audit.services import record
from .models import ApiToken, AuditKind, BusinessUnit, Role, User, hash_token


@transaction.atomic
def user_create(
    *,
    username: str,
    password: str,
    role: str,
    email: str = "",
    first_name: str = "",
    last_name: str = "",
    portal_account=None,
    business_unit: BusinessUnit | None = None,
    validate: bool = True,
) -> User:
    """Create a user with a role.

    Portal users need the account they belong to; nobody else has one."""
    errors: dict[str, list[str]] = {}
    if role not in Role.values:
        errors["role"] = [
            _("Unknown role “%(role)s”; choose one of: %(roles)s.")
            % {"role": role, "roles": ", ".join(Role.values)}
        ]
    if role == Role.PORTAL and portal_account is None:
        errors["portal_account"] = [_("A portal user needs the account they belong to.")]
    if role != Role.PORTAL and portal_account is not None:
        errors["portal_account"] = [_("Only portal users belong to a customer account.")]
    if User.objects.filter(username__iexact=username).exists():
        errors["username"] = [_("A user with that user name already exists.")]
    user = User(
        username=username,
        email=email,
        first_name=first_name,
        last_name=last_name,
        role=role,
        portal_account=portal_account,
        business_unit=business_unit,
        is_staff=role == Role.ADMIN,
        is_superuser=role == Role.ADMIN,
    )
    if validate and not errors:
        try:
            validate_password(password, user)
        except ValidationError as exc:
            errors["password"] = list(exc.messages)
    if errors:
        raise ValidationError(errors)
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    return user


@transaction.atomic
def user_deactivate(*, actor: User, user: User) -> User:
    """Deactivate a user and end every session they have; their API tokens stop working too."""
    if actor.role != Role.ADMIN:
        raise PermissionDenied
    user.is_active = False
    user._history_user = actor  # type: ignore[attr-defined]
    user.save(update_fields=["is_active"])
    sessions_end_for_user(user)
    record(AuditKind.DEACTIVATED, actor=actor, target=user)
    return user


def sessions_end_for_user(user: User) -> int:
    """Delete the user's sessions (the database session store keeps the user id inside
    the encoded data, so every live session is decoded once)."""
    ended = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if str(session.get_decoded().get("_auth_user_id")) == str(user.pk):
            session.delete()
            ended += 1
    return ended


@transaction.atomic
def token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    """A new personal API token. The raw value is returned once and never stored."""
    name = name.strip()
    if not name:
        raise ValidationError({"name": [_("Give the token a name, e.g. the script that uses it.")]})
    if len(name) > 100:
        raise ValidationError({"name": [_("The name is at most 100 characters long.")]})
    raw = ApiToken.generate_raw()
    token = ApiToken.objects.create(user=user, name=name, prefix=raw[:8], key_hash=hash_token(raw))
    return token, raw


@transaction.atomic
def token_revoke(*, user: User, token_id: int) -> ApiToken:
    token = ApiToken.objects.filter(pk=token_id, user=user, revoked_at__isnull=True).first()
    if token is None:
        raise ValidationError(_("No such active token."))
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    return token


def token_authenticate(raw: str) -> User | None:
    """The active user behind a raw token, or None; records when the token was last used."""
    if not raw or not raw.startswith("kp_"):
        return None
    token = (
        ApiToken.objects.active().select_related("user").filter(key_hash=hash_token(raw)).first()
    )
    if token is None:
        return None
    now = timezone.now()
    # Write at most once a minute per token: the API must not turn every read into a write.
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
