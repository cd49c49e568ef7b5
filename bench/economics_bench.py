"""Account economics benchmark (issue #16): the P&L of every account, the whale curve and
the health scores of every account, against the segmentation benchmark's keyplan time
(Pareto + classes + data scores) measured on the same database in the same run.

    .venv/bin/python bench/economics_bench.py --quick                       # CI-sized
    .venv/bin/python bench/economics_bench.py --database both --lines 10000000

For each database:

* load (not timed): the segmentation benchmark's load (bench/segmentation_bench.py: the
  generated invoice lines, accounts, products, opportunities, rollups), then what the
  economics read besides the lines: one payment for every third invoice document (due 30
  days after the invoice, paid on time, late or not yet, by the account), three service
  costs for every fifth account, four time entries of a KAM for every tenth account and
  the KAMs' hourly cost.
* reference (timed, a child process): segmentation_bench's keyplan side, unchanged.
* economics (timed, a child process): as a director, over the same default period,
  `pnl_table` (revenue, gross profit, time, service costs and the cost of the money in
  receivables of every account), its whale curve, and `health_table` (every
  account's signals and health score).

Checks: the P&L's revenue total equals the rollups' revenue of the period exactly; the
total contribution equals gross profit minus cost to serve; the whale curve ends at 100%
of the total; every account with money has a health row. Target: economics <= 2.0x the
reference. Exit status 0 when every run finished and the checks held (a missed target
still exits 0: a benchmark, not a test), 1 otherwise.
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
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR))

import import_bench  # noqa: E402
import segmentation_bench as seg  # noqa: E402  (its load and its keyplan side are reused)

TARGET_RATIO = 2.0
RSS_TARGET_MB = 512
QUICK = {"accounts": 2_000, "lines": 100_000}
KAMS = 10
PAYMENT_EVERY = 3  # one payment per third invoice document
COSTS_EVERY = 5  # three service costs for every fifth account
TIME_EVERY = 10  # four time entries for every tenth account


def log(message: str) -> None:
    seg.log(message)


# --- children ---------------------------------------------------------------------------


def _payments(config: dict, account_pk: dict[str, int], currency: str) -> int:
    """One payment per PAYMENT_EVERY-th document of the CSV (documents are contiguous)."""
    from django.db import transaction

    from keyplan.core.db import bulk_insert
    from keyplan.sales.models import Payment

    columns = (
        "account_id",
        "document_number",
        "payment_key",
        "invoice_date",
        "due_date",
        "paid_date",
        "amount",
        "currency",
    )
    table = Payment._meta.db_table
    written, rows = 0, []
    current: list | None = None

    def flush_document() -> None:
        if current is None or int("".join(filter(str.isdigit, current[0])) or 0) % PAYMENT_EVERY:
            return
        document, customer, day, minor = current
        number = int(customer.lstrip("C"))
        issued = date.fromisoformat(day)
        due = issued + timedelta(days=30)
        late = (number % 7) * 9  # 0..54 days late, by the account
        paid = due + timedelta(days=late) if number % 11 else None  # every 11th never pays
        rows.append((account_pk[customer], document, "1", issued, due, paid, minor, currency))

    with open(config["csv"], newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle)
        next(reader)
        for document, _line, day, customer, *_rest, revenue, _cost in reader:
            if current is None or current[0] != document:
                flush_document()
                current = [document, customer, day, 0]
            current[3] += int(Decimal(revenue).scaleb(4))
            if len(rows) >= seg.LOAD_CHUNK:
                with transaction.atomic():
                    bulk_insert(table, columns, rows)
                written, rows = written + len(rows), []
        flush_document()
    with transaction.atomic():
        bulk_insert(table, columns, rows)
    return written + len(rows)


def child_extra(config: dict) -> dict:
    """What the economics read besides the lines (not timed)."""
    seg.setup_django(config)
    from django.db import connection

    from keyplan.accounts.models import Account
    from keyplan.economics.models import HourlyCost
    from keyplan.portfolio.models import PortfolioSettings
    from keyplan.sales.models import ServiceCost
    from keyplan.stakeholders.models import TimeEntry
    from keyplan.users.models import User

    started = time.perf_counter()
    currency = PortfolioSettings.load().base_currency
    account_pk = dict(Account.objects.values_list("external_id", "pk"))
    payments = _payments(config, account_pk, currency)
    kams = [
        User.objects.create(username=f"bench-kam-{n}", role="kam", first_name=f"KAM {n}")
        for n in range(KAMS)
    ]
    HourlyCost.objects.create(
        role="kam", amount=Decimal("95.5"), currency=currency, valid_from=date(2000, 1, 1)
    )
    latest = date.today()
    costs, entries = [], []
    for number, pk in enumerate(sorted(account_pk.values()), start=1):
        if number % COSTS_EVERY == 0:
            for k, category in enumerate(("logistics", "returns", "support")):
                costs.append(
                    ServiceCost(
                        account_id=pk,
                        date=latest - timedelta(days=40 + 90 * k),
                        category=category,
                        amount=Decimal(f"{(number % 97) * 13}.25"),
                        currency=currency,
                    )
                )
        if number % TIME_EVERY == 0:
            for k in range(4):
                entries.append(
                    TimeEntry(
                        user=kams[number % KAMS],
                        account_id=pk,
                        spent_on=latest - timedelta(days=20 + 60 * k),
                        minutes=90,
                    )
                )
    ServiceCost.objects.bulk_create(costs, batch_size=5000)
    TimeEntry.objects.bulk_create(entries, batch_size=5000)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return {
        "payments": payments,
        "service_costs": len(costs),
        "time_entries": len(entries),
        "seconds": time.perf_counter() - started,
    }


def child_economics(config: dict) -> dict:
    """The timed part: every account's P&L, the whale curve, every account's health."""
    seg.setup_django(config)
    from django.db import connection
    from django.db.models import Sum

    from keyplan.economics.health.selectors import HealthFilters, health_table
    from keyplan.economics.pnl.selectors import PnLFilters, pnl_table
    from keyplan.sales.figures.selectors import default_period
    from keyplan.sales.models import MonthlyRollup
    from keyplan.users.models import User

    director = User.objects.get(username=seg.DIRECTOR)
    connection.ensure_connection()
    steps = {}
    started = time.perf_counter()
    period = default_period()
    table = pnl_table(user=director, period=period, filters=PnLFilters())
    steps["pnl_table"] = time.perf_counter() - started
    mark = time.perf_counter()
    whale = table.whale()
    steps["whale_curve"] = time.perf_counter() - mark
    mark = time.perf_counter()
    health = health_table(user=director, filters=HealthFilters()).rows
    steps["health"] = time.perf_counter() - mark
    seconds = time.perf_counter() - started

    total = table.total
    rolled = MonthlyRollup.objects.filter(
        month__gte=period.date_from, month__lte=period.date_to
    ).aggregate(revenue=Sum("revenue"))["revenue"]
    scored = [row for row in health if row.score is not None]
    return {
        "seconds": seconds,
        "steps": steps,
        "period": [period.date_from.isoformat(), period.date_to.isoformat()],
        "accounts": len(table.rows),
        "revenue": str(total.revenue),
        "rollup_revenue": str(rolled or 0),
        "contribution": str(total.contribution),
        "gross_profit_less_cost_to_serve": str(total.gross_profit - total.cost_to_serve),
        "whale_end_share": str(whale.points[-1].share if whale.points else None),
        "whale_peak_share": str(whale.peak_share),
        "destroyers": whale.destroyers,
        "health_rows": len(health),
        "health_scored": len(scored),
        "missing_rates": table.report.missing_rates,
    }


CHILDREN = {
    "load": seg.child_load,
    "extra": child_extra,
    "reference": seg.child_keyplan,
    "economics": child_economics,
}


def child_main(role: str, config_path: str) -> int:
    config = json.loads(Path(config_path).read_text())
    result = CHILDREN[role](config)
    result["peak_rss_mb"] = seg.peak_rss_mb()
    print(json.dumps(result))
    return 0


# --- orchestration ------------------------------------------------------------------------


@dataclass
class Result:
    lines: int
    accounts: int
    database: str
    load: dict = field(default_factory=dict)
    extra: dict = field(default_factory=dict)
    reference: dict = field(default_factory=dict)
    economics: dict = field(default_factory=dict)
    ratio: float = 0.0
    problems: list[str] = field(default_factory=list)
    # The machine's 1-minute load average when each timed child started and ended (a
    # loaded machine skews the ratio: the two sides do not run at the same moment).
    load_average: dict = field(default_factory=dict)


def run_role(role: str, config: dict, workdir: Path, name: str) -> dict:
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
        raise seg.ChildFailed(f"{role} failed (exit {run.returncode}):\n{import_bench.tail(run)}")
    data = json.loads(run.stdout.strip().splitlines()[-1])
    data["cpu_seconds"] = run.cpu_seconds
    return data


def timed_role(result: Result, role: str, config: dict, workdir: Path, db: str) -> dict:
    """A timed child, with the load average before and after it."""
    before = os.getloadavg()[0]
    data = run_role(role, config, workdir, f"{role}-{db}")
    result.load_average[role] = [round(before, 2), round(os.getloadavg()[0], 2)]
    return data


def check(result: Result) -> None:
    e = result.economics
    if e["missing_rates"]:
        result.problems.append(f"missing rates {e['missing_rates']}")
    if Decimal(e["revenue"]) != Decimal(e["rollup_revenue"]):
        result.problems.append(f"P&L revenue {e['revenue']} != rollups {e['rollup_revenue']}")
    if Decimal(e["contribution"]) != Decimal(e["gross_profit_less_cost_to_serve"]):
        result.problems.append("contribution != gross profit - cost to serve")
    if e["accounts"] and Decimal(e["whale_end_share"]) != 1:
        result.problems.append(f"the whale curve ends at {e['whale_end_share']}, not 1")
    if e["health_rows"] < e["accounts"]:
        result.problems.append(f"{e['health_rows']} health rows for {e['accounts']} accounts")


def run_database(args, gen, db: str, workdir: Path) -> Result:
    result = Result(lines=args.lines, accounts=args.accounts, database=db)
    data_dir = workdir / f"data-{db}"
    data_dir.mkdir(exist_ok=True)
    config = {
        "data_dir": str(data_dir),
        "database_url": args.database_url if db == "postgres" else None,
        "csv": str(gen.path),
        "accounts": args.accounts,
    }
    try:
        if db == "postgres":
            seg.recreate_database(args.database_url)
        log(f"[{db}] loading {args.lines:,} lines (not timed) …")
        result.load = run_role("load", config, workdir, f"load-{db}")
        result.extra = run_role("extra", config, workdir, f"extra-{db}")
        log(f"[{db}] reference: Pareto + classes + data scores …")
        result.reference = timed_role(result, "reference", config, workdir, db)
        log(f"[{db}] economics: P&L of all accounts + whale curve + health …")
        result.economics = timed_role(result, "economics", config, workdir, db)
        result.ratio = result.economics["seconds"] / max(result.reference["seconds"], 1e-9)
        check(result)
    except seg.ChildFailed as exc:
        result.problems.append(str(exc))
    finally:
        if db == "postgres" and not args.keep:
            try:
                seg.drop_database(args.database_url)
            except Exception as exc:  # report it and go on
                result.problems.append(f"could not drop the bench database: {exc}")
        if not args.keep:
            shutil.rmtree(data_dir, ignore_errors=True)
    return result


def report(results: list[Result]) -> str:
    head = (
        "lines",
        "accounts",
        "database",
        "reference s",
        "economics s",
        "ratio",
        "target",
        "ok",
        "RSS MB",
    )
    rows = [head]
    for r in results:
        failed = bool(r.problems) or not r.economics
        rows.append(
            (
                f"{r.lines:,}",
                f"{r.accounts:,}",
                r.database,
                "-" if failed else f"{r.reference['seconds']:.2f}",
                "-" if failed else f"{r.economics['seconds']:.2f}",
                "-" if failed else f"{r.ratio:.2f}x",
                f"<= {TARGET_RATIO:.1f}x",
                "ERROR" if failed else ("pass" if r.ratio <= TARGET_RATIO else "miss"),
                "-" if failed else f"{r.economics['peak_rss_mb']:,.0f}",
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(head))]
    out = ["  ".join(c.rjust(w) for c, w in zip(row, widths, strict=True)) for row in rows]
    out.insert(1, "  ".join("-" * w for w in widths))
    for r in results:
        prefix = f"{r.database} {r.lines:,}:"
        out.extend(f"{prefix} ERROR {p}" for p in r.problems)
        if not r.economics:
            continue
        e, x = r.economics, r.extra
        steps = ", ".join(f"{k} {v:.2f}" for k, v in e["steps"].items())
        ref = ", ".join(f"{k} {v:.2f}" for k, v in r.reference["steps"].items())
        out.append(f"{prefix} economics {steps} s; reference {ref} s")
        loads = "; ".join(
            f"{role} {before:.2f} -> {after:.2f}"
            for role, (before, after) in r.load_average.items()
        )
        out.append(
            f"{prefix} peak RSS economics {e['peak_rss_mb']:,.0f} MB (target <= "
            f"{RSS_TARGET_MB} MB), reference {r.reference['peak_rss_mb']:,.0f} MB; "
            f"CPU s economics {e['cpu_seconds']:.2f}, reference "
            f"{r.reference['cpu_seconds']:.2f}; load average {loads}"
        )
        out.append(
            f"{prefix} {e['accounts']:,} accounts with money, {e['health_scored']:,} of "
            f"{e['health_rows']:,} with a health score; whale peak {e['whale_peak_share']}, "
            f"{e['destroyers']:,} accounts destroy value; loaded {x['payments']:,} payments, "
            f"{x['service_costs']:,} service costs, {x['time_entries']:,} time entries"
        )
    return "\n".join(out)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="keyplan account economics benchmark")
    parser.add_argument("--accounts", type=int, default=100_000)
    parser.add_argument("--lines", type=int, default=10_000_000)
    parser.add_argument("--quick", action="store_true", help="2,000 accounts, 100,000 lines")
    parser.add_argument("--database", choices=["sqlite", "postgres", "both"], default="sqlite")
    parser.add_argument(
        "--database-url",
        default=os.environ.get("KEYPLAN_BENCH_DATABASE_URL", seg.DEFAULT_PG_URL),
    )
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--tmp-dir")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    if args.quick:
        args.accounts, args.lines = QUICK["accounts"], QUICK["lines"]
    return args


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--child"]:
        return child_main(argv[1], argv[2])
    args = parse_args(argv)
    dbs = ["sqlite", "postgres"] if args.database == "both" else [args.database]
    if "postgres" in dbs:
        why = seg.postgres_problem(args.database_url)
        if why is not None:
            ci = os.environ.get("CI", "").strip().lower() == "true"
            log(f"{'FAIL' if ci else 'SKIP'} postgres: {why}")
            if ci or args.database == "postgres":
                return 1
            dbs.remove("postgres")
    workdir = Path(tempfile.mkdtemp(prefix="keyplan-econbench-", dir=args.tmp_dir))
    try:
        log(f"generating {args.lines:,} lines for {args.accounts:,} customers …")
        gen = import_bench.generate(
            workdir / "lines.csv", args.lines, min(args.accounts, args.lines), args.seed
        )
        results = [run_database(args, gen, db, workdir) for db in dbs]
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
    if args.json:
        print(json.dumps([asdict(r) for r in results], indent=2))
    else:
        print(report(results))
    return 0 if results and not any(r.problems for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
