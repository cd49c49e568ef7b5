"""SQLite plans with statistics (keyplan.core.db.refresh_statistics), which imports and
the demo refresh: without them it read every live account for a KAM's account list."""

from __future__ import annotations

from django.db import connection

from keyplan.accounts.access import visible_accounts
from keyplan.accounts.models import Account
from keyplan.core.db import refresh_statistics
from tests.factories import AccountFactory, TeamMemberFactory, UserFactory


def _plan(queryset) -> str:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        return " | ".join(str(row[-1]) for row in cursor.fetchall())


def test_a_kams_accounts_are_read_through_the_owner_and_team_indexes(db):
    someone = UserFactory(role="kam")
    Account.objects.bulk_create(
        Account(name=f"Other {i:05d}", external_id=f"O{i:05d}", owner=someone) for i in range(3000)
    )
    kam = UserFactory(role="kam")
    owned = AccountFactory(owner=kam)
    joined = TeamMemberFactory(user=kam).account
    refresh_statistics()

    accounts = visible_accounts(kam).order_by("name", "pk")
    assert list(accounts) == sorted([owned, joined], key=lambda a: (a.name, a.pk))
    if connection.vendor != "sqlite":
        return  # PostgreSQL: autovacuum's statistics; nothing for keyplan to refresh
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM sqlite_stat1 WHERE tbl = 'accounts_account'")
        assert cursor.fetchone()[0] > 0
    plan = _plan(accounts)
    # The accounts come through the owner index and the team's ids, never a scan of them
    # (the team table here is one row: scanning that is the planner's fair choice).
    assert "SCAN accounts_account " not in f"{plan} ", plan
    assert "MULTI-INDEX OR" in plan and "(owner_id=?)" in plan, plan


def test_a_team_members_accounts_are_only_their_teams(db):
    member = UserFactory(role="team")
    mine = TeamMemberFactory(user=member).account
    AccountFactory(owner=UserFactory(role="kam"))
    TeamMemberFactory()  # someone else's team
    assert list(visible_accounts(member)) == [mine]
