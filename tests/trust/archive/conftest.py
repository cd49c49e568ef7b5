"""Fixtures of the archive tests: the fixture account with sales, a plan and a snapshot."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from keyplan.portfolio.models import Snapshot, SnapshotRow
from keyplan.sales.models import InvoiceLine, MonthlyRollup, Payment

MARCH = date(2024, 3, 1)


@pytest.fixture
def sold(world):
    """world.account with an invoice line, a payment, a monthly rollup and a row in a
    past portfolio snapshot; the other account sells too."""
    account = world.account
    InvoiceLine.objects.create(
        account=account,
        document_number="FV/1",
        line_key="1",
        date=MARCH,
        revenue=Decimal("1000.0000"),
        cost=Decimal("600.0000"),
        currency="PLN",
    )
    Payment.objects.create(
        account=account,
        document_number="FV/1",
        payment_key="1",
        amount=Decimal("1000"),
        currency="PLN",
    )
    for acc, revenue in ((account, "1000"), (world.other_account, "3000")):
        MonthlyRollup.objects.create(
            account=acc,
            month=MARCH,
            currency="PLN",
            revenue=Decimal(revenue),
            cost=Decimal("0"),
            lines=1,
        )
    snapshot = Snapshot.objects.create(
        metric="revenue", date_from=MARCH, date_to=date(2024, 3, 31), currency="PLN"
    )
    SnapshotRow.objects.create(
        snapshot=snapshot,
        account=account,
        account_name=account.name,
        revenue=Decimal("1000"),
        gross_profit=Decimal("400"),
        rank=2,
        class_before="strategic",
        class_after="regular",
    )
    world.snapshot = snapshot
    return world
