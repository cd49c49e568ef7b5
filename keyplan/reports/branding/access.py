"""Who may change the report settings: administrators only."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from keyplan.accounts.access import active_user
from keyplan.users.models import Role


def can_manage_report_settings(user) -> bool:
    active = active_user(user)
    return active is not None and (active.role == Role.ADMIN or active.is_superuser)


def require_report_admin(user) -> None:
    if not can_manage_report_settings(user):
        raise PermissionDenied
