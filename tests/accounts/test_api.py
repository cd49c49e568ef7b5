"""Accounts, team members and contacts over the REST API (keyplan.accounts.api): the
access rule, pagination, filters, validation and conflicts."""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal

import pytest
from django.conf import settings

from keyplan.accounts.models import Account, Contact
from tests.factories import AccountFactory, ContactFactory
from tests.support import API, NOT_FOUND, assert_error

HUGE_ID = 2**70


def names(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [item["name"] for item in response.json()["items"]]


# --- account list: scope, pagination, filters, sort -----------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("admin", ["Other Customer GmbH", "Polmet Sp. z o.o."]),
        ("director", ["Other Customer GmbH", "Polmet Sp. z o.o."]),
        ("owner", ["Polmet Sp. z o.o."]),
        ("member", ["Polmet Sp. z o.o."]),
        ("viewer", ["Polmet Sp. z o.o."]),
        ("outsider", ["Other Customer GmbH"]),
    ],
)
def test_account_list_is_scoped_by_the_access_rule(world, api, name, expected):
    response = api(name).get("/accounts")
    assert names(response) == expected
    assert response.json()["count"] == len(expected)


def test_portal_user_gets_404_on_the_internal_account_list(world, api):
    # `_internal`: the internal API does not exist for portal users; they use the portal.
    client = api("portal")
    assert client.get("/accounts").json() == NOT_FOUND
    assert client.get("/accounts").status_code == 404
    assert_error(client.get(f"/accounts/{world.other_account.pk}"), 404)


def test_account_list_item_has_the_documented_fields(world, api):
    item = api("owner").get("/accounts").json()["items"][0]
    assert item["id"] == world.account.pk
    assert item["owner"] == {"id": world.owner.pk, "username": "owner", "name": str(world.owner)}
    assert item["annual_revenue"] == "1234567.89"
    assert item["account_class"] == "strategic"
    assert item["parent_id"] is None
    # Timestamps keep every microsecond (the optimistic concurrency check needs them).
    assert datetime.fromisoformat(item["updated_at"]) == world.account.updated_at


def test_pagination_fields_and_pages(world, api):
    for i in range(5):
        AccountFactory(name=f"Paged {i}")
    client = api("director")

    first = client.get("/accounts", {"page_size": 3}).json()
    assert {k: first[k] for k in ("count", "page", "page_size", "pages")} == {
        "count": 7,
        "page": 1,
        "page_size": 3,
        "pages": 3,
    }
    assert len(first["items"]) == 3
    seen = []
    for page in (1, 2, 3):
        seen += names(client.get("/accounts", {"page_size": 3, "page": page}))
    assert len(seen) == 7 == len(set(seen))
    assert sorted(seen) == seen  # the default sort is by name, across pages

    beyond = client.get("/accounts", {"page_size": 3, "page": 4}).json()
    assert beyond["items"] == [] and beyond["count"] == 7 and beyond["pages"] == 3

    default = client.get("/accounts").json()
    assert default["page"] == 1 and default["page_size"] == 50 and default["pages"] == 1


def test_page_size_at_the_maximum_is_accepted(world, api):
    maximum = settings.KEYPLAN_API_MAX_PAGE_SIZE
    response = api("director").get("/accounts", {"page_size": maximum})
    assert response.status_code == 200
    assert response.json()["page_size"] == maximum


@pytest.fixture
def alpha(world):
    return AccountFactory(
        name="Alpha Steel a.s.",
        account_class="prospect",
        industry="mining",
        country="CZ",
        owner=world.outsider,
        tax_id="CZ12345678",
        external_id="ERP-77",
    )


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"q": "alpha"}, ["Alpha Steel a.s."]),
        ({"q": "erp-77"}, ["Alpha Steel a.s."]),  # external id, any case
        ({"q": "12345678"}, ["Alpha Steel a.s."]),  # tax id contains
        ({"q": "no such thing"}, []),
        ({"account_class": "prospect"}, ["Alpha Steel a.s."]),
        ({"account_class": "strategic"}, ["Polmet Sp. z o.o."]),
        ({"industry": "mining"}, ["Alpha Steel a.s."]),
        (
            {"industry": "not-an-industry"},
            ["Alpha Steel a.s.", "Other Customer GmbH", "Polmet Sp. z o.o."],
        ),
        ({"country": "cz"}, ["Alpha Steel a.s."]),
        ({"country": "DE"}, ["Other Customer GmbH"]),
        ({"owner": "OUTSIDER"}, ["Alpha Steel a.s.", "Other Customer GmbH"]),
        ({"owner": "OUTSIDER", "country": "DE"}, ["Other Customer GmbH"]),
        ({"sort": "-name"}, ["Polmet Sp. z o.o.", "Other Customer GmbH", "Alpha Steel a.s."]),
        ({"sort": "class"}, ["Alpha Steel a.s.", "Other Customer GmbH", "Polmet Sp. z o.o."]),
        ({"sort": "-class"}, ["Polmet Sp. z o.o.", "Other Customer GmbH", "Alpha Steel a.s."]),
        ({"sort": "country"}, ["Alpha Steel a.s.", "Other Customer GmbH", "Polmet Sp. z o.o."]),
    ],
)
def test_account_list_filters_and_sort(world, api, alpha, params, expected):
    params = {k: (world.outsider.pk if v == "OUTSIDER" else v) for k, v in params.items()}
    assert names(api("director").get("/accounts", params)) == expected


def test_filters_never_widen_the_scope(world, api, alpha):
    client = api("outsider")
    assert names(client.get("/accounts", {"q": "Polmet"})) == []
    assert names(client.get("/accounts", {"owner": world.owner.pk})) == []
    assert names(client.get("/accounts", {"account_class": "strategic"})) == []


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("page=abc", "page"),
        (f"page={10**30}", "page"),
        ("page=0", "page"),
        ("page=-1", "page"),
        ("page=", "page"),
        ("page_size=10000", "page_size"),
        ("page_size=0", "page_size"),
        ("sort=nope", "sort"),
        ("sort=name;drop", "sort"),
        (f"owner={10**30}", "owner"),
        ("owner=abc", "owner"),
        ("owner=0", "owner"),
        ("account_class=vip", "account_class"),
        ("country=POL", "country"),
        ("q=" + "x" * 201, "q"),
        ("q=a%00b", "q"),
    ],
)
def test_malformed_or_huge_query_params_are_422_naming_the_field(world, api, query, field):
    client = api("director")
    response = client.client.get(f"{API}/accounts?{query}", headers=client.headers)
    body = assert_error(response, 422, field)
    assert body["detail"] == "Invalid input."


def test_several_bad_query_params_are_all_named(world, api):
    body = assert_error(
        api("director").get("/accounts", {"page": "x", "sort": "y", "page_size": "-3"}),
        422,
        "page",
        "sort",
        "page_size",
    )
    assert "-name" in " ".join(body["errors"]["sort"])  # the message lists the valid sorts


# --- account detail, create, update, delete -------------------------------------------


@pytest.mark.parametrize("name", ["admin", "director", "owner", "member", "viewer"])
def test_account_detail_for_those_who_may_see_it(world, api, name):
    response = api(name).get(f"/accounts/{world.account.pk}")
    assert response.status_code == 200
    assert response.json()["name"] == "Polmet Sp. z o.o."


@pytest.mark.parametrize("name", ["outsider", "portal"])
def test_account_detail_is_404_for_those_who_may_not_see_it(world, api, name):
    client = api(name)
    assert client.get(f"/accounts/{world.account.pk}").json() == NOT_FOUND
    assert_error(client.get(f"/accounts/{world.account.pk}"), 404)
    assert_error(client.get(f"/accounts/{world.account.pk}/team"), 404)
    assert_error(client.get(f"/accounts/{world.account.pk}/contacts"), 404)


@pytest.mark.parametrize("account_id", [HUGE_ID, 2**63, 2**63 - 1, 0, -1, 999_999])
def test_missing_or_impossible_account_ids_are_404(world, api, account_id):
    client = api("director")
    path = f"/accounts/{account_id}"
    assert client.get(path).json() == NOT_FOUND
    assert_error(client.patch(path, {"notes": "x"}), 404)
    assert_error(client.delete(path), 404)
    assert_error(client.get(path + "/team"), 404)
    assert_error(client.get(path + "/contacts"), 404)
    assert_error(client.post(path + "/contacts", {"last_name": "X"}), 404)


def test_a_non_numeric_account_id_is_422_naming_it(world, api):
    assert_error(api("director").get("/accounts/abc"), 422, "account_id")


def test_kam_creates_an_account_and_becomes_its_owner(world, api):
    response = api("owner").post(
        "/accounts",
        {"name": "Nowa Huta S.A.", "country": "pl", "currency": "eur", "annual_revenue": "10.50"},
    )
    assert response.status_code == 201
    body = response.json()
    assert body["owner"]["username"] == "owner"
    assert (body["country"], body["currency"], body["annual_revenue"]) == ("PL", "EUR", "10.50")
    account = Account.objects.get(pk=body["id"])
    assert account.owner == world.owner
    assert account.annual_revenue == Decimal("10.50")
    assert account.history.latest().history_user == world.owner
    # ...and they can see it right away.
    assert "Nowa Huta S.A." in names(api("owner").get("/accounts"))


def test_director_creates_an_account_for_a_kam(world, api):
    response = api("director").post(
        "/accounts",
        {"name": "Delegated", "owner_id": world.owner.pk, "parent_id": world.account.pk},
    )
    assert response.status_code == 201
    account = Account.objects.get(name="Delegated")
    assert account.owner == world.owner and account.parent == world.account
    assert account.history.latest().history_user == world.director


@pytest.mark.parametrize("name", ["member", "viewer"])
def test_roles_that_may_not_create_accounts_get_403(world, api, name):
    before = Account.objects.count()
    assert_error(api(name).post("/accounts", {"name": "Not allowed"}), 403)
    assert Account.objects.count() == before


def test_portal_user_cannot_create_accounts(world, api):
    before = Account.objects.count()
    assert_error(api("portal").post("/accounts", {"name": "Not allowed"}), 404)
    assert Account.objects.count() == before


def _bad_create_cases():
    return [
        ("director", {"country": "XX"}, "country"),
        ("director", {"currency": "ABC"}, "currency"),
        ("director", {"currency": "EURO"}, "currency"),
        ("director", {"annual_revenue": -1}, "annual_revenue"),
        ("director", {"annual_revenue": "NaN"}, "annual_revenue"),
        ("director", {"annual_revenue": "1e30"}, "annual_revenue"),
        ("director", {"annual_revenue": "1.001"}, "annual_revenue"),
        ("owner", {"parent_id": "OTHER"}, "parent_id"),  # exists, but the KAM cannot see it
        ("director", {"parent_id": 999_999}, "parent_id"),
        ("director", {"parent_id": 10**30}, "parent_id"),
        ("director", {"owner_id": "VIEWER"}, "owner_id"),  # not a KAM
        ("director", {"owner_id": "PORTAL"}, "owner_id"),
        ("director", {"owner_id": 999_999}, "owner_id"),
        ("director", {"owner_id": 10**30}, "owner_id"),
        ("director", {"owner_id": "abc"}, "owner_id"),
        ("owner", {"owner_id": "OUTSIDER"}, "owner_id"),  # a KAM creates accounts they own
        ("director", {"name": ""}, "name"),
        ("director", {"name": None}, "name"),
        ("director", {"name": "x" * 201}, "name"),
        ("director", {"name": "NUL \x00 inside"}, "name"),
        ("director", {"industry": "bogus"}, "industry"),
        ("director", {"account_class": "vip"}, "account_class"),
        ("director", {"status": "zombie"}, "status"),
    ]


@pytest.mark.parametrize(("name", "extra", "field"), _bad_create_cases())
def test_account_create_validation_names_the_field(world, api, name, extra, field):
    refs = {
        "OTHER": world.other_account.pk,
        "VIEWER": world.viewer.pk,
        "PORTAL": world.portal.pk,
        "OUTSIDER": world.outsider.pk,
    }
    body = {"name": "Invalid Co"} | {k: refs.get(v, v) for k, v in extra.items()}
    before = Account.objects.count()
    response = api(name).post("/accounts", body)
    errors = assert_error(response, 422, field)["errors"]
    assert Account.objects.count() == before
    # The API names its own fields, never the model's.
    assert "owner" not in errors and "parent" not in errors


def test_missing_name_is_named(world, api):
    assert_error(api("director").post("/accounts", {"country": "PL"}), 422, "name")


def test_duplicate_external_id_is_422(world, api):
    before = Account.objects.count()
    response = api("director").post(
        "/accounts", {"name": "Dup", "external_id": world.other_account.external_id}
    )
    body = assert_error(response, 422)
    assert "external id" in json.dumps(body["errors"])
    assert Account.objects.count() == before


@pytest.mark.parametrize("name", ["admin", "director", "owner", "member"])
def test_those_who_may_change_the_account_update_it(world, api, name):
    response = api(name).patch(
        f"/accounts/{world.account.pk}", {"notes": f"by {name}", "region": "Silesia"}
    )
    assert response.status_code == 200
    assert response.json()["notes"] == f"by {name}"
    world.account.refresh_from_db()
    assert (world.account.notes, world.account.region) == (f"by {name}", "Silesia")
    # Fields not sent stay as they were.
    assert world.account.name == "Polmet Sp. z o.o."
    assert world.account.annual_revenue == Decimal("1234567.89")


def test_viewer_gets_403_on_every_write(world, api):
    client = api("viewer")
    pk = world.account.pk
    assert_error(client.patch(f"/accounts/{pk}", {"notes": "viewer"}), 403)
    assert_error(client.delete(f"/accounts/{pk}"), 403)
    assert_error(client.post(f"/accounts/{pk}/contacts", {"last_name": "V"}), 403)
    assert_error(client.patch(f"/contacts/{world.contact.pk}", {"title": "V"}), 403)
    assert_error(client.delete(f"/contacts/{world.contact.pk}"), 403)
    world.account.refresh_from_db()
    assert world.account.notes != "viewer"
    assert Account.objects.filter(pk=pk).exists()
    assert Contact.objects.filter(account=world.account).count() == 1
    assert Contact.objects.get(pk=world.contact.pk).title == "Head of Procurement"


@pytest.mark.parametrize("name", ["outsider", "portal"])
def test_those_who_may_not_see_the_account_get_404_on_writes(world, api, name):
    client = api(name)
    pk = world.account.pk
    assert client.patch(f"/accounts/{pk}", {"notes": "intruder"}).json() == NOT_FOUND
    assert client.delete(f"/accounts/{pk}").json() == NOT_FOUND
    world.account.refresh_from_db()
    assert world.account.notes != "intruder"


def test_only_directors_and_admins_change_the_owner(world, api):
    pk = world.account.pk
    assert_error(
        api("member").patch(f"/accounts/{pk}", {"owner_id": world.outsider.pk}), 422, "owner_id"
    )
    world.account.refresh_from_db()
    assert world.account.owner == world.owner

    response = api("director").patch(f"/accounts/{pk}", {"owner_id": world.outsider.pk})
    assert response.status_code == 200
    assert response.json()["owner"]["username"] == "outsider"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"country": "XX"}, "country"),
        ({"country": None}, "country"),
        ({"industry": None}, "industry"),
        ({"name": None}, "name"),
        ({"name": ""}, "name"),
        ({"currency": "ABC"}, "currency"),
        ({"annual_revenue": -0.01}, "annual_revenue"),
        ({"owner_id": "VIEWER"}, "owner_id"),
        ({"parent_id": "SELF"}, "parent_id"),
        ({"parent_id": "OTHER_FOR_OWNER"}, "parent_id"),
        ({"updated_at": "2020-01-01T00:00:00"}, "updated_at"),  # no time zone
        ({"updated_at": "yesterday"}, "updated_at"),
    ],
)
def test_account_update_validation_names_the_field_and_saves_nothing(world, api, body, field):
    refs = {
        "VIEWER": world.viewer.pk,
        "SELF": world.account.pk,
        "OTHER_FOR_OWNER": world.other_account.pk,
    }
    body = {k: refs.get(v, v) if isinstance(v, str) else v for k, v in body.items()}
    before = Account.objects.values().get(pk=world.account.pk)
    response = api("owner").patch(f"/accounts/{world.account.pk}", body | {"notes": "changed"})
    assert_error(response, 422, field)
    assert Account.objects.values().get(pk=world.account.pk) == before


def test_parent_cycles_are_refused(world, api):
    child = AccountFactory(name="Child", parent=world.account)
    response = api("director").patch(f"/accounts/{world.account.pk}", {"parent_id": child.pk})
    assert_error(response, 422, "parent_id")
    world.account.refresh_from_db()
    assert world.account.parent is None


def test_null_clears_the_nullable_fields(world, api):
    world.account.parent = AccountFactory(name="Parent Co")
    world.account.save()
    response = api("director").patch(
        f"/accounts/{world.account.pk}", {"annual_revenue": None, "parent_id": None}
    )
    assert response.status_code == 200
    world.account.refresh_from_db()
    assert world.account.annual_revenue is None and world.account.parent is None


def test_interest_date_is_set_shown_and_cleared(world, api):
    client = api("owner")
    url = f"/accounts/{world.account.pk}"
    response = client.patch(url, {"interest_recorded_on": "2026-03-02"})
    assert response.status_code == 200, response.content
    assert response.json()["interest_recorded_on"] == "2026-03-02"
    assert client.get(url).json()["interest_recorded_on"] == "2026-03-02"
    assert_error(
        client.patch(url, {"interest_recorded_on": "2026-13-40"}), 422, "interest_recorded_on"
    )
    assert client.patch(url, {"interest_recorded_on": None}).status_code == 200
    world.account.refresh_from_db()
    assert world.account.interest_recorded_on is None
    history = [h.interest_recorded_on for h in world.account.history.order_by("history_id")]
    assert date(2026, 3, 2) in history


def test_patch_with_the_updated_at_just_read_succeeds(world, api):
    client = api("owner")
    seen = client.get(f"/accounts/{world.account.pk}").json()["updated_at"]
    response = client.patch(f"/accounts/{world.account.pk}", {"notes": "mine", "updated_at": seen})
    assert response.status_code == 200, response.content
    world.account.refresh_from_db()
    assert world.account.notes == "mine"
    assert datetime.fromisoformat(response.json()["updated_at"]) == world.account.updated_at


def test_patch_with_a_stale_updated_at_is_409_and_saves_nothing(world, api):
    owner = api("owner")
    pk = world.account.pk
    seen = owner.get(f"/accounts/{pk}").json()["updated_at"]
    assert api("director").patch(f"/accounts/{pk}", {"notes": "director first"}).status_code == 200

    conflict = owner.patch(f"/accounts/{pk}", {"notes": "mine", "region": "X", "updated_at": seen})
    body = assert_error(conflict, 409, "updated_at")
    world.account.refresh_from_db()
    assert (world.account.notes, world.account.region) == ("director first", "")
    current = body["errors"]["updated_at"][0]
    assert datetime.fromisoformat(current) == world.account.updated_at
    assert world.account.history.count() == 2  # created, then the director's edit only

    # With the current updated_at (from the 409 or a fresh read) the edit goes through.
    retry = owner.patch(f"/accounts/{pk}", {"notes": "mine", "updated_at": current})
    assert retry.status_code == 200
    world.account.refresh_from_db()
    assert world.account.notes == "mine"


def test_api_update_records_history_with_the_tokens_user(world, api):
    response = api("member").patch(f"/accounts/{world.account.pk}", {"name": "Polmet S.A."})
    assert response.status_code == 200
    record = world.account.history.latest()
    assert record.history_user == world.member
    assert record.name == "Polmet S.A."
    assert record.prev_record.name == "Polmet Sp. z o.o."


@pytest.mark.parametrize("name", ["admin", "director", "owner"])
def test_those_who_may_delete_archive(world, api, name):
    pk = world.account.pk
    response = api(name).delete(f"/accounts/{pk}")
    assert response.status_code == 204
    assert response.content == b""
    assert Account.objects.get(pk=pk).archived_at is not None  # archived, not deleted
    assert Account.history.filter(id=pk).latest("history_date").history_user == world.users()[name]


def test_team_member_may_edit_but_not_delete(world, api):
    assert_error(api("member").delete(f"/accounts/{world.account.pk}"), 403)
    assert Account.objects.filter(pk=world.account.pk).exists()


def test_an_account_with_subsidiaries_is_not_deleted(world, api):
    AccountFactory(name="Subsidiary", parent=world.account)
    assert_error(api("director").delete(f"/accounts/{world.account.pk}"), 422, "__all__")
    assert Account.objects.filter(pk=world.account.pk).exists()


# --- team and contacts -------------------------------------------------------------------


@pytest.mark.parametrize("name", ["director", "owner", "member", "viewer"])
def test_team_list(world, api, name):
    response = api(name).get(f"/accounts/{world.account.pk}/team")
    assert response.status_code == 200
    team = {m["user"]["username"]: m for m in response.json()}
    assert set(team) == {"member", "viewer"}
    assert team["viewer"]["role"] == "Observer"
    assert team["member"]["user"]["id"] == world.member.pk


def test_contact_list_is_paginated_and_scoped(world, api):
    ContactFactory(account=world.other_account, last_name="Hidden")
    response = api("viewer").get(f"/accounts/{world.account.pk}/contacts")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1 and body["pages"] == 1
    assert [(c["first_name"], c["last_name"]) for c in body["items"]] == [("Jan", "Kowalski")]
    assert body["items"][0]["account_id"] == world.account.pk
    assert_error(
        api("owner").get(f"/accounts/{world.account.pk}/contacts", {"page": "x"}), 422, "page"
    )


def test_member_creates_a_contact(world, api):
    response = api("member").post(
        f"/accounts/{world.account.pk}/contacts",
        {"first_name": "Anna", "last_name": "Nowak", "email": "anna@polmet.example"},
    )
    assert response.status_code == 201
    contact = Contact.objects.get(pk=response.json()["id"])
    assert (contact.account, contact.email) == (world.account, "anna@polmet.example")
    assert contact.history.latest().history_user == world.member


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"last_name": "Nowak", "email": "not-an-email"}, "email"),
        ({"last_name": "Nowak", "email": "a@b"}, "email"),
        ({"last_name": ""}, "last_name"),
        ({"first_name": "Anna"}, "last_name"),
        ({"last_name": "Nowak", "phone": "1" * 41}, "phone"),
        ({"last_name": "Nowak", "notes": "\x00"}, "notes"),
    ],
)
def test_contact_create_validation_names_the_field(world, api, body, field):
    before = Contact.objects.count()
    assert_error(api("owner").post(f"/accounts/{world.account.pk}/contacts", body), 422, field)
    assert Contact.objects.count() == before


@pytest.mark.parametrize("name", ["outsider", "portal"])
def test_contacts_of_an_invisible_account_are_404(world, api, name):
    client = api(name)
    cid = world.contact.pk
    assert client.get(f"/contacts/{cid}").json() == NOT_FOUND
    assert_error(client.patch(f"/contacts/{cid}", {"title": "Spy"}), 404)
    assert_error(client.delete(f"/contacts/{cid}"), 404)
    assert_error(client.post(f"/accounts/{world.account.pk}/contacts", {"last_name": "X"}), 404)
    assert Contact.objects.get(pk=cid).title == "Head of Procurement"
    assert Contact.objects.count() == 1


@pytest.mark.parametrize("contact_id", [HUGE_ID, 2**63, 0, 999_999])
def test_missing_or_impossible_contact_ids_are_404(world, api, contact_id):
    client = api("director")
    assert client.get(f"/contacts/{contact_id}").json() == NOT_FOUND
    assert_error(client.patch(f"/contacts/{contact_id}", {"title": "x"}), 404)
    assert_error(client.delete(f"/contacts/{contact_id}"), 404)


def test_contact_get_and_patch(world, api):
    client = api("member")
    got = client.get(f"/contacts/{world.contact.pk}")
    assert got.status_code == 200
    assert got.json()["last_name"] == "Kowalski"

    response = client.patch(
        f"/contacts/{world.contact.pk}", {"title": "CEO", "email": "jan@polmet.example"}
    )
    assert response.status_code == 200
    world.contact.refresh_from_db()
    assert (world.contact.title, world.contact.email) == ("CEO", "jan@polmet.example")
    assert world.contact.first_name == "Jan"  # not sent, not changed
    assert world.contact.history.latest().history_user == world.member


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"email": "nope"}, "email"),
        ({"email": None}, "email"),
        ({"last_name": ""}, "last_name"),
        ({"last_name": None}, "last_name"),
    ],
)
def test_contact_patch_validation_names_the_field_and_saves_nothing(world, api, body, field):
    before = Contact.objects.values().get(pk=world.contact.pk)
    response = api("owner").patch(f"/contacts/{world.contact.pk}", body | {"title": "changed"})
    assert_error(response, 422, field)
    assert Contact.objects.values().get(pk=world.contact.pk) == before


def test_contact_delete(world, api):
    response = api("owner").delete(f"/contacts/{world.contact.pk}")
    assert response.status_code == 204
    assert not Contact.objects.filter(pk=world.contact.pk).exists()
