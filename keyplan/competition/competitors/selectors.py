"""Reads of the competitor registry."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet

from keyplan.accounts.access import visible_accounts

from ..models import Competitor


def competitors(*, search: str = "", active_only: bool = False) -> QuerySet[Competitor]:
    qs = Competitor.objects.all()
    if search:
        qs = qs.filter(name__icontains=search)
    if active_only:
        qs = qs.filter(is_active=True)
    return qs


def registry(user: Any) -> QuerySet[Competitor]:
    """Competitors with how many accounts visible to `user` they are present at
    (`account_count`) and incumbent at (`incumbent_count`)."""
    visible = Q(presences__account__in=visible_accounts(user).values("pk"))
    return Competitor.objects.annotate(
        account_count=Count("presences", filter=visible, distinct=True),
        incumbent_count=Count(
            "presences", filter=visible & Q(presences__is_incumbent=True), distinct=True
        ),
    )
