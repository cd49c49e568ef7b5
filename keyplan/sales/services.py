"""The monthly rollups of the invoice lines (one row per account, month, business unit,
product line and currency, amounts in minor units): kept current by the writers of invoice
lines (`apply_rollup_deltas`, inside their transaction) and rebuilt from the lines on
demand (`rollup_rebuild`, `keyplan rollup rebuild`)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import Count, Sum
from django.db.models.functions import TruncMonth

from keyplan.core.dataversion import bump
from keyplan.core.db import bulk_insert, uses_psycopg3
from keyplan.core.fields import to_minor

from .models import InvoiceLine, MonthlyRollup

ZERO = Decimal(0)


def apply_rollup_deltas(deltas: dict[tuple, list]) -> None:
    """Add (or, with negative values, subtract) totals into MonthlyRollup, atomically per
    key with INSERT ... ON CONFLICT DO UPDATE (same SQL on SQLite and PostgreSQL)."""
    rows = [
        (account, month, unit, line, currency, rev, cost, qty, n)
        for (account, month, unit, line, currency), (rev, cost, qty, n) in deltas.items()
        if rev or cost or qty or n
    ]
    if not rows:
        return
    bump("sales.monthlyrollup")  # the cached analyses read the rollups
    table = connection.ops.quote_name(MonthlyRollup._meta.db_table)
    # Only quoted table and column names from the models are interpolated; values are bound.
    sql = (
        f"INSERT INTO {table} (account_id, month, business_unit_key, product_line, currency, "  # noqa: S608
        "revenue, cost, quantity, lines) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s) "
        "ON CONFLICT (account_id, month, business_unit_key, product_line, currency) DO UPDATE SET "
        f"revenue = {table}.revenue + excluded.revenue, cost = {table}.cost + excluded.cost, "
        f"quantity = {table}.quantity + excluded.quantity, lines = {table}.lines + excluded.lines"
    )
    # A group whose last line moved away (a corrected date, account...) is deleted, as
    # `rollup_rebuild` would not produce it.
    emptied = [row[:5] for row in rows if row[8] < 0]
    if len(rows) > 50 and uses_psycopg3():
        _apply_rollup_deltas_copy(table, rows)
    else:
        with connection.cursor() as cursor:
            cursor.executemany(sql, rows)
    with connection.cursor() as cursor:
        if emptied:
            cursor.executemany(
                f"DELETE FROM {table} WHERE account_id = %s AND month = %s AND "  # noqa: S608
                "business_unit_key = %s AND product_line = %s AND currency = %s AND lines = 0",
                emptied,
            )


_DELTA_TABLE = "keyplan_rollup_delta"
_ROLLUP_KEY = "account_id, month, business_unit_key, product_line, currency"
_ROLLUP_COLUMNS = (*_ROLLUP_KEY.split(", "), "revenue", "cost", "quantity", "lines")


def _apply_rollup_deltas_copy(table: str, rows: list[tuple]) -> None:
    """PostgreSQL: COPY the deltas into a temporary table, then one INSERT ... SELECT ...
    ON CONFLICT DO UPDATE (the keys of `rows` are unique, as the statement needs)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TEMPORARY TABLE IF NOT EXISTS {_DELTA_TABLE} (account_id bigint, "
            "month date, business_unit_key bigint, product_line varchar(100), "
            "currency varchar(3), revenue bigint, cost bigint, quantity numeric, "
            "lines integer) ON COMMIT DELETE ROWS"
        )
        cursor.execute(f"DELETE FROM {_DELTA_TABLE}")  # noqa: S608
    bulk_insert(
        _DELTA_TABLE,
        _ROLLUP_COLUMNS,
        rows,
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({_ROLLUP_KEY}, revenue, cost, quantity, lines) "  # noqa: S608
            f"SELECT {_ROLLUP_KEY}, revenue, cost, quantity, lines FROM {_DELTA_TABLE} "
            f"ON CONFLICT ({_ROLLUP_KEY}) DO UPDATE SET "
            f"revenue = {table}.revenue + excluded.revenue, cost = {table}.cost + excluded.cost, "
            f"quantity = {table}.quantity + excluded.quantity, "
            f"lines = {table}.lines + excluded.lines"
        )


def rollup_rebuild(*, progress: Callable[[int], object] | None = None) -> int:
    """Recompute every monthly rollup from the invoice lines, in one transaction."""
    with transaction.atomic():
        MonthlyRollup.objects.all().delete()
        bump("sales.monthlyrollup")
        deltas: dict[tuple, list] = defaultdict(lambda: [0, 0, ZERO, 0])
        rows = (
            InvoiceLine.objects.annotate(month=TruncMonth("date"))
            .values("account_id", "month", "business_unit_id", "product_line", "currency")
            .annotate(r=Sum("revenue"), c=Sum("cost"), q=Sum("quantity"), n=Count("pk"))
            .order_by()
        )
        for count, row in enumerate(rows.iterator(chunk_size=5000), start=1):
            key = (
                row["account_id"],
                row["month"],
                row["business_unit_id"] or 0,
                row["product_line"],
                row["currency"],
            )
            entry = deltas[key]
            entry[0] += to_minor(row["r"] or 0)
            entry[1] += to_minor(row["c"] or 0)
            entry[2] += Decimal(row["q"] or 0)
            entry[3] += row["n"]
            if len(deltas) >= 5000:
                apply_rollup_deltas(dict(deltas))
                deltas.clear()
                if progress:
                    progress(count)
        apply_rollup_deltas(dict(deltas))
    return MonthlyRollup.objects.count()
