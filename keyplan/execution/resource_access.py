"""Who sees and decides resource requests, and how a request uses a unit's capacity
(the arithmetic shared by the services in resources.py and the board's selectors).

How a request uses capacity (`monthly_load`): an expert request holds its number of
people in every month of its period; hours and budget are spread evenly over the months.
Budget is compared in the base currency (portfolio planning rates). A month without a
capacity row has no capacity.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext as _

from keyplan.accounts.access import active_user, visible_accounts
from keyplan.core.web import parse_pk
from keyplan.portfolio.access import can_manage_portfolio
from keyplan.portfolio.models import ExchangeRate, PortfolioSettings
from keyplan.users.models import BusinessUnit

from .models import GRANTED_STATES, ResourceRequest, ResourceType, UnitCapacity

ZERO = Decimal(0)
CENT = Decimal("0.01")


# --- access ------------------------------------------------------------------------------


def can_decide(user, unit_head_id: int | None) -> bool:
    """Administrators and directors decide for any unit; a unit's head for their unit."""
    active = active_user(user)
    if active is None or not active.is_internal:
        return False
    return can_manage_portfolio(active) or (unit_head_id is not None and unit_head_id == active.pk)


def can_set_capacity(user, unit: BusinessUnit) -> bool:
    return can_decide(user, unit.head_id)


def visible_requests(user):
    """Requests of the accounts `user` sees, plus those addressed to a unit they head."""
    active = active_user(user)
    if active is None or not active.is_internal:
        return ResourceRequest.objects.none()
    if can_manage_portfolio(active):
        return ResourceRequest.objects.all()
    return ResourceRequest.objects.filter(
        Q(account__in=visible_accounts(active)) | Q(business_unit__head=active)
    )


class RequestAccess:
    __slots__ = ("can_decide", "can_write", "request")

    def __init__(self, request: ResourceRequest, *, can_write: bool, can_decide: bool) -> None:
        self.request = request
        self.can_write = can_write
        self.can_decide = can_decide


def request_for_user(user, pk: object, *, write: bool = False, decide: bool = False):
    """The request `pk` if `user` may see it: 404 alike for missing and forbidden; 403
    for one they see but may not change (`write`) or decide (`decide`)."""
    found = (
        visible_requests(user)
        .select_related("account", "account__owner", "business_unit", "requested_by")
        .select_related("decided_by", "goal", "action")
        .filter(pk=parse_pk(pk))
        .first()
    )
    if found is None:
        raise Http404
    writable = visible_accounts(user).filter(pk=found.account_id).exists() and user.role in (
        "admin",
        "director",
        "kam",
        "team",
    )
    decides = can_decide(user, found.business_unit.head_id)
    if (write and not writable) or (decide and not decides):
        raise PermissionDenied
    return RequestAccess(found, can_write=writable, can_decide=decides)


# --- capacity arithmetic -------------------------------------------------------------------


def month_start(day: date) -> date:
    return day.replace(day=1)


def months_between(start: date, end: date) -> list[date]:
    months, month = [], month_start(start)
    while month <= end:
        months.append(month)
        month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return months


def monthly_load(
    resource_type: str, amount: Decimal, start: date, end: date, rate: Decimal = Decimal(1)
) -> dict[date, Decimal]:
    """What a request of `amount` takes from its unit in each month of its period."""
    months = months_between(start, end)
    if not months:
        return {}
    if resource_type == ResourceType.EXPERT:
        return dict.fromkeys(months, Decimal(amount))
    each = (Decimal(amount) * Decimal(rate) / len(months)).quantize(CENT, ROUND_HALF_UP)
    return dict.fromkeys(months, each)


def planning_rates() -> tuple[str, dict[str, Decimal]]:
    base = PortfolioSettings.load().base_currency
    rates = dict(ExchangeRate.objects.values_list("currency", "rate"))
    rates[base] = Decimal(1)
    return base, rates


def _rate_for(resource_type: str, currency: str, rates: dict[str, Decimal]) -> Decimal | None:
    if resource_type != ResourceType.BUDGET:
        return Decimal(1)
    return rates.get(currency)


def granted_by_month(
    unit_id: int, resource_type: str, months: Iterable[date], *, exclude_pk: int | None = None
) -> dict[date, Decimal]:
    """What the unit has already granted of `resource_type` in each of `months`."""
    wanted = sorted(set(months))
    totals = dict.fromkeys(wanted, ZERO)
    if not wanted:
        return totals
    _base, rates = planning_rates()
    granted = ResourceRequest.objects.filter(
        business_unit_id=unit_id,
        resource_type=resource_type,
        status__in=GRANTED_STATES,
        period_start__lte=_month_end(wanted[-1]),
        period_end__gte=wanted[0],
    )
    if exclude_pk is not None:
        granted = granted.exclude(pk=exclude_pk)
    for row in granted.values_list("granted_amount", "period_start", "period_end", "currency"):
        amount, start, end, currency = row
        rate = _rate_for(resource_type, currency, rates) or Decimal(1)
        for month, load in monthly_load(resource_type, amount or ZERO, start, end, rate).items():
            if month in totals:
                totals[month] += load
    return totals


def _month_end(month: date) -> date:
    following = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return date.fromordinal(following.toordinal() - 1)


def capacity_shortfalls(request: ResourceRequest, granted: Decimal) -> list[tuple[date, Decimal]]:
    """The months where granting `granted` would exceed the unit's remaining capacity,
    with what remains there (negative: already over)."""
    _base, rates = planning_rates()
    rate = _rate_for(request.resource_type, request.currency, rates)
    if rate is None:
        raise ValidationError(
            {
                "granted_amount": [
                    _(
                        "There is no planning rate for {currency}: set it on the portfolio page."
                    ).format(currency=request.currency)
                ]
            }
        )
    load = monthly_load(
        request.resource_type, granted, request.period_start, request.period_end, rate
    )
    capacity = dict(
        UnitCapacity.objects.filter(
            business_unit_id=request.business_unit_id,
            resource_type=request.resource_type,
            month__in=list(load),
        ).values_list("month", "amount")
    )
    used = granted_by_month(
        request.business_unit_id, request.resource_type, load, exclude_pk=request.pk
    )
    short = []
    for month, need in sorted(load.items()):
        remaining = capacity.get(month, ZERO) - used[month]
        if need > remaining:
            short.append((month, remaining))
    return short
