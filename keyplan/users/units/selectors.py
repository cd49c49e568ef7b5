"""Reads of business units for the administrators' pages and forms."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from ..models import BusinessUnit, Role, User


def unit_list() -> QuerySet[BusinessUnit]:
    """Every business unit with its head and its number of active users."""
    return BusinessUnit.objects.select_related("head").annotate(
        active_users=Count("users", filter=Q(users__is_active=True))
    )


def unit_choices() -> QuerySet[BusinessUnit]:
    return BusinessUnit.objects.filter(is_active=True)


def head_choices() -> QuerySet[User]:
    return User.objects.filter(is_active=True).exclude(role=Role.PORTAL)
