"""Helpers for the My work tests: checkpoints, resource requests and notifications."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from keyplan.execution.models import (
    Checkpoint,
    CheckpointAnswer,
    Notification,
    RequestStatus,
    ResourceRequest,
)
from tests.factories import BusinessUnitFactory


def checkpoint(account, *, kind="saa", period_start=None, due_on=None) -> Checkpoint:
    today = timezone.localdate()
    return Checkpoint.objects.create(
        account=account,
        kind=kind,
        period_start=period_start or today.replace(day=1),
        due_on=due_on or today + timedelta(days=2),
    )


def answer(cp: Checkpoint, user, element="information", score=4) -> CheckpointAnswer:
    return CheckpointAnswer.objects.create(checkpoint=cp, user=user, element=element, score=score)


def unit(head=None, code="service"):
    made = BusinessUnitFactory(code=code, name=code.title())
    made.head = head
    made.save()
    return made


def request(account, business_unit, requested_by, **data) -> ResourceRequest:
    today = timezone.localdate()
    values = {
        "resource_type": "hours",
        "amount": Decimal("40"),
        "period_start": today,
        "period_end": today + timedelta(days=60),
        "title": "Two weeks of an application engineer",
        "currency": account.currency,
        "status": RequestStatus.PENDING,
        **data,
    }
    return ResourceRequest.objects.create(
        account=account, business_unit=business_unit, requested_by=requested_by, **values
    )


def decided(account, business_unit, requested_by, *, days_ago=1, **data) -> ResourceRequest:
    req = request(
        account,
        business_unit,
        requested_by,
        status=data.pop("status", RequestStatus.APPROVED),
        granted_amount=data.pop("granted_amount", Decimal("40")),
        decided_at=timezone.now() - timedelta(days=days_ago),
        **data,
    )
    return req


def notice(user, title="Something", *, read=False, **data) -> Notification:
    return Notification.objects.create(
        user=user,
        kind=data.pop("kind", "assignment"),
        title=title,
        read_at=timezone.now() if read else None,
        **data,
    )


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())
