"""Writing service costs by hand: the access rule (404 outsiders, 403 read-only), the rules
of a valid cost with their messages at their fields, the account's currency by default,
the conflict check, and the history with who did it."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from keyplan.core.errors import ConflictError
from keyplan.sales.costs.services import (
    service_cost_create,
    service_cost_delete,
    service_cost_update,
)
from keyplan.sales.models import ServiceCost

pytestmark = pytest.mark.django_db

D = Decimal
GOOD = {"date": date(2026, 2, 1), "category": "logistics", "amount": D("120.5")}


def errors_of(info) -> dict[str, list[str]]:
    return info.value.message_dict


def test_a_team_member_adds_a_cost_in_the_account_s_currency_with_history(world):
    cost = service_cost_create(user=world.member, account=world.account, data=GOOD)
    assert (cost.currency, cost.amount, cost.created_by) == ("PLN", D("120.5"), world.member)
    cost.refresh_from_db()
    assert str(cost.amount) == "120.50"
    record = cost.history.get()
    assert (record.history_type, record.history_user) == ("+", world.member)
    euro = service_cost_create(
        user=world.director, account=world.other_account, data={**GOOD, "currency": " eur"}
    )
    assert euro.currency == "EUR"
    default = service_cost_create(user=world.director, account=world.other_account, data=GOOD)
    assert default.currency == "EUR"  # the other account's own


def test_outsiders_get_404_and_read_only_users_403(world):
    with pytest.raises(Http404):
        service_cost_create(user=world.outsider, account=world.account, data=GOOD)
    with pytest.raises(PermissionDenied):
        service_cost_create(user=world.viewer, account=world.account, data=GOOD)
    cost = service_cost_create(user=world.owner, account=world.account, data=GOOD)
    with pytest.raises(PermissionDenied):
        service_cost_update(user=world.viewer, cost=cost, data={"note": "x"})
    with pytest.raises(Http404):
        service_cost_delete(user=world.outsider, cost=cost)
    assert ServiceCost.objects.get().note == ""


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"amount": D("1.23456")}, "amount", "more than 4 decimal places"),
        ({"amount": D("0")}, "amount", "cannot be zero"),
        ({"amount": None}, "amount", "Enter the amount"),
        ({"currency": "XYZ"}, "currency", "“XYZ” is not a currency"),
        ({"category": "bribes"}, "category", "Choose one of"),
        ({"date": None}, "date", "Enter a date"),
        ({"date": date(1850, 1, 1)}, "date", "from 1900-01-01"),
        ({"note": "x" * 501}, "note", "At most 500 characters"),
        ({"external_id": "x" * 101}, "external_id", "At most 100 characters"),
    ],
)
def test_invalid_costs_are_refused_at_their_field_and_nothing_is_written(
    world, changes, field, words
):
    with pytest.raises(ValidationError) as info:
        service_cost_create(user=world.owner, account=world.account, data={**GOOD, **changes})
    assert list(errors_of(info)) == [field]
    assert words in errors_of(info)[field][0]
    assert not ServiceCost.objects.exists()


def test_future_dates_up_to_a_year_ahead_are_allowed(world):
    today = timezone.localdate()
    ahead = service_cost_create(
        user=world.owner,
        account=world.account,
        data={**GOOD, "date": today + timedelta(days=90), "category": "marketing"},
    )
    assert ahead.pk
    with pytest.raises(ValidationError) as info:
        service_cost_create(
            user=world.owner,
            account=world.account,
            data={**GOOD, "date": today + timedelta(days=400)},
        )
    assert "more than a year ahead" in errors_of(info)["date"][0]


def test_a_negative_amount_is_a_credit_note(world):
    cost = service_cost_create(
        user=world.owner, account=world.account, data={**GOOD, "amount": D("-30.25")}
    )
    cost.refresh_from_db()
    assert cost.amount == D("-30.25")


def test_external_ids_are_unique_when_given(world):
    service_cost_create(
        user=world.owner, account=world.account, data={**GOOD, "external_id": "C-1"}
    )
    service_cost_create(user=world.owner, account=world.account, data=GOOD)  # empty: no key
    service_cost_create(user=world.owner, account=world.account, data=GOOD)
    with pytest.raises(ValidationError) as info:
        service_cost_create(
            user=world.director, account=world.other_account, data={**GOOD, "external_id": "C-1"}
        )
    assert errors_of(info) == {"external_id": ["Another service cost has this external id."]}


def test_an_update_changes_only_what_is_sent_and_refuses_a_stale_version(world):
    cost = service_cost_create(user=world.owner, account=world.account, data=GOOD)
    seen = cost.updated_at
    saved = service_cost_update(
        user=world.member, cost=cost, data={"note": "pallets", "amount": "99"}, seen_updated_at=seen
    )
    assert (saved.note, saved.amount, saved.category) == ("pallets", D("99"), "logistics")
    assert saved.updated_at != seen
    with pytest.raises(ConflictError) as info:
        service_cost_update(
            user=world.owner, cost=cost, data={"note": "mine"}, seen_updated_at=seen
        )
    assert info.value.current.note == "pallets"
    latest = saved.history.first()
    assert (latest.history_type, latest.history_user, latest.note) == ("~", world.member, "pallets")
    # nothing changed: nothing saved, no history
    again = service_cost_update(user=world.member, cost=cost, data={"note": "pallets"})
    assert again.updated_at == saved.updated_at
    assert cost.history.count() == 2


def test_a_delete_keeps_the_history_and_refuses_a_stale_version(world):
    cost = service_cost_create(user=world.owner, account=world.account, data=GOOD)
    stale = cost.updated_at - timedelta(seconds=1)
    with pytest.raises(ConflictError):
        service_cost_delete(user=world.owner, cost=cost, seen_updated_at=stale)
    service_cost_delete(user=world.member, cost=cost, seen_updated_at=cost.updated_at)
    assert not ServiceCost.objects.exists()
    gone = ServiceCost.history.first()
    assert (gone.history_type, gone.history_user) == ("-", world.member)
    service_cost_delete(user=world.member, cost=cost)  # already gone: nothing to do
    with pytest.raises(ConflictError):
        service_cost_update(user=world.member, cost=cost, data={"note": "x"})
