"""The one rule that decides which accounts a user may see and change.

Every page, endpoint, export, search and count goes through `visible_accounts`
or `account_for_user`. A missing account and a forbidden one give the same 404,
so nothing leaks about accounts a user may not see (zulip's access_* helpers,
healthchecks' `_get_*_for_user`).

- administrators and directors: every account, read and write;
- key account managers: the accounts they own or whose team they are on;
- account team members: the accounts whose team they are on;
- read-only viewers: the accounts whose team they are on, read only;
- portal users: no internal account at all; they see only items explicitly
  shared with their own account, through the portal.
- inactive and anonymous users: nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from keyplan.core.web import parse_pk
from keyplan.users.models import Role

from .models import Account, AccountTeamMember, Contact

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from keyplan.users.models import User

WRITE_ROLES: frozenset[str] = frozenset({Role.ADMIN, Role.DIRECTOR, Role.KAM, Role.TEAM})
ALL_ACCOUNT_ROLES: frozenset[str] = frozenset({Role.ADMIN, Role.DIRECTOR})


def active_user(user: User | AnonymousUser | None) -> User | None:
    """The user if signed in and active, else None (anonymous and inactive see nothing)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    return cast("User", user)


def visible_accounts(user: User | AnonymousUser | None) -> QuerySet[Account]:
    """All accounts `user` may see. The base of every list, search and count."""
    active = active_user(user)
    if active is None:
        return Account.objects.none()
    if active.role in ALL_ACCOUNT_ROLES:
        return Account.objects.all()
    if active.role == Role.PORTAL:
        return Account.objects.none()
    on_team = Exists(AccountTeamMember.objects.filter(account=OuterRef("pk"), user=active))
    if active.role == Role.KAM:
        return Account.objects.filter(Q(owner=active) | on_team)
    return Account.objects.filter(on_team)


def can_write_account(user: User | AnonymousUser | None, account: Account) -> bool:
    """Whether `user` may change `account` and what hangs on it (team, contacts, plans)."""
    active = active_user(user)
    if active is None or active.role not in WRITE_ROLES:
        return False
    if active.role in ALL_ACCOUNT_ROLES:
        return True
    return visible_accounts(active).filter(pk=account.pk).exists()


def can_delete_account(user: User | AnonymousUser | None, account: Account) -> bool:
    active = active_user(user)
    if active is None:
        return False
    if active.role in ALL_ACCOUNT_ROLES:
        return True
    return active.role == Role.KAM and account.owner_id == active.pk


class AccountAccess:
    """An account fetched for a user, with what the user may do to it."""

    __slots__ = ("account", "can_delete", "can_write")

    def __init__(self, account: Account, *, can_write: bool, can_delete: bool) -> None:
        self.account = account
        self.can_write = can_write
        self.can_delete = can_delete


def account_for_user(
    user: User | AnonymousUser | None, pk: object, *, write: bool = False
) -> AccountAccess:
    """The account `pk` if `user` may see it (and change it, with `write=True`).

    Raises Http404 alike for a missing account, a forbidden one and a malformed
    id. A read-only user asking to write an account they can see gets
    PermissionDenied (403): they already know it exists.
    """
    account_pk = parse_pk(pk)
    account = visible_accounts(user).select_related("owner", "parent").filter(pk=account_pk).first()
    if account is None:
        raise Http404
    # The account is visible, so write access is just the role check.
    active = active_user(user)
    writable = active is not None and active.role in WRITE_ROLES
    if write and not writable:
        raise PermissionDenied
    return AccountAccess(account, can_write=writable, can_delete=can_delete_account(user, account))


def visible_contacts(user: User | AnonymousUser | None) -> QuerySet[Contact]:
    return Contact.objects.filter(account__in=visible_accounts(user))


def contact_for_user(
    user: User | AnonymousUser | None, pk: object, *, write: bool = False
) -> tuple[Contact, AccountAccess]:
    """The contact `pk` through its account's access; 404 alike for missing and forbidden."""
    contact_pk = parse_pk(pk)
    account_id = Contact.objects.filter(pk=contact_pk).values_list("account_id", flat=True).first()
    if account_id is None:
        raise Http404
    access = account_for_user(user, account_id, write=write)
    contact = Contact.objects.get(pk=contact_pk)
    return contact, access
