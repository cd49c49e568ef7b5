"""Payments imported with an invoice date (the generic preset's "Invoice date" column) keep
it, re-importing changes nothing, and the cash figures use it."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from keyplan.sales.cash.selectors import account_cash
from keyplan.sales.models import Payment
from tests.imports.support import counts, run, write_csv


def test_invoice_date_is_imported_and_used(tmp_path, world):
    path = write_csv(
        tmp_path / "payments.csv",
        [
            ["Document", "Customer ID", "Invoice date", "Due date", "Paid date", "Amount"],
            ["FV/1", world.account.external_id, "2026-05-01", "2026-05-31", "", "100.1234"],
            ["FV/2", world.account.external_id, "2026-07-01", "2026-07-31", "", "50"],
        ],
    )
    summary = run("payments", str(path))
    assert counts(summary) == (2, 2, 0, 0, 0)
    stored = dict(Payment.objects.values_list("document_number", "invoice_date"))
    assert stored == {"FV/1": date(2026, 5, 1), "FV/2": date(2026, 7, 1)}
    again = run("payments", str(path))
    assert again["created"] == 0 and again["updated"] == 0
    cash = account_cash(None, as_of=date(2026, 6, 30), base="PLN").values[world.account.pk]
    assert cash.open == Decimal("100.1234")  # FV/2 was issued after the date
    assert cash.overdue == Decimal("100.1234")
