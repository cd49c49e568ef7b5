"""Writes of the zipper: links between our people and theirs, and the selling settings
(risk thresholds and selling-time norms). Each runs in one transaction, checks the access
rule and keeps history; a stale `seen_updated_at` raises ConflictError(current) and writes
nothing.

- relationship_create(*, user, account, data) -> Relationship
- relationship_update(*, user, relationship, data, seen_updated_at=None) -> Relationship
- relationship_delete(*, user, relationship, seen_updated_at=None) -> None
- selling_settings_update(*, user, data, seen_updated_at=None) -> SellingSettings
  (administrators and directors only)

`data` holds `contact_id`, `user_id`, `strength` (0-5), `notes` (errors keyed the same).
The contact must belong to the account, our person must be an active internal user
(not a portal user). Our person's level is not stored: it follows from their role
(`domain.our_level`).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from keyplan.accounts.access import account_for_user
from keyplan.accounts.models import Account, Contact
from keyplan.core.errors import ConflictError, check_seen
from keyplan.core.history import delete_with_history, save_with_history
from keyplan.portfolio.access import require_portfolio_manager
from keyplan.users.models import INTERNAL_ROLES, User

from ..models import Relationship, SellingSettings

RELATIONSHIP_FIELDS = ("contact_id", "user_id", "strength", "notes")
SETTINGS_FIELDS = tuple(
    f.name for f in SellingSettings._meta.fields if f.name not in ("id", "updated_at")
)

__all__ = [
    "RELATIONSHIP_FIELDS",
    "SETTINGS_FIELDS",
    "relationship_create",
    "relationship_delete",
    "relationship_update",
    "selling_settings_update",
]


def linkable_users() -> QuerySet[User]:
    """Our people who may be linked to a contact: active internal users."""
    return User.objects.filter(is_active=True, role__in=list(INTERNAL_ROLES)).order_by(
        "last_name", "first_name", "username"
    )


def _validate(relationship: Relationship) -> None:
    errors: dict[str, list[str]] = {}
    if relationship.contact_id is None:
        errors["contact_id"] = [_("Choose their person.")]
    elif not Contact.objects.filter(
        pk=relationship.contact_id, account_id=relationship.account_id
    ).exists():
        errors["contact_id"] = [_("Choose a contact of this account.")]
    if relationship.user_id is None:
        errors["user_id"] = [_("Choose our person.")]
    elif not linkable_users().filter(pk=relationship.user_id).exists():
        errors["user_id"] = [_("Choose an active person of our company.")]
    strength = relationship.strength
    if not isinstance(strength, int) or isinstance(strength, bool) or not 0 <= strength <= 5:
        errors["strength"] = [_("The strength goes from 0 to 5.")]
    if (
        "contact_id" not in errors
        and "user_id" not in errors
        and Relationship.objects.filter(
            contact_id=relationship.contact_id, user_id=relationship.user_id
        )
        .exclude(pk=relationship.pk)
        .exists()
    ):
        errors["user_id"] = [_("This person already has a link to this contact.")]
    if errors:
        raise ValidationError(errors)


def _apply(relationship: Relationship, data: dict[str, Any]) -> list[str]:
    changed: list[str] = []
    for key in RELATIONSHIP_FIELDS:
        if key not in data:
            continue
        value = data[key]
        if key == "notes":
            value = (value or "").strip()
        if getattr(relationship, key) != value:
            setattr(relationship, key, value)
            changed.append(key)
    return changed


@transaction.atomic
def relationship_create(*, user: User, account: Account, data: dict[str, Any]) -> Relationship:
    """Link one of our people to one of theirs at `account`."""
    access = account_for_user(user, account.pk, write=True)
    relationship = Relationship(account=access.account, strength=1)
    _apply(relationship, data)
    _validate(relationship)
    save_with_history(relationship, user, "created")
    return relationship


def _locked(relationship: Relationship) -> Relationship | None:
    return Relationship.objects.select_for_update(of=("self",)).filter(pk=relationship.pk).first()


@transaction.atomic
def relationship_update(
    *,
    user: User,
    relationship: Relationship,
    data: dict[str, Any],
    seen_updated_at: datetime | None = None,
) -> Relationship:
    """Change a link (its people, strength or notes)."""
    account_for_user(user, relationship.account_id, write=True)
    current = _locked(relationship)
    check_seen(current, seen_updated_at)
    if current is None:
        raise ConflictError(None)
    changed = _apply(current, data)
    _validate(current)
    if changed:
        save_with_history(current, user, "changed: " + ", ".join(changed))
    return current


@transaction.atomic
def relationship_delete(
    *, user: User, relationship: Relationship, seen_updated_at: datetime | None = None
) -> None:
    account_for_user(user, relationship.account_id, write=True)
    current = _locked(relationship)
    check_seen(current, seen_updated_at)
    if current is None:
        return
    delete_with_history(current, user, "deleted")


@transaction.atomic
def selling_settings_update(
    *, user: User, data: dict[str, Any], seen_updated_at: datetime | None = None
) -> SellingSettings:
    """Change the norms and thresholds (administrators and directors only)."""
    require_portfolio_manager(user)
    SellingSettings.load()
    current = SellingSettings.objects.select_for_update(of=("self",)).get(pk=1)
    check_seen(current, seen_updated_at)
    changed: list[str] = []
    for key, value in data.items():
        if key not in SETTINGS_FIELDS:
            raise ValidationError({key: [_("Unknown setting.")]})
        if getattr(current, key) != value:
            setattr(current, key, value)
            changed.append(key)
    try:
        current.full_clean()
    except ValidationError as exc:
        raise ValidationError(exc.message_dict) from None
    if changed:
        save_with_history(current, user, "changed: " + ", ".join(changed))
    return current
