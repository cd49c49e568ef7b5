"""Writes of the competitor registry (administrators, directors and key account
managers).

The conventions of every competition service: keyplan.competition.common.services.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import ngettext

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


@transaction.atomic
def competitor_delete(
    *, user, competitor: Competitor, seen_updated_at: datetime | None = None
) -> None:
    """Remove a competitor from the registry; refused while it is present at an account
    (remove the presences first, or mark it inactive)."""
    access.require_registry_writer(user)
    current = lock(Competitor, competitor.pk, seen_updated_at)
    count = current.presences.count()
    if count:
        raise ValidationError(
            {
                "competitor": [
                    ngettext(
                        "This competitor is still listed at %(count)s account; remove it "
                        "from that account first, or mark it inactive.",
                        "This competitor is still listed at %(count)s accounts; remove it "
                        "from those accounts first, or mark it inactive.",
                        count,
                    )
                    % {"count": count}
                ]
            }
        )
    delete(current, user=user)
