"""What the company-wide analyses (Pareto, classification, norms) read about the accounts:
their columns without loading a model instance per account, and their owners' names.
"""

from __future__ import annotations

import functools
import gc
from collections.abc import Iterable
from typing import NamedTuple

from django.db.models import QuerySet

from keyplan.accounts.models import Account
from keyplan.sales.figures.domain import Scope
from keyplan.sales.figures.selectors import raw_rows
from keyplan.users.models import User

__all__ = ["AccountRow", "account_rows", "gc_paused", "in_scope", "owner_name", "owner_names"]


class AccountRow(NamedTuple):
    """The columns every analysis needs, one query for all accounts."""

    id: int
    external_id: str
    name: str
    account_class: str
    country: str
    industry: str
    owner_id: int | None
    parent_id: int | None
    status: str


def owner_name(first: str | None, last: str | None, username: str | None) -> str:
    # As User.__str__: the full name, else the username.
    return f"{first or ''} {last or ''}".strip() or (username or "")


def account_rows(queryset: QuerySet[Account]) -> dict[int, AccountRow]:
    rows = raw_rows(queryset.order_by().values_list(*AccountRow._fields))
    make = AccountRow._make
    return {row[0]: make(row) for row in rows}


def owner_names(accounts: Iterable[AccountRow]) -> dict[int | None, str]:
    """Display names of the accounts' owners (a few hundred users at most), "" for none."""
    ids = {a.owner_id for a in accounts if a.owner_id is not None}
    names: dict[int | None, str] = {None: ""}
    users = User.objects.filter(pk__in=ids).values_list("pk", "first_name", "last_name", "username")
    for pk, first, last, username in users:
        names[pk] = owner_name(first, last, username)
    return names


def in_scope(account: AccountRow, scope: Scope) -> bool:
    return (
        (not scope.country or account.country == scope.country)
        and (scope.owner is None or account.owner_id == scope.owner)
        and (not scope.industry or account.industry == scope.industry)
    )


def gc_paused(function):
    """Run `function` with the cycle collector paused.

    Why: an analysis allocates several small objects per account (100,000 accounts),
    and the collector's passes over the growing heap cost about a third of the time.
    Reference counting still frees everything; cycles wait for the next pass.
    """

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        was_enabled = gc.isenabled()
        gc.disable()
        try:
            return function(*args, **kwargs)
        finally:
            if was_enabled:
                gc.enable()

    return wrapper
