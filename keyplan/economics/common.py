"""What the economics tables share: the visible accounts narrowed by the filter bar, the
order of rows by a figure that may be missing, the owners to filter by, and the list
pages' reading of the filter bar and paging of the rows."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from typing import Any, TypeVar

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet

from keyplan.accounts.access import visible_accounts
from keyplan.accounts.models import Account, AccountClass
from keyplan.users.models import User

Row = TypeVar("Row")
Filters = TypeVar("Filters")


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


# --- the list pages (health, whitespace): the filter bar and the paging -------------------


def int_param(value: str | None) -> int | None:
    """A positive id from a query parameter; None for anything else (never raises)."""
    try:
        number = int(value or "")
    except ValueError:
        return None
    return number if 0 < number < 2**63 else None


def list_filters(
    request, factory: Callable[..., Filters], *, sorts: Collection[str], default_sort: str
) -> Filters:
    """The filter bar's values (q, owner, class, sort) of `request`, cleaned, given to
    `factory` (a filters dataclass): unknown values become "no filter"."""
    params = request.GET
    sort = params.get("sort", default_sort)
    account_class = params.get("class", "")
    return factory(
        q=params.get("q", "")[:200].replace("\x00", "").strip(),
        owner=int_param(params.get("owner")),
        account_class=account_class if account_class in AccountClass.values else "",
        sort=sort if sort in sorts else default_sort,
    )


def list_context(request, table: Any, filters: Any, *, default_sort: str) -> dict[str, Any]:
    """The context every filtered, paged list page starts from: `table.rows` paged
    (KEYPLAN_PAGE_SIZE, `?page=`), the filters and the filter bar's choices."""
    page = Paginator(table.rows, settings.KEYPLAN_PAGE_SIZE).get_page(request.GET.get("page"))
    return {
        "table": table,
        "page": page,
        "filters": filters,
        "filtered": bool(filters.q or filters.owner or filters.account_class),
        "owners": owners(request.user),
        "class_choices": AccountClass.choices,
        "default_sort": default_sort,
    }
