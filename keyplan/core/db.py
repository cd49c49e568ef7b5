"""Set-based writes on Django's connection, for the paths that insert many rows (imports,
score sheets, snapshots)."""

from __future__ import annotations

from django.db import connection


def uses_psycopg3() -> bool:
    """PostgreSQL through psycopg 3 (which has COPY from Python rows)."""
    if connection.vendor != "postgresql":
        return False
    connection.ensure_connection()
    return type(connection.connection).__module__.partition(".")[0] == "psycopg"


def bulk_insert(table: str, columns: list[str] | tuple[str, ...], rows: list[tuple]) -> None:
    """Insert rows into a table: COPY on PostgreSQL (psycopg 3), executemany elsewhere.
    Runs on Django's connection, so inside the caller's transaction."""
    if not rows:
        return
    quoted = connection.ops.quote_name(table)
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    if uses_psycopg3():
        with (
            connection.connection.cursor() as cursor,
            cursor.copy(f"COPY {quoted} ({names}) FROM STDIN") as copy,
        ):
            write_row = copy.write_row
            for row in rows:
                write_row(row)
        return
    marks = ", ".join(["%s"] * len(columns))
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {quoted} ({names}) VALUES ({marks})", rows)  # noqa: S608


ANALYSIS_LIMIT = 1000  # rows sampled per index: approximate statistics, in milliseconds


def refresh_statistics() -> None:
    """Give SQLite's query planner statistics after bulk writes (imports, the demo).

    Without them SQLite guesses, and for a KAM's account list it walked the index on
    `archived_at` (every live account) instead of the owner and team indexes: 19 ms
    instead of 0.2 ms a query at 100,000 accounts. `analysis_limit` samples each index,
    so this takes milliseconds even for millions of invoice lines. PostgreSQL's
    autovacuum keeps its own statistics."""
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute(f"PRAGMA analysis_limit={ANALYSIS_LIMIT}")
        cursor.execute("ANALYZE")
