"""Killing an import half-way leaves whole batches and matching rollups; the job is then
reported interrupted with what it committed, and re-running the import completes it. Runs
the real CLI in a subprocess on a file SQLite database (the test settings' database is in
memory, which another process cannot see)."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]
ROWS = 60_000
BATCH = 5000  # ImportOptions.batch_size
ACCOUNTS = 37


def _env(data_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KEYPLAN_", "DJANGO_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="keyplan.settings.dev",
        KEYPLAN_DATA_DIR=str(data_dir),
        PYTHONPATH=str(REPO),
    )
    return env


def _keyplan(env, *args: str, **kwargs) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "keyplan.cli", *args],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        **kwargs,
    )


def _write_file(path: Path) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        f.write(
            "document,line,date,account_external_id,account_name,product_code,quantity,"
            "revenue,cost\n"
        )
        for i in range(ROWS):
            account = i % ACCOUNTS
            f.write(
                f"INV-{i // 4:06d},{i % 4 + 1},2024-{i % 12 + 1:02d}-{i % 28 + 1:02d},"
                f"C-{account},Customer {account},P-{i % 13},{i % 7 + 1},"
                f"{(i * 37) % 100_000 / 100:.2f},{(i * 13) % 50_000 / 100:.2f}\n"
            )


def _read(db: Path, sql: str) -> list[tuple]:
    connection = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
    try:
        return connection.execute(sql).fetchall()
    finally:
        connection.close()


def _lines(db: Path) -> int:
    try:
        return _read(db, "SELECT COUNT(*) FROM sales_invoiceline")[0][0]
    except sqlite3.OperationalError:  # locked for a moment, or not there yet
        return 0


def _assert_consistent(db: Path) -> int:
    """Lines and rollups agree per (account, month, unit, product line, currency)."""
    from_lines = _read(
        db,
        "SELECT account_id, substr(date, 1, 7) || '-01', COALESCE(business_unit_id, 0), "
        "product_line, currency, SUM(revenue), SUM(cost), COUNT(*) FROM sales_invoiceline "
        "GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5",
    )
    from_rollups = _read(
        db,
        "SELECT account_id, month, business_unit_key, product_line, currency, revenue, cost, "
        "lines FROM sales_monthlyrollup WHERE lines != 0 ORDER BY 1, 2, 3, 4, 5",
    )
    assert from_lines == from_rollups
    assert _read(db, "SELECT COUNT(*) FROM sales_monthlyrollup WHERE lines = 0") == [(0,)]
    return _read(db, "SELECT COUNT(*) FROM sales_invoiceline")[0][0]


def test_kill_mid_import_then_rerun(tmp_path):
    env = _env(tmp_path)
    db = tmp_path / "keyplan.sqlite3"
    source = tmp_path / "invoices.csv"
    _write_file(source)
    migrate = _keyplan(env, "migrate", "-v", "0")
    out, err = migrate.communicate(timeout=300)  # a backstop: CI machines get busy
    assert migrate.returncode == 0, err

    process = _keyplan(env, "import", "invoices", str(source), "--format", "json")
    try:
        deadline = time.monotonic() + 120
        while _lines(db) == 0:
            assert process.poll() is None, process.communicate()[1]
            assert time.monotonic() < deadline, "no batch committed within 120 s"
            time.sleep(0.02)
        process.send_signal(signal.SIGKILL)
        process.communicate(timeout=10)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode == -signal.SIGKILL

    committed = _assert_consistent(db)
    assert 0 < committed < ROWS, "the import ended before the kill: make the file bigger"
    assert committed % BATCH == 0  # whole batches only
    # The job's counters were committed with the batches they count; nobody has looked yet.
    job = _read(db, "SELECT status, created, rows_read FROM imports_importjob")
    assert job == [("running", committed, committed)]
    assert _read(db, "SELECT COUNT(*) FROM accounts_account") == [(ACCOUNTS,)]

    # Whoever looks now is told it was interrupted, with what it committed and how to resume.
    listing = _keyplan(env, "import", "jobs", "--format", "json")
    out, err = listing.communicate(timeout=180)
    assert listing.returncode == 0, err
    (killed,) = json.loads(out)["jobs"]
    assert killed["status"] == "interrupted"
    assert (killed["rows_read"], killed["created"], killed["rejected"]) == (committed, committed, 0)
    assert f"{committed:,} rows read, {committed:,} created" in killed["message"]
    assert f"keyplan import invoices {source}" in killed["message"]
    job = _read(db, "SELECT status, created, rows_read FROM imports_importjob")
    assert job == [("interrupted", committed, committed)]

    rerun = _keyplan(env, "import", "invoices", str(source), "--format", "json")
    out, err = rerun.communicate(timeout=300)
    assert rerun.returncode == 0, err
    summary = json.loads(out)
    assert summary["status"] == "succeeded"
    jobs = _read(db, "SELECT id, status, created FROM imports_importjob ORDER BY id")
    assert jobs == [
        (killed["id"], "interrupted", committed),
        (summary["job"], "succeeded", ROWS - committed),
    ]
    assert (summary["rows_read"], summary["rejected"]) == (ROWS, 0)
    assert summary["unchanged"] == committed
    assert summary["created"] == ROWS - committed
    assert summary["updated"] == 0
    assert _assert_consistent(db) == ROWS
    assert _read(db, "SELECT COUNT(*) FROM accounts_account") == [(ACCOUNTS,)]
    # Stored as integer ten-thousandths (keyplan.core.fields): cents * 100.
    expected = sum((i * 37) % 100_000 * 100 for i in range(ROWS))
    assert _read(db, "SELECT SUM(revenue) FROM sales_invoiceline") == [(expected,)]
