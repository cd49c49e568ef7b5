"""The resource board over REST. Requests are seen by whoever sees their account and by
the head of the unit they ask; they are filed and changed by the account's writers
(viewers 403) and decided by the unit's head, administrators and directors (others 403).
Capacities are read by every internal user and set by the unit's head and managers.
A stale `updated_at` answers 409.

No `from __future__ import annotations` here: ninja reads the annotations as real types.
"""

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.http import Http404
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status
from pydantic import AwareDatetime

from keyplan.accounts.access import account_for_user
from keyplan.accounts.models import AccountClass
from keyplan.core.api.common import BODY_ERRORS, ERRORS, SEEN
from keyplan.core.api.schemas import MAX_ID, ErrorOut, InputSchema, PatchSchema, Timestamp, Unset
from keyplan.users.models import BusinessUnit, User

from . import resource_selectors as selectors
from . import resources
from .models import RequestStatus, ResourceType

router = Router(tags=["resources"])

AMOUNT = {"gt": 0, "max_digits": 14, "decimal_places": 2}
MONEY = {"max_digits": 14, "decimal_places": 2}


# --- schemas -----------------------------------------------------------------------------


class ComponentOut(Schema):
    key: str
    label: str
    value: Decimal = Field(..., description="0-1")
    weight: Decimal = Field(..., description="The weight as set")
    share: Decimal = Field(..., description="The weight's share of all weights, 0-1")
    points: Decimal = Field(..., description="What it adds to the priority (0-100)")
    missing: bool = Field(..., description="No data: counted as 0")


class RequestOut(Schema):
    id: int
    account_id: int
    account: str
    account_class: str
    business_unit_id: int
    business_unit: str
    resource_type: str
    amount: Decimal
    currency: str
    period_start: date
    period_end: date
    title: str
    business_case: str
    expected_revenue: Decimal | None
    expected_gross_profit: Decimal | None
    probability: Decimal
    goal_id: int | None
    action_id: int | None
    status: str
    granted_amount: Decimal | None
    decision_reason: str
    decided_by_id: int | None
    decided_at: AwareDatetime | None
    requested_by_id: int | None
    rank: int = Field(..., description="Position by priority among the requests listed")
    priority: Decimal = Field(..., description="0-100")
    components: list[ComponentOut]
    can_decide: bool
    created_at: Timestamp
    updated_at: Timestamp


class BoardPage(Schema):
    items: list[RequestOut]
    count: int
    page: int
    page_size: int
    pages: int


class BoardQuery(InputSchema):
    unit_id: int | None = Field(None, ge=1, le=MAX_ID)
    resource_type: ResourceType | None = None
    status: str = Field(
        RequestStatus.PENDING,
        pattern=r"^(pending|approved|partly_approved|declined|withdrawn|all)$",
        description="A status, or `all`",
    )
    account_class: AccountClass | None = None
    sort: str = Field(
        selectors.DEFAULT_SORT,
        pattern=r"^-?(priority|created|amount)$|^account$",
        description="priority (default: the highest first), created, amount, account; "
        "a leading - reverses",
    )
    page: int = Field(1, ge=1, le=1_000_000)
    page_size: int = Field(50, ge=1, le=settings.KEYPLAN_API_MAX_PAGE_SIZE)


class RequestIn(InputSchema):
    account_id: int = Field(..., ge=1, le=MAX_ID)
    business_unit_id: int = Field(..., ge=1, le=MAX_ID)
    resource_type: ResourceType
    amount: Decimal = Field(..., **AMOUNT)
    period_start: date
    period_end: date
    title: str = Field(..., max_length=255)
    business_case: str = Field("", max_length=20_000)
    expected_revenue: Decimal | None = Field(None, **MONEY)
    expected_gross_profit: Decimal | None = Field(None, **MONEY)
    probability: Decimal = Field(Decimal(50), ge=0, le=100, max_digits=5, decimal_places=2)
    goal_id: int | None = Field(None, ge=1, le=MAX_ID)
    action_id: int | None = Field(None, ge=1, le=MAX_ID)


class RequestPatch(PatchSchema):
    NULLABLE = frozenset(
        {"updated_at", "expected_revenue", "expected_gross_profit", "goal_id", "action_id"}
    )

    business_unit_id: int | Unset = Field(None, ge=1, le=MAX_ID)
    resource_type: ResourceType | Unset = None
    amount: Decimal | Unset = Field(None, **AMOUNT)
    period_start: date | Unset = None
    period_end: date | Unset = None
    title: str | Unset = Field(None, max_length=255)
    business_case: str | Unset = Field(None, max_length=20_000)
    expected_revenue: Decimal | None = Field(None, **MONEY)
    expected_gross_profit: Decimal | None = Field(None, **MONEY)
    probability: Decimal | Unset = Field(None, ge=0, le=100, max_digits=5, decimal_places=2)
    goal_id: int | None = Field(None, ge=1, le=MAX_ID)
    action_id: int | None = Field(None, ge=1, le=MAX_ID)
    updated_at: AwareDatetime | None = SEEN


class DecisionIn(InputSchema):
    decision: str = Field(..., pattern=r"^(approved|partly_approved|declined)$")
    granted_amount: Decimal | None = Field(
        None, **AMOUNT, description="Only for partly_approved: more than 0, less than asked"
    )
    reason: str = Field("", max_length=20_000, description="Required unless approved")
    over_capacity: bool = Field(
        False, description="Approve beyond the unit's capacity (administrators, directors)"
    )
    updated_at: AwareDatetime | None = SEEN


class SeenIn(InputSchema):
    updated_at: AwareDatetime | None = SEEN


class CapacityQuery(InputSchema):
    unit_id: int | None = Field(None, ge=1, le=MAX_ID, description="Default: every active unit")
    start: date | None = Field(None, description="A day of the first month (default: now)")
    months: int = Field(6, ge=1, le=24)


class CapacityCellOut(Schema):
    resource_type: str
    month: date
    capacity: Decimal | None
    granted: Decimal
    pending: Decimal
    remaining: Decimal
    updated_at: AwareDatetime | None


class CapacityOut(Schema):
    unit_id: int
    unit: str
    head_id: int | None
    can_set: bool
    cells: list[CapacityCellOut]


class CapacityIn(InputSchema):
    unit_id: int = Field(..., ge=1, le=MAX_ID)
    resource_type: ResourceType
    month: date = Field(..., description="Any day of the month")
    amount: Decimal = Field(..., ge=0, max_digits=14, decimal_places=2)
    updated_at: AwareDatetime | None = SEEN


class CapacitySetOut(Schema):
    unit_id: int
    resource_type: str
    month: date
    amount: Decimal
    updated_at: Timestamp


# --- helpers -----------------------------------------------------------------------------


def _out(row: selectors.BoardRow) -> dict:
    found = row.request
    return {
        "id": found.pk,
        "account_id": found.account_id,
        "account": found.account.name,
        "account_class": found.account.account_class,
        "business_unit_id": found.business_unit_id,
        "business_unit": found.business_unit.name,
        "resource_type": found.resource_type,
        "amount": found.amount,
        "currency": found.currency,
        "period_start": found.period_start,
        "period_end": found.period_end,
        "title": found.title,
        "business_case": found.business_case,
        "expected_revenue": found.expected_revenue,
        "expected_gross_profit": found.expected_gross_profit,
        "probability": found.probability,
        "goal_id": found.goal_id,
        "action_id": found.action_id,
        "status": found.status,
        "granted_amount": found.granted_amount,
        "decision_reason": found.decision_reason,
        "decided_by_id": found.decided_by_id,
        "decided_at": found.decided_at,
        "requested_by_id": found.requested_by_id,
        "rank": row.rank,
        "priority": row.priority.score,
        "components": [
            {
                "key": c.key,
                "label": str(selectors.COMPONENT_LABELS[c.key]),
                "value": c.value,
                "weight": c.weight,
                "share": c.share,
                "points": c.points,
                "missing": c.missing,
            }
            for c in row.priority.components
        ],
        "can_decide": row.can_decide,
        "created_at": found.created_at,
        "updated_at": found.updated_at,
    }


def _one(user: User, pk: int) -> dict:
    access = resources.request_for_user(user, pk)
    row = selectors.request_priority(access.request)
    row.can_decide = access.can_decide
    return _out(row)


def _unit(pk: int) -> BusinessUnit:
    unit = BusinessUnit.objects.filter(pk=pk, is_active=True).select_related("head").first()
    if unit is None:
        raise Http404
    return unit


# --- requests ----------------------------------------------------------------------------


@router.get(
    "/resource-requests",
    response={200: BoardPage, **ERRORS},
    summary="The resource board: requests ranked by priority, with the components",
)
def list_resource_requests(request, filters: Query[BoardQuery]):
    user = request.auth
    rows = selectors.board(
        user,
        selectors.BoardFilters(
            unit=filters.unit_id,
            resource_type=filters.resource_type or "",
            status=filters.status,
            account_class=filters.account_class or "",
            sort=filters.sort,
        ),
    )
    start = (filters.page - 1) * filters.page_size
    return {
        "items": [_out(row) for row in rows[start : start + filters.page_size]],
        "count": len(rows),
        "page": filters.page,
        "page_size": filters.page_size,
        "pages": max(1, -(-len(rows) // filters.page_size)),
    }


@router.post(
    "/resource-requests",
    response={201: RequestOut, **BODY_ERRORS},
    summary="File a request for experts, hours or budget with its business case",
)
def create_resource_request(request, payload: RequestIn):
    user = request.auth
    data = payload.model_dump()
    account = account_for_user(user, data.pop("account_id"), write=True).account
    created = resources.request_create(user=user, account=account, data=data)
    return Status(201, _one(user, created.pk))


@router.get(
    "/resource-requests/{request_id}",
    response={200: RequestOut, **ERRORS},
    summary="One request with its priority",
)
def get_resource_request(request, request_id: int):
    return _one(request.auth, request_id)


@router.patch(
    "/resource-requests/{request_id}",
    response={200: RequestOut, 409: ErrorOut, **BODY_ERRORS},
    summary="Change a request that waits for a decision",
)
def update_resource_request(request, request_id: int, payload: RequestPatch):
    user = request.auth
    found = resources.request_for_user(user, request_id, write=True).request
    data = payload.model_dump(exclude_unset=True)
    seen = data.pop("updated_at", None)
    resources.request_update(user=user, request=found, data=data, seen_updated_at=seen)
    return _one(user, found.pk)


@router.post(
    "/resource-requests/{request_id}/decision",
    response={200: RequestOut, 409: ErrorOut, **BODY_ERRORS},
    summary="Approve, partly approve or decline (the unit's head, administrators, directors)",
)
def decide_resource_request(request, request_id: int, payload: DecisionIn):
    user = request.auth
    found = resources.request_for_user(user, request_id, decide=True).request
    resources.request_decide(
        user=user,
        request=found,
        decision=payload.decision,
        granted_amount=payload.granted_amount,
        reason=payload.reason,
        seen_updated_at=payload.updated_at,
        over_capacity=payload.over_capacity,
    )
    return _one(user, found.pk)


@router.post(
    "/resource-requests/{request_id}/withdraw",
    response={200: RequestOut, 409: ErrorOut, **BODY_ERRORS},
    summary="Withdraw a request that waits for a decision",
)
def withdraw_resource_request(request, request_id: int, payload: SeenIn):
    user = request.auth
    found = resources.request_for_user(user, request_id, write=True).request
    resources.request_withdraw(user=user, request=found, seen_updated_at=payload.updated_at)
    return _one(user, found.pk)


# --- capacity ----------------------------------------------------------------------------


@router.get(
    "/unit-capacities",
    response={200: list[CapacityOut], **ERRORS},
    summary="Units' capacity by month: capacity, granted, asked and remaining",
)
def list_unit_capacities(request, filters: Query[CapacityQuery]):
    user = request.auth
    units = BusinessUnit.objects.filter(is_active=True)
    if filters.unit_id is not None:
        units = [_unit(filters.unit_id)]
    first = (filters.start or timezone.localdate()).replace(day=1)
    months = [first]
    while len(months) < filters.months:
        last = months[-1]
        months.append(date(last.year + last.month // 12, last.month % 12 + 1, 1))
    units = list(units)
    tables = selectors.capacity_tables(units, months)
    return [
        {
            "unit_id": unit.pk,
            "unit": unit.name,
            "head_id": unit.head_id,
            "can_set": resources.can_set_capacity(user, unit),
            "cells": [
                {
                    "resource_type": cell.resource_type,
                    "month": cell.month,
                    "capacity": cell.capacity,
                    "granted": cell.granted,
                    "pending": cell.pending,
                    "remaining": cell.remaining,
                    "updated_at": cell.capacity_updated_at,
                }
                for kind in ResourceType.values
                for cell in tables[unit.pk][kind]
            ],
        }
        for unit in units
    ]


@router.put(
    "/unit-capacities",
    response={200: CapacitySetOut, 409: ErrorOut, **BODY_ERRORS},
    summary="Set a unit's capacity of one resource for one month",
)
def set_unit_capacity(request, payload: CapacityIn):
    user = request.auth
    unit = _unit(payload.unit_id)
    cell = resources.capacity_set(
        user=user,
        unit=unit,
        resource_type=payload.resource_type,
        month=payload.month,
        amount=payload.amount,
        seen_updated_at=payload.updated_at,
    )
    return {
        "unit_id": unit.pk,
        "resource_type": cell.resource_type,
        "month": cell.month,
        "amount": cell.amount,
        "updated_at": cell.updated_at,
    }
