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

One deliberate exception, and only one: `resource_request_units(user)`. The head of a
business unit reads the resource requests addressed to their unit, also those of
accounts they do not otherwise see, because they decide them. It opens those requests
only (not the accounts, their plans or their figures), and its own test pins it
(tests/trust/totals/test_resource_requests.py).

Archived accounts (`archived_at` set) are left out of `visible_accounts` unless
`include_archived=True`: lists, searches, pickers and counts never show them. Figures of
a period (Pareto, snapshots) ask for them, so history does not change. Whoever saw an
archived account still reaches it by id (`account_for_user`), read only: its page, its
history, its restore. Contacts follow the same rule (`Contact.objects` hides archived
people; `contact_for_user` still finds them).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from keyplan.core.web import parse_pk
from keyplan.users.models import BusinessUnit, Role

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


def visible_accounts(
    user: User | AnonymousUser | None, *, include_archived: bool = False
) -> QuerySet[Account]:
    """All accounts `user` may see. The base of every list, search and count.

    Archived accounts only with `include_archived=True` (figures of a past period, the
    archived list, restore)."""
    active = active_user(user)
    if active is None:
        return Account.objects.none()
    if active.role in ALL_ACCOUNT_ROLES:
        accounts = Account.objects.all()
    elif active.role == Role.PORTAL:
        return Account.objects.none()
    else:
        # The ids of the user's teams as a subquery: with the owner's index, the planner
        # reads only the user's accounts (a correlated EXISTS made it test every account).
        on_team = Q(pk__in=AccountTeamMember.objects.filter(user=active).values("account_id"))
        if active.role == Role.KAM:
            accounts = Account.objects.filter(Q(owner=active) | on_team)
        else:
            accounts = Account.objects.filter(on_team)
    if not include_archived:
        accounts = accounts.filter(archived_at__isnull=True)
    return accounts


def resource_request_units(user: User | AnonymousUser | None) -> QuerySet[BusinessUnit]:
    """The business units whose resource requests `user` reads beyond `visible_accounts`:
    the one documented exception to the rule.

    Why: a unit's head decides the requests addressed to their unit (grant, part-grant,
    reject) against its capacity, so they must read each of them (account name and
    class, amount, purpose, priority) even when the account is not theirs. The exception
    stops there: the account itself, its plans, figures and other requests stay behind
    `account_for_user`, and a head writes such a request only by deciding it.
    Administrators and directors need no exception (they see every account); inactive,
    anonymous and portal users get none."""
    active = active_user(user)
    if active is None or active.role == Role.PORTAL:
        return BusinessUnit.objects.none()
    return BusinessUnit.objects.filter(head=active)


def can_write_account(user: User | AnonymousUser | None, account: Account) -> bool:
    """Whether `user` may change `account` and what hangs on it (team, contacts, plans)."""
    active = active_user(user)
    if active is None or active.role not in WRITE_ROLES or account.archived_at is not None:
        return False  # an archived account is read only until restored
    if active.role in ALL_ACCOUNT_ROLES:
        return True
    return visible_accounts(active).filter(pk=account.pk).exists()


def can_delete_account(user: User | AnonymousUser | None, account: Account) -> bool:
    """Whether `user` may archive `account` and restore it: its owner, directors and
    administrators. (Nothing is deleted by it; the name stays for the callers.)"""
    active = active_user(user)
    if active is None:
        return False
    if active.role in ALL_ACCOUNT_ROLES:
        return True
    return active.role == Role.KAM and account.owner_id == active.pk


def can_purge_account(user: User | AnonymousUser | None) -> bool:
    """Purging an account for good is an administrator's act only."""
    active = active_user(user)
    return active is not None and active.role == Role.ADMIN


class AccountAccess:
    """An account fetched for a user, with what the user may do to it.

    `can_delete`: archive it (live) or restore it (archived); `can_purge`: delete it
    for good (administrators, archived accounts only)."""

    __slots__ = ("account", "can_delete", "can_purge", "can_write")

    def __init__(
        self, account: Account, *, can_write: bool, can_delete: bool, can_purge: bool = False
    ) -> None:
        self.account = account
        self.can_write = can_write
        self.can_delete = can_delete
        self.can_purge = can_purge

    @property
    def archived(self) -> bool:
        return self.account.archived_at is not None

    @property
    def can_archive(self) -> bool:
        return self.can_delete and not self.archived

    @property
    def can_restore(self) -> bool:
        return self.can_delete and self.archived


def account_for_user(
    user: User | AnonymousUser | None, pk: object, *, write: bool = False
) -> AccountAccess:
    """The account `pk` if `user` may see it (and change it, with `write=True`).

    Raises Http404 alike for a missing account, a forbidden one and a malformed
    id. A read-only user asking to write an account they can see gets
    PermissionDenied (403): they already know it exists. An archived account is
    found (its page, history and restore) but read only: writing it is a 403 too.
    """
    account_pk = parse_pk(pk)
    account = (
        visible_accounts(user, include_archived=True)
        .select_related("owner", "parent")
        .filter(pk=account_pk)
        .first()
    )
    if account is None:
        raise Http404
    # The account is visible, so write access is the role check (and not archived).
    active = active_user(user)
    writable = active is not None and active.role in WRITE_ROLES and account.archived_at is None
    if write and not writable:
        raise PermissionDenied
    return AccountAccess(
        account,
        can_write=writable,
        can_delete=can_delete_account(user, account),
        can_purge=can_purge_account(user) and account.archived_at is not None,
    )


def visible_contacts(
    user: User | AnonymousUser | None, *, include_archived: bool = False
) -> QuerySet[Contact]:
    """The contacts of the accounts `user` may see; archived people and the people of
    archived accounts only with `include_archived=True`."""
    manager = Contact.all_objects if include_archived else Contact.objects
    return manager.filter(account__in=visible_accounts(user, include_archived=include_archived))


def contact_for_user(
    user: User | AnonymousUser | None, pk: object, *, write: bool = False
) -> tuple[Contact, AccountAccess]:
    """The contact `pk` through its account's access; 404 alike for missing and forbidden.

    An archived contact is found (restore, erasure) but read only: writing is a 403."""
    contact_pk = parse_pk(pk)
    row = Contact.all_objects.filter(pk=contact_pk).values_list("account_id", "archived_at").first()
    if row is None:
        raise Http404
    access = account_for_user(user, row[0], write=write)
    if write and row[1] is not None:
        raise PermissionDenied
    contact = Contact.all_objects.get(pk=contact_pk)
    return contact, access
