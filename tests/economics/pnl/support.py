"""A small portfolio with sales, service costs, time and receivables for the P&L tests.

world.account (owner's): revenue 1000, GP 400 in 2026-05; 50 of logistics; 3 hours of the
owner's time at 20.0000/h (60); 365 open all period long at 10% a year.
world.other_account (outsider's): revenue 100, GP 10; 200 of rebates: loses money.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from keyplan.economics.models import EconomicsSettings, HourlyCost
from keyplan.sales.figures.domain import Period
from keyplan.sales.models import MonthlyRollup, Payment, ServiceCost
from keyplan.stakeholders.models import TimeEntry

D = Decimal
MAY = Period(date(2026, 5, 1), date(2026, 5, 31))


def sale(account, month, revenue, cost):
    MonthlyRollup.objects.create(
        account=account, month=month, currency="PLN", revenue=D(revenue), cost=D(cost), lines=1
    )


def books(world) -> None:
    sale(world.account, date(2026, 5, 1), "1000", "600")
    sale(world.other_account, date(2026, 5, 1), "100", "90")
    ServiceCost.objects.create(
        account=world.account,
        date=date(2026, 5, 10),
        category="logistics",
        amount=D("50"),
        currency="PLN",
    )
    ServiceCost.objects.create(
        account=world.other_account,
        date=date(2026, 5, 12),
        category="rebates",
        amount=D("200"),
        currency="PLN",
    )
    HourlyCost.objects.create(
        person=world.owner, amount=D("20"), currency="PLN", valid_from=date(2026, 1, 1)
    )
    TimeEntry.objects.create(
        user=world.owner, account=world.account, spent_on=date(2026, 5, 5), minutes=180
    )
    settings = EconomicsSettings.load()
    settings.cost_of_capital = D("10.00")
    settings.save()
    Payment.objects.create(
        account=world.account,
        document_number="FV/PNL/1",
        payment_key="1",
        invoice_date=date(2026, 4, 1),
        due_date=date(2026, 5, 1),
        amount=D("365"),
        currency="PLN",
    )
