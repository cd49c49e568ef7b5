"""Invoice import benchmark: keyplan's import against a plain bulk load, in the same run.

    .venv/bin/python bench/import_bench.py --lines N [--db sqlite|postgres|both] [--json]

Generates a synthetic invoice CSV (generic preset columns; 100,000 customers with
Pareto-skewed sizes, ~3 years of dates, 200 products in 10 product lines and 5 business
units, 1-5 lines per document) into a temporary directory, then for each database:

* keyplan: `python -m keyplan.cli migrate` (timed, not counted), then
  `python -m keyplan.cli import invoices FILE --format json` in a subprocess against a
  fresh database: its wall time gives rows/s and its own ru_maxrss (os.wait4) the peak
  RSS. The JSON summary and the stored lines and monthly rollups are checked against what
  was generated.
* reference: the same file into a plain 12-column text table in a fresh database:
  PostgreSQL `COPY ... FROM STDIN (FORMAT csv, HEADER true)` streamed through psycopg;
  SQLite `executemany` in batches inside one transaction.

* floor: the lines keyplan stored, copied as they are into a copy of keyplan's own
  invoice-line table (its indexes and foreign keys included) the reference's way
  (executemany on SQLite, COPY on PostgreSQL): the fastest any importer could store
  them in keyplan's schema. floor/reference bounds the ratio an import can reach.

With --xlsx, an XLSX copy of the same lines (typed cells, written by openpyxl, not timed)
is also imported into a fresh database, verified the same way, and its time compared
with the CSV's (target <= 2.0x).

It prints rows/s, the ratio keyplan/reference and the peak RSS against the targets
(>= 0.5x COPY on PostgreSQL, >= 0.5x executemany on SQLite, <= 512 MB). Missing a target
still exits 0 (a benchmark, not a test); a failed import or verification exits 1.
See bench/README.md.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import secrets
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field, replace
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
TARGET_RATIO = {"postgres": 0.5, "sqlite": 0.5}  # issue 15: SQLite restated from 1.0x
TARGET_RSS_MB = 512.0
TARGET_XLSX_RATIO = 2.0  # an XLSX copy of the file takes at most 2x the CSV's time
DEFAULT_PG_URL = "postgres://postgres@127.0.0.1:5432/postgres"
HEADER = [
    "Document",
    "Line",
    "Date",
    "Customer ID",
    "Customer name",
    "Product code",
    "Product name",
    "Category",
    "Business unit",
    "Quantity",
    "Revenue",
    "Cost",
]
PLAIN_TABLE = (
    "CREATE TABLE plain (document text, line text, date text, customer text, "
    "customer_name text, product text, product_name text, category text, unit text, "
    "quantity text, revenue text, cost text)"
)
CATEGORIES = [
    "Fasteners",
    "Bearings",
    "Hydraulics",
    "Pneumatics",
    "Seals",
    "Tools",
    "Abrasives",
    "Lubricants",
    "Safety",
    "Electrical",
]
UNITS = ["Industrial", "Automotive", "Energy", "Construction", "Aftermarket"]
N_PRODUCTS = 200
FIRST_DAY = dt.date(2022, 1, 1)
N_DAYS = 1096  # ~3 years
CHUNK_LINES = 50_000


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# --- generating the file --------------------------------------------------------------


@dataclass
class Generated:
    path: Path
    lines: int
    customers: int  # distinct customers that occur in the file
    documents: int
    revenue_minor: int
    cost_minor: int
    size_bytes: int
    seconds: float


MINOR_PER_UNIT = 10_000  # keyplan stores amounts as integer ten-thousandths (exactly)


def _money(minor: int) -> str:
    """An amount in ten-thousandths as keyplan prints it: two places for whole cents,
    otherwise the exact three or four (amounts here are not negative)."""
    units, fraction = divmod(minor, MINOR_PER_UNIT)
    if fraction % 100 == 0:
        return f"{units}.{fraction // 100:02d}"
    return f"{units}.{fraction:04d}".rstrip("0")


def generate(path: Path, lines: int, customers: int, seed: int) -> Generated:
    """Write the CSV in chunks (numpy for the random draws, csv.writer for the text), so
    memory stays flat at any size. Documents come in date order, as exports do."""
    import numpy as np

    started = time.perf_counter()
    rng = np.random.default_rng(seed)
    # Customer sizes: Pareto (alpha 1.16, the "80/20" shape), the largest capped so that
    # one customer cannot take the whole file at small sizes.
    weights = rng.pareto(1.16, customers) + 1.0
    np.minimum(weights, np.quantile(weights, 0.9999), out=weights)
    cumulative = np.cumsum(weights)
    cumulative /= cumulative[-1]
    seen = np.zeros(customers, dtype=bool)
    customer_ids = [f"C{i:06d}" for i in range(1, customers + 1)]
    customer_names = [f"Customer {i:06d}" for i in range(1, customers + 1)]
    # Products: a Zipf-like popularity, a list price each, a product line (category) and
    # the line's business unit.
    popularity = 1.0 / np.arange(1, N_PRODUCTS + 1) ** 0.8
    product_cumulative = np.cumsum(popularity) / popularity.sum()
    # List prices in ten-thousandths: unit prices with up to four decimals, as ERP
    # exports have them.
    prices = rng.integers(50_000, 5_000_000, N_PRODUCTS)
    products = []
    for p in range(N_PRODUCTS):
        category = CATEGORIES[p % len(CATEGORIES)]
        unit = UNITS[(p % len(CATEGORIES)) // 2]
        products.append((f"P{p + 1:04d}", f"{category} item {p + 1:03d}", category, unit))
    days = [(FIRST_DAY + dt.timedelta(days=d)).isoformat() for d in range(N_DAYS)]

    revenue_total = cost_total = 0
    document = 0
    written = 0
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(HEADER)
        while written < lines:
            k = min(CHUNK_LINES, lines - written)
            per_doc = rng.integers(1, 6, k)
            ends = np.cumsum(per_doc)
            n_docs = int(np.searchsorted(ends, k)) + 1
            per_doc = per_doc[:n_docs]
            per_doc[-1] -= int(ends[n_docs - 1]) - k  # the chunk ends with a whole document
            starts = np.cumsum(per_doc) - per_doc
            doc_of_line = np.repeat(np.arange(n_docs), per_doc)
            line_no = (np.arange(k) - starts[doc_of_line] + 1).tolist()
            doc_customer = np.searchsorted(cumulative, rng.random(n_docs), side="right")
            np.minimum(doc_customer, customers - 1, out=doc_customer)
            seen[doc_customer] = True
            doc_day = ((written + starts) * N_DAYS // lines).tolist()
            product = np.searchsorted(product_cumulative, rng.random(k), side="right")
            np.minimum(product, N_PRODUCTS - 1, out=product)
            quantity = rng.integers(1, 100, k)
            discount = rng.integers(0, 16, k)  # percent
            revenue = quantity * prices[product] * (100 - discount) // 100
            # About half the lines are whole cents (invoiced totals), the others keep the
            # four decimals of a discounted unit price; costs are four-decimal unit costs.
            revenue = np.where(rng.random(k) < 0.5, revenue // 100 * 100, revenue)
            cost = revenue * rng.integers(55, 86, k) // 100
            revenue_total += int(revenue.sum())
            cost_total += int(cost.sum())
            doc_customer_l = doc_customer.tolist()
            doc_of_line_l = doc_of_line.tolist()
            first_doc = document
            rows = []
            append = rows.append
            for d, ln, p, q, r, c in zip(
                doc_of_line_l,
                line_no,
                product.tolist(),
                quantity.tolist(),
                revenue.tolist(),
                cost.tolist(),
                strict=True,
            ):
                cust = doc_customer_l[d]
                code, name, category, unit = products[p]
                append(
                    (
                        f"INV{first_doc + d + 1:09d}",
                        ln,
                        days[doc_day[d]],
                        customer_ids[cust],
                        customer_names[cust],
                        code,
                        name,
                        category,
                        unit,
                        q,
                        _money(r),
                        _money(c),
                    )
                )
            writer.writerows(rows)
            document += n_docs
            written += k
    return Generated(
        path=path,
        lines=lines,
        customers=int(seen.sum()),
        documents=document,
        revenue_minor=revenue_total,
        cost_minor=cost_total,
        size_bytes=path.stat().st_size,
        seconds=time.perf_counter() - started,
    )


# --- running keyplan --------------------------------------------------------------------


@dataclass
class Run:
    seconds: float
    cpu_seconds: float  # user + system time of the child
    returncode: int
    maxrss_mb: float
    stdout: str
    stderr: str


def run_child(args: list[str], env: dict[str, str], workdir: Path, name: str) -> Run:
    """Run a subprocess; its own peak RSS comes from os.wait4 (this child only)."""
    out_path, err_path = workdir / f"{name}.out", workdir / f"{name}.err"
    with out_path.open("wb") as out, err_path.open("wb") as err:
        started = time.perf_counter()
        proc = subprocess.Popen(args, stdout=out, stderr=err, env=env, cwd=ROOT)
        _pid, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    factor = 1024 if sys.platform != "darwin" else 1  # kB on Linux, bytes on macOS
    return Run(
        seconds=seconds,
        cpu_seconds=usage.ru_utime + usage.ru_stime,
        returncode=proc.returncode,
        maxrss_mb=usage.ru_maxrss * factor / 1024 / 1024,
        stdout=out_path.read_text(errors="replace"),
        stderr=err_path.read_text(errors="replace"),
    )


def keyplan_env(data_dir: Path, database_url: str | None) -> dict[str, str]:
    env = dict(os.environ)
    env["KEYPLAN_DATA_DIR"] = str(data_dir)
    env["DJANGO_SETTINGS_MODULE"] = "keyplan.settings.dev"
    env["KEYPLAN_DEBUG"] = "0"  # DEBUG would keep every query in memory
    env.pop("KEYPLAN_DATABASE_URL", None)
    if database_url:
        env["KEYPLAN_DATABASE_URL"] = database_url
    return env


def import_supports_batch_size(env: dict[str, str], workdir: Path) -> bool:
    run = run_child(
        [sys.executable, "-m", "keyplan.cli", "import", "--help"], env, workdir, "import-help"
    )
    return "--batch-size" in run.stdout


@dataclass
class Result:
    db: str
    lines: int
    keyplan_seconds: float = 0.0
    keyplan_cpu_seconds: float = 0.0
    keyplan_rows_per_s: float = 0.0
    migrate_seconds: float = 0.0
    keyplan_peak_rss_mb: float = 0.0
    reference: str = ""
    reference_seconds: float = 0.0
    reference_rows_per_s: float = 0.0
    ratio: float = 0.0
    target_ratio: float = 0.0
    ratio_pass: bool = False
    target_rss_mb: float = TARGET_RSS_MB
    rss_pass: bool = False
    ok: bool = False  # the import succeeded and everything it stored was verified
    problems: list[str] = field(default_factory=list)
    summary: dict = field(default_factory=dict)
    # --xlsx: the same lines as an XLSX file, imported into a fresh database
    xlsx_seconds: float = 0.0
    xlsx_ratio: float = 0.0  # XLSX import time / CSV import time
    xlsx_pass: bool = False
    # The floor: the lines keyplan stored, copied as they are (already converted, ids
    # resolved) into a copy of keyplan's own invoice-line table with its indexes and
    # foreign keys, the way the reference loads its plain table. No importer can store
    # lines in keyplan's schema faster: floor_ratio bounds the ratio any import reaches.
    floor_seconds: float = 0.0
    floor_rows_per_s: float = 0.0
    floor_ratio: float = 0.0


def run_keyplan(
    result: Result, gen: Generated, workdir: Path, database_url: str | None, batch_size: int | None
) -> None:
    data_dir = workdir / "data"
    data_dir.mkdir()
    env = keyplan_env(data_dir, database_url)
    log(f"[{result.db}] keyplan migrate …")
    migrate = run_child(
        [sys.executable, "-m", "keyplan.cli", "migrate", "--noinput", "--verbosity", "0"],
        env,
        workdir,
        "migrate",
    )
    result.migrate_seconds = migrate.seconds
    if migrate.returncode != 0:
        result.problems.append(f"migrate failed (exit {migrate.returncode}): {tail(migrate)}")
        return
    command = [
        sys.executable,
        "-m",
        "keyplan.cli",
        "import",
        "invoices",
        str(gen.path),
        "--format",
        "json",
    ]
    if batch_size is not None:
        if import_supports_batch_size(env, workdir):
            command += ["--batch-size", str(batch_size)]
        else:
            log(f"[{result.db}] note: `keyplan import` has no --batch-size; keyplan uses its own")
    log(f"[{result.db}] keyplan import of {gen.lines:,} lines …")
    run = run_child(command, env, workdir, "import")
    result.keyplan_seconds = run.seconds
    result.keyplan_cpu_seconds = run.cpu_seconds
    result.keyplan_rows_per_s = gen.lines / run.seconds
    result.keyplan_peak_rss_mb = run.maxrss_mb
    if run.returncode != 0:
        result.problems.append(f"import failed (exit {run.returncode}): {tail(run)}")
        return
    try:
        summary = json.loads(run.stdout.strip().splitlines()[-1])
    except (ValueError, IndexError):
        result.problems.append(f"import printed no JSON summary: {tail(run)}")
        return
    result.summary = summary
    expected = {
        "rows_read": gen.lines,
        "created": gen.lines,
        "updated": 0,
        "unchanged": 0,
        "rejected": 0,
        "revenue_total": _money(gen.revenue_minor),
        "cost_total": _money(gen.cost_minor),
    }
    for key, want in expected.items():
        if summary.get(key) != want:
            result.problems.append(f"summary {key} = {summary.get(key)!r}, expected {want!r}")
    stored = stored_totals(result.db, data_dir, database_url)
    want_stored = {
        "invoice lines": gen.lines,
        "rollup lines": gen.lines,
        "rollup revenue": gen.revenue_minor,
        "rollup cost": gen.cost_minor,
        "accounts": gen.customers,
    }
    for key, want in want_stored.items():
        if stored[key] != want:
            result.problems.append(f"stored {key} = {stored[key]}, expected {want}")


STORED_SQL = {
    "invoice lines": "SELECT count(*) FROM sales_invoiceline",
    "rollup lines": "SELECT coalesce(sum(lines), 0) FROM sales_monthlyrollup",
    "rollup revenue": "SELECT coalesce(sum(revenue), 0) FROM sales_monthlyrollup",
    "rollup cost": "SELECT coalesce(sum(cost), 0) FROM sales_monthlyrollup",
    "accounts": "SELECT count(*) FROM accounts_account",
}


def write_xlsx(gen: Generated, path: Path) -> float:
    """The generated CSV as an XLSX workbook with typed cells, as spreadsheets save them
    (line and quantity as integers, the date as a date, amounts as exact decimal numbers);
    returns the seconds it took (not measured against anything)."""
    from openpyxl import Workbook

    started = time.perf_counter()
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Invoices")
    with gen.path.open(newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle)
        sheet.append(next(reader))
        for text in reader:
            row: list[object] = list(text)
            row[1], row[9] = int(text[1]), int(text[9])  # line, quantity
            row[2] = dt.date.fromisoformat(text[2])
            row[10], row[11] = Decimal(text[10]), Decimal(text[11])  # revenue, cost
            sheet.append(row)
    book.save(path)
    return time.perf_counter() - started


def run_xlsx(
    result: Result, gen: Generated, workdir: Path, database_url: str | None, batch_size: int | None
) -> None:
    """Import the XLSX copy into a fresh database and compare its time with the CSV's."""
    copy = Result(db=result.db, lines=result.lines)
    run_keyplan(
        copy, replace(gen, path=gen.path.with_suffix(".xlsx")), workdir, database_url, batch_size
    )
    result.xlsx_seconds = copy.keyplan_seconds
    result.problems += [f"xlsx: {problem}" for problem in copy.problems]
    if result.keyplan_seconds and copy.keyplan_seconds:
        result.xlsx_ratio = copy.keyplan_seconds / result.keyplan_seconds


def stored_totals(db: str, data_dir: Path, database_url: str | None) -> dict[str, int]:
    if db == "sqlite":
        uri = f"file:{data_dir / 'keyplan.sqlite3'}?mode=ro"
        conn = sqlite3.connect(uri, uri=True)
        try:
            return {k: int(conn.execute(sql).fetchone()[0]) for k, sql in STORED_SQL.items()}
        finally:
            conn.close()
    import psycopg

    assert database_url
    with psycopg.connect(database_url) as conn:
        return {k: int(conn.execute(sql).fetchone()[0]) for k, sql in STORED_SQL.items()}


def tail(run: Run, lines: int = 15) -> str:
    text = (run.stderr.strip() or run.stdout.strip()).splitlines()
    return "\n".join(text[-lines:])


# --- references -------------------------------------------------------------------------


def reference_sqlite(result: Result, gen: Generated, workdir: Path, batch_size: int) -> None:
    """A plain executemany into a plain table, one transaction (the same journal settings
    as keyplan's SQLite connection: WAL, synchronous=NORMAL)."""
    log(f"[sqlite] reference: executemany of {gen.lines:,} lines …")
    path = workdir / "reference.sqlite3"
    started = time.perf_counter()
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute(PLAIN_TABLE)
        conn.execute("BEGIN")
        insert = "INSERT INTO plain VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        with gen.path.open(newline="", encoding="utf-8") as handle:
            reader = csv.reader(handle)
            next(reader)
            batch: list[list[str]] = []
            for row in reader:
                batch.append(row)
                if len(batch) >= batch_size:
                    conn.executemany(insert, batch)
                    batch = []
            if batch:
                conn.executemany(insert, batch)
        conn.execute("COMMIT")
        result.reference_seconds = time.perf_counter() - started
        count = conn.execute("SELECT count(*) FROM plain").fetchone()[0]
    finally:
        conn.close()
    result.reference = f"executemany (batches of {batch_size:,}, one transaction)"
    if count != gen.lines:
        result.problems.append(f"reference table holds {count} rows, expected {gen.lines}")


def reference_postgres(result: Result, gen: Generated, database_url: str) -> None:
    import psycopg

    log(f"[postgres] reference: COPY of {gen.lines:,} lines …")
    with psycopg.connect(database_url) as conn:
        conn.execute(PLAIN_TABLE)
        conn.commit()
        started = time.perf_counter()
        with (
            conn.cursor() as cursor,
            cursor.copy("COPY plain FROM STDIN WITH (FORMAT csv, HEADER true)") as copy,
            gen.path.open("rb") as handle,
        ):
            while chunk := handle.read(1024 * 1024):
                copy.write(chunk)
        conn.commit()
        result.reference_seconds = time.perf_counter() - started
        count = conn.execute("SELECT count(*) FROM plain").fetchone()[0]
    result.reference = "COPY FROM STDIN (csv)"
    if count != gen.lines:
        result.problems.append(f"reference table holds {count} rows, expected {gen.lines}")


# --- the floor: keyplan's own table, nothing else ------------------------------------

FLOOR_CHUNK = 50_000


def copy_floor_sqlite(path: Path, table: str, batch_size: int = 5000) -> tuple[float, int]:
    """(seconds, rows): `table`'s rows (every column but the id), read in chunks (not
    timed) and inserted with executemany (timed) into a copy of the table made from its
    own DDL, indexes and foreign keys included, in one transaction (keyplan's connection
    settings: WAL, synchronous=NORMAL, foreign keys on). The copy is dropped again. Also
    used by bench/segmentation_bench.py for the data scores."""
    copy_table = f"bench_floor_{table}"
    read = sqlite3.connect(path)
    write = sqlite3.connect(path, isolation_level=None)
    try:
        write.execute("PRAGMA journal_mode=WAL")
        write.execute("PRAGMA synchronous=NORMAL")
        write.execute("PRAGMA foreign_keys=ON")
        ddl = read.execute(
            "SELECT type, name, sql FROM sqlite_master WHERE tbl_name = ? AND sql IS NOT NULL "
            "ORDER BY type DESC",  # the table, then its indexes
            [table],
        ).fetchall()
        write.execute(f"DROP TABLE IF EXISTS {copy_table}")
        for kind, name, sql in ddl:
            sql = sql.replace(f'"{table}"', f'"{copy_table}"')
            if kind == "index":
                sql = sql.replace(f'"{name}"', f'"floor_{name}"', 1)
            write.execute(sql)
        columns = [row[1] for row in read.execute(f"PRAGMA table_info({table})") if row[1] != "id"]
        names = ", ".join(columns)
        marks = ", ".join("?" * len(columns))
        insert = f"INSERT INTO {copy_table} ({names}) VALUES ({marks})"
        source = read.execute(f"SELECT {names} FROM {table} ORDER BY id")
        seconds = 0.0
        write.execute("BEGIN")
        while rows := source.fetchmany(FLOOR_CHUNK):
            started = time.perf_counter()
            for start in range(0, len(rows), batch_size):
                write.executemany(insert, rows[start : start + batch_size])
            seconds += time.perf_counter() - started
        started = time.perf_counter()
        write.execute("COMMIT")
        seconds += time.perf_counter() - started
        count = write.execute(f"SELECT count(*) FROM {copy_table}").fetchone()[0]
        write.execute(f"DROP TABLE {copy_table}")
    finally:
        read.close()
        write.close()
    return seconds, count


def copy_floor_postgres(database_url: str, table: str) -> tuple[float, int]:
    """(seconds, rows): `table`'s rows (every column but the id), read in chunks through a
    server-side cursor (not timed) and written with COPY FROM STDIN (timed) into `CREATE
    TABLE ... (LIKE table INCLUDING ALL)` plus the same foreign keys, in one transaction;
    dropped again."""
    import psycopg

    copy_table = f"bench_floor_{table}"
    with psycopg.connect(database_url) as read, psycopg.connect(database_url) as write:
        columns = [
            name
            for (name,) in write.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = %s "
                "AND column_name <> 'id' ORDER BY ordinal_position",
                [table],
            )
        ]
        names = ", ".join(columns)
        write.execute(f"DROP TABLE IF EXISTS {copy_table}")
        write.execute(f"CREATE TABLE {copy_table} (LIKE {table} INCLUDING ALL)")
        foreign_keys = write.execute(
            "SELECT pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = %s::regclass AND contype = 'f'",
            [table],
        ).fetchall()
        for n, (definition,) in enumerate(foreign_keys):
            write.execute(f"ALTER TABLE {copy_table} ADD CONSTRAINT floor_fk_{n} {definition}")
        write.commit()
        seconds = 0.0
        with (
            read.cursor(name="floor_source") as source,
            write.cursor() as cursor,
            cursor.copy(f"COPY {copy_table} ({names}) FROM STDIN") as copy,
        ):
            source.execute(f"SELECT {names} FROM {table} ORDER BY id")
            while rows := source.fetchmany(FLOOR_CHUNK):
                started = time.perf_counter()
                for row in rows:
                    copy.write_row(row)
                seconds += time.perf_counter() - started
            started = time.perf_counter()  # the end of the COPY, then the commit
        write.commit()
        seconds += time.perf_counter() - started
        count = write.execute(f"SELECT count(*) FROM {copy_table}").fetchone()[0]
        write.execute(f"DROP TABLE {copy_table}")
        write.commit()
    return seconds, count


def floor_lines(result: Result, data_dir: Path | None, database_url: str | None) -> None:
    """The floor of the import: the stored invoice lines into a copy of their table."""
    log(f"[{result.db}] floor: the stored lines into a copy of keyplan's table …")
    if database_url:
        seconds, count = copy_floor_postgres(database_url, "sales_invoiceline")
    else:
        assert data_dir is not None
        seconds, count = copy_floor_sqlite(data_dir / "keyplan.sqlite3", "sales_invoiceline")
    if count != result.lines:
        result.problems.append(f"floor table holds {count} rows, expected {result.lines}")
        return
    result.floor_seconds = seconds
    result.floor_rows_per_s = count / seconds if seconds else 0.0


# --- PostgreSQL databases ---------------------------------------------------------------


class Postgres:
    """Creates fresh databases on the server and drops them again."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.created: list[str] = []

    def reachable(self) -> str | None:
        """None when the server answers, else why not."""
        try:
            import psycopg
        except ImportError as exc:
            return f"psycopg is not installed ({exc})"
        try:
            psycopg.connect(self.url, connect_timeout=5, autocommit=True).close()
        except Exception as exc:
            return str(exc).strip().splitlines()[0] if str(exc).strip() else repr(exc)
        return None

    def create(self, suffix: str) -> str:
        import psycopg

        name = f"keyplan_bench_{os.getpid()}_{secrets.token_hex(3)}_{suffix}"
        with psycopg.connect(self.url, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        self.created.append(name)
        parts = urlsplit(self.url)
        return urlunsplit(parts._replace(path=f"/{name}"))

    def drop_all(self) -> None:
        import psycopg

        with psycopg.connect(self.url, autocommit=True) as conn:
            for name in self.created:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self.created.clear()


def redacted(url: str) -> str:
    """The URL without its password, for messages."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    user = f"{parts.username}:***@" if parts.username else ":***@"
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    port = f":{parts.port}" if parts.port else ""
    return urlunsplit(parts._replace(netloc=f"{user}{host}{port}"))


# --- report -----------------------------------------------------------------------------


def finish(result: Result) -> None:
    result.ok = not result.problems
    if result.reference_seconds:
        result.reference_rows_per_s = result.lines / result.reference_seconds
    if result.keyplan_rows_per_s and result.reference_rows_per_s:
        result.ratio = result.keyplan_rows_per_s / result.reference_rows_per_s
    if result.floor_rows_per_s and result.reference_rows_per_s:
        result.floor_ratio = result.floor_rows_per_s / result.reference_rows_per_s
    result.target_ratio = TARGET_RATIO[result.db]
    result.ratio_pass = result.ok and result.ratio >= result.target_ratio
    result.rss_pass = result.ok and 0 < result.keyplan_peak_rss_mb <= TARGET_RSS_MB
    result.xlsx_pass = result.ok and 0 < result.xlsx_ratio <= TARGET_XLSX_RATIO


def table(results: list[Result]) -> str:
    head = (
        "db",
        "lines",
        "keyplan rows/s",
        "reference rows/s",
        "ratio",
        "target",
        "ratio ok",
        "floor rows/s",
        "floor ratio",
        "peak RSS MB",
        "RSS ok",
        "xlsx/csv time",
    )
    rows = [head]
    for r in results:
        rows.append(
            (
                r.db,
                f"{r.lines:,}",
                f"{r.keyplan_rows_per_s:,.0f}",
                f"{r.reference_rows_per_s:,.0f}",
                f"{r.ratio:.2f}x",
                f">= {r.target_ratio:.1f}x",
                "pass" if r.ratio_pass else "FAIL",
                f"{r.floor_rows_per_s:,.0f}" if r.floor_rows_per_s else "-",
                f"{r.floor_ratio:.2f}x" if r.floor_ratio else "-",
                f"{r.keyplan_peak_rss_mb:,.0f}",
                "pass" if r.rss_pass else "FAIL",
                (
                    f"{r.xlsx_ratio:.2f}x (<= {TARGET_XLSX_RATIO:.1f}x "
                    f"{'pass' if r.xlsx_pass else 'FAIL'})"
                    if r.xlsx_seconds
                    else "-"
                ),
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(head))]
    lines = []
    for n, row in enumerate(rows):
        cells = [
            c.ljust(w) if i == 0 else c.rjust(w)
            for i, (c, w) in enumerate(zip(row, widths, strict=True))
        ]
        lines.append("  ".join(cells))
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def details(gen: Generated, results: list[Result], load: tuple[float, float]) -> str:
    out = [
        f"machine: {os.cpu_count()} CPUs, 1-minute load average {load[0]:.1f} before and "
        f"{load[1]:.1f} after (other work on the machine slows both sides unevenly)",
        f"file: {gen.lines:,} lines, {gen.documents:,} documents, {gen.customers:,} customers, "
        f"{gen.size_bytes / 1024 / 1024:,.1f} MB; generated in {gen.seconds:.1f} s (not measured)",
    ]
    for r in results:
        out.append(
            f"{r.db}: keyplan import {r.keyplan_seconds:.1f} s wall, "
            f"{r.keyplan_cpu_seconds:.1f} s CPU (migrate {r.migrate_seconds:.1f} s, not "
            f"counted); reference {r.reference} {r.reference_seconds:.1f} s"
            + (f"; the XLSX copy {r.xlsx_seconds:.1f} s" if r.xlsx_seconds else "")
            + (
                f"; floor (the stored lines into a copy of keyplan's table) {r.floor_seconds:.1f} s"
                if r.floor_seconds
                else ""
            )
        )
        for problem in r.problems:
            out.append(f"{r.db}: ERROR {problem}")
    return "\n".join(out)


# --- main -------------------------------------------------------------------------------


def positive(text: str) -> int:
    value = int(text.replace("_", "").replace(",", ""))
    if value <= 0:
        raise argparse.ArgumentTypeError("must be a positive integer")
    return value


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Benchmark `keyplan import invoices` against COPY (PostgreSQL) and "
        "executemany (SQLite) on a synthetic invoice CSV.",
    )
    parser.add_argument("--lines", type=positive, default=100_000, help="invoice lines (N)")
    parser.add_argument(
        "--customers", type=positive, default=100_000, help="customers (capped to --lines)"
    )
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--keep", action="store_true", help="keep temp dirs and databases")
    parser.add_argument(
        "--batch-size",
        type=positive,
        default=None,
        help="rows per executemany batch of the SQLite reference (default 5000); also passed "
        "to `keyplan import` when it has a --batch-size option",
    )
    parser.add_argument(
        "--pg-url",
        default=os.environ.get("KEYPLAN_BENCH_POSTGRES_URL", DEFAULT_PG_URL),
        help="a PostgreSQL server URL (its database is used to create and drop the bench's "
        f"own databases); default $KEYPLAN_BENCH_POSTGRES_URL or {DEFAULT_PG_URL}",
    )
    parser.add_argument("--tmp-dir", help="where the temporary files go (default: system)")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument(
        "--xlsx",
        action="store_true",
        help="also import an XLSX copy of the same lines into a fresh database and compare "
        f"its time with the CSV's (target <= {TARGET_XLSX_RATIO:.1f}x)",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    customers = min(args.customers, args.lines)
    dbs = ["sqlite", "postgres"] if args.db == "both" else [args.db]
    ci = os.environ.get("CI", "").strip().lower() == "true"
    pg = Postgres(args.pg_url)
    skipped: dict[str, str] = {}
    if "postgres" in dbs:
        why = pg.reachable()
        if why is not None:
            message = f"PostgreSQL unreachable at {redacted(args.pg_url)}: {why}"
            if ci:
                log(f"FAIL: CI=true and {message}")
                return 1
            log(f"SKIP postgres: {message}")
            skipped["postgres"] = message
            dbs.remove("postgres")
    if not dbs:
        log("Nothing to run.")
        return 0 if not ci else 1

    load_before = os.getloadavg()[0]
    workdir = Path(tempfile.mkdtemp(prefix="keyplan-bench-", dir=args.tmp_dir))
    results: list[Result] = []
    try:
        log(f"generating {args.lines:,} lines for {customers:,} customers (seed {args.seed}) …")
        gen = generate(workdir / "invoices.csv", args.lines, customers, args.seed)
        log(
            f"generated {gen.size_bytes / 1024 / 1024:,.1f} MB in {gen.seconds:.1f} s "
            f"({gen.documents:,} documents, {gen.customers:,} customers)"
        )
        if args.xlsx:
            log("writing an XLSX copy (not measured) …")
            log(f"written in {write_xlsx(gen, gen.path.with_suffix('.xlsx')):.1f} s")
        for db in dbs:
            result = Result(db=db, lines=gen.lines)
            results.append(result)
            dbdir = workdir / db
            dbdir.mkdir()
            try:
                if db == "sqlite":
                    run_keyplan(result, gen, dbdir, None, args.batch_size)
                    reference_sqlite(result, gen, dbdir, args.batch_size or 5000)
                    if result.summary:  # the import stored its lines
                        floor_lines(result, dbdir / "data", None)
                else:
                    url = pg.create("keyplan")
                    run_keyplan(result, gen, dbdir, url, args.batch_size)
                    reference_postgres(result, gen, pg.create("copy"))
                    if result.summary:
                        floor_lines(result, None, url)
                if args.xlsx:
                    xlsx_dir = dbdir / "xlsx"
                    xlsx_dir.mkdir()
                    url = pg.create("xlsx") if db == "postgres" else None
                    log(f"[{db}] the same lines as XLSX:")
                    run_xlsx(result, gen, xlsx_dir, url, args.batch_size)
            except Exception as exc:  # report it with the rest, and keep going
                result.problems.append(f"{type(exc).__name__}: {exc}")
            finish(result)
            if not args.keep:
                shutil.rmtree(dbdir, ignore_errors=True)
                if pg.created:
                    pg.drop_all()
    finally:
        if args.keep:
            log(f"kept: {workdir}" + (f"; databases {', '.join(pg.created)}" if pg.created else ""))
        else:
            shutil.rmtree(workdir, ignore_errors=True)
            if pg.created:
                pg.drop_all()

    load = (load_before, os.getloadavg()[0])
    if args.json:
        print(
            json.dumps(
                {
                    "lines": gen.lines,
                    "customers": gen.customers,
                    "documents": gen.documents,
                    "file_mb": round(gen.size_bytes / 1024 / 1024, 1),
                    "generate_seconds": round(gen.seconds, 2),
                    "cpus": os.cpu_count(),
                    "load_average_1min": {"before": load[0], "after": load[1]},
                    "skipped": skipped,
                    "results": [asdict(r) for r in results],
                },
                indent=2,
            )
        )
    else:
        print(table(results))
        print()
        print(details(gen, results, load))
        for db, why in skipped.items():
            print(f"{db}: skipped ({why})")
    return 0 if all(r.ok for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
