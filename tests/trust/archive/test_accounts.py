"""Archiving an account instead of deleting it (issue #19): nothing destroyed, history
and figures unchanged, restorable by its owner or a manager."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from keyplan.accounts.models import Account
from keyplan.portfolio.models import SnapshotRow
from keyplan.portfolio.pareto.selectors import pareto
from keyplan.sales.figures.domain import Period
from keyplan.sales.models import InvoiceLine, Payment
from tests.factories import AccountFactory
from tests.support import assert_error, messages_of

MARCH = Period.months(date(2024, 3, 1), date(2024, 3, 31))


def _archived(world) -> bool:
    return Account.objects.get(pk=world.account.pk).archived_at is not None


def test_api_delete_archives_and_keeps_everything(sold, api):
    world = sold
    before = pareto(user=world.director, metric="revenue", period=MARCH)
    rows_before = list(SnapshotRow.objects.values_list("account_id", "revenue", "class_after"))

    response = api("owner").delete(f"/accounts/{world.account.pk}")

    assert response.status_code == 204
    account = Account.objects.get(pk=world.account.pk)
    assert account.archived_at is not None
    assert account.archived_by == world.owner
    assert InvoiceLine.objects.filter(account=account).count() == 1
    assert Payment.objects.filter(account=account).count() == 1
    assert account.contacts.count() == 1
    # History and figures of the period do not change.
    rows_after = list(SnapshotRow.objects.values_list("account_id", "revenue", "class_after"))
    assert rows_after == rows_before
    after = pareto(user=world.director, metric="revenue", period=MARCH)
    assert (after.total, after.analysed) == (before.total, before.analysed)
    assert account.history.first().history_change_reason == "archived"


def test_archived_accounts_leave_the_lists_and_the_archived_filter_shows_them(world, api):
    api("owner").delete(f"/accounts/{world.account.pk}")
    client = api("owner")

    listed = [a["id"] for a in client.get("/accounts").json()["items"]]
    archived = [a["id"] for a in client.get("/accounts", {"archived": "true"}).json()["items"]]

    assert world.account.pk not in listed
    assert archived == [world.account.pk]


def test_archived_account_is_hidden_from_pages_and_pickers(world, client_for):
    client = client_for("owner")
    client.post(reverse("accounts:delete", args=[world.account.pk]), follow=True)

    listing = client.get(reverse("accounts:list")).content.decode()
    assert "Polmet" not in listing
    archived = client.get(reverse("accounts:list"), {"archived": "1"}).content.decode()
    assert "Polmet" in archived
    form = client.get(reverse("accounts:create")).context["form"]
    assert world.account not in form.fields["parent"].queryset
    page = client.get(reverse("accounts:detail", args=[world.account.pk]))
    assert page.status_code == 200
    assert reverse("accounts:restore", args=[world.account.pk]) in page.content.decode()


def test_archive_page_says_what_archiving_means(world, client_for):
    page = client_for("owner").get(reverse("accounts:delete", args=[world.account.pk]))
    assert "Nothing is deleted" in page.content.decode()
    assert not _archived(world)


@pytest.mark.parametrize("name", ["admin", "director", "owner"])
def test_owner_and_managers_restore(world, api, name):
    api("owner").delete(f"/accounts/{world.account.pk}")

    response = api(name).post(f"/accounts/{world.account.pk}/restore")

    assert response.status_code == 200
    assert response.json()["archived_at"] is None
    assert not _archived(world)


def test_team_and_outsiders_do_not_restore(world, api):
    api("owner").delete(f"/accounts/{world.account.pk}")
    assert_error(api("member").post(f"/accounts/{world.account.pk}/restore"), 403)
    assert_error(api("viewer").post(f"/accounts/{world.account.pk}/restore"), 403)
    assert_error(api("outsider").post(f"/accounts/{world.account.pk}/restore"), 404)
    assert _archived(world)


def test_an_archived_account_is_read_only(world, api):
    api("owner").delete(f"/accounts/{world.account.pk}")
    assert_error(api("owner").patch(f"/accounts/{world.account.pk}", {"name": "X"}), 403)
    assert Account.objects.get(pk=world.account.pk).name == "Polmet Sp. z o.o."


def test_restore_waits_for_an_archived_parent(world, client_for):
    child = AccountFactory(name="Polmet Daughter", parent=world.account, owner=world.owner)
    client = client_for("owner")
    client.post(reverse("accounts:delete", args=[child.pk]))
    client.post(reverse("accounts:delete", args=[world.account.pk]))
    assert _archived(world)

    response = client.post(reverse("accounts:restore", args=[child.pk]), follow=True)

    assert "Its parent account is archived; restore the parent first." in messages_of(response)
    assert Account.objects.get(pk=child.pk).archived_at is not None


def test_snapshot_of_archived_account_stays_visible_to_its_owner(sold, api):
    world = sold
    api("owner").delete(f"/accounts/{world.account.pk}")
    response = api("owner").get(f"/portfolio/snapshots/{world.snapshot.pk}")
    assert [r["account_id"] for r in response.json()["rows"]["items"]] == [world.account.pk]
