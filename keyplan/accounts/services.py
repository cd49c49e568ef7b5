"""Writes to accounts, teams and contacts. Each runs in one transaction and keeps history."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from keyplan.core.countries import country_codes
from keyplan.users.models import BusinessUnit, Role, User

from .access import can_delete_account, can_write_account, visible_accounts
from .models import Account, AccountTeamMember, Contact

ACCOUNT_FIELDS = (
    "name",
    "external_id",
    "tax_id",
    "industry",
    "country",
    "region",
    "currency",
    "annual_revenue",
    "parent",
    "owner",
    "account_class",
    "status",
    "interest_recorded_on",
    "notes",
)
OWNER_ROLES = frozenset({Role.KAM, Role.DIRECTOR, Role.ADMIN})
CONTACT_FIELDS = ("first_name", "last_name", "title", "email", "phone", "notes")


class ConflictError(Exception):
    """The object changed since the caller read it; nothing was written."""

    def __init__(self, current: Any) -> None:
        super().__init__("conflict")
        self.current = current


def _validate_account(*, user: User, account: Account) -> None:
    errors: dict[str, list[str]] = {}
    if account.country and account.country.upper() not in country_codes():
        errors.setdefault("country", []).append(
            _("“%(value)s” is not an ISO country code.") % {"value": account.country}
        )
    account.country = account.country.upper()
    account.currency = (account.currency or "").upper()
    if account.currency not in settings.KEYPLAN_CURRENCIES:
        errors.setdefault("currency", []).append(
            _("“%(value)s” is not one of the currencies in use: %(list)s.")
            % {"value": account.currency, "list": ", ".join(settings.KEYPLAN_CURRENCIES)}
        )
    if account.owner is not None and (
        account.owner.role not in OWNER_ROLES or not account.owner.is_active
    ):
        errors.setdefault("owner", []).append(
            _("The owner must be an active key account manager, director or administrator.")
        )
    if (
        account.external_id
        and Account.objects.filter(external_id=account.external_id).exclude(pk=account.pk).exists()
    ):
        errors.setdefault("external_id", []).append(
            _("Another account already has this external id.")
        )
    if account.parent_id is not None:
        if not visible_accounts(user).filter(pk=account.parent_id).exists():
            errors.setdefault("parent", []).append(_("Choose a parent account you can see."))
        elif account.pk is not None and _creates_cycle(account):
            errors.setdefault("parent", []).append(
                _("An account cannot be its own parent or the parent of its parent.")
            )
    try:
        account.full_clean(exclude=[f for f in errors] + ["owner", "parent"])
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)


def _creates_cycle(account: Account) -> bool:
    seen = {account.pk}
    parent_id = account.parent_id
    while parent_id is not None:
        if parent_id in seen:
            return True
        seen.add(parent_id)
        parent_id = Account.objects.filter(pk=parent_id).values_list("parent_id", flat=True).first()
    return False


def _save(obj: Any, *, reason: str = "") -> None:
    if reason:
        obj._change_reason = reason
    try:
        with transaction.atomic():
            obj.save()
    except IntegrityError as exc:  # a race past full_clean's uniqueness check
        raise ValidationError(
            _("The change conflicts with existing data: %(e)s") % {"e": exc}
        ) from exc


@transaction.atomic
def account_create(*, user: User, data: dict[str, Any]) -> Account:
    """Create an account. KAMs become its owner unless they name another owner they may."""
    if not user.can_create_accounts:
        raise PermissionDenied
    account = Account(**{k: v for k, v in data.items() if k in ACCOUNT_FIELDS})
    if user.role == Role.KAM and account.owner is None:
        account.owner = user
    if user.role == Role.KAM and account.owner != user:
        raise ValidationError({"owner": [_("A key account manager creates accounts they own.")]})
    account._history_user = user  # type: ignore[attr-defined]
    _validate_account(user=user, account=account)
    _save(account)
    return account


@transaction.atomic
def account_update(
    *, user: User, account: Account, data: dict[str, Any], seen_updated_at: datetime | None = None
) -> Account:
    """Change an account. With `seen_updated_at`, refuse (ConflictError) if someone else
    saved it after the caller read it, so no edit silently overwrites another."""
    if not can_write_account(user, account):
        raise PermissionDenied
    current = Account.objects.select_for_update().get(pk=account.pk)
    if seen_updated_at is not None and current.updated_at != seen_updated_at:
        raise ConflictError(current)
    owner_changes = "owner" in data and data["owner"] != current.owner
    if owner_changes and user.role not in (Role.ADMIN, Role.DIRECTOR):
        raise ValidationError(
            {"owner": [_("Only a director or an administrator can change the owner.")]}
        )
    changes = {
        key: value
        for key, value in data.items()
        if key in ACCOUNT_FIELDS and getattr(current, key) != value
    }
    if not changes:  # nothing to save: no new version, no empty history entry
        return current
    for key, value in changes.items():
        setattr(current, key, value)
    current._history_user = user  # type: ignore[attr-defined]
    _validate_account(user=user, account=current)
    _save(current)
    return current


@transaction.atomic
def account_delete(*, user: User, account: Account) -> None:
    if not can_delete_account(user, account):
        raise PermissionDenied
    if account.subsidiaries.exists():
        raise ValidationError(_("This account has subsidiaries; move or delete them first."))
    account._history_user = user  # type: ignore[attr-defined]
    account.delete()


@transaction.atomic
def team_member_add(
    *,
    user: User,
    account: Account,
    member: User,
    business_unit: BusinessUnit | None = None,
    role: str = "",
    contribution: str = "",
) -> AccountTeamMember:
    if not can_write_account(user, account):
        raise PermissionDenied
    if not member.is_active or not member.is_internal:
        raise ValidationError({"user": [_("Only active people of our company join a team.")]})
    if AccountTeamMember.objects.filter(account=account, user=member).exists():
        raise ValidationError({"user": [_("This person is already on the account team.")]})
    entry = AccountTeamMember(
        account=account,
        user=member,
        business_unit=business_unit or member.business_unit,
        role=role,
        contribution=contribution,
    )
    entry._history_user = user  # type: ignore[attr-defined]
    entry.full_clean(exclude=["account", "user"])
    _save(entry)
    return entry


@transaction.atomic
def team_member_remove(*, user: User, account: Account, member_id: int) -> None:
    if not can_write_account(user, account):
        raise PermissionDenied
    entry = AccountTeamMember.objects.filter(account=account, pk=member_id).first()
    if entry is None:
        raise ValidationError(_("This person is not on the account team."))
    entry._history_user = user  # type: ignore[attr-defined]
    entry.delete()


@transaction.atomic
def contact_create(*, user: User, account: Account, data: dict[str, Any]) -> Contact:
    if not can_write_account(user, account):
        raise PermissionDenied
    contact = Contact(account=account, **{k: v for k, v in data.items() if k in CONTACT_FIELDS})
    contact._history_user = user  # type: ignore[attr-defined]
    contact.full_clean(exclude=["account"])
    _save(contact)
    return contact


@transaction.atomic
def contact_update(*, user: User, contact: Contact, data: dict[str, Any]) -> Contact:
    if not can_write_account(user, contact.account):
        raise PermissionDenied
    for key, value in data.items():
        if key in CONTACT_FIELDS:
            setattr(contact, key, value)
    contact._history_user = user  # type: ignore[attr-defined]
    contact.full_clean(exclude=["account"])
    _save(contact)
    return contact


@transaction.atomic
def contact_delete(*, user: User, contact: Contact) -> None:
    if not can_write_account(user, contact.account):
        raise PermissionDenied
    contact._history_user = user  # type: ignore[attr-defined]
    contact.delete()
