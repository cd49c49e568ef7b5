"""Payment items for the cash tests."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from itertools import count

from keyplan.sales.models import Payment

_documents = count(1)
AS_OF = date(2026, 6, 30)


def pay(account, *, due, paid=None, amount="100", currency="PLN", invoiced=None) -> Payment:
    return Payment.objects.create(
        account=account,
        document_number=f"CASH/{next(_documents)}",
        payment_key="1",
        invoice_date=invoiced,
        due_date=due,
        paid_date=paid,
        amount=Decimal(amount),
        currency=currency,
    )


def ledger(world) -> None:
    """world.account: 150.0001 open of which 100 over 90 days; other_account: 40 open."""
    pay(world.account, due=date(2026, 1, 1), amount="100")
    pay(world.account, due=date(2026, 7, 10), amount="50.0001")
    pay(world.account, due=date(2026, 3, 1), paid=date(2026, 3, 21), amount="200")
    pay(world.other_account, due=date(2026, 6, 10), amount="40")
