"""sales 0008 and portfolio 0006: the invoice lines, rollups and scores keep only the
indexes that reads use; the single-column foreign-key indexes Django made in earlier
migrations are dropped by their names (the reverse makes them again)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("sales", "0007_service_cost"), ("portfolio", "0005_archive")]
AFTER = [
    ("sales", "0008_lines_without_single_fk_indexes"),
    ("portfolio", "0006_score_without_account_index"),
]
TABLES = ("sales_invoiceline", "sales_monthlyrollup", "portfolio_accountscore")
DROPPED = {
    ("portfolio_accountscore", ("account_id",)),
    ("sales_invoiceline", ("account_id",)),
    ("sales_invoiceline", ("business_unit_id",)),
    ("sales_invoiceline", ("product_id",)),
    ("sales_monthlyrollup", ("account_id",)),
}


def _migrate(targets) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


def _plain_indexes() -> set[tuple[str, tuple[str, ...]]]:
    """(table, columns) of each index that is neither unique nor a primary key."""
    found = set()
    with connection.cursor() as cursor:
        for table in TABLES:
            constraints = connection.introspection.get_constraints(cursor, table)
            for info in constraints.values():
                if info["index"] and not info["unique"] and not info["primary_key"]:
                    found.add((table, tuple(info["columns"])))
    return found


@pytest.mark.django_db
def test_lines_and_rollups_have_only_the_indexes_reads_use():
    indexes = _plain_indexes()
    assert not DROPPED & indexes
    assert ("sales_invoiceline", ("account_id", "date")) in indexes
    figures = ("month", "account_id", "currency", "revenue", "cost")
    assert ("sales_monthlyrollup", figures) in indexes
    assert ("portfolio_accountscore", ("criterion_id",)) in indexes


@pytest.mark.django_db(transaction=True)
def test_the_migration_drops_the_indexes_django_made_and_the_reverse_makes_them():
    try:
        _migrate(BEFORE)
        assert _plain_indexes() >= DROPPED  # the names in 0008 are the ones Django gave
        _migrate(AFTER)
        assert not DROPPED & _plain_indexes()
    finally:
        _migrate([(app, leaf) for app, leaf in _leaves() if app in ("sales", "portfolio")])


def _leaves() -> list[tuple[str, str]]:
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()
