"""Helpers of the resource board tests: a unit with a head and capacity, and requests."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from keyplan.execution.models import ResourceRequest, UnitCapacity
from tests.factories import BusinessUnitFactory, UserFactory

START = date(2030, 3, 1)
END = date(2030, 5, 31)


def unit_with_head(code: str = "service", *, head=None, hours: str | None = "100"):
    head = head or UserFactory(username=f"head-{code}", role="team")
    unit = BusinessUnitFactory(code=code, name=code.title(), head=head)
    if hours is not None:
        for month in (date(2030, 3, 1), date(2030, 4, 1), date(2030, 5, 1)):
            UnitCapacity.objects.create(
                business_unit=unit, resource_type="hours", month=month, amount=Decimal(hours)
            )
    return unit


def make_request(account, unit, **fields) -> ResourceRequest:
    values = {
        "account": account,
        "business_unit": unit,
        "resource_type": "hours",
        "amount": Decimal("120"),
        "period_start": START,
        "period_end": END,
        "title": "Line audit",
        "business_case": "Keeps the plant running",
        "currency": account.currency,
        "expected_gross_profit": Decimal("60000"),
        "probability": Decimal("50"),
        "requested_by": account.owner,
    }
    values.update(fields)
    return ResourceRequest.objects.create(**values)


def request_data(unit, **changes) -> dict:
    data = {
        "business_unit_id": unit.pk,
        "resource_type": "hours",
        "amount": Decimal("120"),
        "period_start": START,
        "period_end": END,
        "title": "Line audit",
        "business_case": "Keeps the plant running",
        "expected_gross_profit": Decimal("60000"),
        "probability": Decimal("50"),
    }
    data.update(changes)
    return data
