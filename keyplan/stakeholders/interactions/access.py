"""Who may see and change an interaction or a time entry: the account's access rule
(`account_for_user`: 404 alike for a missing and a forbidden one, 403 for a read-only
viewer asking to write), and for manual time, one's own or a manager's."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from keyplan.accounts.access import ALL_ACCOUNT_ROLES, AccountAccess, account_for_user
from keyplan.core.web import parse_pk
from keyplan.users.models import User

from ..models import Interaction, TimeEntry, TimeSource
from . import selectors


def is_manager(user: User) -> bool:
    """Administrators and directors: they log time for anyone."""
    return bool(user is not None and user.is_authenticated and user.role in ALL_ACCOUNT_ROLES)


def interaction_for_user(user, pk, *, write: bool = False) -> tuple[Interaction, AccountAccess]:
    """The interaction `pk` if `user` may see its account (404 alike for a missing one
    and a forbidden one; 403 for a read-only viewer asking to write)."""
    account_id = (
        Interaction.objects.filter(pk=parse_pk(pk)).values_list("account_id", flat=True).first()
    )
    if account_id is None:
        raise Http404
    access = account_for_user(user, account_id, write=write)
    interaction = selectors.interaction_for_account(access.account, int(pk))
    if interaction is None:
        raise Http404
    return interaction, access


def entry_for_user(user, pk, *, write: bool = False) -> tuple[TimeEntry, AccountAccess]:
    """The time entry `pk` if `user` may see its account; to write, it must be manual time
    (404 otherwise) and one's own unless a manager (403 otherwise)."""
    entry = TimeEntry.objects.select_related("user").filter(pk=parse_pk(pk)).first()
    if entry is None:
        raise Http404
    access = account_for_user(user, entry.account_id, write=write)
    if write:
        if entry.user_id != user.pk and not is_manager(user):
            raise PermissionDenied
        if entry.source != TimeSource.MANUAL:
            raise Http404  # time from an interaction changes with the interaction
    return entry, access
