"""Snooze, resolve and reopen: validation by field, access, history, and what shows."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from keyplan.economics.models import WarningState
from keyplan.economics.warnings import selectors, services
from keyplan.sales.models import MonthlyRollup

from .support import DECLINING, declining, last_month, person_key

pytestmark = pytest.mark.django_db


def _state(world, key):
    return next(
        row for row in selectors.account_warnings(account=world.account).rows if row.key == key
    )


def test_the_account_shows_its_warnings_ranked_by_money(world):
    boss = declining(world)

    rows = selectors.account_warnings(account=world.account).rows

    assert [row.key for row in rows][:1] == [DECLINING]
    assert rows[0].warning.money_at_stake == 1200
    assert person_key(boss) in {row.key for row in rows}


def test_snooze_hides_until_the_day(world):
    declining(world)
    until = timezone.localdate() + timedelta(days=10)

    state = services.warning_snooze(
        user=world.owner, account=world.account, key=DECLINING, until=until, note="Visit planned"
    )

    assert state.decided_by == world.owner and state.evidence.startswith("rev3m 300")
    assert _state(world, DECLINING).state == "snoozed"
    later = selectors.account_warnings(account=world.account, today=until).rows
    assert next(r for r in later if r.key == DECLINING).state == ""
    assert state.history.count() == 1


@pytest.mark.parametrize(("days", "field"), [(0, "until"), (-3, "until"), (181, "until")])
def test_snooze_validation_names_the_field(world, days, field):
    declining(world)
    with pytest.raises(ValidationError) as caught:
        services.warning_snooze(
            user=world.owner,
            account=world.account,
            key=DECLINING,
            until=timezone.localdate() + timedelta(days=days),
        )
    assert list(caught.value.message_dict) == [field]
    assert not WarningState.objects.exists()


def test_snooze_for_180_days_is_fine_and_unknown_keys_are_refused(world):
    declining(world)
    until = timezone.localdate() + timedelta(days=180)
    services.warning_snooze(user=world.member, account=world.account, key=DECLINING, until=until)

    with pytest.raises(ValidationError) as caught:
        services.warning_snooze(
            user=world.member, account=world.account, key="stale_plan", until=until
        )
    assert list(caught.value.message_dict) == ["key"]


def test_resolve_needs_a_note_and_comes_back_when_the_evidence_changes(world):
    declining(world)
    with pytest.raises(ValidationError) as caught:
        services.warning_resolve(user=world.owner, account=world.account, key=DECLINING, note=" ")
    assert list(caught.value.message_dict) == ["note"]

    services.warning_resolve(
        user=world.owner, account=world.account, key=DECLINING, note="New contract signed"
    )
    assert _state(world, DECLINING).state == "resolved"

    MonthlyRollup.objects.filter(account=world.account, month=last_month()).update(revenue=50)
    back = _state(world, DECLINING)
    assert back.state == "back" and not back.hidden


def test_reopen_drops_the_decision(world):
    declining(world)
    services.warning_resolve(user=world.owner, account=world.account, key=DECLINING, note="ok")

    assert services.warning_reopen(user=world.owner, account=world.account, key=DECLINING)
    assert _state(world, DECLINING).state == ""
    assert not services.warning_reopen(user=world.owner, account=world.account, key=DECLINING)


@pytest.mark.parametrize("who", ["viewer", "outsider"])
def test_read_only_and_strangers_cannot_decide(world, who):
    declining(world)
    user = world.users()[who]
    with pytest.raises(PermissionDenied):
        services.warning_resolve(user=user, account=world.account, key=DECLINING, note="x")
    with pytest.raises(PermissionDenied):
        services.warning_reopen(user=user, account=world.account, key=DECLINING)
    assert not WarningState.objects.exists()


def test_the_portfolio_counts_hidden_ones_and_filters(world):
    declining(world)
    services.warning_resolve(user=world.owner, account=world.account, key=DECLINING, note="ok")

    shown = selectors.portfolio_warnings(user=world.director, filters=selectors.WarningFilters())
    everything = selectors.portfolio_warnings(
        user=world.director, filters=selectors.WarningFilters(hidden=True)
    )
    relationships = selectors.portfolio_warnings(
        user=world.director, filters=selectors.WarningFilters(kind="relationship")
    )
    outsider = selectors.portfolio_warnings(user=world.outsider, filters=selectors.WarningFilters())

    assert DECLINING not in {row.key for row in shown.rows}
    assert shown.hidden == 1 and shown.counts["declining_orders"] == 0
    assert DECLINING in {row.key for row in everything.rows}
    assert {row.warning.kind for row in relationships.rows} == {"relationship"}
    assert relationships.hidden == 0
    assert world.account.pk not in {row.account_id for row in outsider.rows}
