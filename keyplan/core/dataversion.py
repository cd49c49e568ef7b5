"""A cheap version stamp of the data the analyses read, and a per-process cache keyed by
it (issue #19, "Load held": the Pareto page of 100,000 accounts took 1.5 s a request).

- `bump(source)`: a writer of rollups, accounts, teams, exchange rates, portfolio
  settings or users calls it inside its transaction (model saves and deletes do it
  through signals; bulk writers call it themselves). It inserts one `DataChange` row.
- `current()`: the version, one indexed query: the newest change's id and how many
  changes there are among the newest WINDOW ids. The id alone would miss a transaction
  that took a lower id and committed after a higher one (PostgreSQL hands ids out at
  insert time); that commit adds a row inside the window, so the count changes. Rows are
  pruned only far below the window, so for one newest id the count only grows: the
  stamp never comes back to an earlier value.
- `cached(key, compute)`: the value of `compute()` for (key, current version), kept in
  this process (objects, not pickles: unpickling 100,000 rows would cost what computing
  them does), at most MAX_ENTRIES values, each for at most TTL seconds. Read the version
  before the data: a change committed in between is then cached under the old version,
  which nobody asks for any more.

The key must say whose view it is (see the callers): a cached value is never shared
between users who may see different accounts.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import TypeVar

from django.db import connection

from .models import DataChange
from .requestmemo import memo

WINDOW = 1000
PRUNE_EVERY = 500  # a bump whose id is a multiple of this prunes below id - 2 * WINDOW
MAX_ENTRIES = 16
TTL = 600.0  # seconds: a backstop, should a writer ever forget to bump

T = TypeVar("T")

_lock = threading.Lock()
_entries: OrderedDict[Hashable, tuple[float, object]] = OrderedDict()


def bump(source: str) -> None:
    """Record that data the analyses read changed (inside the writer's transaction)."""
    change = DataChange.objects.create(source=source[:40])
    if change.pk % PRUNE_EVERY == 0:
        DataChange.objects.filter(pk__lt=change.pk - 2 * WINDOW).delete()


def current() -> tuple[int, int]:
    """The data version: (newest change id, changes among the newest WINDOW ids)."""
    table = connection.ops.quote_name(DataChange._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT MAX(id), COUNT(*) FROM {table} "  # noqa: S608 (model's table name)
            f"WHERE id > (SELECT COALESCE(MAX(id), 0) - %s FROM {table})",
            [WINDOW],
        )
        newest, count = cursor.fetchone()
    return (newest or 0, count or 0)


def cached(key: Hashable, compute: Callable[[], T]) -> T:
    """compute() for `key` at the current data version, computed once per process. The
    version is read once per page (keyplan.core.requestmemo): a page's analyses all
    read it before their data, which the stamp requires."""
    full_key = (key, memo(("data-version",), current))
    now = time.monotonic()
    with _lock:
        entry = _entries.get(full_key)
        if entry is not None and now - entry[0] < TTL:
            _entries.move_to_end(full_key)
            return entry[1]  # type: ignore[return-value]
    value = compute()
    with _lock:
        _entries[full_key] = (now, value)
        _entries.move_to_end(full_key)
        while len(_entries) > MAX_ENTRIES:
            _entries.popitem(last=False)
    return value


def clear() -> None:
    """Forget every cached value (tests: their rolled-back data repeats versions)."""
    with _lock:
        _entries.clear()
