"""The access rule and archived accounts (issue #19): hidden from lists, found by id,
read only."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone

from keyplan.accounts.access import (
    account_for_user,
    can_write_account,
    contact_for_user,
    visible_accounts,
    visible_contacts,
)
from keyplan.accounts.models import Account, Contact


def _archive(account: Account) -> Account:
    Account.objects.filter(pk=account.pk).update(archived_at=timezone.now())
    account.refresh_from_db()
    return account


@pytest.mark.parametrize("name", ["admin", "director", "owner", "member", "viewer"])
def test_lists_leave_archived_accounts_out_unless_asked(world, name):
    user = world.users()[name]
    _archive(world.account)

    assert not visible_accounts(user).filter(pk=world.account.pk).exists()
    assert visible_accounts(user, include_archived=True).filter(pk=world.account.pk).exists()
    assert not visible_contacts(user).filter(pk=world.contact.pk).exists()
    assert visible_contacts(user, include_archived=True).filter(pk=world.contact.pk).exists()


def test_including_archived_accounts_shows_no_one_else_s(world):
    _archive(world.other_account)
    assert (
        not visible_accounts(world.owner, include_archived=True)
        .filter(pk=world.other_account.pk)
        .exists()
    )
    with pytest.raises(Http404):
        account_for_user(world.owner, world.other_account.pk)


@pytest.mark.parametrize("name", ["admin", "director", "owner", "member", "viewer"])
def test_an_archived_account_is_found_by_id_but_read_only(world, name):
    user = world.users()[name]
    _archive(world.account)

    access = account_for_user(user, world.account.pk)

    assert access.archived
    assert access.can_write is False
    assert can_write_account(user, access.account) is False
    with pytest.raises(PermissionDenied):
        account_for_user(user, world.account.pk, write=True)
    assert access.can_restore is (name in ("admin", "director", "owner"))
    assert access.can_purge is (name == "admin")


def test_outsiders_still_get_404_for_an_archived_account(world):
    _archive(world.account)
    for user in (world.outsider, world.portal):
        with pytest.raises(Http404):
            account_for_user(user, world.account.pk)
        with pytest.raises(Http404):
            contact_for_user(user, world.contact.pk)


def test_an_archived_contact_is_found_by_id_but_not_written(world):
    Contact.all_objects.filter(pk=world.contact.pk).update(archived_at=timezone.now())

    contact, _access = contact_for_user(world.owner, world.contact.pk)

    assert contact.archived_at is not None
    assert not world.account.contacts.filter(pk=contact.pk).exists()  # lists and pickers
    with pytest.raises(PermissionDenied):
        contact_for_user(world.owner, world.contact.pk, write=True)
