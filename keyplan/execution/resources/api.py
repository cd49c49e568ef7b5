"""The resource board over REST. Requests are seen by whoever sees their account and by
the head of the unit they ask; they are filed and changed by the account's writers
(viewers 403) and decided by the unit's head, administrators and directors (others 403).
Capacities are read by every internal user and set by the unit's head and managers.
A stale `updated_at` answers 409.

No `from __future__ import annotations` here: ninja reads the annotations as real types.
"""

from datetime import date

from django.http import Http404
from django.utils import timezone
from ninja import Query, Router, Status

from keyplan.accounts.access import account_for_user
from keyplan.core.api.common import BODY_ERRORS, ERRORS
from keyplan.core.api.schemas import ErrorOut
from keyplan.users.models import BusinessUnit, User

from ..models import ResourceType
from . import selectors, services
from .access import can_set_capacity, request_for_user
from .schemas import (
    BoardPage,
    BoardQuery,
    CapacityIn,
    CapacityOut,
    CapacityQuery,
    CapacitySetOut,
    RequestIn,
    RequestOut,
    RequestPatch,
    ResourceDecisionIn,
    SeenIn,
)

router = Router(tags=["resources"])


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
    access = request_for_user(user, pk)
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
    created = services.request_create(user=user, account=account, data=data)
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
    found = request_for_user(user, request_id, write=True).request
    data = payload.model_dump(exclude_unset=True)
    seen = data.pop("updated_at", None)
    services.request_update(user=user, request=found, data=data, seen_updated_at=seen)
    return _one(user, found.pk)


@router.post(
    "/resource-requests/{request_id}/decision",
    response={200: RequestOut, 409: ErrorOut, **BODY_ERRORS},
    summary="Approve, partly approve or decline (the unit's head, administrators, directors)",
)
def decide_resource_request(request, request_id: int, payload: ResourceDecisionIn):
    user = request.auth
    found = request_for_user(user, request_id, decide=True).request
    services.request_decide(
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
    found = request_for_user(user, request_id, write=True).request
    services.request_withdraw(user=user, request=found, seen_updated_at=payload.updated_at)
    return _one(user, found.pk)


# --- capacity ----------------------------------------------------------------------------


@router.get(
    "/unit-capacities",
    response={200: list[CapacityOut], **ERRORS},
    summary="Units' capacity by month: capacity, granted, asked and remaining",
)
def list_unit_capacities(request, filters: Query[CapacityQuery]):
    user = request.auth
    if filters.unit_id is not None:
        units = [_unit(filters.unit_id)]
    else:
        units = list(BusinessUnit.objects.filter(is_active=True))
    first = (filters.start or timezone.localdate()).replace(day=1)
    months = [first]
    while len(months) < filters.months:
        last = months[-1]
        months.append(date(last.year + last.month // 12, last.month % 12 + 1, 1))
    tables = selectors.capacity_tables(units, months)
    return [
        {
            "unit_id": unit.pk,
            "unit": unit.name,
            "head_id": unit.head_id,
            "can_set": can_set_capacity(user, unit),
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
    cell = services.capacity_set(
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
