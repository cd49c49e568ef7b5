"""A small portfolio over 2025 and 2026 for the KPI tests (today: 2026-12-05).

world.account (owner's, strategic since 2024): revenue 1000 / GP 400 in 2025-05, 1200 /
GP 500 in 2026-05. world.other_account (outsider's, regular since 2024): 500 in 2025-05,
nothing in 2026 (lost). A prospect of the director's `newbie`: first sale 300 in 2026-03,
with 3 hours of the director's time at 50.00/h in 2026-02 (150).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

from keyplan.accounts.models import Account
from keyplan.economics.models import HourlyCost
from keyplan.sales.models import MonthlyRollup
from keyplan.stakeholders.models import TimeEntry

D = Decimal
TODAY = date(2026, 12, 5)
LONG_AGO = datetime(2024, 1, 1, tzinfo=UTC)


def sale(account, month, revenue, cost):
    MonthlyRollup.objects.create(
        account=account, month=month, currency="PLN", revenue=D(revenue), cost=D(cost), lines=1
    )


def backdate(account) -> None:
    """The account's history as if it had been created on 2024-01-01 in its class."""
    Account.history.filter(id=account.pk).update(history_date=LONG_AGO)


def books(world) -> Account:
    world.other_account.account_class = "regular"
    world.other_account.save()
    for account in (world.account, world.other_account):
        backdate(account)
    sale(world.account, date(2025, 5, 1), "1000", "600")
    sale(world.account, date(2026, 5, 1), "1200", "700")
    sale(world.other_account, date(2025, 5, 1), "500", "400")
    newbie = Account.objects.create(
        name="Newbie SA", account_class="prospect", owner=world.director
    )
    sale(newbie, date(2026, 3, 1), "300", "100")
    HourlyCost.objects.create(
        person=world.director, amount=D("50"), currency="PLN", valid_from=date(2020, 1, 1)
    )
    TimeEntry.objects.create(
        user=world.director, account=newbie, spent_on=date(2026, 2, 5), minutes=180
    )
    return newbie
