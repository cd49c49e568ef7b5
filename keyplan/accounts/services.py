"""Writes to accounts, teams and contacts. Each runs in one transaction and keeps history.
Archiving, restoring and purging are in `archive.py`."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from keyplan.core.countries import country_codes
from keyplan.core.errors import ConflictError, check_seen
from keyplan.core.history import delete_with_history, save_with_history
from keyplan.users.models import BusinessUnit, Role, User

from .access import account_for_user, can_write_account, visible_accounts
from .models import Account, AccountTeamMember, BuyingRole, Contact

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
CONTACT_FIELDS = (
    "first_name",
    "last_name",
    "title",
    "email",
    "phone",
    "notes",
    "buying_roles",
    "level",
    "authority",
    "influence",
    "interest",
    "attitude",
    "competitor_attitude",
    "biased_against_us",
    "reports_to",
)


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


def validate_team_member(entry: AccountTeamMember, *, check_unit: bool = True) -> None:
    """Field rules of a team entry (function among TeamFunction, committed hours 0-744 a
    month, lengths) and, when it is being set, an active business unit."""
    errors: dict[str, list[str]] = {}
    hours = entry.committed_hours
    if hours is not None and (
        isinstance(hours, bool) or not isinstance(hours, int) or not 0 <= hours <= 744
    ):
        errors["committed_hours"] = [_("Give the hours per month as a whole number from 0 to 744.")]
    if check_unit and entry.business_unit is not None and not entry.business_unit.is_active:
        errors["business_unit"] = [_("Choose an active business unit.")]
    try:
        entry.full_clean(exclude=["account", "user", *errors])
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def team_member_add(
    *,
    user: User,
    account: Account,
    member: User,
    business_unit: BusinessUnit | None = None,
    role: str = "",
    contribution: str = "",
    function: str = "",
    committed_hours: int | None = None,
) -> AccountTeamMember:
    """Put `member` on the account team with their role, one-sentence contribution,
    function (TeamFunction) and the hours per month they commit. Without a business unit
    the member's own unit is taken."""
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
        role=(role or "").strip(),
        contribution=(contribution or "").strip(),
        function=function or "",
        committed_hours=committed_hours,
    )
    entry._history_user = user  # type: ignore[attr-defined]
    validate_team_member(entry, check_unit=business_unit is not None)
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


MEMBER_FIELDS = ("role", "contribution", "function", "committed_hours", "business_unit")


def _locked(member: AccountTeamMember) -> AccountTeamMember | None:
    return (
        AccountTeamMember.objects.select_for_update(of=("self",))
        .select_related("user", "business_unit")
        .filter(pk=member.pk)
        .first()
    )


@transaction.atomic
def team_member_update(
    *,
    user: User,
    member: AccountTeamMember,
    data: dict[str, Any],
    seen_updated_at: datetime | None = None,
) -> AccountTeamMember:
    """Change a member's role, contribution, function, committed hours or business unit.

    The account's writers only (404 for those who cannot see it, 403 for viewers). The
    person on the team is not changed: remove them and add another."""
    account_for_user(user, member.account_id, write=True)
    current = _locked(member)
    check_seen(current, seen_updated_at)
    if current is None:
        raise ConflictError(None)
    unknown = [key for key in data if key not in MEMBER_FIELDS]
    if unknown:
        raise ValidationError({key: [_("This field cannot be changed.")] for key in unknown})
    changed = []
    for key, value in data.items():
        if isinstance(value, str):
            value = value.strip()
        if getattr(current, key) != value:
            setattr(current, key, value)
            changed.append(key)
    validate_team_member(current, check_unit="business_unit" in changed)
    if changed:
        save_with_history(current, user, "changed: " + ", ".join(changed))
    return current


@transaction.atomic
def team_member_delete(
    *, user: User, member: AccountTeamMember, seen_updated_at: datetime | None = None
) -> None:
    """Take a person off the account team (already gone: nothing to do)."""
    account_for_user(user, member.account_id, write=True)
    current = _locked(member)
    check_seen(current, seen_updated_at)
    if current is None:
        return
    delete_with_history(current, user, "removed")


def _validate_contact(contact: Contact) -> None:
    """Field rules (full_clean: 1-5 scales, choices) plus the contact's place in the
    account: known buying roles only (each once), a manager from the same account and no
    reporting cycle."""
    errors: dict[str, list[str]] = {}
    roles = contact.buying_roles
    if roles is None:
        roles = []
    if not isinstance(roles, list | tuple) or not all(isinstance(r, str) for r in roles):
        errors["buying_roles"] = [_("Give the roles as a list of role codes.")]
    else:
        unknown = [r for r in roles if r not in BuyingRole.values]
        if unknown:
            errors["buying_roles"] = [
                _("Unknown role: %(roles)s. Choose from: %(known)s.")
                % {"roles": ", ".join(unknown), "known": ", ".join(BuyingRole.values)}
            ]
        contact.buying_roles = [r for r in BuyingRole.values if r in roles]  # once, in order
    if contact.reports_to_id is not None:
        boss = Contact.all_objects.filter(pk=contact.reports_to_id).only("account_id").first()
        if boss is None or boss.account_id != contact.account_id:
            errors.setdefault("reports_to", []).append(
                _("Choose a manager among this account's contacts.")
            )
        elif _contact_cycle(contact):
            errors.setdefault("reports_to", []).append(
                _("A contact cannot report to themselves or to someone who reports to them.")
            )
    try:
        contact.full_clean(exclude=["account", "reports_to", "buying_roles", *errors])
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)


def _contact_cycle(contact: Contact) -> bool:
    """Whether following reports_to from `contact` comes back to it (or loops)."""
    chain: dict[int, int | None] = dict(
        Contact.all_objects.filter(account_id=contact.account_id).values_list("pk", "reports_to_id")
    )
    if contact.pk is not None:
        chain[contact.pk] = contact.reports_to_id
    seen = {contact.pk} if contact.pk is not None else set()
    boss = contact.reports_to_id
    while boss is not None:
        if boss in seen:
            return True
        seen.add(boss)
        boss = chain.get(boss)
    return False


def _check_contact_seen(contact: Contact, seen_updated_at: datetime | None) -> Contact:
    current = Contact.objects.select_for_update().get(pk=contact.pk)
    if seen_updated_at is not None and current.updated_at != seen_updated_at:
        raise ConflictError(current)
    return current


@transaction.atomic
def contact_create(*, user: User, account: Account, data: dict[str, Any]) -> Contact:
    if not can_write_account(user, account):
        raise PermissionDenied
    contact = Contact(account=account, **{k: v for k, v in data.items() if k in CONTACT_FIELDS})
    contact._history_user = user  # type: ignore[attr-defined]
    _validate_contact(contact)
    _save(contact)
    return contact


@transaction.atomic
def contact_update(
    *,
    user: User,
    contact: Contact,
    data: dict[str, Any],
    seen_updated_at: datetime | None = None,
) -> Contact:
    """Change a contact. With `seen_updated_at`, refuse (ConflictError) when someone
    else saved it after the caller read it."""
    if not can_write_account(user, contact.account):
        raise PermissionDenied
    current = _check_contact_seen(contact, seen_updated_at)
    for key, value in data.items():
        if key in CONTACT_FIELDS:
            setattr(current, key, value)
    current._history_user = user  # type: ignore[attr-defined]
    _validate_contact(current)
    _save(current)
    return current
