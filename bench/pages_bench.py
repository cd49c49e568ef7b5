"""Page load benchmark: keyplan's busiest pages under concurrent logged-in users, beside a
plain Django page rendering a 50-row table, served by the same server in the same run.

    .venv/bin/python bench/pages_bench.py --quick                   # CI-sized, a fresh demo
    .venv/bin/python bench/pages_bench.py --data-dir /tmp/kp-demo   # an existing data dir
    .venv/bin/python bench/pages_bench.py --data-dir DIR --profile pareto
    .venv/bin/python bench/pages_bench.py --data-dir DIR --write-every 1  # others write too

keyplan is started with `keyplan serve` (gunicorn, its default workers) on a free loopback
port, with bench/pages_bench_site.py as settings (keyplan's, plus the baseline page at
/bench/baseline/). A KAM and a director of the demo (DATA_DIR/demo-logins.txt) log in
through the login form; then each page in turn gets CONCURRENCY connections that request
it back to back for DURATION seconds (after a short warm-up), over HTTP/1.1 on loopback
(an asyncio client of its own: no dependency). Printed per page: requests/s, p50 and p99
latency, errors, the SQL queries one request runs (counted in a child process with
Django's test client), and pass/FAIL against the targets: requests/s >= 0.5x the
baseline's, and p99 < 250 ms. Exit status 0 unless a page failed to answer 200 (it is a
benchmark, not a test). See bench/README.md.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import http.client
import json
import os
import pstats
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import urlencode

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
PYTHON = sys.executable
HOST = "127.0.0.1"
TARGET_RATIO = 0.5
TARGET_P99_MS = 250.0

# (name, who, path): {account} is one of the KAM's accounts, found on the account list.
PAGES = (
    ("baseline", "kam", "/bench/baseline/"),
    ("account list", "kam", "/accounts/"),
    ("account page", "kam", "/accounts/{account}/"),
    ("pareto", "director", "/portfolio/pareto/"),
    ("my work", "kam", "/execution/my-work/"),
)


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def server_env(data_dir: Path, *, page_cache: bool = True) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KEYPLAN_", "DJANGO_"))}
    env.update(
        KEYPLAN_DATA_DIR=str(data_dir),
        KEYPLAN_PAGE_CACHE="1" if page_cache else "0",
        KEYPLAN_DEBUG="0",
        DJANGO_SETTINGS_MODULE="pages_bench_site",
        PYTHONPATH=os.pathsep.join([str(BENCH_DIR), str(ROOT)]),
    )
    return env


def keyplan(data_dir: Path, *args: str) -> None:
    subprocess.run([PYTHON, "-m", "keyplan.cli", *args], env=server_env(data_dir), check=True)


def build_demo(data_dir: Path, accounts: int, lines: int | None) -> None:
    started = time.perf_counter()
    keyplan(data_dir, "migrate", "-v", "0")
    more = ["--lines", str(lines)] if lines is not None else []
    keyplan(data_dir, "seed-demo", "--accounts", str(accounts), "--no-logins", *more)
    log(f"demo database built in {time.perf_counter() - started:.0f} s")


def build_large(data_dir: Path, workdir: Path, accounts: int, lines: int) -> None:
    """The segmentation benchmark's database (bench/segmentation_bench.py: `accounts`
    accounts, `lines` invoice lines from the import benchmark's generator, rollups), plus a
    KAM who owns 300 of the accounts and the director, with their logins written as the
    demo's are (DATA_DIR/demo-logins.txt)."""
    sys.path.insert(0, str(BENCH_DIR))
    import import_bench

    started = time.perf_counter()
    generated = import_bench.generate(workdir / "lines.csv", lines, min(accounts, lines), 1)
    data_dir.mkdir(parents=True, exist_ok=True)
    config = {"data_dir": str(data_dir), "csv": str(generated.path), "accounts": accounts}
    run_child({**config, "role": "large"}, workdir)
    (workdir / "lines.csv").unlink(missing_ok=True)
    log(f"{accounts:,}-account database built in {time.perf_counter() - started:.0f} s")


def child_large(config: dict) -> dict:
    import secrets

    import segmentation_bench

    segmentation_bench.child_load(config)  # migrates, loads, sets Django up (dev settings)
    from keyplan.accounts.models import Account
    from keyplan.users.models import User

    logins = []
    director = User.objects.get(username=segmentation_bench.DIRECTOR)
    kam = User.objects.create(username="bench-kam", role="kam", first_name="Bench")
    for role, user in (("director", director), ("kam", kam)):
        password = secrets.token_urlsafe(12)
        user.set_password(password)
        user.save()
        logins.append(f"{role} {user.username} {password}")
    owned = list(Account.objects.order_by("pk").values_list("pk", flat=True)[::333][:300])
    Account.objects.filter(pk__in=owned).update(owner=kam)
    Path(config["data_dir"], "demo-logins.txt").write_text("\n".join(logins) + "\n")
    from keyplan.core.db import refresh_statistics

    refresh_statistics()  # as keyplan's imports do after loading
    return {"owned": len(owned)}


def demo_logins(data_dir: Path) -> dict[str, tuple[str, str]]:
    """The first KAM and the first director of DATA_DIR/demo-logins.txt."""
    logins: dict[str, tuple[str, str]] = {}
    for line in (data_dir / "demo-logins.txt").read_text().splitlines():
        role, username, password = line.split()
        logins.setdefault(role, (username, password))
    return {"kam": logins["kam"], "director": logins["director"]}


# --- the server -------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def start_server(
    data_dir: Path, port: int, workers: int | None, log_path: Path, *, page_cache: bool = True
):
    args = [PYTHON, "-m", "keyplan.cli", "serve", "--bind", f"{HOST}:{port}"]
    if workers:
        args += ["--workers", str(workers)]
    handle = log_path.open("wb")
    process = subprocess.Popen(
        args,
        env=server_env(data_dir, page_cache=page_cache),
        stdout=handle,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the server exited; see {log_path}")
        try:
            status, _body, _headers = request(port, "GET", "/healthz")
            if status == 200:
                return process
        except OSError:
            pass
        time.sleep(0.3)
    process.terminate()
    raise SystemExit(f"the server did not answer within 180 s; see {log_path}")


def stop_server(process) -> None:
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()


def request(port, method, path, *, cookies=None, body=None, headers=None):
    connection = http.client.HTTPConnection(HOST, port, timeout=30)
    all_headers = {"Accept-Language": "en", **(headers or {})}
    if cookies:
        all_headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    connection.request(method, path, body=body, headers=all_headers)
    response = connection.getresponse()
    data = response.read()
    connection.close()
    return response.status, data, response.headers


def login(port: int, username: str, password: str) -> dict[str, str]:
    """A session through the login form, as a browser gets one; its cookies."""
    cookies: dict[str, str] = {}
    status, body, headers = request(port, "GET", "/login/")
    cookies.update(_set_cookies(headers))
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)
    if status != 200 or token is None:
        raise SystemExit(f"the login page answered {status} without a form")
    form = urlencode(
        {"username": username, "password": password, "csrfmiddlewaretoken": token.group(1)}
    )
    status, _body, headers = request(
        port,
        "POST",
        "/login/",
        cookies=cookies,
        body=form,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Referer": f"http://{HOST}:{port}/login/",
        },
    )
    cookies.update(_set_cookies(headers))
    if status != 302 or "sessionid" not in cookies:
        raise SystemExit(f"logging in as {username} failed ({status})")
    return cookies


def _set_cookies(headers) -> dict[str, str]:
    found = {}
    for value in headers.get_all("Set-Cookie") or []:
        name, _, rest = value.partition("=")
        found[name.strip()] = rest.split(";", 1)[0]
    return found


# --- the load ---------------------------------------------------------------------------------


@dataclass
class Result:
    page: str
    path: str
    requests: int = 0
    errors: int = 0
    seconds: float = 0.0
    per_second: float = 0.0
    p50_ms: float = 0.0
    p99_ms: float = 0.0
    queries: int | None = None
    ratio: float = 0.0
    passed: bool = False


async def _get(port: int, raw: bytes) -> int:
    reader, writer = await asyncio.open_connection(HOST, port)
    try:
        writer.write(raw)
        await writer.drain()
        data = await reader.read()  # gunicorn's sync workers close after each response
    finally:
        writer.close()
    return int(data.split(b" ", 2)[1]) if data.startswith(b"HTTP/") else 0


async def _load(port, raw, concurrency, seconds) -> tuple[list[float], int, float]:
    latencies: list[float] = []
    errors = 0
    started = time.perf_counter()
    deadline = started + seconds

    async def user() -> None:
        nonlocal errors
        while time.perf_counter() < deadline:
            sent = time.perf_counter()
            try:
                status = await _get(port, raw)
            except OSError:
                status = 0
            if status == 200:
                latencies.append(time.perf_counter() - sent)
            else:
                errors += 1

    await asyncio.gather(*(user() for _ in range(concurrency)))
    return latencies, errors, time.perf_counter() - started


class Writer(threading.Thread):
    """Commits a write to the database every `every` seconds from a connection of its own,
    as another user's edit or an import would (an UPDATE of one account's name to itself,
    through sqlite3, so no history or signal is involved). Any write moves the page cache's
    write stamp (keyplan.core.pagecache), so each worker builds its pages again: the load
    then measures the cache as it holds while people also write."""

    def __init__(self, database: Path, every: float):
        super().__init__(daemon=True)
        self.database, self.every = database, every
        self.writes = 0
        self._stop_event = threading.Event()

    def run(self) -> None:
        connection = sqlite3.connect(self.database, timeout=30, isolation_level=None)
        try:
            while not self._stop_event.wait(self.every):
                connection.execute(
                    "UPDATE accounts_account SET name = name"
                    " WHERE id = (SELECT MIN(id) FROM accounts_account)"
                )
                self.writes += 1
        finally:
            connection.close()

    def stop(self) -> None:
        self._stop_event.set()
        self.join()


def measure(port, name, path, cookies, concurrency, seconds, warmup) -> Result:
    cookie = "; ".join(f"{k}={v}" for k, v in cookies.items())
    raw = (
        f"GET {path} HTTP/1.1\r\nHost: {HOST}:{port}\r\nCookie: {cookie}\r\n"
        "Accept-Language: en\r\nConnection: close\r\n\r\n"
    ).encode()
    asyncio.run(_load(port, raw, concurrency, warmup))
    latencies, errors, elapsed = asyncio.run(_load(port, raw, concurrency, seconds))
    latencies.sort()
    result = Result(page=name, path=path, requests=len(latencies), errors=errors)
    result.seconds = elapsed
    result.per_second = len(latencies) / elapsed
    if latencies:
        result.p50_ms = 1000 * latencies[len(latencies) // 2]
        result.p99_ms = 1000 * latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
    return result


# --- query counts and profiles (in a child process, with Django's test client) --------------


def child_main(config: dict) -> dict:
    if config.get("role") == "large":
        sys.path[:0] = [str(BENCH_DIR), str(ROOT)]
        return child_large(config)
    # The queries and the profile are those of a page built, not answered from the page
    # cache (keyplan.core.pagecache).
    os.environ.update(server_env(Path(config["data_dir"]), page_cache=False))
    sys.path[:0] = [str(BENCH_DIR), str(ROOT)]
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from keyplan.users.models import User

    clients = {}
    for who, username in config["users"].items():
        clients[who] = Client()
        clients[who].force_login(User.objects.get(username=username))
    body = clients["kam"].get("/accounts/").content
    account = re.search(rb'href="/accounts/(\d+)/"', body)
    paths = {
        name: path.format(account=account.group(1).decode() if account else 0)
        for name, _who, path in PAGES
    }
    counts = {}
    for name, who, _path in PAGES:
        clients[who].get(paths[name])  # warm caches, as the server's workers are
        with CaptureQueriesContext(connection) as queries:
            response = clients[who].get(paths[name])
        counts[name] = len(queries) if response.status_code == 200 else None
    if config.get("profile"):
        name = config["profile"]
        who = next(w for n, w, _p in PAGES if n == name)
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(config.get("profile_requests", 20)):
            clients[who].get(paths[name])
        profiler.disable()
        stats = pstats.Stats(profiler, stream=sys.stderr).sort_stats("cumulative")
        stats.print_stats(config.get("profile_lines", 40))
    return {"paths": paths, "queries": counts}


def run_child(config: dict, workdir: Path) -> dict:
    config_path = workdir / "child.json"
    config_path.write_text(json.dumps(config))
    result = subprocess.run(
        [PYTHON, __file__, "--child", str(config_path)],
        env=server_env(Path(config["data_dir"])),
        stdout=subprocess.PIPE,
        check=True,
    )
    return json.loads(result.stdout)


# --- report -----------------------------------------------------------------------------------


def judge(results: list[Result]) -> None:
    baseline = results[0].per_second or 1.0
    for result in results:
        result.ratio = result.per_second / baseline
        result.passed = (
            result.errors == 0
            and result.p99_ms < TARGET_P99_MS
            and (result.page == "baseline" or result.ratio >= TARGET_RATIO)
        )


def table(results: list[Result], args, load: tuple[float, float]) -> str:
    lines = [
        f"{args.concurrency} connections, {args.duration:g} s per page, "
        f"gunicorn workers: {args.workers or 'keyplan serve default'}, "
        f"page cache {'off' if args.no_page_cache else 'on'}"
        f"{f', a write every {args.write_every:g} s' if args.write_every else ''}; "
        f"targets: >= {TARGET_RATIO}x baseline req/s, p99 < {TARGET_P99_MS:.0f} ms",
        "",
        f"{'page':<14} {'req/s':>8} {'x base':>7} {'p50 ms':>8} {'p99 ms':>8} "
        f"{'errors':>7} {'queries':>8}  verdict",
    ]
    for r in results:
        queries = "-" if r.queries is None else str(r.queries)
        verdict = "reference" if r.page == "baseline" else ("pass" if r.passed else "FAIL")
        if r.page == "baseline" and not r.passed:
            verdict = "reference (p99 over target)"
        lines.append(
            f"{r.page:<14} {r.per_second:>8.1f} {r.ratio:>7.2f} {r.p50_ms:>8.0f} "
            f"{r.p99_ms:>8.0f} {r.errors:>7} {queries:>8}  {verdict}"
        )
    lines.append("")
    lines.append(
        f"load average (1 min) before {load[0]:.2f}, after {load[1]:.2f}; {os.cpu_count()} CPUs"
    )
    return "\n".join(lines)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data-dir", type=Path, help="an existing keyplan data dir with the demo")
    parser.add_argument("--accounts", type=int, default=300, help="a fresh demo's accounts (300)")
    parser.add_argument("--lines", type=int, help="a fresh demo's invoice lines (seed-demo's)")
    parser.add_argument("--concurrency", type=int, default=16, help="connections at once (16)")
    parser.add_argument("--duration", type=float, default=15.0, help="seconds per page (15)")
    parser.add_argument("--warmup", type=float, default=2.0, help="warm-up seconds per page (2)")
    parser.add_argument("--workers", type=int, help="gunicorn workers (keyplan serve's default)")
    parser.add_argument("--pages", help="comma-separated page names to measure (all)")
    parser.add_argument("--profile", help="print a cProfile of in-process requests to a page")
    parser.add_argument("--profile-requests", type=int, default=20, help="requests profiled (20)")
    parser.add_argument(
        "--profile-lines", type=int, default=40, help="functions the profile prints (40)"
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="CI-sized: a 40-account demo, 4 connections, 3 s per page",
    )
    parser.add_argument(
        "--large",
        type=int,
        metavar="LINES",
        help="instead of the demo: --accounts accounts (e.g. 100000) with LINES invoice lines, "
        "loaded as bench/segmentation_bench.py does",
    )
    parser.add_argument(
        "--no-page-cache",
        action="store_true",
        help="serve with keyplan's page cache off (KEYPLAN_PAGE_CACHE=0): every request builds "
        "its page",
    )
    parser.add_argument(
        "--write-every",
        type=float,
        metavar="SECONDS",
        help="commit a write to the database every SECONDS during the load, as other users"
        " editing would (each write makes the page cache build its pages again)",
    )
    parser.add_argument("--keep", action="store_true", help="keep a fresh demo's data dir")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.quick:
        args.accounts, args.lines = min(args.accounts, 40), args.lines or 5_000
        args.concurrency, args.duration, args.warmup = 4, 3.0, 0.5
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.child:
        print(json.dumps(child_main(json.loads(Path(args.child).read_text()))))
        return 0
    workdir = Path(tempfile.mkdtemp(prefix="keyplan-pages-bench-"))
    data_dir = args.data_dir or workdir / "data"
    try:
        if args.data_dir is None and args.large:
            build_large(data_dir, workdir, args.accounts, args.large)
        elif args.data_dir is None:
            build_demo(data_dir, args.accounts, args.lines)
        return run(args, data_dir, workdir)
    finally:
        if args.keep:
            log(f"kept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)


def run(args, data_dir: Path, workdir: Path) -> int:
    logins = demo_logins(data_dir)
    wanted = set(args.pages.split(",")) if args.pages else None
    child = run_child(
        {
            "data_dir": str(data_dir),
            "users": {who: username for who, (username, _pw) in logins.items()},
            "profile": args.profile,
            "profile_requests": args.profile_requests,
            "profile_lines": args.profile_lines,
        },
        workdir,
    )
    if args.profile:
        return 0
    port = free_port()
    load_before = os.getloadavg()[0]
    server = start_server(
        data_dir, port, args.workers, workdir / "server.log", page_cache=not args.no_page_cache
    )
    writer: Writer | None = None
    try:
        cookies = {who: login(port, *login_pair) for who, login_pair in logins.items()}
        if args.write_every:
            writer = Writer(data_dir / "keyplan.sqlite3", args.write_every)
            writer.start()
        results = []
        for name, who, _path in PAGES:
            if wanted and name not in wanted and name != "baseline":
                continue
            path = child["paths"][name]
            log(f"{name}: {path}")
            result = measure(
                port, name, path, cookies[who], args.concurrency, args.duration, args.warmup
            )
            result.queries = child["queries"].get(name)
            results.append(result)
    finally:
        if writer is not None:
            writer.stop()
            log(f"{writer.writes} writes committed during the load")
        stop_server(server)
    judge(results)
    load = (load_before, os.getloadavg()[0])
    if args.json:
        print(json.dumps({"results": [asdict(r) for r in results], "load": load}, indent=2))
    else:
        print(table(results, args, load))
    return 0 if all(r.requests for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
