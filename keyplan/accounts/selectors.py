"""Reads, always scoped by the access rule, with the joins templates need."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from typing import TYPE_CHECKING

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from keyplan.core.dataversion import cached

from .access import visible_accounts
from .models import Account, AccountClass, AccountTeamMember, Industry

if TYPE_CHECKING:
    from keyplan.users.models import User

SORTS: dict[str, tuple[str, ...]] = {
    "name": ("name", "pk"),
    "-name": ("-name", "-pk"),
    "class": ("account_class", "name", "pk"),
    "-class": ("-account_class", "name", "pk"),
    "owner": ("owner__last_name", "owner__username", "name", "pk"),
    "-owner": ("-owner__last_name", "-owner__username", "name", "pk"),
    "country": ("country", "name", "pk"),
    "-country": ("-country", "name", "pk"),
    "industry": ("industry", "name", "pk"),
    "-industry": ("-industry", "name", "pk"),
    "updated": ("updated_at", "pk"),
    "-updated": ("-updated_at", "-pk"),
}
DEFAULT_SORT = "name"


@dataclass(frozen=True, kw_only=True)
class AccountFilters:
    q: str = ""
    account_class: str = ""
    owner: int | None = None
    industry: str = ""
    country: str = ""
    sort: str = DEFAULT_SORT
    archived: bool = False  # the archived accounts instead of the live ones


def account_list(*, user: User, filters: AccountFilters) -> QuerySet[Account]:
    """Accounts `user` may see, filtered and sorted. Unknown values never raise.

    Live accounts only; with `filters.archived`, the archived ones only."""
    if filters.archived:
        qs = visible_accounts(user, include_archived=True).filter(archived_at__isnull=False)
    else:
        qs = visible_accounts(user)
    qs = qs.select_related("owner", "parent")
    if filters.q:
        term = filters.q.strip()
        qs = qs.filter(
            Q(name__icontains=term) | Q(external_id__iexact=term) | Q(tax_id__icontains=term)
        )
    if filters.account_class in AccountClass.values:
        qs = qs.filter(account_class=filters.account_class)
    if filters.owner is not None:
        qs = qs.filter(owner_id=filters.owner)
    if filters.industry in Industry.values:
        qs = qs.filter(industry=filters.industry)
    if filters.country:
        qs = qs.filter(country=filters.country.upper())
    # A correlated count, worked out for the page's rows only (a GROUP BY over the join
    # would group every visible account before the page is cut, and so would its count).
    team_size = (
        AccountTeamMember.objects.filter(account=OuterRef("pk"))
        .order_by()
        .values("account")
        .annotate(n=Count("pk"))
        .values("n")[:1]
    )
    qs = qs.annotate(team_size=Coalesce(Subquery(team_size), 0))
    return qs.order_by(*SORTS.get(filters.sort, SORTS[DEFAULT_SORT]))


def account_filter_choices(*, user: User) -> dict[str, list]:
    """Owners and countries that occur among the accounts `user` may see (for the filter bar).

    Kept per process for the current data version (keyplan.core.dataversion): accounts,
    teams and users, all it reads, record a data change when they are written."""
    return cached(("account_filter_choices", user.pk), lambda: _filter_choices(user))


def _filter_choices(user: User) -> dict[str, list]:
    from keyplan.users.models import User as UserModel

    visible = visible_accounts(user)
    owners = list(
        UserModel.objects.filter(owned_accounts__in=visible)
        .distinct()
        .order_by("last_name", "first_name", "username")
    )
    countries = sorted(
        c
        for c in visible.exclude(country="")
        .order_by()  # the model's ordering by name would make DISTINCT keep duplicates
        .values_list("country", flat=True)
        .distinct()
    )
    return {"owners": owners, "countries": countries}


def account_detail(*, account: Account) -> dict:
    """What the account page's people tab shows of the account's own rows: the team and
    the contacts, in two queries."""
    team = list(account.team.select_related("user", "business_unit"))
    contacts = list(account.contacts.all())
    return {"team": team, "contacts": contacts}


def account_subsidiaries(*, account: Account) -> list[Account]:
    """The account's first 50 subsidiaries by name (one query)."""
    return list(account.subsidiaries.order_by("name")[:50])


def account_classes_on(*, day: date, account_ids=None, first_known: bool = False) -> dict[int, str]:
    """The class each account had at the start of `day`, read from its history (the
    latest historical record before that moment). An account with no record by then (it
    did not exist yet) is absent, unless `first_known`: then it gets the class it was
    first recorded with. `account_ids`: an Account queryset, an iterable of ids, or None
    for every account. One query; the caller checks access."""
    moment = timezone.make_aware(datetime.combine(day, time.min))
    records = Account.history.filter(id=OuterRef("pk")).order_by("-history_date", "-history_id")
    accounts = Account.objects.order_by()
    if isinstance(account_ids, QuerySet):
        accounts = accounts.filter(pk__in=account_ids.order_by().values("pk"))
    elif account_ids is not None:
        accounts = accounts.filter(pk__in=list(account_ids))
    then: Subquery | Coalesce = Subquery(
        records.filter(history_date__lt=moment).values("account_class")[:1]
    )
    if first_known:
        first = Subquery(
            Account.history.filter(id=OuterRef("pk"))
            .order_by("history_date", "history_id")
            .values("account_class")[:1]
        )
        then = Coalesce(then, first)
    rows = accounts.annotate(then=then).values_list("pk", "then")
    return {pk: cls for pk, cls in rows if cls is not None}
