"""Selling selectors and services: allocation scope, profiles_derive, override, suggestions."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from keyplan.core.errors import ConflictError
from keyplan.stakeholders.models import SalesProfile
from keyplan.stakeholders.selling import selectors, services
from tests.factories import BusinessUnitFactory, UserFactory

from .support import TODAY, account_of, first_sale, hunter, log

pytestmark = pytest.mark.django_db


def test_manager_sees_everyone_per_person_and_team(world):
    unit = BusinessUnitFactory(code="east", name="East")
    world.owner.business_unit = unit
    world.owner.save()
    log(world.owner, world.account, 120)
    log(world.outsider, world.other_account, 60)
    report = selectors.time_allocation(user=world.director, date_from=TODAY, date_to=TODAY)
    assert report.everyone
    assert {row.key for row in report.people} == {str(world.owner.pk), str(world.outsider.pk)}
    assert [team.key for team in report.teams] == ["east", ""]
    assert report.overall.total == 180
    east = selectors.time_allocation(
        user=world.director, date_from=TODAY, date_to=TODAY, team="east"
    )
    assert [row.key for row in east.people] == [str(world.owner.pk)]


def test_others_see_only_themselves(world):
    log(world.owner, world.account, 120)
    log(world.outsider, world.other_account, 60)
    report = selectors.time_allocation(user=world.owner, date_from=TODAY, date_to=TODAY)
    assert not report.everyone
    assert [row.key for row in report.people] == [str(world.owner.pk)]
    assert report.overall.total == 120
    with pytest.raises(PermissionDenied):
        selectors.time_allocation(user=world.owner, user_id=world.outsider.pk)


def test_allocation_uses_current_class_and_period(world):
    log(world.owner, world.account, 60, on=TODAY - timedelta(days=400))
    log(world.owner, world.account, 30)
    report = selectors.time_allocation(
        user=world.admin, date_from=TODAY - timedelta(days=30), date_to=TODAY
    )
    assert report.overall.minutes["strategic"] == 30
    world.account.account_class = "prospect"
    world.account.save()
    report = selectors.time_allocation(
        user=world.admin, date_from=TODAY - timedelta(days=30), date_to=TODAY
    )
    assert report.overall.minutes == {"strategic": 0, "regular": 0, "prospect": 30, "suspect": 0}


def test_bad_period_and_team(world):
    with pytest.raises(ValidationError) as bad:
        selectors.time_allocation(
            user=world.admin, date_from=TODAY, date_to=TODAY - timedelta(days=1)
        )
    assert "date_from" in bad.value.error_dict
    with pytest.raises(ValidationError) as team:
        selectors.time_allocation(user=world.admin, team="nowhere")
    assert "team" in team.value.error_dict


def test_allocation_queries_are_fixed(world):
    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            selectors.time_allocation(user=world.admin, date_from=TODAY, date_to=TODAY)
        return len(ctx)

    log(world.owner, world.account, 10)
    count()  # the settings row is created on first use
    few = count()
    for _ in range(5):
        user = UserFactory(business_unit=BusinessUnitFactory())
        log(user, account_of("prospect"), 20)
    assert count() == few


def test_derive_hunter_farmer_unknown(world):
    prospect = account_of("prospect")
    new_logo = account_of("regular")
    first_sale(new_logo, date(2026, 3, 1))
    old_customer = account_of("regular")
    first_sale(old_customer, date(2020, 3, 1))
    log(world.outsider, prospect, 15 * 60)
    log(world.outsider, new_logo, 10 * 60)  # a new logo: hunting too
    log(world.owner, world.account, 20 * 60)
    log(world.owner, old_customer, 5 * 60)
    log(world.member, world.account, 60)  # too little to judge
    written = services.profiles_derive(today=TODAY)
    profiles = {p.user_id: p for p in SalesProfile.objects.all()}
    assert profiles[world.outsider.pk].derived == "hunter"
    assert profiles[world.outsider.pk].derived_from["hunting_share"] == "100.0"
    assert profiles[world.owner.pk].derived == "farmer"
    assert profiles[world.member.pk].derived == "unknown"
    assert profiles[world.member.pk].derived_from["reason"] == "too_little_time"
    assert world.viewer.pk not in profiles  # no time, owns nothing
    assert world.portal.pk not in profiles
    assert written == len(profiles)
    assert profiles[world.owner.pk].derived_at is not None


def test_derive_is_repeatable_and_records_changes(world):
    log(world.owner, world.account, 30 * 60)
    services.profiles_derive(today=TODAY)
    profile = SalesProfile.objects.get(user=world.owner)
    assert profile.derived == "farmer"
    assert profile.history.count() == 1
    services.profiles_derive(today=TODAY)
    assert profile.history.count() == 1  # nothing changed: no new history record
    world.account.account_class = "prospect"
    world.account.save()
    seen = SalesProfile.objects.get(user=world.owner).updated_at
    services.profiles_derive(today=TODAY)
    profile.refresh_from_db()
    assert profile.derived == "hunter"
    assert profile.updated_at > seen  # an override form opened before is now stale
    assert profile.history.count() == 2


def test_derive_old_time_does_not_count(world):
    log(world.owner, world.account, 30 * 60, on=TODAY - timedelta(days=365))
    services.profiles_derive(today=TODAY)
    assert SalesProfile.objects.get(user=world.owner).derived == "unknown"


def test_override_managers_only_with_note(world):
    with pytest.raises(PermissionDenied):
        services.profile_override(user=world.owner, target=world.owner, profile="farmer", note="x")
    with pytest.raises(ValidationError) as missing:
        services.profile_override(
            user=world.director, target=world.owner, profile="farmer", note=" "
        )
    assert "note" in missing.value.error_dict
    with pytest.raises(ValidationError):
        services.profile_override(
            user=world.director, target=world.owner, profile="wizard", note="x"
        )
    with pytest.raises(ValidationError):
        services.profile_override(
            user=world.director, target=world.portal, profile="farmer", note="x"
        )
    profile = services.profile_override(
        user=world.director, target=world.owner, profile="hunter", note="Opens new markets"
    )
    assert profile.profile == "hunter"
    assert profile.override_by == world.director
    assert profile.history.first().history_change_reason == "Opens new markets"
    with pytest.raises(ConflictError):
        services.profile_override(
            user=world.director,
            target=world.owner,
            profile="farmer",
            note="x",
            seen_updated_at=profile.updated_at - timedelta(seconds=1),
        )
    cleared = services.profile_override(
        user=world.admin,
        target=world.owner,
        profile="",
        note="",
        seen_updated_at=profile.updated_at,
    )
    assert cleared.override == "" and cleared.override_by is None


def test_suggestions_move_strategic_accounts_from_hunters_to_farmers(world):
    hunter(world.owner)  # owns world.account (strategic)
    farmer_busy = UserFactory(role="kam", username="busy")
    farmer_free = UserFactory(role="kam", username="free")
    other_hunter = UserFactory(role="kam", username="otherhunter")
    hunter(farmer_busy, "farmer")
    hunter(farmer_free, "farmer")
    hunter(other_hunter)
    for _ in range(6):
        account_of("strategic", owner=farmer_busy)
    account_of("strategic", owner=farmer_free)
    with pytest.raises(PermissionDenied):
        selectors.reassignment_suggestions(user=world.owner)
    suggestions = selectors.reassignment_suggestions(user=world.director)
    assert [s.account_id for s in suggestions] == [world.account.pk]
    ids = [c.user_id for c in suggestions[0].candidates]
    assert ids[:2] == [farmer_free.pk, farmer_busy.pk]
    assert other_hunter.pk not in ids and world.owner.pk not in ids
    assert suggestions[0].candidates[1].below_max is False


def test_suggestions_respect_override(world):
    hunter(world.owner)
    services.profile_override(
        user=world.admin, target=world.owner, profile="farmer", note="Really a farmer"
    )
    assert selectors.reassignment_suggestions(user=world.admin) == []
