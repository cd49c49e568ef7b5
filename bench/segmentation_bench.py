"""Portfolio segmentation benchmark: keyplan's Pareto + classes + data-driven scores against
DuckDB computing the same Pareto and classes over a Parquet copy of the same lines.

    .venv/bin/python bench/segmentation_bench.py --quick                      # CI-sized
    .venv/bin/python bench/segmentation_bench.py --database both --sizes 1000000,3000000

For each size (invoice lines) the import benchmark's generator (bench/import_bench.py)
writes a synthetic invoice CSV (customers with Pareto-skewed sizes, ~3 years of dates),
then for each database:

* load (not timed): a fresh keyplan database is migrated; accounts (one per customer,
  also those that never buy), products, business units and some open opportunities are
  created, the lines are bulk-inserted (COPY on PostgreSQL, executemany on SQLite) and the
  monthly rollups are built by `keyplan rollup rebuild`'s code, so the database holds
  what an import leaves behind. PostgreSQL is then ANALYZEd (as autovacuum would).
* keyplan (timed, in a child process of its own, which reports its own peak RSS):
  default_period → pareto (gross profit, company-wide, as a director)
  → classification_preview → compute_data_scores (keyplan.portfolio's features).
* DuckDB (timed, in its own child process): the same Pareto (gross profit per account
  over the same 12 months, ranking, cumulative share, accounts that make the threshold)
  and the same classes (strategic capped by the share of accounts, regular, prospect
  with an open opportunity, suspect) in one SQL statement with window functions, over a
  Parquet copy of the lines and the accounts (written by DuckDB itself, not timed).

Beside the ratio the table prints the like-for-like part (keyplan's Pareto and classes,
the steps DuckDB's statement also does, and their ratio to DuckDB) and the floor of the
rest: the data scores keyplan wrote, copied as they are into a copy of their table with
its indexes and foreign keys (bench/import_bench.py's copy_floor_*), which storing the
scores costs however fast they are computed.

Both must find the same class counts, the same number of accounts making the Pareto
threshold and the same positive total; otherwise MISMATCH is printed and the exit status
is 1. Targets: keyplan <= 2.0x DuckDB's time on SQLite, <= 1.0x on PostgreSQL (missing a
target still exits 0: a benchmark, not a test). See bench/README.md.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR))

import import_bench  # noqa: E402  (the generator and child-process helpers are reused)

ROOT = import_bench.ROOT
TARGET_RATIO = {"sqlite": 2.0, "postgres": 1.0}
DEFAULT_PG_URL = "postgres://postgres@127.0.0.1:5432/keyplan_bench"
QUICK = {"accounts": 2_000, "lines": 100_000}
DIRECTOR = "bench-director"
CLASSES = ("strategic", "regular", "prospect", "suspect")
LOAD_CHUNK = 100_000


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# Which customers (C000001 = 1) have an open opportunity: number % 9 == 4, the same on
# both sides (keyplan gets Opportunity rows, DuckDB a flag in its accounts file).
OPEN_EVERY, OPEN_AT = 9, 4


def open_opportunity(number: int) -> bool:
    return number % OPEN_EVERY == OPEN_AT


def won_opportunity(number: int) -> bool:
    return number % 13 == 5  # closed: counts for neither side


# --- child processes ----------------------------------------------------------------------


def setup_django(config: dict) -> None:
    os.environ["KEYPLAN_DATA_DIR"] = config["data_dir"]
    os.environ["DJANGO_SETTINGS_MODULE"] = "keyplan.settings.dev"
    os.environ["KEYPLAN_DEBUG"] = "0"  # DEBUG would keep every query in memory
    os.environ.pop("KEYPLAN_DATABASE_URL", None)
    if config.get("database_url"):
        os.environ["KEYPLAN_DATABASE_URL"] = config["database_url"]
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def child_load(config: dict) -> dict:
    """Migrate and fill a fresh keyplan database; returns what the DuckDB side needs."""
    setup_django(config)
    from django.core.management import call_command
    from django.db import connection, transaction

    from keyplan.core.db import bulk_insert
    from keyplan.imports.lookups.services import insert_accounts_with_history
    from keyplan.portfolio.models import PortfolioSettings
    from keyplan.sales.models import InvoiceLine, Opportunity, Product
    from keyplan.sales.services import rollup_rebuild
    from keyplan.users.models import BusinessUnit, User

    timings = {}
    started = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    timings["migrate"] = time.perf_counter() - started

    started = time.perf_counter()
    settings = PortfolioSettings.load()
    currency = settings.base_currency  # rate 1: no exchange rate involved on either side
    User.objects.create(username=DIRECTOR, role="director", first_name="Bench")
    units = {
        name: BusinessUnit.objects.create(code=name.lower(), name=name).pk
        for name in import_bench.UNITS
    }
    products = {}
    for p in range(import_bench.N_PRODUCTS):
        category = import_bench.CATEGORIES[p % len(import_bench.CATEGORIES)]
        unit = import_bench.UNITS[(p % len(import_bench.CATEGORIES)) // 2]
        product = Product.objects.create(
            code=f"P{p + 1:04d}",
            name=f"{category} item {p + 1:03d}",
            product_line=category,
            business_unit_id=units[unit],
        )
        products[product.code] = (product.pk, category, units[unit])
    accounts = [
        {"name": f"Customer {n:06d}", "external_id": f"C{n:06d}", "currency": currency}
        for n in range(1, config["accounts"] + 1)
    ]
    with transaction.atomic():
        pks = insert_accounts_with_history(accounts, user=None, change_reason="bench")
    account_pk = {a["external_id"]: pk for a, pk in zip(accounts, pks, strict=True)}
    opportunities = []
    for n in range(1, config["accounts"] + 1):
        for kind, wanted in (("open", open_opportunity(n)), ("won", won_opportunity(n))):
            if wanted:
                opportunities.append(
                    Opportunity(
                        external_id=f"O{n:06d}-{kind}",
                        account_id=account_pk[f"C{n:06d}"],
                        name=f"Deal {n}",
                        currency=currency,
                        status=kind,
                    )
                )
    Opportunity.objects.bulk_create(opportunities, batch_size=5000)
    timings["accounts"] = time.perf_counter() - started

    started = time.perf_counter()
    columns = (
        "document_number",
        "line_key",
        "account_id",
        "date",
        "product_id",
        "business_unit_id",
        "product_line",
        "quantity",
        "revenue",
        "cost",
        "currency",
    )
    table = InvoiceLine._meta.db_table
    loaded = 0
    with open(config["csv"], newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle)
        next(reader)
        while True:
            rows = []
            for document, line, day, customer, _name, code, _pn, _cat, _unit, q, r, c in reader:
                product_pk, product_line, unit_pk = products[code]
                rows.append(
                    (
                        document,
                        line,
                        account_pk[customer],
                        day,
                        product_pk,
                        unit_pk,
                        product_line,
                        q,
                        int(Decimal(r).scaleb(4)),  # exact ten-thousandths (MoneyField)
                        int(Decimal(c).scaleb(4)),
                        currency,
                    )
                )
                if len(rows) >= LOAD_CHUNK:
                    break
            if not rows:
                break
            with transaction.atomic():
                bulk_insert(table, columns, rows)
            loaded += len(rows)
    timings["lines"] = time.perf_counter() - started

    started = time.perf_counter()
    rollups = rollup_rebuild()
    timings["rollups"] = time.perf_counter() - started
    started = time.perf_counter()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    else:
        from keyplan.core.db import refresh_statistics

        refresh_statistics()  # as keyplan's imports do after loading
    timings["analyze"] = time.perf_counter() - started
    return {
        "lines": loaded,
        "rollups": rollups,
        "timings": timings,
        "settings": {
            "base_currency": settings.base_currency,
            "pareto_share": str(settings.pareto_share),
            "strategic_metric": settings.strategic_metric,
            "strategic_cumulative_share": str(settings.strategic_cumulative_share),
            "strategic_max_share": str(settings.strategic_max_share),
        },
    }


def child_keyplan(config: dict) -> dict:
    """The timed part on keyplan's side, from "data is in" to "scores computed"."""
    setup_django(config)
    from django.db import connection

    from keyplan.portfolio.classification.selectors import classification_preview
    from keyplan.portfolio.pareto.selectors import pareto as pareto_analysis
    from keyplan.portfolio.scoring.services import compute_data_scores
    from keyplan.sales.figures.selectors import default_period
    from keyplan.users.models import User

    director = User.objects.get(username=DIRECTOR)
    connection.ensure_connection()
    steps = {}
    started = time.perf_counter()
    period = default_period()
    steps["default_period"] = time.perf_counter() - started
    mark = time.perf_counter()
    pareto = pareto_analysis(user=director, metric="gp", period=period)
    steps["pareto"] = time.perf_counter() - mark
    mark = time.perf_counter()
    classes = classification_preview(user=director, period=period)
    steps["classification_preview"] = time.perf_counter() - mark
    mark = time.perf_counter()
    scores = compute_data_scores(user=director, period=period)
    steps["compute_data_scores"] = time.perf_counter() - mark
    seconds = time.perf_counter() - started
    return {
        "seconds": seconds,
        "steps": steps,
        "period": [period.date_from.isoformat(), period.date_to.isoformat()],
        "positive_total": str(pareto.positive_total),
        "accounts_for_threshold": pareto.accounts_for_threshold,
        "ranked": len(pareto.rows),
        "counts": {k: classes.counts_after.get(k, 0) for k in CLASSES},
        "scores_written": scores,
        "missing_rates": sorted(set(pareto.missing_rates) | set(classes.missing_rates)),
    }


def duckdb_prepare(config: dict) -> dict:
    """The Parquet copy of the lines and accounts (not timed)."""
    import duckdb

    started = time.perf_counter()
    con = duckdb.connect()
    lines, accounts = config["lines_parquet"], config["accounts_parquet"]
    con.execute(
        f"""COPY (
            SELECT CAST(substr("Customer ID", 2) AS INTEGER) AS account,
                   CAST("Date" AS DATE) AS day,
                   CAST(round(CAST("Revenue" AS DECIMAL(18, 4)) * 10000) AS BIGINT) AS revenue,
                   CAST(round(CAST("Cost" AS DECIMAL(18, 4)) * 10000) AS BIGINT) AS cost
            FROM read_csv('{config["csv"]}', header = true, all_varchar = true)
        ) TO '{lines}' (FORMAT parquet)"""
    )
    con.execute(
        f"""COPY (
            SELECT n AS account, (n % {OPEN_EVERY} = {OPEN_AT}) AS open_opportunity
            FROM range(1, {config["accounts"] + 1}) t(n)
        ) TO '{accounts}' (FORMAT parquet)"""
    )
    return {"seconds": time.perf_counter() - started, "version": duckdb.__version__}


# Money in minor units (BIGINT, summed as HUGEINT); thresholds in hundredths of a percent,
# so every comparison is exact integer arithmetic, like keyplan's Decimals.
DUCKDB_SQL = """
WITH last AS (SELECT date_trunc('month', max(day)) AS month FROM read_parquet($lines)),
bounds AS (
    SELECT CAST(month - INTERVAL 11 MONTH AS DATE) AS d_from,
           CAST(month + INTERVAL 1 MONTH AS DATE) AS d_end FROM last
),
sales AS (
    SELECT account, sum(revenue) AS revenue, sum(revenue - cost) AS gp
    FROM read_parquet($lines), bounds
    WHERE day >= d_from AND day < d_end
    GROUP BY account
),
accounts AS (
    SELECT a.account, coalesce(s.revenue, 0) AS revenue, coalesce(s.gp, 0) AS gp,
           a.open_opportunity
    FROM read_parquet($accounts) a LEFT JOIN sales s USING (account)
),
ranked AS (
    SELECT *,
        count(*) OVER () AS n,
        sum(CASE WHEN gp > 0 THEN gp ELSE 0 END) OVER () AS positive_total,
        row_number() OVER (ORDER BY gp DESC, account) AS position,
        sum(CASE WHEN gp > 0 THEN gp ELSE 0 END) OVER (
            ORDER BY gp DESC, account ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING
        ) AS before
    FROM accounts
),
classified AS (
    SELECT *,
        gp > 0 AND coalesce(before, 0) * 10000 < positive_total * $pareto AS in_head,
        CASE
            WHEN gp > 0
                AND coalesce(before, 0) * 10000 < positive_total * $strategic_share
                AND position <= greatest(1, (n * $max_share) // 10000)
                THEN 'strategic'
            WHEN revenue > 0 THEN 'regular'
            WHEN open_opportunity THEN 'prospect'
            ELSE 'suspect'
        END AS class
    FROM ranked
)
SELECT
    (SELECT d_from FROM bounds) AS d_from,
    (SELECT d_end FROM bounds) AS d_end,
    sum(CASE WHEN gp > 0 THEN gp ELSE 0 END) AS positive_total,
    count(*) FILTER (WHERE in_head) AS accounts_for_threshold,
    count(*) FILTER (WHERE gp > 0) AS ranked,
    count(*) FILTER (WHERE class = 'strategic') AS strategic,
    count(*) FILTER (WHERE class = 'regular') AS regular,
    count(*) FILTER (WHERE class = 'prospect') AS prospect,
    count(*) FILTER (WHERE class = 'suspect') AS suspect
FROM classified
"""


def _hundredths(percent: str) -> int:
    return int(Decimal(percent) * 100)


def duckdb_run(config: dict) -> dict:
    import duckdb

    con = duckdb.connect()
    settings = config["settings"]
    params = {
        "lines": config["lines_parquet"],
        "accounts": config["accounts_parquet"],
        "pareto": _hundredths(settings["pareto_share"]),
        "strategic_share": _hundredths(settings["strategic_cumulative_share"]),
        "max_share": _hundredths(settings["strategic_max_share"]),
    }
    started = time.perf_counter()
    row = con.execute(DUCKDB_SQL, params).fetchone()
    seconds = time.perf_counter() - started
    d_from, d_end, positive, head, ranked, *counts = row
    return {
        "seconds": seconds,
        "threads": con.execute("SELECT current_setting('threads')").fetchone()[0],
        "period": [d_from.isoformat(), d_end.isoformat()],
        "positive_total": str(Decimal(int(positive or 0)) / 10000),
        "accounts_for_threshold": head,
        "ranked": ranked,
        "counts": dict(zip(CLASSES, counts, strict=True)),
    }


CHILDREN = {
    "load": child_load,
    "keyplan": child_keyplan,
    "duckdb-prepare": duckdb_prepare,
    "duckdb": duckdb_run,
}


def peak_rss_mb() -> float:
    """This process's peak RSS since it started. Linux: VmHWM of its own memory map;
    ru_maxrss (and so os.wait4 in the parent) also counts the parent's RSS at the fork."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    factor = 1024 if sys.platform != "darwin" else 1
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * factor / 1024 / 1024


def child_main(role: str, config_path: str) -> int:
    config = json.loads(Path(config_path).read_text())
    result = CHILDREN[role](config)
    result["peak_rss_mb"] = peak_rss_mb()
    print(json.dumps(result))
    return 0


# --- orchestration ------------------------------------------------------------------------


@dataclass
class Side:
    seconds: float = 0.0
    cpu_seconds: float = 0.0
    peak_rss_mb: float = 0.0
    data: dict = field(default_factory=dict)


@dataclass
class Result:
    lines: int
    accounts: int
    database: str
    load: dict = field(default_factory=dict)
    keyplan: Side = field(default_factory=Side)
    duckdb: Side = field(default_factory=Side)
    ratio: float = 0.0
    target: float = 0.0
    ratio_pass: bool = False
    # The like-for-like part: keyplan's Pareto and classes (the steps DuckDB also does),
    # and its ratio to DuckDB.
    analysis_seconds: float = 0.0
    analysis_ratio: float = 0.0
    # The floor of the rest: the data scores keyplan wrote, copied as they are into a copy
    # of their table (its indexes and foreign keys included), as the import bench's floor
    # does for the lines. Storing the scores costs at least this, however they are computed.
    scores_floor_seconds: float = 0.0
    mismatches: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def run_role(role: str, config: dict, workdir: Path, name: str) -> tuple[dict, import_bench.Run]:
    """Run one child (this script with --child ROLE); its JSON and its resource use."""
    config_path = workdir / f"{name}.json"
    config_path.write_text(json.dumps(config))
    env = dict(os.environ)
    env.pop("KEYPLAN_DATABASE_URL", None)
    run = import_bench.run_child(
        [sys.executable, str(Path(__file__).resolve()), "--child", role, str(config_path)],
        env,
        workdir,
        name,
    )
    if run.returncode != 0:
        raise ChildFailed(f"{role} failed (exit {run.returncode}):\n{import_bench.tail(run)}")
    return json.loads(run.stdout.strip().splitlines()[-1]), run


class ChildFailed(Exception):
    pass


def recreate_database(url: str) -> None:
    """Drop and create the database the URL names (on the same server)."""
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    server = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(server, autocommit=True, connect_timeout=5) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def drop_database(url: str) -> None:
    import psycopg

    parts = urlsplit(url)
    server = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(server, autocommit=True, connect_timeout=5) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{parts.path.lstrip("/")}" WITH (FORCE)')


def postgres_problem(url: str) -> str | None:
    """None when the server answers and the URL names a database the bench may replace."""
    name = urlsplit(url).path.lstrip("/")
    if "bench" not in name:
        return f"the database name “{name}” has no “bench” in it; the bench drops it"
    try:
        import psycopg

        server = urlunsplit(urlsplit(url)._replace(path="/postgres"))
        psycopg.connect(server, connect_timeout=5, autocommit=True).close()
    except Exception as exc:
        text = str(exc).strip()
        return text.splitlines()[0] if text else repr(exc)
    return None


def compare(result: Result) -> None:
    k, d = result.keyplan.data, result.duckdb.data
    if k.get("missing_rates"):
        result.mismatches.append(f"keyplan reports missing rates {k['missing_rates']}")
    # keyplan's period ends on the last day of a month; DuckDB's bound is the next month's 1st.
    if k["period"][0] != d["period"][0]:
        result.mismatches.append(f"period starts {k['period'][0]} vs DuckDB {d['period'][0]}")
    if Decimal(k["positive_total"]) != Decimal(d["positive_total"]):
        result.mismatches.append(
            f"positive gross profit {k['positive_total']} vs DuckDB {d['positive_total']}"
        )
    for key in ("accounts_for_threshold", "ranked"):
        if k[key] != d[key]:
            result.mismatches.append(f"{key} {k[key]} vs DuckDB {d[key]}")
    if k["counts"] != d["counts"]:
        result.mismatches.append(f"class counts {k['counts']} vs DuckDB {d['counts']}")


def run_size(args, lines: int, dbs: list[str], workdir: Path) -> list[Result]:
    accounts = args.accounts
    log(f"generating {lines:,} lines for {accounts:,} customers (seed {args.seed}) …")
    gen = import_bench.generate(workdir / "lines.csv", lines, min(accounts, lines), args.seed)
    log(
        f"generated {gen.size_bytes / 1024 / 1024:,.1f} MB in {gen.seconds:.1f} s "
        f"({gen.customers:,} customers buy)"
    )
    duck_config = {
        "csv": str(gen.path),
        "accounts": accounts,
        "lines_parquet": str(workdir / "lines.parquet"),
        "accounts_parquet": str(workdir / "accounts.parquet"),
    }
    prepared, _run = run_role("duckdb-prepare", duck_config, workdir, "duckdb-prepare")
    log(f"Parquet copy written by DuckDB {prepared['version']} in {prepared['seconds']:.1f} s")
    results = []
    for db in dbs:
        result = Result(lines=lines, accounts=accounts, database=db, target=TARGET_RATIO[db])
        results.append(result)
        data_dir = workdir / f"data-{db}"
        data_dir.mkdir(exist_ok=True)
        config = {
            "data_dir": str(data_dir),
            "database_url": args.database_url if db == "postgres" else None,
            "csv": str(gen.path),
            "accounts": accounts,
        }
        try:
            if db == "postgres":
                recreate_database(args.database_url)
            log(f"[{db}] loading {lines:,} lines into keyplan (not timed) …")
            load, _run = run_role("load", config, workdir, f"load-{db}")
            result.load = load
            log(
                f"[{db}] loaded: "
                + ", ".join(f"{k} {v:.1f} s" for k, v in load["timings"].items())
                + f"; {load['rollups']:,} rollup rows"
            )
            log(f"[{db}] keyplan: Pareto + classes + data scores …")
            data, run = run_role("keyplan", config, workdir, f"keyplan-{db}")
            result.keyplan = Side(data["seconds"], run.cpu_seconds, data["peak_rss_mb"], data)
            log(f"[{db}] DuckDB: Pareto + classes …")
            data, run = run_role(
                "duckdb", {**duck_config, "settings": load["settings"]}, workdir, f"duckdb-{db}"
            )
            result.duckdb = Side(data["seconds"], run.cpu_seconds, data["peak_rss_mb"], data)
            result.ratio = result.keyplan.seconds / max(result.duckdb.seconds, 1e-9)
            result.ratio_pass = result.ratio <= result.target
            steps = result.keyplan.data["steps"]
            result.analysis_seconds = sum(steps[name] for name in ANALYSIS_STEPS)
            result.analysis_ratio = result.analysis_seconds / max(result.duckdb.seconds, 1e-9)
            compare(result)
            log(f"[{db}] floor: the data scores into a copy of their table …")
            result.scores_floor_seconds = scores_floor(db, data_dir, config["database_url"])
        except ChildFailed as exc:
            result.problems.append(str(exc))
        finally:
            if db == "postgres" and not args.keep:
                try:
                    drop_database(args.database_url)
                except Exception as exc:  # report, and go on with the other sizes
                    result.problems.append(f"could not drop the bench database: {exc}")
            if not args.keep:
                shutil.rmtree(data_dir, ignore_errors=True)
        for line in result.mismatches:
            log(f"[{db}] MISMATCH: {line}")
    return results


# keyplan's steps that DuckDB's statement also does (the data scores are keyplan's alone).
ANALYSIS_STEPS = ("default_period", "pareto", "classification_preview")


def scores_floor(db: str, data_dir: Path, database_url: str | None) -> float:
    """Seconds to copy the stored data scores into a copy of their table (not part of
    keyplan's time; see Result.scores_floor_seconds)."""
    table = "portfolio_accountscore"
    if db == "postgres":
        assert database_url
        seconds, _count = import_bench.copy_floor_postgres(database_url, table)
    else:
        path = data_dir / "keyplan.sqlite3"
        seconds, _count = import_bench.copy_floor_sqlite(path, table)
    return seconds


def table(results: list[Result]) -> str:
    head = (
        "lines",
        "accounts",
        "database",
        "keyplan s",
        "duckdb s",
        "ratio",
        "target",
        "ok",
        "Pareto+classes s",
        "its ratio",
        "scores write floor s",
        "keyplan RSS MB",
        "duckdb RSS MB",
        "same result",
    )
    rows = [head]
    for r in results:
        failed = bool(r.problems)
        rows.append(
            (
                f"{r.lines:,}",
                f"{r.accounts:,}",
                r.database,
                "-" if failed else f"{r.keyplan.seconds:.2f}",
                "-" if failed else f"{r.duckdb.seconds:.2f}",
                "-" if failed else f"{r.ratio:.1f}x",
                f"<= {r.target:.1f}x",
                "ERROR" if failed else ("pass" if r.ratio_pass else "miss"),
                "-" if failed else f"{r.analysis_seconds:.2f}",
                "-" if failed else f"{r.analysis_ratio:.1f}x",
                "-" if failed else f"{r.scores_floor_seconds:.2f}",
                "-" if failed else f"{r.keyplan.peak_rss_mb:,.0f}",
                "-" if failed else f"{r.duckdb.peak_rss_mb:,.0f}",
                "ERROR" if failed else ("MISMATCH" if r.mismatches else "yes"),
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(head))]
    out = []
    for n, row in enumerate(rows):
        out.append(
            "  ".join(
                c.ljust(w) if i == 2 else c.rjust(w)
                for i, (c, w) in enumerate(zip(row, widths, strict=True))
            )
        )
        if n == 0:
            out.append("  ".join("-" * w for w in widths))
    return "\n".join(out)


def details(results: list[Result], load: tuple[float, float]) -> str:
    out = [
        f"machine: {os.cpu_count()} CPUs, 1-minute load average {load[0]:.1f} before and "
        f"{load[1]:.1f} after; DuckDB runs on all CPUs, keyplan on one process"
    ]
    for r in results:
        prefix = f"{r.database} {r.lines:,}:"
        for problem in r.problems:
            out.append(f"{prefix} ERROR {problem}")
        if r.problems:
            continue
        k, d = r.keyplan.data, r.duckdb.data
        steps = ", ".join(f"{name} {s:.2f}" for name, s in k["steps"].items())
        out.append(
            f"{prefix} keyplan {steps} s ({r.keyplan.cpu_seconds:.1f} s CPU in the process); "
            f"{k['scores_written']:,} scores written; period {k['period'][0]} – {k['period'][1]}"
        )
        out.append(
            f"{prefix} classes {k['counts']}; {k['accounts_for_threshold']:,} of "
            f"{k['ranked']:,} profitable accounts make the Pareto threshold; DuckDB "
            f"{d['threads']} threads"
        )
        timings = ", ".join(f"{name} {s:.1f}" for name, s in r.load["timings"].items())
        out.append(f"{prefix} load (not timed) {timings} s; {r.load['rollups']:,} rollup rows")
        for line in r.mismatches:
            out.append(f"{prefix} MISMATCH {line}")
    return "\n".join(out)


def sizes(text: str) -> list[int]:
    try:
        values = [import_bench.positive(part) for part in text.split(",") if part.strip()]
    except (ValueError, argparse.ArgumentTypeError):
        raise argparse.ArgumentTypeError("a comma-separated list of positive integers") from None
    if not values:
        raise argparse.ArgumentTypeError("give at least one size")
    return values


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Time keyplan's Pareto + classes + data-driven scores against DuckDB "
        "computing the same Pareto and classes over a Parquet copy of the same lines.",
    )
    parser.add_argument(
        "--accounts", type=import_bench.positive, default=100_000, help="accounts (100,000)"
    )
    parser.add_argument(
        "--lines", type=import_bench.positive, default=10_000_000, help="invoice lines (10M)"
    )
    parser.add_argument(
        "--sizes", type=sizes, help="several line counts, e.g. 1000000,3000000,10000000"
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help=f"{QUICK['accounts']:,} accounts and {QUICK['lines']:,} lines (what CI runs)",
    )
    parser.add_argument("--database", choices=["sqlite", "postgres", "both"], default="sqlite")
    parser.add_argument(
        "--database-url",
        default=os.environ.get("KEYPLAN_BENCH_DATABASE_URL", DEFAULT_PG_URL),
        help="PostgreSQL database for --database postgres; it is DROPPED and re-created "
        "for each size, so its name must contain “bench” (default "
        f"$KEYPLAN_BENCH_DATABASE_URL or {DEFAULT_PG_URL})",
    )
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--keep", action="store_true", help="keep the files and databases")
    parser.add_argument("--tmp-dir", help="where the temporary files go (default: system)")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    args = parser.parse_args(argv)
    if args.quick:
        args.accounts, args.lines, args.sizes = QUICK["accounts"], QUICK["lines"], None
    args.sizes = args.sizes or [args.lines]
    return args


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--child"]:
        return child_main(argv[1], argv[2])
    args = parse_args(argv)
    try:
        import duckdb  # noqa: F401
    except ImportError:
        log(
            "DuckDB is not installed, and it is this benchmark's reference. Install the "
            "development dependencies (`make setup`) or `.venv/bin/uv pip install duckdb`."
        )
        return 2
    dbs = ["sqlite", "postgres"] if args.database == "both" else [args.database]
    ci = os.environ.get("CI", "").strip().lower() == "true"
    skipped = {}
    if "postgres" in dbs:
        why = postgres_problem(args.database_url)
        if why is not None:
            message = f"PostgreSQL at {import_bench.redacted(args.database_url)}: {why}"
            if ci or args.database == "postgres":
                log(f"FAIL: {message}")
                return 1
            log(f"SKIP postgres: {message}")
            skipped["postgres"] = message
            dbs.remove("postgres")

    load_before = os.getloadavg()[0]
    results: list[Result] = []
    for lines in args.sizes:
        workdir = Path(tempfile.mkdtemp(prefix="keyplan-segbench-", dir=args.tmp_dir))
        try:
            results += run_size(args, lines, dbs, workdir)
        finally:
            if args.keep:
                log(f"kept: {workdir}")
            else:
                shutil.rmtree(workdir, ignore_errors=True)
    load = (load_before, os.getloadavg()[0])
    if args.json:
        print(
            json.dumps(
                {
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
        print(details(results, load))
        for db, why in skipped.items():
            print(f"{db}: skipped ({why})")
    mismatched = [r for r in results if r.mismatches]
    if mismatched:
        print(
            "\nMISMATCH: keyplan and DuckDB disagree (see above); the benchmark's figures "
            "do not count until they agree.",
            file=sys.stderr,
        )
    return 0 if results and not mismatched and not any(r.problems for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
