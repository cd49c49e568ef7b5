"""Opportunities over REST (keyplan.sales.pipeline.api): read only, paginated, the same
filters and sorts as the page, exact amounts, and the one access rule."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from tests.factories import OpportunityFactory
from tests.support import NOT_FOUND, assert_error


def names(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [item["name"] for item in response.json()["items"]]


@pytest.fixture
def deals(world):
    return {
        "press": OpportunityFactory(
            account=world.account,
            external_id="CRM-1",
            name="Press line",
            stage="Negotiation",
            amount=Decimal("1234.5678"),
            probability=Decimal("33.33"),
            close_date=date(2026, 4, 1),
            competitor="Borex",
            owner=world.owner,
        ),
        "parts": OpportunityFactory(
            account=world.account, name="Spare parts", amount=None, close_date=date(2026, 3, 1)
        ),
        "won": OpportunityFactory(account=world.account, name="Service", status="won"),
        "other": OpportunityFactory(
            account=world.other_account, name="Conveyor", currency="EUR", owner=world.outsider
        ),
    }


@pytest.mark.parametrize(
    ("user", "expected"),
    [
        ("admin", ["Spare parts", "Press line", "Conveyor"]),
        ("director", ["Spare parts", "Press line", "Conveyor"]),
        ("owner", ["Spare parts", "Press line"]),
        ("member", ["Spare parts", "Press line"]),
        ("viewer", ["Spare parts", "Press line"]),
        ("outsider", ["Conveyor"]),
    ],
)
def test_list_is_scoped_by_the_access_rule(world, api, deals, user, expected):
    response = api(user).get("/opportunities")

    assert names(response) == expected
    assert response.json()["count"] == len(expected)


def test_list_item_has_exact_amounts_and_the_documented_fields(world, api, deals):
    item = api("owner").get("/opportunities", {"sort": "name"}).json()["items"][0]

    assert item == {
        "id": deals["press"].pk,
        "external_id": "CRM-1",
        "account": {"id": world.account.pk, "name": "Polmet Sp. z o.o."},
        "name": "Press line",
        "stage": "Negotiation",
        "status": "open",
        "amount": "1234.5678",
        "currency": "PLN",
        "probability": "33.33",
        "weighted_amount": "411.48144774",
        "created_date": "2025-01-15",
        "close_date": "2026-04-01",
        "overdue": date(2026, 4, 1) < timezone.localdate(),
        "competitor": "Borex",
        "owner": {"id": world.owner.pk, "username": "owner", "name": str(world.owner)},
    }


def test_list_filters_sort_and_pages(world, api, deals):
    client = api("director")

    assert names(client.get("/opportunities", {"status": "won"})) == ["Service"]
    assert len(names(client.get("/opportunities", {"status": "all"}))) == 4
    assert names(client.get("/opportunities", {"q": "gmbh"})) == ["Conveyor"]
    assert names(client.get("/opportunities", {"account": world.account.pk})) == [
        "Spare parts",
        "Press line",
    ]
    assert names(client.get("/opportunities", {"owner": world.outsider.pk})) == ["Conveyor"]
    assert names(
        client.get("/opportunities", {"close_from": "2026-03-02", "close_to": "2026-04-30"})
    ) == ["Press line"]
    assert names(client.get("/opportunities", {"sort": "-name"})) == [
        "Spare parts",
        "Press line",
        "Conveyor",
    ]
    page = client.get("/opportunities", {"page": 2, "page_size": 2}).json()
    assert (page["count"], page["page"], page["pages"]) == (3, 2, 2)
    assert [i["name"] for i in page["items"]] == ["Conveyor"]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"status": "maybe"}, "status"),
        ({"sort": "price"}, "sort"),
        ({"owner": 0}, "owner"),
        ({"account": 2**70}, "account"),
        ({"close_from": "2026-02-30"}, "close_from"),
        ({"q": "x" * 201}, "q"),
        ({"page_size": 100_000}, "page_size"),
    ],
)
def test_invalid_filters_are_422(world, api, params, field):
    assert_error(api("director").get("/opportunities", params), 422, field)


def test_an_account_filter_never_widens_the_scope(world, api, deals):
    assert names(api("owner").get("/opportunities", {"account": world.other_account.pk})) == []


def test_detail(world, api, deals):
    response = api("viewer").get(f"/opportunities/{deals['press'].pk}")

    assert response.status_code == 200
    assert response.json()["amount"] == "1234.5678"
    assert response.json()["account"]["id"] == world.account.pk


def test_detail_is_404_alike_for_an_invisible_and_a_missing_opportunity(world, api, deals):
    client = api("outsider")

    forbidden = client.get(f"/opportunities/{deals['press'].pk}")
    missing = client.get("/opportunities/999999999")
    huge = client.get(f"/opportunities/{2**70}")

    assert forbidden.status_code == missing.status_code == huge.status_code == 404
    assert forbidden.json() == missing.json() == huge.json() == NOT_FOUND


def test_portal_users_are_refused(world, api, deals):
    client = api("portal")

    assert_error(client.get("/opportunities"), 404)
    assert_error(client.get("/opportunities/totals"), 404)
    assert_error(client.get(f"/opportunities/{deals['other'].pk}"), 404)


def test_anonymous_is_401(world, deals, client):
    response = client.get("/api/v1/opportunities")

    assert response.status_code == 401


def test_the_api_is_read_only(world, api, deals):
    client = api("director")
    path = f"/opportunities/{deals['press'].pk}"

    assert client.post("/opportunities", {"name": "x"}).status_code == 405
    assert client.patch(path, {"name": "x"}).status_code == 405
    assert client.delete(path).status_code == 405
    deals["press"].refresh_from_db()
    assert deals["press"].name == "Press line"


def test_totals_are_exact_per_currency(world, api):
    for _ in range(3):
        OpportunityFactory(
            account=world.account, amount=Decimal("0.0001"), probability=Decimal("33.33")
        )
    OpportunityFactory(account=world.account, amount=None)
    OpportunityFactory(account=world.other_account, currency="EUR", amount=Decimal("7"))

    owner = api("owner").get("/opportunities/totals").json()
    director = api("director").get("/opportunities/totals", {"currency": "ignored"}).json()

    assert owner == [
        {
            "currency": "PLN",
            "count": 4,
            "amount": "0.0003",
            "weighted_amount": "0.00009999",
            "without_amount": 1,
            "without_probability": 0,
        }
    ]
    assert [t["currency"] for t in director] == ["EUR", "PLN"]
    assert director[0]["amount"] == "7.00"
    assert director[0]["weighted_amount"] == "3.50"
    assert api("director").get("/opportunities/totals", {"status": "lost"}).json() == []


def test_overdue_in_the_api(world, api):
    late = OpportunityFactory(
        account=world.account, close_date=timezone.localdate() - timedelta(days=1)
    )

    assert api("owner").get(f"/opportunities/{late.pk}").json()["overdue"] is True


def test_the_endpoints_are_in_the_openapi_schema(db, client):
    from tests.factories import UserFactory

    client.force_login(UserFactory())  # the schema is for signed-in internal users
    paths = client.get("/api/v1/openapi.json").json()["paths"]

    assert {"/api/v1/opportunities", "/api/v1/opportunities/totals"} <= set(paths)
    assert set(paths["/api/v1/opportunities/{opportunity_id}"]) == {"get"}
    detail = paths["/api/v1/opportunities/{opportunity_id}"]["get"]
    assert detail["operationId"] == "get_opportunity"
