"""The health of many accounts from their signals, the table, the monthly snapshots."""

from __future__ import annotations

from datetime import date

from django.db import connection
from django.test.utils import CaptureQueriesContext

from keyplan.economics.health.selectors import (
    HealthFilters,
    account_health,
    health_of,
    health_table,
    latest_snapshot,
)
from keyplan.economics.health.services import record_month
from keyplan.economics.models import EconomicsSettings, HealthSnapshot
from tests.economics.pnl.support import sale
from tests.economics.signals.support import AS_OF, lively
from tests.factories import AccountFactory


def test_the_health_of_a_lively_account(world):
    lively(world)
    health, _signals = health_of([world.account.pk], as_of=AS_OF)[world.account.pk]
    points = {c.key: c.points for c in health.components}
    assert points["revenue_trend"] == 100  # +50%
    assert points["margin_trend"] == 0  # −10 points
    assert points["satisfaction"] == 80
    assert points["actions"] == 50  # 1 of 2 open overdue
    assert health.score is not None and 0 <= health.score <= 100


def test_a_zero_weight_leaves_a_component_out(world):
    lively(world)
    settings = EconomicsSettings.load()
    settings.weight_satisfaction = 0
    settings.save()
    health, _signals = health_of([world.account.pk], as_of=AS_OF)[world.account.pk]
    satisfaction = next(c for c in health.components if c.key == "satisfaction")
    assert satisfaction.has_data and not satisfaction.counts
    assert health.share(satisfaction) is None


def test_recording_a_month_twice_replaces_it(world):
    lively(world)
    assert record_month(date(2026, 6, 1)) == 2
    first = HealthSnapshot.objects.get(account=world.account, month=date(2026, 6, 1))
    assert first.score is not None and len(first.components) == 8
    sale(world.account, date(2026, 3, 1), "5000", "100")
    assert record_month(date(2026, 6, 15)) == 2
    again = HealthSnapshot.objects.get(account=world.account, month=date(2026, 6, 1))
    assert HealthSnapshot.objects.count() == 2
    assert again.pk == first.pk and again.components != first.components
    assert latest_snapshot(world.account).month == date(2026, 6, 1)


def test_the_table_compares_with_the_previous_month(world):
    lively(world)
    record_month(date(2026, 5, 1))
    table = health_table(user=world.owner, filters=HealthFilters(), as_of=AS_OF)
    [row] = table.rows
    assert row.account_id == world.account.pk
    assert row.previous is not None and row.change == row.score - row.previous
    assert row.weakest is not None
    detail = account_health(account=world.account, as_of=AS_OF)
    assert detail.history == [(date(2026, 5, 1), row.previous)]
    assert detail.previous == row.previous


def test_closed_accounts_are_left_out_and_filters_apply(world):
    AccountFactory(name="Closed AG", owner=world.owner, status="closed")
    table = health_table(user=world.director, filters=HealthFilters(account_class="strategic"))
    assert [row.name for row in table.rows] == ["Polmet Sp. z o.o."]


def test_queries_do_not_grow_with_accounts(world):
    lively(world)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            health_table(user=world.director, filters=HealthFilters(), as_of=AS_OF)
        return len(queries)

    count()
    before = count()
    for _ in range(6):
        sale(AccountFactory(), date(2026, 6, 1), "10", "5")
    assert count() == before
