"""Zipper services and selectors: links, settings, risks of an account and of the portfolio."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from keyplan.core.errors import ConflictError
from keyplan.stakeholders.models import Interaction, Relationship, SellingSettings
from keyplan.stakeholders.relationships import selectors, services
from tests.factories import AccountFactory, ContactFactory, UserFactory


def _link(w, *, user=None, contact=None, strength=3) -> Relationship:
    return services.relationship_create(
        user=w.owner,
        account=w.account,
        data={
            "contact_id": (contact or w.contact).pk,
            "user_id": (user or w.owner).pk,
            "strength": strength,
        },
    )


# --- relationship services ----------------------------------------------------------------------


def test_create_links_our_person_to_theirs_with_history(world):
    link = _link(world, user=world.member, strength=4)

    assert (link.account, link.contact, link.user, link.strength) == (
        world.account,
        world.contact,
        world.member,
        4,
    )
    record = link.history.get()
    assert record.history_user == world.owner
    assert record.history_change_reason == "created"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"strength": 6}, "strength"),
        ({"strength": -1}, "strength"),
        ({"contact_id": None}, "contact_id"),
        ({"user_id": None}, "user_id"),
    ],
)
def test_create_refuses_invalid_data(world, change, field):
    data = {"contact_id": world.contact.pk, "user_id": world.owner.pk, "strength": 2} | change

    with pytest.raises(ValidationError) as caught:
        services.relationship_create(user=world.owner, account=world.account, data=data)

    assert field in caught.value.message_dict
    assert not Relationship.objects.exists()


def test_contact_must_belong_to_the_account(world):
    stranger = ContactFactory(account=world.other_account)

    with pytest.raises(ValidationError) as caught:
        _link(world, contact=stranger)

    assert "contact_id" in caught.value.message_dict


@pytest.mark.parametrize("who", ["portal", "inactive"])
def test_our_person_must_be_an_active_internal_user(world, who):
    person = world.portal if who == "portal" else UserFactory(role="team", is_active=False)

    with pytest.raises(ValidationError) as caught:
        _link(world, user=person)

    assert "user_id" in caught.value.message_dict


def test_one_link_per_pair(world):
    _link(world)

    with pytest.raises(ValidationError) as caught:
        _link(world, strength=5)

    assert "already has a link" in caught.value.message_dict["user_id"][0]


def test_viewer_may_not_write_and_outsider_does_not_see(world):
    data = {"contact_id": world.contact.pk, "user_id": world.owner.pk}
    with pytest.raises(PermissionDenied):
        services.relationship_create(user=world.viewer, account=world.account, data=data)
    with pytest.raises(Http404):
        services.relationship_create(user=world.outsider, account=world.account, data=data)


def test_update_with_the_seen_version_and_a_stale_one(world):
    link = _link(world)
    seen = link.updated_at

    updated = services.relationship_update(
        user=world.member,
        relationship=link,
        data={"strength": 5, "notes": "  golf partners  "},
        seen_updated_at=seen,
    )

    assert (updated.strength, updated.notes) == (5, "golf partners")
    assert updated.history.first().history_change_reason == "changed: strength, notes"
    with pytest.raises(ConflictError) as caught:
        services.relationship_update(
            user=world.member, relationship=link, data={"strength": 0}, seen_updated_at=seen
        )
    assert caught.value.current.strength == 5
    assert Relationship.objects.get(pk=link.pk).strength == 5


def test_update_of_a_deleted_link_is_a_conflict(world):
    link = _link(world)
    Relationship.objects.filter(pk=link.pk).delete()

    with pytest.raises(ConflictError):
        services.relationship_update(user=world.owner, relationship=link, data={"strength": 1})


def test_delete_checks_the_seen_version(world):
    link = _link(world)
    stale = link.updated_at - timedelta(seconds=1)

    with pytest.raises(ConflictError):
        services.relationship_delete(user=world.owner, relationship=link, seen_updated_at=stale)
    assert Relationship.objects.filter(pk=link.pk).exists()

    services.relationship_delete(
        user=world.owner, relationship=link, seen_updated_at=link.updated_at
    )

    assert not Relationship.objects.filter(pk=link.pk).exists()
    assert Relationship.history.filter(id=link.pk, history_type="-").get().history_user == (
        world.owner
    )


# --- settings -------------------------------------------------------------------------------------


def test_settings_are_for_managers(world):
    with pytest.raises(PermissionDenied):
        services.selling_settings_update(user=world.owner, data={"freshness_days": 30})

    saved = services.selling_settings_update(user=world.director, data={"freshness_days": 30})

    assert saved.freshness_days == 30
    assert SellingSettings.history.first().history_user == world.director


def test_settings_refuse_invalid_values_and_stale_versions(world):
    current = SellingSettings.load()

    with pytest.raises(ValidationError) as caught:
        services.selling_settings_update(
            user=world.admin, data={"single_thread_share": Decimal("150")}
        )
    assert "single_thread_share" in caught.value.message_dict
    with pytest.raises(ValidationError):
        services.selling_settings_update(user=world.admin, data={"no_such_field": 1})

    services.selling_settings_update(
        user=world.admin, data={"freshness_days": 60}, seen_updated_at=current.updated_at
    )
    with pytest.raises(ConflictError):
        services.selling_settings_update(
            user=world.admin, data={"freshness_days": 30}, seen_updated_at=current.updated_at
        )
    assert SellingSettings.load().freshness_days == 60


# --- risks of an account -------------------------------------------------------------------


def _interaction(w, days_ago: int, ours, theirs) -> Interaction:
    done = Interaction.objects.create(
        account=w.account,
        kind="meeting",
        occurred_on=timezone.localdate() - timedelta(days=days_ago),
        subject="Review",
    )
    done.our_people.set(ours)
    done.their_people.set(theirs)
    return done


def test_account_risks_read_links_contacts_and_recent_interactions(world):
    boss = ContactFactory(
        account=world.account, last_name="Zielinski", level="executive", authority=5
    )
    world.contact.level = "manager"
    world.contact.save()
    _link(world, user=world.owner, contact=boss, strength=2)
    _link(world, user=world.member, contact=world.contact, strength=3)
    for days in (5, 10, 20):
        _interaction(world, days, [world.owner], [boss])
    _interaction(world, 400, [world.member], [world.contact])  # outside the window

    found = selectors.account_risks(world.account)

    codes = [(r.code, r.side, r.basis, r.person_id) for r in found.risks]
    assert ("key_unlinked", "theirs", "", boss.pk) in codes
    # Never reached too (no last contact), but one risk per key person: not also key_stale.
    assert ("key_stale", "theirs", "", boss.pk) not in codes
    assert ("single_thread", "ours", "interactions", world.owner.pk) in codes
    assert ("single_thread", "theirs", "interactions", boss.pk) in codes
    rows = {row.level: row for row in found.coverage.rows}
    assert rows["executive"].is_gap  # reached by a senior manager only
    assert not rows["manager"].is_gap  # member (team) is a manager: a peer link
    assert found.high >= 3 and found.medium == 0


def test_thresholds_come_from_the_settings(world):
    settings = SellingSettings.load()
    settings.key_stakeholder_level = 2
    settings.save()
    world.contact.authority = 2
    world.contact.save()
    _link(world, strength=1)

    found = selectors.account_risks(world.account)

    assert [r.code for r in found.risks] == ["key_unlinked"]


def test_account_risks_query_count_is_fixed(world, django_assert_max_num_queries):
    def grow(n):
        for i in range(n):
            contact = ContactFactory(account=world.account, authority=5, level="manager")
            user = UserFactory(role="team")
            _link(world, user=user, contact=contact, strength=i % 6)
            _interaction(world, i + 1, [user, world.owner], [contact])

    grow(2)
    SellingSettings.load()  # created once, on first use
    with CaptureQueriesContext(connection) as small:
        selectors.account_risks(world.account)
    grow(12)
    with CaptureQueriesContext(connection) as large:
        selectors.account_risks(world.account)

    assert len(small) == len(large) <= 6


# --- the portfolio list --------------------------------------------------------------------


def test_at_risk_lists_visible_accounts_only(world):
    ContactFactory(account=world.other_account)

    owner_rows = selectors.at_risk_accounts(world.owner)
    director_rows = selectors.at_risk_accounts(world.director)

    assert [row.account_id for row in owner_rows] == [world.account.pk]
    assert {row.account_id for row in director_rows} == {
        world.account.pk,
        world.other_account.pk,
    }
    assert selectors.at_risk_accounts(world.portal) == []


def test_at_risk_filters_and_sorts(world):
    healthy = AccountFactory(name="Healthy SA", owner=world.owner, account_class="regular")
    contact = ContactFactory(account=healthy)
    second = ContactFactory(account=healthy)
    Relationship.objects.create(account=healthy, contact=contact, user=world.owner, strength=4)
    Relationship.objects.create(account=healthy, contact=second, user=world.member, strength=4)
    closed = AccountFactory(name="Closed SA", owner=world.owner, status="closed")
    regular = AccountFactory(name="Aardvark SA", owner=world.owner, account_class="regular")
    key = ContactFactory(account=world.account, authority=5)
    Relationship.objects.create(account=world.account, contact=key, user=world.owner, strength=1)
    ContactFactory(account=world.account, influence=5)  # a second key person, not linked

    rows = selectors.at_risk_accounts(world.director)
    names = [row.name for row in rows]

    assert "Healthy SA" not in names and "Closed SA" not in names
    assert names[0] == world.account.name  # most high risks first
    assert [r.name for r in selectors.at_risk_accounts(world.director, sort="name")] == [
        "Aardvark SA",
        world.other_account.name,
        world.account.name,
    ]
    assert [r.name for r in selectors.at_risk_accounts(world.director, sort="-name")] == [
        world.account.name,
        world.other_account.name,
        "Aardvark SA",
    ]
    regular_names = [
        r.name for r in selectors.at_risk_accounts(world.director, account_class="regular")
    ]
    assert "Aardvark SA" in regular_names and world.account.name not in regular_names
    assert {
        r.account_id for r in selectors.at_risk_accounts(world.director, owner_id=world.outsider.pk)
    } == {world.other_account.pk}
    assert closed.pk and regular.pk


def test_at_risk_query_count_is_fixed(world):
    def grow(n, start):
        for i in range(start, start + n):
            account = AccountFactory(name=f"Grow {i:03}", owner=world.owner)
            contact = ContactFactory(account=account, authority=5)
            Relationship.objects.create(
                account=account, contact=contact, user=world.owner, strength=1
            )

    grow(2, 0)
    SellingSettings.load()
    with CaptureQueriesContext(connection) as small:
        small_rows = selectors.at_risk_accounts(world.owner)
    grow(15, 2)
    with CaptureQueriesContext(connection) as large:
        large_rows = selectors.at_risk_accounts(world.owner)

    assert len(large_rows) == len(small_rows) + 15
    assert len(small) == len(large) <= 8


def test_risks_of_accounts_by_ids_match_the_at_risk_list(world):
    healthy = AccountFactory(name="Healthy SA", owner=world.owner)
    for user in (world.owner, world.member):
        contact = ContactFactory(account=healthy)
        Relationship.objects.create(account=healthy, contact=contact, user=user, strength=4)
    key = ContactFactory(account=world.account, authority=5)
    Relationship.objects.create(account=world.account, contact=key, user=world.owner, strength=1)
    ContactFactory(account=world.other_account)
    ids = [world.account.pk, world.other_account.pk, healthy.pk]
    SellingSettings.load()

    with CaptureQueriesContext(connection) as ctx:
        found = selectors.risks_of_accounts(ids)

    expected = {row.account_id: row.risks for row in selectors.at_risk_accounts(world.director)}
    assert found == {pk: risks for pk, risks in expected.items() if pk in ids}
    assert set(found) == {world.account.pk, world.other_account.pk}  # not the healthy one
    assert len(ctx.captured_queries) <= 6
    assert selectors.risks_of_accounts([]) == {}
