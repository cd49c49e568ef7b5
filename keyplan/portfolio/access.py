"""Who may act on the portfolio as a whole (classification, settings, criteria, decisions).

Which accounts a user sees is decided by keyplan.accounts.access (the one rule); this
adds the portfolio-wide powers: administrators and directors only.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from keyplan.accounts.access import ALL_ACCOUNT_ROLES, AccountAccess, account_for_user


def can_manage_portfolio(user) -> bool:
    return bool(
        user is not None
        and user.is_authenticated
        and user.is_active
        and user.role in ALL_ACCOUNT_ROLES
    )


def require_portfolio_manager(user) -> None:
    """PermissionDenied (403) unless `user` may act on the whole portfolio."""
    if not can_manage_portfolio(user):
        raise PermissionDenied


def write_access(user, account) -> AccountAccess:
    """account_for_user(write=True) for an Account or its id (the services take either)."""
    return account_for_user(user, getattr(account, "pk", account), write=True)
