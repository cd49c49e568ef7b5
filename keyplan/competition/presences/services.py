"""Writes of the competitors at an account: list one, change what is known of it,
remove it (with its assessments).

The conventions of every competition service: keyplan.competition.common.services.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from keyplan.accounts.models import Account

from .. import access
from ..common.services import apply, clean, delete, lock, save
from ..models import Competitor, Presence

PRESENCE_FIELDS = ("supplies", "is_incumbent", "share_of_spend", "notes")


def _check_share(presence: Presence) -> None:
    """The share as a Decimal (the API may send a float or a string)."""
    value = presence.share_of_spend
    if value is None:
        return
    try:
        presence.share_of_spend = Decimal(str(value)).quantize(Decimal("0.01"))
    except InvalidOperation:
        raise ValidationError(
            {"share_of_spend": [_("Enter a percentage between 0 and 100.")]}
        ) from None


@transaction.atomic
def presence_create(*, user, account: Account | int, data: dict[str, Any]) -> Presence:
    """List a competitor at an account; `data["competitor_id"]` names it (an active
    competitor of the registry)."""
    account_access = access.write_account(user, account)
    presence = Presence(account=account_access.account)
    competitor_id = data.get("competitor_id")
    competitor = (
        Competitor.objects.filter(pk=competitor_id).first()
        if isinstance(competitor_id, int)
        else None
    )
    if competitor is None:
        raise ValidationError({"competitor_id": [_("Choose a competitor of the registry.")]})
    if not competitor.is_active:
        raise ValidationError({"competitor_id": [_("This competitor is marked inactive.")]})
    presence.competitor = competitor
    apply(presence, data, PRESENCE_FIELDS)
    _check_share(presence)
    clean(presence)
    save(presence, user=user)
    return presence


@transaction.atomic
def presence_update(
    *, user, presence: Presence, data: dict[str, Any], seen_updated_at: datetime | None = None
) -> Presence:
    access.write_account(user, presence.account_id)
    current = lock(Presence, presence.pk, seen_updated_at)
    if not apply(current, data, PRESENCE_FIELDS):
        return current
    _check_share(current)
    clean(current)
    save(current, user=user)
    return current


@transaction.atomic
def presence_delete(*, user, presence: Presence, seen_updated_at: datetime | None = None) -> None:
    """Remove a competitor from an account with its assessments; the actions made from
    its attacks stay in the plan."""
    access.write_account(user, presence.account_id)
    current = lock(Presence, presence.pk, seen_updated_at)
    delete(current, user=user)
