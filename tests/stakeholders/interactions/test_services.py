"""The interaction and time-entry services: validation, access, conflicts, the time
entries and last-contact dates they keep in sync."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from keyplan.core.errors import ConflictError
from keyplan.stakeholders.interactions import services as svc
from keyplan.stakeholders.models import Interaction, Relationship, TimeEntry, TimeSource
from tests.factories import ContactFactory, UserFactory
from tests.plans.support import add, make_plan


def _data(world, **extra):
    return {
        "kind": "meeting",
        "occurred_on": date(2026, 3, 2),
        "duration_minutes": 90,
        "subject": "Quarterly review",
        "our_people": [world.owner.pk, world.member.pk],
        "their_people": [world.contact.pk],
        **extra,
    }


def test_create_writes_time_entries_and_last_contact(world):
    link = Relationship.objects.create(
        account=world.account, contact=world.contact, user=world.owner
    )
    other = Relationship.objects.create(
        account=world.account, contact=world.contact, user=world.director
    )
    interaction = svc.interaction_create(user=world.owner, account=world.account, data=_data(world))
    entries = TimeEntry.objects.filter(interaction=interaction).order_by("user_id")
    assert [(e.user_id, e.minutes, e.spent_on, e.source) for e in entries] == [
        (world.owner.pk, 90, date(2026, 3, 2), TimeSource.INTERACTION),
        (world.member.pk, 90, date(2026, 3, 2), TimeSource.INTERACTION),
    ]
    world.contact.refresh_from_db()
    link.refresh_from_db()
    other.refresh_from_db()
    assert world.contact.last_contact_on == date(2026, 3, 2)
    assert link.last_interaction_on == date(2026, 3, 2)
    assert other.last_interaction_on is None  # the director did not take part
    assert interaction.created_by == world.owner
    assert interaction.history.count() == 1


def test_update_moves_time_and_dates_and_drops_people(world):
    earlier = svc.interaction_create(
        user=world.owner,
        account=world.account,
        data=_data(world, occurred_on=date(2026, 1, 5), our_people=[world.owner.pk]),
    )
    later = svc.interaction_create(user=world.owner, account=world.account, data=_data(world))
    second = ContactFactory(account=world.account, last_name="Nowak")
    updated = svc.interaction_update(
        user=world.member,
        interaction=later,
        data={
            "occurred_on": date(2026, 4, 1),
            "duration_minutes": 30,
            "our_people": [world.member.pk],
            "their_people": [second.pk],
        },
        seen_updated_at=later.updated_at,
    )
    assert updated.updated_at != later.updated_at
    entries = list(TimeEntry.objects.filter(interaction=later).values_list("user_id", "minutes"))
    assert entries == [(world.member.pk, 30)]
    world.contact.refresh_from_db()
    second.refresh_from_db()
    assert world.contact.last_contact_on == earlier.occurred_on  # falls back
    assert second.last_contact_on == date(2026, 4, 1)


def test_update_without_changes_writes_nothing(world):
    interaction = svc.interaction_create(user=world.owner, account=world.account, data=_data(world))
    same = svc.interaction_update(
        user=world.owner,
        interaction=interaction,
        data=_data(world),
        seen_updated_at=interaction.updated_at,
    )
    assert same.updated_at == interaction.updated_at
    assert interaction.history.count() == 1


def test_stale_update_and_delete_conflict(world):
    interaction = svc.interaction_create(user=world.owner, account=world.account, data=_data(world))
    seen = interaction.updated_at
    svc.interaction_update(
        user=world.owner, interaction=interaction, data={"subject": "New"}, seen_updated_at=seen
    )
    with pytest.raises(ConflictError):
        svc.interaction_update(
            user=world.owner, interaction=interaction, data={"subject": "X"}, seen_updated_at=seen
        )
    with pytest.raises(ConflictError):
        svc.interaction_delete(user=world.owner, interaction=interaction, seen_updated_at=seen)
    assert Interaction.objects.get().subject == "New"


def test_delete_removes_time_and_resets_last_contact(world):
    interaction = svc.interaction_create(user=world.owner, account=world.account, data=_data(world))
    svc.interaction_delete(
        user=world.owner, interaction=interaction, seen_updated_at=interaction.updated_at
    )
    assert not TimeEntry.objects.exists()
    world.contact.refresh_from_db()
    assert world.contact.last_contact_on is None
    svc.interaction_delete(user=world.owner, interaction=interaction)  # idempotent


def test_no_duration_no_time(world):
    interaction = svc.interaction_create(
        user=world.owner, account=world.account, data=_data(world, kind="email", duration_minutes=0)
    )
    assert not TimeEntry.objects.filter(interaction=interaction).exists()


def test_validation(world):
    foreign_contact = ContactFactory(account=world.other_account)
    inactive = UserFactory(username="gone", role="kam", is_active=False)
    other_plan = make_plan(world, user=world.outsider, account=world.other_account)
    foreign_goal = add(other_plan, "goal", world.outsider)
    with pytest.raises(ValidationError) as exc:
        svc.interaction_create(
            user=world.owner,
            account=world.account,
            data=_data(
                world,
                kind="telegram",
                subject="  ",
                duration_minutes=2000,
                our_people=[world.portal.pk, inactive.pk],
                their_people=[foreign_contact.pk],
                goal_id=foreign_goal.pk,
            ),
        )
    errors = exc.value.message_dict
    assert set(errors) >= {
        "kind",
        "subject",
        "duration_minutes",
        "our_people",
        "their_people",
        "goal_id",
    }
    assert not Interaction.objects.exists()


def test_goal_and_action_of_the_account(world):
    plan = make_plan(world)
    goal = add(plan, "goal", world.owner)
    action = add(plan, "action", world.owner)
    interaction = svc.interaction_create(
        user=world.owner,
        account=world.account,
        data=_data(world, goal_id=goal.pk, action_id=action.pk),
    )
    assert (interaction.goal_id, interaction.action_id) == (goal.pk, action.pk)


def test_access(world):
    with pytest.raises(PermissionDenied):
        svc.interaction_create(user=world.viewer, account=world.account, data=_data(world))
    for name in ("outsider", "portal"):
        with pytest.raises(Http404):
            svc.interaction_create(
                user=getattr(world, name), account=world.account, data=_data(world)
            )


def test_source_key_is_unique_per_account(world):
    svc.interaction_create(
        user=world.owner, account=world.account, data=_data(world, source_key="evt-1")
    )
    with pytest.raises(ValidationError):
        svc.interaction_create(
            user=world.owner, account=world.account, data=_data(world, source_key="evt-1")
        )


def test_refresh_last_contacts_in_bulk(world):
    link = Relationship.objects.create(
        account=world.account, contact=world.contact, user=world.owner
    )
    interaction = Interaction.objects.create(
        account=world.account, kind="call", occurred_on=date(2025, 6, 1), subject="Call"
    )
    interaction.our_people.set([world.owner])
    interaction.their_people.set([world.contact])
    other_contact = ContactFactory(account=world.other_account)
    other = Interaction.objects.create(
        account=world.other_account, kind="call", occurred_on=date(2025, 7, 1), subject="Call"
    )
    other.their_people.set([other_contact])
    svc.refresh_last_contacts(account_ids=[world.account.pk])
    world.contact.refresh_from_db()
    other_contact.refresh_from_db()
    link.refresh_from_db()
    assert world.contact.last_contact_on == date(2025, 6, 1)
    assert link.last_interaction_on == date(2025, 6, 1)
    assert other_contact.last_contact_on is None  # not asked for
    svc.refresh_last_contacts()
    other_contact.refresh_from_db()
    assert other_contact.last_contact_on == date(2025, 7, 1)


# --- manual time entries -----------------------------------------------------------------


def test_time_entry_for_self_and_by_managers(world):
    entry = svc.time_entry_create(
        user=world.member,
        account=world.account,
        data={"spent_on": date(2026, 2, 2), "minutes": 45, "note": "Offer"},
    )
    assert (entry.user_id, entry.source) == (world.member.pk, TimeSource.MANUAL)
    with pytest.raises(PermissionDenied):
        svc.time_entry_create(
            user=world.member,
            account=world.account,
            data={"user_id": world.owner.pk, "spent_on": date(2026, 2, 2), "minutes": 45},
        )
    by_director = svc.time_entry_create(
        user=world.director,
        account=world.account,
        data={"user_id": world.owner.pk, "spent_on": date(2026, 2, 2), "minutes": 30},
    )
    assert by_director.user_id == world.owner.pk
    with pytest.raises(PermissionDenied):
        svc.time_entry_update(
            user=world.owner, entry=entry, data={"minutes": 50}, seen_updated_at=entry.updated_at
        )
    changed = svc.time_entry_update(
        user=world.member, entry=entry, data={"minutes": 50}, seen_updated_at=entry.updated_at
    )
    assert changed.minutes == 50
    with pytest.raises(ConflictError):
        svc.time_entry_delete(user=world.member, entry=entry, seen_updated_at=entry.updated_at)
    svc.time_entry_delete(user=world.admin, entry=entry, seen_updated_at=changed.updated_at)
    assert not TimeEntry.objects.filter(pk=entry.pk).exists()


def test_time_entry_validation_and_access(world):
    with pytest.raises(ValidationError) as exc:
        svc.time_entry_create(
            user=world.owner, account=world.account, data={"spent_on": None, "minutes": 0}
        )
    assert set(exc.value.message_dict) == {"spent_on", "minutes"}
    with pytest.raises(PermissionDenied):
        svc.time_entry_create(
            user=world.viewer,
            account=world.account,
            data={"spent_on": date(2026, 1, 1), "minutes": 5},
        )
    with pytest.raises(Http404):
        svc.time_entry_create(
            user=world.outsider,
            account=world.account,
            data={"spent_on": date(2026, 1, 1), "minutes": 5},
        )


def test_interaction_time_is_not_edited_directly(world):
    interaction = svc.interaction_create(user=world.owner, account=world.account, data=_data(world))
    entry = TimeEntry.objects.filter(interaction=interaction, user=world.owner).get()
    with pytest.raises(ValidationError):
        svc.time_entry_update(user=world.owner, entry=entry, data={"minutes": 5})
    with pytest.raises(ValidationError):
        svc.time_entry_delete(user=world.owner, entry=entry)
