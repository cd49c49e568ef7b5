"""Writes of the economics settings: managers only, validated with a message per field,
history kept, a stale version refused."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from keyplan.core.errors import ConflictError
from keyplan.economics.models import EconomicsSettings, HourlyCost
from keyplan.economics.settings import services
from keyplan.portfolio.models import PortfolioSettings

JAN = date(2025, 1, 1)


def _create(w, **data) -> HourlyCost:
    fields = {"role": "kam", "amount": Decimal("90"), "valid_from": JAN} | data
    return services.hourly_cost_create(user=w.admin, data=fields)


def _errors(call) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        call()
    return caught.value.message_dict


# --- the cost of capital -------------------------------------------------------------------------


def test_a_director_sets_the_cost_of_capital_with_history(world):
    services.economics_settings_update(
        user=world.director, data={"cost_of_capital": Decimal("12.5")}
    )

    current = EconomicsSettings.load()
    assert current.cost_of_capital == Decimal("12.50")
    latest = current.history.first()
    assert latest.history_user == world.director
    assert latest.history_change_reason == "changed: cost_of_capital"


@pytest.mark.parametrize("value", [Decimal("-0.01"), Decimal("100.01")])
def test_the_cost_of_capital_stays_between_0_and_100(world, value):
    errors = _errors(
        lambda: services.economics_settings_update(
            user=world.admin, data={"cost_of_capital": value}
        )
    )

    assert "cost_of_capital" in errors
    assert EconomicsSettings.load().cost_of_capital == Decimal("10.00")


@pytest.mark.parametrize("name", ["owner", "member", "viewer", "outsider"])
def test_only_managers_change_the_cost_of_capital(world, name):
    with pytest.raises(PermissionDenied):
        services.economics_settings_update(
            user=world.users()[name], data={"cost_of_capital": Decimal("5")}
        )


def test_a_stale_cost_of_capital_is_refused(world):
    seen = EconomicsSettings.load().updated_at
    services.economics_settings_update(user=world.admin, data={"cost_of_capital": Decimal("9")})

    with pytest.raises(ConflictError):
        services.economics_settings_update(
            user=world.director, data={"cost_of_capital": Decimal("8")}, seen_updated_at=seen
        )
    assert EconomicsSettings.load().cost_of_capital == Decimal("9.00")


# --- hourly costs ---------------------------------------------------------------------------------


def test_a_persons_hourly_cost_is_created_in_the_base_currency_with_history(world):
    PortfolioSettings.objects.update_or_create(pk=1, defaults={"base_currency": "EUR"})

    cost = _create(world, role="", person_id=world.member.pk, amount=Decimal("55.125"))

    assert (cost.person, cost.role, cost.currency) == (world.member, "", "EUR")
    assert cost.amount == Decimal("55.125")
    assert cost.created_by == world.admin
    assert cost.history.first().history_user == world.admin


def test_a_currency_is_stored_in_capitals(world):
    assert _create(world, currency=" eur ").currency == "EUR"


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"role": ""}, "person"),  # neither
        ({"person_id": 1}, "role"),  # both
        ({"role": "portal"}, "role"),
        ({"role": "astrologer"}, "role"),
        ({"amount": Decimal("0")}, "amount"),
        ({"amount": Decimal("-5")}, "amount"),
        ({"amount": Decimal("1.00001")}, "amount"),
        ({"currency": "EURO"}, "currency"),
        ({"currency": "E1R"}, "currency"),
        ({"valid_from": None}, "valid_from"),
    ],
)
def test_bad_hourly_costs_are_refused_naming_the_field(world, data, field):
    errors = _errors(lambda: _create(world, **data))

    assert field in errors, errors
    assert not HourlyCost.objects.exists()


def test_a_person_must_exist_and_be_one_of_ours(world):
    missing = _errors(lambda: _create(world, role="", person_id=999_999))
    portal = _errors(lambda: _create(world, role="", person_id=world.portal.pk))

    assert missing == {"person": ["There is no such person."]}
    assert list(portal) == ["person"]


def test_someone_who_left_may_still_get_a_rate_for_their_past_time(world):
    world.member.is_active = False
    world.member.save()

    cost = _create(world, role="", person_id=world.member.pk)

    assert cost.person == world.member


def test_one_rate_per_person_or_role_and_day(world):
    _create(world)
    _create(world, role="", person_id=world.member.pk)

    role_twice = _errors(lambda: _create(world, amount=Decimal("95")))
    person_twice = _errors(lambda: _create(world, role="", person_id=world.member.pk))

    assert list(role_twice) == ["valid_from"]
    assert list(person_twice) == ["valid_from"]
    # another day, or the same day for another role, is fine
    _create(world, valid_from=JAN + timedelta(days=1))
    _create(world, role="team")
    assert HourlyCost.objects.count() == 4


def test_the_database_refuses_a_rate_for_both_a_person_and_a_role(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        HourlyCost.objects.create(
            person=world.member, role="kam", amount=Decimal("1"), currency="PLN", valid_from=JAN
        )


def test_the_database_refuses_a_rate_of_zero(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        HourlyCost.objects.create(role="kam", amount=Decimal("0"), currency="PLN", valid_from=JAN)


def test_update_switches_between_person_and_role_with_one_field(world):
    cost = _create(world)

    services.hourly_cost_update(
        user=world.director, hourly_cost=cost, data={"person_id": world.member.pk}
    )
    cost.refresh_from_db()
    assert (cost.person, cost.role) == (world.member, "")

    services.hourly_cost_update(user=world.director, hourly_cost=cost, data={"role": "team"})
    cost.refresh_from_db()
    assert (cost.person, cost.role) == (None, "team")
    assert cost.history.first().history_user == world.director


def test_an_update_without_change_writes_no_history(world):
    cost = _create(world)

    services.hourly_cost_update(
        user=world.admin, hourly_cost=cost, data={"currency": "pln", "amount": Decimal("90.00")}
    )

    assert cost.history.count() == 1


def test_a_stale_update_or_delete_is_refused(world):
    cost = _create(world)
    seen = cost.updated_at
    services.hourly_cost_update(user=world.admin, hourly_cost=cost, data={"amount": Decimal("91")})

    with pytest.raises(ConflictError):
        services.hourly_cost_update(
            user=world.admin, hourly_cost=cost, data={"amount": Decimal("92")}, seen_updated_at=seen
        )
    with pytest.raises(ConflictError):
        services.hourly_cost_delete(user=world.admin, hourly_cost=cost, seen_updated_at=seen)
    assert HourlyCost.objects.get().amount == Decimal("91")


def test_delete_keeps_who_deleted_it_in_the_history(world):
    cost = _create(world)

    services.hourly_cost_delete(user=world.director, hourly_cost=cost)

    assert not HourlyCost.objects.exists()
    deleted = HourlyCost.history.filter(history_type="-").get()
    assert deleted.history_user == world.director


@pytest.mark.parametrize("name", ["owner", "member", "viewer", "outsider"])
def test_only_managers_write_hourly_costs(world, name):
    user = world.users()[name]
    cost = _create(world)

    with pytest.raises(PermissionDenied):
        services.hourly_cost_create(
            user=user, data={"role": "team", "amount": Decimal("1"), "valid_from": JAN}
        )
    with pytest.raises(PermissionDenied):
        services.hourly_cost_update(user=user, hourly_cost=cost, data={"amount": Decimal("2")})
    with pytest.raises(PermissionDenied):
        services.hourly_cost_delete(user=user, hourly_cost=cost)
    assert HourlyCost.objects.get().amount == Decimal("90")


def test_unknown_fields_are_refused(world):
    errors = _errors(lambda: _create(world, hourly=Decimal("1")))

    assert errors == {"hourly": ["Unknown field."]}
