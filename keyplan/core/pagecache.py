"""A page seen again with nothing changed is not built again (issue #19, "Load held").

The busiest pages (the account list and page, the Pareto page, My work) are built from a
dozen selectors of several apps: 20-60 ms of ORM and template work a request. Most of
the time the same user opens them again with nothing changed. `page_cache` keeps the
HTML of such a page in the process and answers a repeat from it.

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
stamp. The cache is per process (MAX_ENTRIES pages); workers do not share it. Off with
KEYPLAN_PAGE_CACHE=0 (settings.PAGE_CACHE) and in the test settings, where tests that
count a page's queries want the page built; tests/core/test_pagecache.py turns it on.
"""

from __future__ import annotations

import functools
import itertools
import os
import sqlite3
import threading
import time
from collections import OrderedDict
from collections.abc import Hashable
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import get_language

MAX_ENTRIES = 256
TTL = 120.0  # seconds

_lock = threading.Lock()
_entries: OrderedDict[Hashable, tuple[float, bytes, dict[str, str]]] = OrderedDict()
_serials = itertools.count(1)


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


def _key(request, view_name: str, stamp: Hashable) -> Hashable:
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
        stamp,
    )


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
        key = _key(request, view_name, stamp)
        now = time.monotonic()
        with _lock:
            entry = _entries.get(key)
            if entry is not None and now - entry[0] < TTL:
                _entries.move_to_end(key)
                return HttpResponse(entry[1], headers=entry[2])
        response = view(request, *args, **kwargs)
        if (
            response.status_code == 200
            and not response.streaming
            and response.get("Content-Type", "").startswith("text/html")
            and not response.has_header("Content-Disposition")
            and not response.cookies
            and not _pending_messages(request)
        ):
            # The view's own headers (htmx's among them); the middleware adds theirs.
            headers = dict(response.headers.items())
            with _lock:
                _entries[key] = (now, response.content, headers)
                _entries.move_to_end(key)
                while len(_entries) > MAX_ENTRIES:
                    _entries.popitem(last=False)
        return response

    return wrapper


def clear() -> None:
    """Forget every kept page (tests)."""
    with _lock:
        _entries.clear()
