"""Purging an account for good (issue #19): administrators only, the name typed, what
goes shown first, recorded, snapshots untouched, personal data gone from history."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from keyplan.accounts import archive
from keyplan.accounts.models import Account, AccountPurge, Contact
from keyplan.portfolio.models import SnapshotRow
from keyplan.sales.models import InvoiceLine


def _archive(world):
    archive.account_archive(user=world.owner, account=world.account)
    world.account.refresh_from_db()


@pytest.mark.parametrize("name", ["director", "owner", "member", "viewer"])
def test_only_an_administrator_purges(sold, name):
    world = sold
    _archive(world)
    with pytest.raises(PermissionDenied):
        archive.account_purge(
            user=world.users()[name], account=world.account, confirm_name=world.account.name
        )
    assert Account.objects.filter(pk=world.account.pk).exists()


def test_purge_wants_the_name_typed_and_an_archived_account(sold):
    world = sold
    with pytest.raises(ValidationError):  # live account
        archive.account_purge(
            user=world.admin, account=world.account, confirm_name=world.account.name
        )
    _archive(world)
    with pytest.raises(ValidationError):
        archive.account_purge(user=world.admin, account=world.account, confirm_name="Polmet")
    assert Account.objects.filter(pk=world.account.pk).exists()


def test_purge_is_recorded_and_leaves_snapshots_alone(sold):
    world = sold
    _archive(world)
    pk, name = world.account.pk, world.account.name
    row_before = SnapshotRow.objects.values("account_id", "revenue", "gross_profit", "rank").get()

    audit = archive.account_purge(user=world.admin, account=world.account, confirm_name=name)

    assert not Account.objects.filter(pk=pk).exists()
    assert not InvoiceLine.objects.filter(account_id=pk).exists()
    stored = AccountPurge.objects.get()
    assert stored == audit
    assert (stored.account_ref, stored.name, stored.purged_by) == (pk, name, world.admin)
    assert stored.removed["contacts"] == 1
    assert stored.removed["invoice lines"] == 1
    row = SnapshotRow.objects.select_related("account").get()
    assert SnapshotRow.objects.values("account_id", "revenue", "gross_profit", "rank").get() == (
        row_before
    )
    assert row.account is None and row.account_name == name


def test_purge_blanks_the_contacts_personal_data_in_history(world):
    world.contact.email = "jan@customer.example"
    world.contact.phone = "+48 600 100 200"
    world.contact.save()
    _archive(world)

    archive.account_purge(user=world.admin, account=world.account, confirm_name=world.account.name)

    history = Contact.history.filter(id=world.contact.pk)
    assert history.exists()
    assert set(history.values_list("email", "phone", "first_name")) == {("", "", "")}


def test_purge_page_shows_what_goes_then_purges(sold, client_for):
    world = sold
    _archive(world)
    client = client_for("admin")
    url = reverse("accounts:purge", args=[world.account.pk])

    page = client.get(url).content.decode()
    assert "Invoice lines" in page and "Contacts" in page
    wrong = client.post(url, {"confirm_name": "nope"})
    assert wrong.status_code == 422
    assert Account.objects.filter(pk=world.account.pk).exists()

    done = client.post(url, {"confirm_name": world.account.name})

    assert done.status_code == 302
    assert not Account.objects.filter(pk=world.account.pk).exists()
    assert AccountPurge.objects.filter(account_ref=world.account.pk).exists()


def test_purge_page_is_refused_to_the_owner(world, client_for):
    _archive(world)
    url = reverse("accounts:purge", args=[world.account.pk])
    assert client_for("owner").get(url).status_code == 403
    assert client_for("outsider").get(url).status_code == 404


def test_purge_leaves_no_kept_page_on_disk(
    sold, client_for, settings, django_capture_on_commit_callbacks
):
    from keyplan.core import pagecache

    world = sold
    settings.PAGE_CACHE = True
    pagecache.clear()
    client = client_for("admin")
    for _ in range(2):
        assert client.get(reverse("accounts:list")).status_code == 200
    assert pagecache.kept_pages()
    _archive(world)

    with django_capture_on_commit_callbacks(execute=True):
        archive.account_purge(
            user=world.admin, account=world.account, confirm_name=world.account.name
        )

    assert pagecache.kept_pages() == []
