"""Reads for the administrators' people pages: the users (filtered, sorted) and the
pending invitations, each one query with its joins."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone

from ..models import User, UserInvitation

ACTIVE_CHOICES = ("active", "inactive", "all")
USER_SORTS = {
    "username": ("username",),
    "name": ("last_name", "first_name", "username"),
    "role": ("role", "username"),
    "unit": ("business_unit__name", "username"),
    "last_login": ("last_login", "username"),
    "joined": ("date_joined", "username"),
}
DEFAULT_USER_SORT = "username"


@dataclass(frozen=True)
class UserFilters:
    q: str = ""
    role: str = ""
    unit: int | None = None
    active: str = "active"
    sort: str = DEFAULT_USER_SORT

    @property
    def filtered(self) -> bool:
        return bool(self.q or self.role or self.unit or self.active != "active")


def user_list(filters: UserFilters) -> QuerySet[User]:
    """Every user (portal users too) matching the filters, in the chosen order."""
    users = User.objects.select_related("business_unit", "portal_account")
    if filters.q:
        users = users.filter(
            Q(username__icontains=filters.q)
            | Q(first_name__icontains=filters.q)
            | Q(last_name__icontains=filters.q)
            | Q(email__icontains=filters.q)
        )
    if filters.role:
        users = users.filter(role=filters.role)
    if filters.unit:
        users = users.filter(business_unit_id=filters.unit)
    if filters.active != "all":
        users = users.filter(is_active=filters.active == "active")
    key = filters.sort.removeprefix("-")
    fields = USER_SORTS.get(key, USER_SORTS[DEFAULT_USER_SORT])
    if filters.sort.startswith("-"):
        fields = tuple(f"-{field}" for field in fields)
    return users.order_by(*fields, "pk")


def pending_invitations() -> list[UserInvitation]:
    now = timezone.now()
    return list(
        UserInvitation.objects.filter(
            accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=now
        ).select_related("business_unit", "invited_by")
    )
