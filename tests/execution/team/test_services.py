"""Team writes: adding with function and hours, changing with optimistic concurrency,
removing, and the execution settings (managers only, validated, history kept)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from keyplan.accounts import services as account_services
from keyplan.accounts.models import AccountTeamMember
from keyplan.accounts.services import team_member_delete, team_member_update
from keyplan.core.errors import ConflictError
from keyplan.execution.models import ExecutionSettings
from keyplan.execution.team import services
from keyplan.execution.team.selectors import account_team, gap_rows
from tests.factories import AccountFactory, BusinessUnitFactory, TeamMemberFactory, UserFactory


def _entry(w) -> AccountTeamMember:
    return AccountTeamMember.objects.get(account=w.account, user=w.member)


# --- add -------------------------------------------------------------------------------------


def test_add_with_function_hours_and_the_persons_own_unit(world):
    unit = BusinessUnitFactory(name="Finance")
    person = UserFactory(role="team", business_unit=unit)

    entry = account_services.team_member_add(
        user=world.owner,
        account=world.account,
        member=person,
        role=" Controller ",
        contribution="Checks the margins of every offer.",
        function="finance",
        committed_hours=6,
    )

    assert (entry.function, entry.committed_hours, entry.business_unit) == ("finance", 6, unit)
    assert entry.role == "Controller"
    assert entry.history.first().history_user == world.owner


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"function": "astrology"}, "function"),
        ({"committed_hours": 745}, "committed_hours"),
        ({"committed_hours": -1}, "committed_hours"),
        ({"role": "x" * 101}, "role"),
    ],
)
def test_add_refuses_bad_fields(world, kwargs, field):
    with pytest.raises(ValidationError) as caught:
        account_services.team_member_add(
            user=world.owner, account=world.account, member=world.director, **kwargs
        )

    assert field in caught.value.message_dict
    assert not AccountTeamMember.objects.filter(user=world.director).exists()


def test_add_refuses_a_closed_unit(world):
    closed = BusinessUnitFactory(is_active=False)

    with pytest.raises(ValidationError) as caught:
        account_services.team_member_add(
            user=world.owner, account=world.account, member=world.director, business_unit=closed
        )

    assert "business_unit" in caught.value.message_dict


# --- update and delete -------------------------------------------------------------------


def test_update_changes_the_fields_and_keeps_history(world):
    unit = BusinessUnitFactory(name="Service")
    entry = _entry(world)

    saved = team_member_update(
        user=world.member,
        member=entry,
        data={
            "function": "service",
            "committed_hours": 12,
            "business_unit": unit,
            "role": " Lead ",
        },
        seen_updated_at=entry.updated_at,
    )

    assert (saved.function, saved.committed_hours, saved.business_unit, saved.role) == (
        "service",
        12,
        unit,
        "Lead",
    )
    record = saved.history.first()
    assert record.history_user == world.member
    assert record.history_change_reason.startswith("changed: ")


def test_update_without_changes_writes_no_history(world):
    entry = _entry(world)
    before = entry.history.count()

    team_member_update(user=world.owner, member=entry, data={"role": entry.role})

    assert entry.history.count() == before


def test_stale_update_is_a_conflict_and_writes_nothing(world):
    entry = _entry(world)
    seen = entry.updated_at
    team_member_update(user=world.owner, member=entry, data={"role": "First"})

    with pytest.raises(ConflictError) as caught:
        team_member_update(
            user=world.member, member=entry, data={"role": "Second"}, seen_updated_at=seen
        )

    assert caught.value.current.role == "First"
    assert _entry(world).role == "First"


def test_update_refuses_unknown_fields_and_bad_values(world):
    entry = _entry(world)

    with pytest.raises(ValidationError) as unknown:
        team_member_update(user=world.owner, member=entry, data={"user": world.director})
    with pytest.raises(ValidationError) as bad:
        team_member_update(
            user=world.owner, member=entry, data={"function": "x", "committed_hours": 800}
        )

    assert "user" in unknown.value.message_dict
    assert {"function", "committed_hours"} <= set(bad.value.message_dict)


def test_a_closed_unit_already_set_may_stay(world):
    unit = BusinessUnitFactory(is_active=False)
    AccountTeamMember.objects.filter(pk=_entry(world).pk).update(business_unit=unit)

    saved = team_member_update(user=world.owner, member=_entry(world), data={"role": "x"})

    assert saved.business_unit == unit


def test_who_may_change_the_team(world):
    entry = _entry(world)

    with pytest.raises(PermissionDenied):
        team_member_update(user=world.viewer, member=entry, data={"role": "x"})
    with pytest.raises(Http404):
        team_member_update(user=world.outsider, member=entry, data={"role": "x"})
    with pytest.raises(Http404):
        team_member_delete(user=world.portal, member=entry)
    team_member_update(user=world.director, member=entry, data={"role": "ok"})


def test_delete_checks_the_version_and_is_idempotent(world):
    entry = _entry(world)
    stale = entry.updated_at - timedelta(seconds=1)

    with pytest.raises(ConflictError):
        team_member_delete(user=world.owner, member=entry, seen_updated_at=stale)
    team_member_delete(user=world.owner, member=entry, seen_updated_at=entry.updated_at)
    team_member_delete(user=world.owner, member=entry)  # gone already: nothing to do

    assert not AccountTeamMember.objects.filter(pk=entry.pk).exists()


# --- settings --------------------------------------------------------------------------------


def test_settings_update_by_a_manager_normalises_the_functions(world):
    current = ExecutionSettings.load()

    saved = services.execution_settings_update(
        user=world.director,
        data={"required_functions": ["finance", "sales"], "saa_cadence": "quarterly"},
        seen_updated_at=current.updated_at,
    )

    assert saved.required_functions == ["sales", "finance"]
    assert saved.saa_cadence == "quarterly"
    assert saved.history.first().history_user == world.director


@pytest.mark.parametrize("name", ["owner", "member", "viewer"])
def test_settings_only_for_managers(world, name):
    with pytest.raises(PermissionDenied):
        services.execution_settings_update(user=world.users()[name], data={"reminder_days": 3})


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"required_functions": ["sales", "astrology"]}, "required_functions"),
        ({"required_functions": "sales"}, "required_functions"),
        ({"reminder_days": 61}, "reminder_days"),
        ({"saa_cadence": "weekly"}, "saa_cadence"),
        ({"weight_score": Decimal("101")}, "weight_score"),
        ({"nope": 1}, "nope"),
        (
            {
                "weight_class": Decimal(0),
                "weight_score": Decimal(0),
                "weight_return": Decimal(0),
                "weight_completeness": Decimal(0),
            },
            "weight_class",
        ),
    ],
)
def test_settings_refuse_bad_values(world, data, field):
    with pytest.raises(ValidationError) as caught:
        services.execution_settings_update(user=world.admin, data=data)

    assert field in caught.value.message_dict
    assert ExecutionSettings.load().required_functions == [
        "sales",
        "service",
        "technical",
        "finance",
    ]


def test_stale_settings_are_a_conflict(world):
    seen = ExecutionSettings.load().updated_at
    services.execution_settings_update(user=world.admin, data={"reminder_days": 9})

    with pytest.raises(ConflictError):
        services.execution_settings_update(
            user=world.director, data={"reminder_days": 3}, seen_updated_at=seen
        )

    assert ExecutionSettings.load().reminder_days == 9


# --- selectors -------------------------------------------------------------------------------


def test_account_team_sorts_by_function_and_owner_covers_sales(world):
    AccountTeamMember.objects.filter(user=world.member).update(function="finance")
    AccountTeamMember.objects.filter(user=world.viewer).update(function="service")

    found = account_team(world.account)

    assert [m.user for m in found["members"]] == [world.viewer, world.member]
    assert found["coverage"].missing == ("technical",)
    assert found["coverage"].covered["sales"] == (str(world.owner),)


def test_gap_rows_are_strategic_visible_and_filtered(world):
    complete = AccountFactory(name="Complete SA", account_class="strategic", owner=world.owner)
    for code in ("service", "technical", "finance"):
        TeamMemberFactory(account=complete, function=code)
    AccountFactory(name="Regular SA", account_class="regular", owner=world.owner)
    AccountFactory(name="Closed SA", account_class="strategic", status="closed")

    names = [row.name for row in gap_rows(world.director)]
    everything = [row.name for row in gap_rows(world.director, show_all=True, sort="name")]
    finance = [row.name for row in gap_rows(world.director, function="finance")]

    assert names == ["Polmet Sp. z o.o."]
    assert everything == ["Complete SA", "Polmet Sp. z o.o."]
    assert finance == ["Polmet Sp. z o.o."]
    assert gap_rows(world.outsider) == []
    assert [row.name for row in gap_rows(world.member)] == ["Polmet Sp. z o.o."]
    assert gap_rows(world.director, owner_id=world.outsider.pk) == []


def test_gap_rows_sort_worst_first_then_by_name(world):
    AccountFactory(name="Beta SA", account_class="strategic", owner=world.owner)
    alpha = AccountFactory(name="Alpha SA", account_class="strategic", owner=world.owner)
    TeamMemberFactory(account=alpha, function="service")

    worst_first = [row.name for row in gap_rows(world.director)]
    fewest_first = [row.name for row in gap_rows(world.director, sort="missing")]

    assert worst_first == ["Beta SA", "Polmet Sp. z o.o.", "Alpha SA"]
    assert fewest_first == ["Alpha SA", "Beta SA", "Polmet Sp. z o.o."]
