"""What the economics tables share: the visible accounts narrowed by the filter bar, the
order of rows by a figure that may be missing, and the owners to filter by."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar

from django.db.models import Q, QuerySet

from keyplan.accounts.access import visible_accounts
from keyplan.accounts.models import Account, AccountClass
from keyplan.users.models import User

Row = TypeVar("Row")


def filtered_accounts(
    user: User, *, q: str = "", owner: int | None = None, account_class: str = ""
) -> QuerySet[Account]:
    """The accounts `user` may see, by name or external id, owner and class (unknown
    values never raise)."""
    accounts = visible_accounts(user)
    if q:
        term = q.strip()
        accounts = accounts.filter(Q(name__icontains=term) | Q(external_id__iexact=term))
    if owner is not None:
        accounts = accounts.filter(owner_id=owner)
    if account_class in AccountClass.values:
        accounts = accounts.filter(account_class=account_class)
    return accounts


def sorted_rows(
    rows: Sequence[Row],
    sort: str,
    keys: Mapping[str, Callable[[Row], Any]],
    default: str,
    *,
    name: Callable[[Row], tuple],
) -> list[Row]:
    """`rows` in `sort` order (a key of `keys`, "-" first for descending; anything else:
    `default`); ties keep `name` order, and rows without a value (None) come last."""
    if sort.lstrip("-") not in keys:
        sort = default
    key = keys[sort.lstrip("-")]
    by_name = sorted(rows, key=name)
    known = [row for row in by_name if key(row) is not None]
    unknown = [row for row in by_name if key(row) is None]
    return sorted(known, key=key, reverse=sort.startswith("-")) + unknown


def owners(user: User) -> list[User]:
    """The owners of the accounts `user` may see, for the filter bar."""
    return list(
        User.objects.filter(owned_accounts__in=visible_accounts(user))
        .distinct()
        .order_by("last_name", "first_name", "username")
    )
