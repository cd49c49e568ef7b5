"""A declining account for the warnings tests, relative to today (the pages read the facts
at the end of the latest sales month, never after today).

world.account: revenue 100 a month in the last 3 sales months against 200 a month in the
same months a year before (orders down 50%: 1200 at stake, annualised), cost 60%; a key
contact without any link (a relationship warning for that person, one for "no links").
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.utils import timezone

from keyplan.sales.figures.domain import add_months
from keyplan.sales.models import MonthlyRollup
from tests.factories import ContactFactory

DECLINING = "declining_orders"


def last_month() -> date:
    return add_months(timezone.localdate().replace(day=1), -1)


def sale(account, month: date, revenue: str) -> None:
    MonthlyRollup.objects.create(
        account=account,
        month=month,
        currency="PLN",
        revenue=Decimal(revenue),
        cost=Decimal(revenue) * Decimal("0.6"),
        lines=1,
    )


def declining(world):
    """Sales as in the module docstring; returns the key contact."""
    last = last_month()
    for back in range(3):
        sale(world.account, add_months(last, -back), "100")
        sale(world.account, add_months(last, -back - 12), "200")
    return ContactFactory(account=world.account, last_name="Boss", authority=5)


def person_key(contact) -> str:
    return f"relationship:person:{contact.pk}"
