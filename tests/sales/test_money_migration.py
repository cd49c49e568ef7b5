"""sales 0004: existing amounts (integer cents) become integer ten-thousandths (x 100),
exactly; the reverse divides them back."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from keyplan.sales.models import InvoiceLine, MonthlyRollup, WalletEstimate
from tests.factories import AccountFactory

BEFORE = [("sales", "0003_money_owner")]
AFTER = [("sales", "0004_money_scale_4")]


def _migrate(targets) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


def _raw(sql: str) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return [tuple(int(v) for v in row) for row in cursor.fetchall()]


@pytest.mark.django_db(transaction=True)
def test_existing_cents_are_multiplied_by_100():
    account = AccountFactory()
    try:
        _migrate(BEFORE)
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO sales_invoiceline (account_id, document_number, line_key, date, "
                "product_line, quantity, revenue, cost, currency) "
                "VALUES (%s, 'FV/1', '1', '2024-01-15', '', 1, 123450, -5, 'PLN')",
                [account.pk],
            )
            cursor.execute(
                "INSERT INTO sales_monthlyrollup (account_id, month, business_unit_key, "
                "product_line, currency, revenue, cost, quantity, lines) "
                "VALUES (%s, '2024-01-01', 0, '', 'PLN', 123450, -5, 1, 1)",
                [account.pk],
            )
            cursor.execute(
                "INSERT INTO portfolio_walletestimate (account_id, category_spend, currency, "
                "source, updated_at) VALUES (%s, 99, 'PLN', '', CURRENT_TIMESTAMP)",
                [account.pk],
            )
        _migrate(AFTER)
        assert _raw("SELECT revenue, cost FROM sales_invoiceline") == [(12_345_000, -500)]
        assert _raw("SELECT revenue, cost FROM sales_monthlyrollup") == [(12_345_000, -500)]
        line = InvoiceLine.objects.get()
        assert (line.revenue, line.cost) == (Decimal("1234.50"), Decimal("-0.05"))
        assert MonthlyRollup.objects.get().revenue == Decimal("1234.50")
        assert WalletEstimate.objects.get().category_spend == Decimal("0.99")

        _migrate(BEFORE)  # and back: cents again
        assert _raw("SELECT revenue, cost FROM sales_invoiceline") == [(123_450, -5)]
        assert _raw("SELECT category_spend FROM portfolio_walletestimate") == [(99,)]
    finally:
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
