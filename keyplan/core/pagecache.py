"""A page seen again with nothing changed is not built again (issue #19, "Load held").

The busiest pages (the account list and page, the Pareto page, My work) are built from a
dozen selectors of several apps: 20-60 ms of ORM and template work a request. Most of
the time the same user opens them again with nothing changed. `page_cache` keeps the
HTML of such a page (in files the server's workers share, below) and answers a repeat
from it.

When the HTML may be reused: only for the same
- user, session and CSRF cookie (the page has their name, menu and CSRF token), view,
  full path with its query string, htmx target, language, time zone and day (what is
  overdue);
- **database state**: `write_stamp()` reads, in one query, a stamp that every committed
  write moves, whatever made it (a form, the API, an import's bulk insert, raw SQL,
  another worker, the admin):
  - PostgreSQL: the current snapshot (`pg_current_snapshot()`): its xmax is one past the
    newest finished transaction and its list names the older ones still running, so it
    changes whenever a transaction that wrote commits or rolls back (read-only ones get
    no transaction id and change nothing);
  - SQLite: `PRAGMA data_version` read on a connection of its own, kept per process,
    which changes whenever another connection commits (keyplan opens one for each
    request, so this process's own writes count too). An in-memory database (the
    tests') adds its one connection's own `total_changes`.
  The stamp is read before the view runs, as keyplan.core.dataversion does: a write
  committed while the page is built leaves the HTML under the older stamp, which
  nobody asks for again.
- and for at most TTL seconds (a backstop; nothing on these pages counts time in
  smaller steps than days).

Never kept: anything but a GET answered 200 with HTML, a page that showed or had
pending messages (they are shown once), and anything under a database vendor with no
stamp.

Where: files in DATA_DIR/pagecache (settings.PAGE_CACHE_DIR), one per key, shared by
the server's workers, so a user's repeat is answered whichever worker takes it (with a
cache per process, only when the same worker did). A page is used by another process
when it is known to be as new as the database:
- PostgreSQL's stamp means the same in every process: the kept page's stamp must equal
  the one just read;
- SQLite's `data_version` is a number of one connection, meaningless in another process.
  Each process notes the moment (CLOCK_MONOTONIC, shared by the machine's processes; a
  page records the boot it was built in) after which it has seen no commit: the last
  time its stamp read changed. A page built after that moment was built after every
  commit this process knows of, and any later commit moves the stamp this process reads
  before each use. So after a write each worker builds a page once, then any worker
  uses the pages built since.
Files are written whole, then renamed into place; at most MAX_ENTRIES files, and none
older than TTL, are kept (swept every SWEEP_EVERY stores); an error reading or writing
one only means the page is built. Off with KEYPLAN_PAGE_CACHE=0 (settings.PAGE_CACHE)
and in the test settings, where tests that count a page's queries want the page built;
tests/core/test_pagecache.py turns it on.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import itertools
import json
import os
import sqlite3
import threading
import time
import zlib
from collections.abc import Hashable
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import get_language

MAX_ENTRIES = 2048  # files
TTL = 120.0  # seconds
SWEEP_EVERY = 64  # stores of a process
MAGIC = b"keyplan-page 1\n"

_lock = threading.Lock()
_serials = itertools.count(1)
_stores = itertools.count(1)
# This process: the stamp it read last, and since when (monotonic ns) it has held.
_seen: dict[str, object] = {"stamp": None, "since": 0}


def write_stamp() -> Hashable | None:
    """A value that differs after any write to the database (see the module docstring);
    None where the database cannot give one."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_current_snapshot()::text")
            return ("pg", cursor.fetchone()[0])
    if connection.vendor == "sqlite":
        name = str(connection.settings_dict["NAME"])
        if not Path(name).is_file():  # in memory (the tests')
            return _own_connection_stamp()
        return _watcher_stamp(name)
    return None


def _own_connection_stamp() -> Hashable:
    """An in-memory database (the tests') has one connection for good: its data version
    (others' commits), its own changes, and a number for the connection itself."""
    connection.ensure_connection()
    raw = connection.connection
    known = getattr(connection, "_keyplan_stamp_connection", None)
    if known is None or known[0] is not raw:
        known = (raw, next(_serials))
        connection._keyplan_stamp_connection = known  # type: ignore[attr-defined]
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA data_version")
        version = cursor.fetchone()[0]
    return ("sqlite", known[1], version, raw.total_changes)


_watcher: tuple[int, int, sqlite3.Connection] | None = None  # (pid, serial, connection)


def _watcher_stamp(name: str) -> Hashable:
    """A database file: keyplan opens a connection per request, so the stamp comes from
    one more connection per process that only ever asks `PRAGMA data_version`. Every
    request's connection is another connection to it, so any commit, this process's
    own included, changes the number it reads."""
    global _watcher
    with _lock:
        if _watcher is None or _watcher[0] != os.getpid():
            # Opened in this process (a fork does not carry a SQLite connection over).
            watcher = sqlite3.connect(name, check_same_thread=False, isolation_level=None)
            _watcher = (os.getpid(), next(_serials), watcher)
        _pid, serial, watcher = _watcher
        version = watcher.execute("PRAGMA data_version").fetchone()[0]
    return ("sqlite-file", serial, version)


def _pending_messages(request) -> bool:
    """Whether the request has messages: to show (before the view) or shown or added by
    it (after). Either way the page is built and not kept: a message is shown once."""
    storage = getattr(request, "_messages", None)
    return storage is not None and len(storage) > 0


def _key(request, view_name: str) -> Hashable:
    return (
        view_name,
        request.user.pk,
        request.session.session_key,
        # The page's CSRF token is made from this cookie's secret.
        request.COOKIES.get(settings.CSRF_COOKIE_NAME, ""),
        request.get_full_path(),
        request.headers.get("HX-Request", ""),
        request.headers.get("HX-Target", ""),
        get_language(),
        timezone.get_current_timezone_name(),
        timezone.localdate(),
    )


def directory() -> Path:
    """Where kept pages are written: settings.PAGE_CACHE_DIR, or DATA_DIR/pagecache."""
    configured = getattr(settings, "PAGE_CACHE_DIR", None)
    return Path(configured) if configured else Path(settings.DATA_DIR) / "pagecache"


_boot: list[str] = []


def _clock() -> str:
    """What makes monotonic times comparable: the machine's boot (Linux's boot id), or
    where there is none, this process alone."""
    if not _boot:
        try:
            _boot.append(Path("/proc/sys/kernel/random/boot_id").read_text().strip())
        except OSError:
            _boot.append("")
    return _boot[0] or f"pid-{os.getpid()}"


def _shared_stamp(stamp: Hashable) -> str | None:
    """The stamp as text when it means the same in every process (PostgreSQL's)."""
    if isinstance(stamp, tuple) and stamp and stamp[0] == "pg":
        return json.dumps(list(stamp))
    return None


def _observe(stamp: Hashable) -> int:
    """Note the stamp just read; the moment since which it has held (monotonic ns)."""
    now = time.monotonic_ns()
    with _lock:
        if _seen["stamp"] != stamp:
            _seen["stamp"], _seen["since"] = stamp, now
        return int(_seen["since"])  # type: ignore[call-overload]


def _path(key: Hashable) -> Path:
    return directory() / hashlib.sha256(repr(key).encode()).hexdigest()


def _load(path: Path, stamp: Hashable, since: int) -> HttpResponse | None:
    try:
        data = path.read_bytes()
    except OSError:
        return None
    try:
        if not data.startswith(MAGIC):
            return None
        head, _sep, body = data[len(MAGIC) :].partition(b"\n")
        meta = json.loads(head)
        age = time.time() - meta["wall"]
        if not 0 <= age < TTL:
            path.unlink(missing_ok=True)
            return None
        shared = _shared_stamp(stamp)
        if shared is not None:
            fresh = meta.get("stamp") == shared
        else:
            fresh = meta.get("clock") == _clock() and meta.get("built", -1) >= since
        if not fresh:
            return None
        return HttpResponse(zlib.decompress(body), headers=meta["headers"])
    except (OSError, ValueError, KeyError, TypeError, zlib.error):
        return None


def _store(path: Path, stamp: Hashable, built: int, response: HttpResponse) -> None:
    meta = {
        "wall": time.time(),
        "clock": _clock(),
        "built": built,
        "stamp": _shared_stamp(stamp),
        # The view's own headers (htmx's among them); the middleware adds theirs.
        "headers": dict(response.headers.items()),
    }
    data = MAGIC + json.dumps(meta).encode() + b"\n" + zlib.compress(response.content, 1)
    temporary = path.with_name(f"{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "wb") as file:
            file.write(data)
        os.replace(temporary, path)
    except OSError:
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)
        return
    if next(_stores) % SWEEP_EVERY == 0:
        sweep()


def sweep() -> None:
    """Remove kept pages older than TTL, then the oldest beyond MAX_ENTRIES."""
    cutoff = time.time() - TTL
    kept = []
    try:
        entries = list(os.scandir(directory()))
    except OSError:
        return
    for entry in entries:
        try:
            modified = entry.stat().st_mtime
            if modified < cutoff:
                os.unlink(entry.path)
            elif not entry.name.endswith(".tmp"):
                kept.append((modified, entry.path))
        except OSError:
            continue
    kept.sort()
    for _modified, path in kept[: max(0, len(kept) - MAX_ENTRIES)]:
        try:
            os.unlink(path)
        except OSError:
            continue


def page_cache(view):
    """Answer a repeat of this GET page from the HTML built for it (module docstring)."""
    view_name = f"{view.__module__}.{view.__qualname__}"

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        user = getattr(request, "user", None)
        if (
            not getattr(settings, "PAGE_CACHE", True)
            or request.method != "GET"
            or user is None
            or not user.is_authenticated
            or request.session.session_key is None
            or _pending_messages(request)
        ):
            return view(request, *args, **kwargs)
        stamp = write_stamp()
        if stamp is None:
            return view(request, *args, **kwargs)
        since = _observe(stamp)
        built = time.monotonic_ns()  # before the view reads anything
        path = _path(_key(request, view_name))
        kept = _load(path, stamp, since)
        if kept is not None:
            return kept
        response = view(request, *args, **kwargs)
        if (
            response.status_code == 200
            and not response.streaming
            and response.get("Content-Type", "").startswith("text/html")
            and not response.has_header("Content-Disposition")
            and not response.cookies
            and not _pending_messages(request)
        ):
            _store(path, stamp, built, response)
        return response

    return wrapper


def kept_pages() -> list[Path]:
    """The files of the kept pages (clear() removes them; tests count them)."""
    try:
        return [p for p in directory().iterdir() if not p.name.endswith(".tmp")]
    except OSError:
        return []


def clear() -> None:
    """Forget every kept page, and what this process has seen (tests; and after a
    contact's erasure or an account's purge, so that no page with them stays on disk)."""
    for path in kept_pages():
        path.unlink(missing_ok=True)
    with _lock:
        _seen["stamp"], _seen["since"] = None, 0
