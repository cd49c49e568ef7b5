"""keyplan.core.pagecache: a repeat of a busy page is answered from the HTML built for
it, but only while nothing in the database changed, for the same user, session, path,
language and day; never with someone else's page or a message shown twice.

On PostgreSQL the tests use `transactional_db`, so that each write commits as in
production (inside one test transaction every write has the same transaction id, and
the snapshot does not move); SQLite's stamp counts this connection's own changes, so the
faster `db` does there."""

from __future__ import annotations

import json

import pytest
from django.contrib import messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.db import connection
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from keyplan.accounts.models import Account
from keyplan.core import pagecache
from tests.factories import AccountFactory

LIST = reverse("accounts:list")

pytestmark = pytest.mark.django_db(transaction=connection.vendor == "postgresql")

# On PostgreSQL the stamp is the server's snapshot, which transactions on its other
# databases move too (CI runs a second test shard on the same server): a check that two
# reads see the same stamp is tried until it holds once. SQLite's is this database's own.
TRIES = 25 if connection.vendor == "postgresql" else 1


def _from_kept(client, url: str):
    """Ask for `url` until it is answered from a kept page: three queries (the session,
    the user, the stamp), the page not built."""
    for _ in range(TRIES):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        if len(queries) <= 3:
            return response
    raise AssertionError(f"{url} was built each of {TRIES} times")


def _steady_stamp(read=lambda: None):
    """The stamp, read twice around `read` (which must not move it)."""
    for _ in range(TRIES):
        first = pagecache.write_stamp()
        read()
        if pagecache.write_stamp() == first:
            return first
    raise AssertionError(f"the stamp moved around a read each of {TRIES} times")


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.PAGE_CACHE = True
    pagecache.clear()
    yield
    pagecache.clear()


def test_any_write_moves_the_stamp_whatever_wrote_it(world):
    _steady_stamp()
    first = _steady_stamp(lambda: Account.objects.filter(pk=world.account.pk).exists())

    stamps = [first]
    world.account.name = "Saved"
    world.account.save()
    stamps.append(pagecache.write_stamp())
    Account.objects.filter(pk=world.account.pk).update(name="Bulk update")
    stamps.append(pagecache.write_stamp())
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {Account._meta.db_table} SET name = %s WHERE id = %s",
            ["Raw SQL", world.account.pk],
        )
    stamps.append(pagecache.write_stamp())
    Account.objects.bulk_create([Account(name="Bulk created", owner=world.owner)])
    stamps.append(pagecache.write_stamp())
    Account.objects.filter(name="Bulk created").delete()
    stamps.append(pagecache.write_stamp())
    assert len(set(stamps)) == len(stamps), stamps


def test_a_repeat_is_answered_from_the_page_and_a_change_shows_at_once(world, client_for):
    client = client_for("owner")
    client.get(LIST)  # the first request writes the session's time stamps
    built = client.get(LIST)
    again = _from_kept(client, LIST)
    assert b"Polmet" in again.content and b"Polmet" in built.content

    Account.objects.filter(pk=world.account.pk).update(name="Renamed by an import")
    changed = client.get(LIST)
    assert b"Renamed by an import" in changed.content
    assert b"Polmet" not in changed.content

    AccountFactory(name="Added by another user", owner=world.owner)
    assert b"Added by another user" in client.get(LIST).content


def test_pages_are_never_shared_between_users_sessions_or_languages(world, client_for):
    owner, other = client_for("owner"), client_for("outsider")
    for client in (owner, other):
        client.get(LIST)
    mine = owner.get(LIST).content
    theirs = other.get(LIST).content
    assert b"Polmet" in mine and b"Polmet" not in theirs
    assert b"Polmet" not in _from_kept(other, LIST).content
    # Two pages per session: before its CSRF cookie was set, and after (its own token).
    assert len(pagecache.kept_pages()) == 4

    second_session = Client()
    second_session.force_login(world.owner)
    second_session.get(LIST)
    second_session.get(LIST)
    assert len(pagecache.kept_pages()) == 6

    polish = owner.get(LIST, HTTP_ACCEPT_LANGUAGE="pl").content
    assert b'<html lang="pl">' in polish
    assert b'<html lang="en">' in mine


def test_only_html_answers_of_get_requests_without_messages_are_kept(world):
    calls = []

    @pagecache.page_cache
    def view(request):
        calls.append(request.method)
        shown = "".join(str(m) for m in messages.get_messages(request))  # as base.html does
        return HttpResponse(f"<p>page{shown}</p>", status=200 if request.method == "GET" else 201)

    def request(method: str, *, message: str = ""):
        made = getattr(RequestFactory(), method)("/page/")
        made.user = world.owner
        made.session = type("Session", (), {"session_key": "s1"})()
        made._messages = FallbackStorage(made)
        if message:
            messages.info(made, message)
        return made

    view(request("get"))
    for _ in range(TRIES):  # a repeat is answered from the kept page
        built = len(calls)
        assert view(request("get")).content == b"<p>page</p>"
        if len(calls) == built:
            break
    else:
        raise AssertionError("the page was built every time")
    assert set(calls) == {"GET"}
    view(request("post"))
    view(request("post"))
    assert calls[-2:] == ["POST", "POST"]

    # A pending message: the page is built, shows it, and is not kept for the next time.
    pagecache.clear()
    assert view(request("get", message="Saved")).content == b"<p>pageSaved</p>"
    assert view(request("get")).content == b"<p>page</p>"
    assert calls[-2:] == ["GET", "GET"]


def test_off_switch(world, client_for, settings):
    settings.PAGE_CACHE = False
    client = client_for("owner")
    client.get(LIST)
    client.get(LIST)
    with CaptureQueriesContext(connection) as repeat:
        client.get(LIST)
    assert len(repeat) > 3


def test_a_database_file_is_watched_by_a_connection_of_its_own(tmp_path, monkeypatch):
    """keyplan opens a SQLite connection per request: the stamp of a database file comes
    from one more connection that only reads `PRAGMA data_version`, which any other
    connection's commit changes, this process's own included."""
    import sqlite3

    monkeypatch.setattr(pagecache, "_watcher", None)
    path = str(tmp_path / "keyplan.sqlite3")
    writer = sqlite3.connect(path, isolation_level=None)
    writer.execute("PRAGMA journal_mode=WAL")
    writer.execute("CREATE TABLE t (x)")
    first = pagecache._watcher_stamp(path)
    assert pagecache._watcher_stamp(path) == first
    writer.execute("SELECT * FROM t").fetchall()  # a read changes nothing
    assert pagecache._watcher_stamp(path) == first

    writer.execute("INSERT INTO t VALUES (1)")
    second = pagecache._watcher_stamp(path)
    assert second != first
    another = sqlite3.connect(path, isolation_level=None)  # a request's new connection
    another.execute("BEGIN")
    another.execute("UPDATE t SET x = 2")
    assert pagecache._watcher_stamp(path) == second  # not committed yet
    another.execute("COMMIT")
    assert pagecache._watcher_stamp(path) not in {first, second}
    for opened in (writer, another, pagecache._watcher[2]):
        opened.close()


def test_an_outsider_is_refused_an_account_page_its_owner_has_kept(world, client_for):
    url = reverse("accounts:detail", args=[world.account.pk])
    owner, outsider = client_for("owner"), client_for("outsider")
    for _ in range(3):
        assert owner.get(url).status_code == 200  # built, then kept
    assert b"Polmet" in owner.get(url).content
    for _ in range(2):
        refused = outsider.get(url)
        assert refused.status_code == 404
        assert b"Polmet" not in refused.content

    # Taken off the team: a write, so the member's kept page goes with it.
    member = client_for("member")
    assert member.get(url).status_code == 200
    assert member.get(url).status_code == 200
    world.account.team.filter(user=world.member).delete()
    assert member.get(url).status_code == 404


def test_reading_pages_does_not_move_the_stamp(world, client_for):
    """A user who only reads writes nothing: neither the idle clock (after its 30 s) nor
    the recent items (opening another account) touch the database, so one user's reading
    does not throw away everyone's kept pages (keyplan.core.sessioncookie)."""
    import time

    from keyplan.core.middleware import SEEN_AT, SEEN_RESOLUTION

    client = client_for("owner")
    pages = [
        LIST,
        reverse("accounts:detail", args=[world.account.pk]),
        reverse("portfolio:pareto"),
        reverse("work:home"),
    ]
    for page in pages:  # the first request stamps the session; settings rows are created
        assert client.get(page).status_code == 200
    session = client.session
    session[SEEN_AT] = time.time() - SEEN_RESOLUTION - 5  # the idle clock is due
    session.save()
    other = AccountFactory(name="Opened second", owner=world.owner)

    for page in [*pages, reverse("accounts:detail", args=[other.pk])]:
        with CaptureQueriesContext(connection) as queries:
            _steady_stamp(lambda page=page: client.get(page))  # raises if it moved
        writes = [
            q["sql"]
            for q in queries
            if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
        ]
        assert writes == [], page
    assert client.cookies["kp_seen"].value and client.cookies["kp_recent"].value


# --- the shared store: files that the server's workers share ------------------------------


def _as_another_process(monkeypatch) -> dict:
    """Make this process look like a newly started worker (it has seen no stamp yet);
    returns the state to put back to be the first worker again."""
    mine = dict(pagecache._seen)
    monkeypatch.setitem(pagecache._seen, "stamp", None)
    monkeypatch.setitem(pagecache._seen, "since", 0)
    return mine


def test_a_page_kept_by_one_worker_answers_another(world, client_for, monkeypatch):
    client = client_for("owner")
    client.get(LIST)  # the session's stamps and the CSRF cookie
    first = client.get(LIST)
    first_worker = _as_another_process(monkeypatch)

    if connection.vendor == "postgresql":
        # The same snapshot means the same database in every process: the page is used.
        again = _from_kept(client, LIST)
    else:
        # A worker that has just seen SQLite's stamp cannot know the page is as new.
        with CaptureQueriesContext(connection) as second:
            again = client.get(LIST)
        assert len(second) > 3
    assert b"Polmet" in again.content and b"Polmet" in first.content

    # The first worker has seen no write since before that page: it uses it.
    pagecache._seen.update(first_worker)
    assert b"Polmet" in _from_kept(client, LIST).content

    # A write: whichever worker reads the new stamp builds the page again.
    Account.objects.filter(pk=world.account.pk).update(name="Renamed elsewhere")
    assert b"Renamed elsewhere" in client.get(LIST).content


def test_which_kept_pages_a_process_may_use(tmp_path, settings):
    settings.PAGE_CACHE_DIR = str(tmp_path)
    path = tmp_path / "page"
    response = HttpResponse("<p>kept</p>", headers={"HX-Trigger": "loaded"})
    sqlite_stamp = ("sqlite-file", 1, 7)

    pagecache._store(path, sqlite_stamp, 1_000, response)
    assert path.stat().st_mode & 0o777 == 0o600
    kept = pagecache._load(path, sqlite_stamp, since=1_000)
    assert kept.content == b"<p>kept</p>" and kept["HX-Trigger"] == "loaded"
    assert pagecache._load(path, sqlite_stamp, since=1_001) is None  # built before a write

    # PostgreSQL's stamp means the same everywhere: it must match, whenever it was built.
    pg = ("pg", "100:105:101,103")
    pagecache._store(path, pg, 0, response)
    assert pagecache._load(path, pg, since=10**18).content == b"<p>kept</p>"
    assert pagecache._load(path, ("pg", "100:106:101"), since=0) is None

    # Another boot of the machine, too old, or not a page at all: not used.
    pagecache._store(path, sqlite_stamp, 1_000, response)
    raw = path.read_bytes()
    path.write_bytes(raw.replace(pagecache._clock().encode(), b"another-boot"))
    assert pagecache._load(path, sqlite_stamp, since=0) is None
    pagecache._store(path, sqlite_stamp, 1_000, response)
    head, _sep, body = path.read_bytes()[len(pagecache.MAGIC) :].partition(b"\n")
    meta = json.loads(head)
    meta["wall"] -= pagecache.TTL + 1
    path.write_bytes(pagecache.MAGIC + json.dumps(meta).encode() + b"\n" + body)
    assert pagecache._load(path, sqlite_stamp, since=0) is None
    for junk in (b"", b"<html>", pagecache.MAGIC + b"{not json\n", pagecache.MAGIC + b"{}\nx"):
        path.write_bytes(junk)
        assert pagecache._load(path, sqlite_stamp, since=0) is None
    assert pagecache._load(tmp_path / "missing", sqlite_stamp, since=0) is None


def test_a_store_that_cannot_be_written_only_means_pages_are_built(
    world, client_for, settings, tmp_path
):
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("x")
    settings.PAGE_CACHE_DIR = str(blocker / "pagecache")
    client = client_for("owner")
    for _ in range(3):
        response = client.get(LIST)
        assert response.status_code == 200 and b"Polmet" in response.content
    assert pagecache.kept_pages() == []


def test_the_sweep_drops_old_pages_and_keeps_at_most_max_entries(tmp_path, settings, monkeypatch):
    import os
    import time

    settings.PAGE_CACHE_DIR = str(tmp_path)
    monkeypatch.setattr(pagecache, "MAX_ENTRIES", 2)
    now = time.time()
    ages = {"old": pagecache.TTL + 5, "a": 30, "b": 20, "c": 10, "left.tmp": pagecache.TTL + 5}
    for name, age in ages.items():
        (tmp_path / name).write_bytes(b"x")
        os.utime(tmp_path / name, (now - age, now - age))
    pagecache.sweep()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b", "c"]
