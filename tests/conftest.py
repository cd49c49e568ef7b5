"""Shared fixtures: one account with every kind of user around it (STYLE.md "Tests").

`world` holds: admin, director, owner (the account's KAM), member (on its team),
viewer (read-only, on its team), outsider (a KAM of another account) and portal
(a portal user of another account), the account itself with a contact, and the
other account.
"""

from __future__ import annotations

import os
import zlib
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.test import Client

from keyplan.accounts.models import Account, Contact
from keyplan.users.models import User

from .factories import PASSWORD, AccountFactory, ContactFactory, TeamMemberFactory, UserFactory
from .support import ApiClient, token_for

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs a loop


@dataclass
class World:
    admin: User
    director: User
    owner: User
    member: User
    viewer: User
    outsider: User
    portal: User
    account: Account
    contact: Contact
    other_account: Account

    def users(self) -> dict[str, User]:
        return {
            "admin": self.admin,
            "director": self.director,
            "owner": self.owner,
            "member": self.member,
            "viewer": self.viewer,
            "outsider": self.outsider,
            "portal": self.portal,
        }


@pytest.fixture(autouse=True)
def _fresh_analysis_cache():
    """Cached analyses (keyplan.core.dataversion) live in the process; a test's rolled-back
    data would give the next test the same data versions, so each test starts empty."""
    from keyplan.core import dataversion

    dataversion.clear()
    yield
    dataversion.clear()


@pytest.fixture
def world(db) -> World:
    admin = UserFactory(username="admin", role="admin", is_staff=True, is_superuser=True)
    director = UserFactory(username="director", role="director")
    owner = UserFactory(username="owner", role="kam")
    member = UserFactory(username="member", role="team")
    viewer = UserFactory(username="viewer", role="viewer")
    outsider = UserFactory(username="outsider", role="kam")
    account = AccountFactory(
        name="Polmet Sp. z o.o.",
        owner=owner,
        account_class="strategic",
        annual_revenue=Decimal("1234567.89"),
    )
    other_account = AccountFactory(
        name="Other Customer GmbH", owner=outsider, country="DE", currency="EUR"
    )
    TeamMemberFactory(account=account, user=member)
    TeamMemberFactory(account=account, user=viewer, role="Observer")
    portal = UserFactory(username="portal", role="portal", portal_account=other_account)
    contact = ContactFactory(account=account, first_name="Jan", last_name="Kowalski")
    return World(
        admin, director, owner, member, viewer, outsider, portal, account, contact, other_account
    )


@pytest.fixture
def client_for(world):
    """client_for("owner") → a test client logged in as that fixture user."""

    def make(name: str) -> Client:
        client = Client()
        client.force_login(world.users()[name])
        return client

    return make


@pytest.fixture
def api(world):
    """api("owner") → an ApiClient with a fresh personal token of that fixture user."""

    def make(name: str) -> ApiClient:
        return ApiClient(token_for(world.users()[name]))

    return make


@pytest.fixture
def password() -> str:
    return PASSWORD


DATABASE_FIXTURES = frozenset(
    {"db", "transactional_db", "django_db_reset_sequences", "django_db_serialized_rollback"}
)


def _uses_database(item: pytest.Item) -> bool:
    fixtures = set(getattr(item, "fixturenames", ()))
    return bool(item.get_closest_marker("django_db") or fixtures & DATABASE_FIXTURES)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The PostgreSQL run (KEYPLAN_EXPECT_POSTGRES) runs the tests that use the database
    under test; the others (pure domain rules, and the CLI tests that make their own
    SQLite file in a subprocess) give the same result on any database and run once, in
    the SQLite run. KEYPLAN_TEST_SHARD=k/n keeps the tests whose id hashes to k modulo n
    (by file for tests that share a module- or class-scoped fixture), so CI can spread
    one run over several processes. Deselected, so the summary
    counts them."""
    keep = _shard_filter(os.environ.get("KEYPLAN_TEST_SHARD", ""))
    postgres = bool(os.environ.get("KEYPLAN_EXPECT_POSTGRES"))
    kept = [i for i in items if keep(i) and (not postgres or _uses_database(i))]
    if len(kept) < len(items):
        kept_ids = {id(item) for item in kept}
        config.hook.pytest_deselected(items=[i for i in items if id(i) not in kept_ids])
        items[:] = kept


def _shard_filter(spec: str):
    """`k/n` -> a predicate keeping the items of shard k of n, by test id (a file that
    holds thousands of parametrized cases is spread too), except that a test using a
    module- or class-scoped fixture goes by its file, so the fixture is built once; an
    empty spec keeps everything."""
    if not spec:
        return lambda item: True
    try:
        index, count = (int(part) for part in spec.split("/"))
    except ValueError:
        raise pytest.UsageError(f"KEYPLAN_TEST_SHARD must read k/n, not {spec!r}") from None
    if not 0 <= index < count:
        raise pytest.UsageError(f"KEYPLAN_TEST_SHARD {spec!r}: k must be in 0..n-1")
    return lambda item: zlib.crc32(_shard_key(item).encode()) % count == index


def _shard_key(item) -> str:
    info = getattr(item, "_fixtureinfo", None)
    definitions = info.name2fixturedefs.values() if info is not None else ()
    shared = any(  # pytest-django's own autouse class fixture is on every test: not ours
        d.scope in ("module", "class", "package") and not d.argname.startswith("_django")
        for defs in definitions
        for d in defs
    )
    return item.nodeid.split("::")[0] if shared else item.nodeid


@pytest.fixture(autouse=True)
def _expect_postgres(request):
    """In the PostgreSQL run of CI, a test on any other database is a failure, not a pass."""
    if os.environ.get("KEYPLAN_EXPECT_POSTGRES") and "db" in request.fixturenames:
        from django.db import connection

        assert connection.vendor == "postgresql", "expected the PostgreSQL run to use PostgreSQL"


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the default language: a request handled in Polish or Russian
    leaves its language active in the thread, which would leak into the next test."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)
