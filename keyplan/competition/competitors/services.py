"""Writes of the competitor registry (administrators, directors and key account
managers).

The conventions of every competition service: keyplan.competition.common.services.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext, ngettext

from keyplan.accounts.access import visible_accounts

from .. import access
from ..common.services import apply, clean, delete, lock, save
from ..models import Competitor

COMPETITOR_FIELDS = ("name", "website", "products", "strengths", "notes", "is_active")


@transaction.atomic
def competitor_create(*, user, data: dict[str, Any]) -> Competitor:
    """Add a competitor to the registry (administrators, directors, KAMs)."""
    access.require_registry_writer(user)
    competitor = Competitor()
    apply(competitor, data, COMPETITOR_FIELDS)
    clean(competitor)
    save(competitor, user=user)
    return competitor


@transaction.atomic
def competitor_update(
    *, user, competitor: Competitor, data: dict[str, Any], seen_updated_at: datetime | None = None
) -> Competitor:
    access.require_registry_writer(user)
    current = lock(Competitor, competitor.pk, seen_updated_at)
    if not apply(current, data, COMPETITOR_FIELDS):
        return current
    clean(current)
    save(current, user=user)
    return current


def _still_listed(user, current: Competitor) -> str:
    """Why `current` cannot be deleted yet, counted over the accounts `user` may see (the
    one access rule); "" when it is listed nowhere. Presences at accounts the user does
    not see are mentioned, never counted (issue #19: no leak through totals)."""
    visible = visible_accounts(user, include_archived=True).values("pk")
    seen = current.presences.filter(account__in=visible).count()
    hidden = current.presences.exclude(account__in=visible).exists()
    if not seen:
        return (
            gettext(
                "This competitor is still listed at accounts you cannot see; ask an "
                "administrator or a director, or mark it inactive."
            )
            if hidden
            else ""
        )
    message = ngettext(
        "This competitor is still listed at %(count)s account; remove it "
        "from that account first, or mark it inactive.",
        "This competitor is still listed at %(count)s accounts; remove it "
        "from those accounts first, or mark it inactive.",
        seen,
    ) % {"count": seen}
    if hidden:
        message += " " + gettext("It is also listed at accounts you cannot see.")
    return message


@transaction.atomic
def competitor_delete(
    *, user, competitor: Competitor, seen_updated_at: datetime | None = None
) -> None:
    """Remove a competitor from the registry; refused while it is present at an account
    (remove the presences first, or mark it inactive). The refusal counts only the
    accounts `user` may see."""
    access.require_registry_writer(user)
    current = lock(Competitor, competitor.pk, seen_updated_at)
    reason = _still_listed(user, current)
    if reason:
        raise ValidationError({"competitor": [reason]})
    delete(current, user=user)
