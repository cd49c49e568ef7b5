"""What a role may do beyond the account access rule (keyplan.accounts.access): the
whole-company acts that are decided by the role alone."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404

from .models import Role

# Imports write across the whole portfolio, so only those who see every account import.
IMPORT_ROLES = frozenset({Role.ADMIN, Role.DIRECTOR})


def can_import(user) -> bool:
    """Only administrators and directors import; nobody else sees import files."""
    return bool(user and user.is_authenticated and user.is_active and user.role in IMPORT_ROLES)


def is_administrator(user) -> bool:
    """Administrators manage users, business units and read the audit trail."""
    return bool(user and user.is_authenticated and user.is_active and user.role == Role.ADMIN)


def require_administrator(user) -> None:
    if not is_administrator(user):
        raise PermissionDenied


def admin_required(view):
    """Signed-in administrators only; for everyone else the page does not exist (404),
    as imports do not exist for those who may not import."""

    @wraps(view)
    @login_required
    def wrapper(request, *args, **kwargs):
        if not is_administrator(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper
