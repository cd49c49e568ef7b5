"""Reads of the opportunity pipeline, always scoped by the one access rule
(`keyplan.accounts.access.visible_accounts`): a user sees the opportunities of the
accounts they may see, and nothing else. Opportunities are written by the import of
kind "opportunities" only; nothing here changes them.

Every function issues a fixed number of queries whatever the number of opportunities,
with the joins the pages and the API read already applied.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db.models import (
    BigIntegerField,
    BooleanField,
    Case,
    Count,
    F,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.expressions import OrderBy
from django.http import Http404
from django.utils import timezone

from keyplan.accounts.access import visible_accounts
from keyplan.core.web import parse_pk

from ..models import Opportunity, OpportunityStatus
from .domain import CurrencyTotal, TotalsRow, currency_totals, months_before

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from keyplan.accounts.models import Account
    from keyplan.users.models import User

STATUS_ALL = "all"
DEFAULT_STATUS = OpportunityStatus.OPEN.value
STATUSES: tuple[str, ...] = (*OpportunityStatus.values, STATUS_ALL)

# Sort key -> ordering; an undated, unvalued or unweighted opportunity sorts last either way.
SORTS: dict[str, tuple[str, ...]] = {
    "close": ("close_date", "name", "pk"),
    "-close": ("-close_date", "name", "pk"),
    "amount": ("amount", "close_date", "pk"),
    "-amount": ("-amount", "close_date", "pk"),
    "account": ("account__name", "close_date", "pk"),
    "-account": ("-account__name", "close_date", "pk"),
    "name": ("name", "pk"),
    "-name": ("-name", "-pk"),
    "stage": ("stage", "close_date", "pk"),
    "-stage": ("-stage", "close_date", "pk"),
    "probability": ("probability", "close_date", "pk"),
    "-probability": ("-probability", "close_date", "pk"),
}
DEFAULT_SORT = "close"
NULLABLE = frozenset({"close_date", "amount", "probability"})

CARD_SHOWN = 8
RECENT_MONTHS = 12


@dataclass(frozen=True, kw_only=True)
class OpportunityFilters:
    status: str = DEFAULT_STATUS  # open, won, lost or "all"
    q: str = ""  # the account's name (contains) or external id
    account: int | None = None
    owner: int | None = None  # the opportunity's owner
    close_from: date | None = None
    close_to: date | None = None
    sort: str = DEFAULT_SORT

    @property
    def filtered(self) -> bool:
        """Whether anything narrows the default list (the open opportunities)."""
        return bool(
            self.q.strip()
            or self.account
            or self.owner
            or self.close_from
            or self.close_to
            or self.status != DEFAULT_STATUS
        )


def visible_opportunities(user: User | AnonymousUser | None) -> QuerySet[Opportunity]:
    """The opportunities of the accounts `user` may see: the base of every read here."""
    return Opportunity.objects.filter(account__in=visible_accounts(user))


def _ordering(sort: str) -> list[str | OrderBy]:
    ordering: list[str | OrderBy] = []
    for key in SORTS.get(sort, SORTS[DEFAULT_SORT]):
        field = key.removeprefix("-")
        if field not in NULLABLE:
            ordering.append(key)
        elif key.startswith("-"):
            ordering.append(F(field).desc(nulls_last=True))
        else:
            ordering.append(F(field).asc(nulls_last=True))
    return ordering


def _filtered(qs: QuerySet[Opportunity], filters: OpportunityFilters) -> QuerySet[Opportunity]:
    status = filters.status if filters.status in STATUSES else DEFAULT_STATUS
    if status != STATUS_ALL:
        qs = qs.filter(status=status)
    term = filters.q.strip()
    if term:
        qs = qs.filter(Q(account__name__icontains=term) | Q(account__external_id__iexact=term))
    if filters.account is not None:
        qs = qs.filter(account_id=filters.account)
    if filters.owner is not None:
        qs = qs.filter(owner_id=filters.owner)
    if filters.close_from is not None:
        qs = qs.filter(close_date__gte=filters.close_from)
    if filters.close_to is not None:
        qs = qs.filter(close_date__lte=filters.close_to)
    return qs


def _with_overdue(qs: QuerySet[Opportunity], today: date) -> QuerySet[Opportunity]:
    """`overdue`: still open although its close date has passed."""
    return qs.annotate(
        overdue=Case(
            When(status=OpportunityStatus.OPEN, close_date__lt=today, then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
    )


def opportunity_list(
    *, user: User, filters: OpportunityFilters, today: date | None = None
) -> QuerySet[Opportunity]:
    """The opportunities `user` may see, filtered and sorted, each with its account and
    owner joined and `overdue` annotated. Unknown filter values never raise: an unknown
    status is the default (open), an unknown sort the default (close date)."""
    qs = _filtered(visible_opportunities(user), filters).select_related("account", "owner")
    qs = _with_overdue(qs, today or timezone.localdate())
    return qs.order_by(*_ordering(filters.sort))


def _open_totals(qs: QuerySet[Opportunity]) -> list[CurrencyTotal]:
    rows = (
        qs.filter(status=OpportunityStatus.OPEN)
        .order_by()
        .values("currency", "probability")
        .annotate(
            n=Count("pk"),
            valued=Count("amount"),
            # Summed as the integer ten-thousandths the column holds: exact everywhere.
            minor=Sum("amount", output_field=BigIntegerField()),
        )
        .values_list("currency", "probability", "n", "valued", "minor")
    )
    return currency_totals(
        TotalsRow(
            currency=currency,
            probability=probability,
            count=n,
            with_amount=valued,
            amount_minor=int(minor or 0),
        )
        for currency, probability, n, valued, minor in rows
    )


def pipeline_totals(*, user: User, filters: OpportunityFilters) -> list[CurrencyTotal]:
    """The open part of the filtered opportunities, per currency: how many, their exact
    total amount and their weighted amount (amount × probability). One query, however
    many opportunities; none when the filter asks for won or lost ones only."""
    if filters.status in (OpportunityStatus.WON, OpportunityStatus.LOST):
        return []
    return _open_totals(_filtered(visible_opportunities(user), filters))


def owner_choices(*, user: User) -> list[User]:
    """The people who own an opportunity `user` may see (for the filter bar)."""
    from keyplan.users.models import User as UserModel

    owners = visible_opportunities(user).values("owner_id")
    return list(
        UserModel.objects.filter(pk__in=owners).order_by("last_name", "first_name", "username")
    )


def filter_account(*, user: User, pk: int | None) -> Account | None:
    """The account the list is narrowed to, if `user` may see it (its name for the filter
    bar); None for a missing or forbidden one, whose list is simply empty."""
    if pk is None:
        return None
    return visible_accounts(user).only("pk", "name").filter(pk=pk).first()


def has_opportunities(*, user: User) -> bool:
    """Whether `user` may see any opportunity at all (the list's empty states)."""
    return visible_opportunities(user).exists()


def opportunity_for_user(user: User | AnonymousUser | None, pk: object) -> Opportunity:
    """The opportunity `pk` if `user` may see its account. Http404 alike for a missing
    opportunity, one of an account the user may not see and a malformed id."""
    qs = _with_overdue(visible_opportunities(user), timezone.localdate())
    opportunity = qs.select_related("account", "owner").filter(pk=parse_pk(pk)).first()
    if opportunity is None:
        raise Http404
    return opportunity


def account_opportunities(*, account: Account, today: date | None = None) -> dict[str, Any]:
    """What the account page's card shows, in three queries: the first open
    opportunities by close date (overdue ones first), the open pipeline's totals per
    currency, and how many were won and lost with a close date in the last 12 months.

    The caller has already checked that the user may see `account`."""
    today = today or timezone.localdate()
    since = months_before(today, RECENT_MONTHS)
    own = Opportunity.objects.filter(account=account)
    shown = list(
        _with_overdue(own.filter(status=OpportunityStatus.OPEN), today)
        .select_related("owner")
        .order_by(*_ordering("close"))[:CARD_SHOWN]
    )
    totals = _open_totals(own)
    recent = own.filter(close_date__gte=since, close_date__lte=today).aggregate(
        won=Count("pk", filter=Q(status=OpportunityStatus.WON)),
        lost=Count("pk", filter=Q(status=OpportunityStatus.LOST)),
    )
    open_count = sum(total.count for total in totals)
    return {
        "opportunities": shown,
        "more": max(open_count - len(shown), 0),
        "open_count": open_count,
        "totals": totals,
        "won": recent["won"],
        "lost": recent["lost"],
        "since": since,
        "recent_months": RECENT_MONTHS,
    }
