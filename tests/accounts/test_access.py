"""The one access rule (keyplan/accounts/access.py) against every role in README's table."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404

from keyplan.accounts.access import (
    account_for_user,
    can_delete_account,
    can_write_account,
    contact_for_user,
    visible_accounts,
    visible_contacts,
)
from tests.factories import AccountFactory, ContactFactory, TeamMemberFactory, UserFactory

MALFORMED_IDS = ["abc", "", None, "1.5", -1, 0, "-1", 2**63, 2**70, str(2**70), 1.5]


def visible_names(user) -> set[str]:
    return set(visible_accounts(user).values_list("name", flat=True))


# visible_accounts ---------------------------------------------------------------------------


def test_owner_sees_only_the_accounts_they_own(world):
    assert visible_names(world.owner) == {world.account.name}


def test_kam_sees_an_account_whose_team_they_are_on(world):
    # given a third account owned by someone else, with the outsider KAM on its team
    shared = AccountFactory(name="Shared AG", owner=UserFactory(role="kam"))
    TeamMemberFactory(account=shared, user=world.outsider)

    assert visible_names(world.outsider) == {world.other_account.name, "Shared AG"}


def test_team_member_sees_only_accounts_whose_team_they_are_on(world):
    AccountFactory(name="Unrelated", owner=world.owner)  # owned by their KAM, not their team

    assert visible_names(world.member) == {world.account.name}


def test_team_member_with_no_team_sees_nothing(db):
    AccountFactory()

    assert visible_names(UserFactory(role="team")) == set()


def test_viewer_sees_only_accounts_whose_team_they_are_on(world):
    AccountFactory(name="Unrelated")

    assert visible_names(world.viewer) == {world.account.name}


def test_viewer_who_owns_an_account_still_sees_only_team_accounts(world):
    # Ownership gives access to KAMs only; a viewer recorded as owner by mistake gains nothing.
    AccountFactory(name="Odd", owner=world.viewer)

    assert visible_names(world.viewer) == {world.account.name}


@pytest.mark.parametrize("role", ["admin", "director"])
def test_admin_and_director_see_every_account(world, role):
    AccountFactory(name="Third")

    assert visible_names(getattr(world, role)) == {
        world.account.name,
        world.other_account.name,
        "Third",
    }


def test_portal_user_sees_no_internal_account(world):
    # not even their own account, and not if someone put them on a team
    TeamMemberFactory(account=world.account, user=world.portal)

    assert visible_names(world.portal) == set()
    assert not visible_contacts(world.portal).exists()


@pytest.mark.parametrize("role", ["admin", "director", "owner", "member", "viewer"])
def test_inactive_user_sees_nothing(world, role):
    user = getattr(world, role)
    user.is_active = False
    user.save()

    assert visible_names(user) == set()


@pytest.mark.parametrize("user", [AnonymousUser(), None], ids=["anonymous", "none"])
def test_anonymous_sees_nothing(world, user):
    assert visible_names(user) == set()


def test_visible_contacts_follow_visible_accounts(world):
    ContactFactory(account=world.other_account, last_name="Schmidt")

    assert list(visible_contacts(world.member)) == [world.contact]
    assert set(visible_contacts(world.outsider).values_list("last_name", flat=True)) == {"Schmidt"}
    assert visible_contacts(world.director).count() == 2


# account_for_user ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["admin", "director", "owner", "member", "viewer"])
def test_account_for_user_returns_the_visible_account(world, name):
    access = account_for_user(world.users()[name], world.account.pk)

    assert access.account == world.account


@pytest.mark.parametrize("pk_as", [int, str])
def test_account_for_user_accepts_int_and_str_ids(world, pk_as):
    assert account_for_user(world.owner, pk_as(world.account.pk)).account == world.account


def test_account_for_user_404_for_a_missing_account(world):
    with pytest.raises(Http404):
        account_for_user(world.director, world.other_account.pk + 1000)


@pytest.mark.parametrize("name", ["outsider", "portal"])
def test_account_for_user_404_for_a_forbidden_account(world, name):
    with pytest.raises(Http404):
        account_for_user(world.users()[name], world.account.pk)


@pytest.mark.parametrize("name", ["outsider", "portal"])
def test_forbidden_and_missing_raise_the_same_error_even_for_writes(world, name):
    # write=True must not turn "not yours" into a 403 that would confirm the account exists
    user = world.users()[name]
    with pytest.raises(Http404):
        account_for_user(user, world.account.pk, write=True)
    with pytest.raises(Http404):
        account_for_user(user, world.other_account.pk + 1000, write=True)


@pytest.mark.parametrize("pk", MALFORMED_IDS, ids=repr)
def test_account_for_user_404_for_malformed_ids(world, pk):
    with pytest.raises(Http404):
        account_for_user(world.director, pk)


def test_account_for_user_404_for_anonymous_and_inactive(world):
    with pytest.raises(Http404):
        account_for_user(AnonymousUser(), world.account.pk)
    world.owner.is_active = False
    world.owner.save()
    with pytest.raises(Http404):
        account_for_user(world.owner, world.account.pk)


def test_viewer_asking_to_write_a_visible_account_gets_permission_denied(world):
    with pytest.raises(PermissionDenied):
        account_for_user(world.viewer, world.account.pk, write=True)


def test_viewer_reads_with_no_write_or_delete_rights(world):
    access = account_for_user(world.viewer, world.account.pk)

    assert (access.can_write, access.can_delete) == (False, False)


@pytest.mark.parametrize(
    ("name", "can_write", "can_delete"),
    [
        ("admin", True, True),
        ("director", True, True),
        ("owner", True, True),
        ("member", True, False),
    ],
)
def test_account_for_user_write_reports_rights(world, name, can_write, can_delete):
    access = account_for_user(world.users()[name], world.account.pk, write=True)

    assert (access.can_write, access.can_delete) == (can_write, can_delete)


# can_write_account / can_delete_account -----------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("admin", True),
        ("director", True),
        ("owner", True),
        ("member", True),
        ("viewer", False),
        ("outsider", False),
        ("portal", False),
    ],
)
def test_can_write_account(world, name, expected):
    assert can_write_account(world.users()[name], world.account) is expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("admin", True),
        ("director", True),
        ("owner", True),
        ("member", False),
        ("viewer", False),
        ("outsider", False),
        ("portal", False),
    ],
)
def test_can_delete_only_admin_director_and_owning_kam(world, name, expected):
    assert can_delete_account(world.users()[name], world.account) is expected


def test_kam_on_the_team_but_not_owner_cannot_delete(world):
    TeamMemberFactory(account=world.account, user=world.outsider)

    assert can_write_account(world.outsider, world.account) is True
    assert can_delete_account(world.outsider, world.account) is False


def test_inactive_owner_and_anonymous_cannot_write_or_delete(world):
    assert can_delete_account(AnonymousUser(), world.account) is False
    assert can_write_account(AnonymousUser(), world.account) is False
    world.owner.is_active = False
    world.owner.save()
    assert can_delete_account(world.owner, world.account) is False
    assert can_write_account(world.owner, world.account) is False


# contact_for_user ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["admin", "director", "owner", "member", "viewer"])
def test_contact_for_user_returns_contact_and_its_account_access(world, name):
    contact, access = contact_for_user(world.users()[name], world.contact.pk)

    assert contact == world.contact
    assert access.account == world.account


@pytest.mark.parametrize("name", ["outsider", "portal"])
def test_contact_for_user_404_for_a_forbidden_contact(world, name):
    with pytest.raises(Http404):
        contact_for_user(world.users()[name], world.contact.pk)


@pytest.mark.parametrize("pk", [*MALFORMED_IDS, 10**9], ids=repr)
def test_contact_for_user_404_for_missing_and_malformed_ids(world, pk):
    with pytest.raises(Http404):
        contact_for_user(world.director, pk)


def test_contact_for_user_viewer_write_is_permission_denied(world):
    with pytest.raises(PermissionDenied):
        contact_for_user(world.viewer, world.contact.pk, write=True)


def test_contact_for_user_member_may_write(world):
    contact, access = contact_for_user(world.member, world.contact.pk, write=True)

    assert contact == world.contact
    assert access.can_write is True
