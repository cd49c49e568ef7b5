"""What a role may do beyond the account access rule (keyplan.accounts.access): the
whole-company acts that are decided by the role alone."""

from __future__ import annotations

from .models import Role

# Imports write across the whole portfolio, so only those who see every account import.
IMPORT_ROLES = frozenset({Role.ADMIN, Role.DIRECTOR})


def can_import(user) -> bool:
    """Only administrators and directors import; nobody else sees import files."""
    return bool(user and user.is_authenticated and user.is_active and user.role in IMPORT_ROLES)
