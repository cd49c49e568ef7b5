"""The audit trail, filtered, newest first (one query with its joins)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone

from ..models import AuditEvent


@dataclass(frozen=True)
class AuditFilters:
    kind: str = ""
    user: str = ""
    date_from: date | None = None
    date_to: date | None = None

    @property
    def filtered(self) -> bool:
        return bool(self.kind or self.user or self.date_from or self.date_to)


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def audit_list(filters: AuditFilters) -> QuerySet[AuditEvent]:
    """The audit trail, newest first. `user` matches the user name recorded (the one tried
    at a failed sign-in) or the user who acted; dates are whole days in the site's zone."""
    events = AuditEvent.objects.select_related("actor", "target")
    if filters.kind:
        events = events.filter(kind=filters.kind)
    if filters.user:
        events = events.filter(
            Q(username__iexact=filters.user) | Q(actor__username__iexact=filters.user)
        )
    if filters.date_from:
        events = events.filter(created_at__gte=_day_start(filters.date_from))
    if filters.date_to:
        events = events.filter(created_at__lt=_day_start(filters.date_to) + timedelta(days=1))
    return events.order_by("-created_at", "-pk")
