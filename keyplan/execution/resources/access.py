"""Who sees, changes and decides resource requests, and who sets a unit's capacity.

- visible_requests(user): the requests of the accounts `user` sees, plus those addressed
  to a unit they head (the one documented exception to the access rule:
  `keyplan.accounts.access.resource_request_units`);
- request_for_user(user, pk, *, write=False, decide=False) -> RequestAccess: 404 alike for
  missing and forbidden, 403 for a request seen but not to be changed or decided;
- can_decide(user, unit_head_id), can_set_capacity(user, unit): administrators and
  directors for any unit, a unit's head for their unit.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from keyplan.accounts.access import active_user, resource_request_units, visible_accounts
from keyplan.core.web import parse_pk
from keyplan.portfolio.access import can_manage_portfolio
from keyplan.users.models import BusinessUnit

from ..models import ResourceRequest


def can_decide(user, unit_head_id: int | None) -> bool:
    """Administrators and directors decide for any unit; a unit's head for their unit."""
    active = active_user(user)
    if active is None or not active.is_internal:
        return False
    return can_manage_portfolio(active) or (unit_head_id is not None and unit_head_id == active.pk)


def can_set_capacity(user, unit: BusinessUnit) -> bool:
    return can_decide(user, unit.head_id)


def visible_requests(user) -> QuerySet[ResourceRequest]:
    """Requests of the accounts `user` sees, plus those addressed to a unit they head
    (`resource_request_units`: the exception, documented there)."""
    active = active_user(user)
    if active is None or not active.is_internal:
        return ResourceRequest.objects.none()
    if can_manage_portfolio(active):
        return ResourceRequest.objects.all()
    return ResourceRequest.objects.filter(
        Q(account__in=visible_accounts(active))
        | Q(business_unit__in=resource_request_units(active))
    )


class RequestAccess:
    __slots__ = ("can_decide", "can_write", "request")

    def __init__(self, request: ResourceRequest, *, can_write: bool, can_decide: bool) -> None:
        self.request = request
        self.can_write = can_write
        self.can_decide = can_decide


def request_for_user(
    user, pk: object, *, write: bool = False, decide: bool = False
) -> RequestAccess:
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
