"""The cash API: scoped rows and totals, exact amounts, one account with its trend, 404 for
accounts the caller may not see, 422 naming the bad parameter."""

from __future__ import annotations

from .support import AS_OF, ledger


def test_the_list_is_scoped_and_exact(world, api):
    ledger(world)
    body = api("owner").get("/economics/cash", {"as_of": AS_OF.isoformat()}).json()
    assert body["as_of"] == "2026-06-30"
    assert body["currency"] == "PLN"
    assert [item["name"] for item in body["items"]] == ["Polmet Sp. z o.o."]
    assert body["total"]["open"] == "150.0001"
    assert body["total"]["overdue"] == "100.00"
    assert body["total"]["ageing"]["over_90"] == "100.00"
    assert body["count"] == 1
    director = api("director").get("/economics/cash", {"as_of": AS_OF.isoformat()}).json()
    assert director["count"] == 2
    assert director["total"]["open"] == "190.0001"


def test_paging_keeps_the_total_of_every_row(world, api):
    ledger(world)
    body = (
        api("director")
        .get(
            "/economics/cash",
            {"as_of": AS_OF.isoformat(), "page_size": 1, "page": 2, "sort": "name"},
        )
        .json()
    )
    assert [item["name"] for item in body["items"]] == ["Polmet Sp. z o.o."]
    assert (body["pages"], body["count"]) == (2, 2)
    assert body["total"]["open"] == "190.0001"


def test_bad_parameters_are_422_naming_them(world, api):
    client = api("director")
    for params, field in [
        ({"as_of": "31.12.2025"}, "as_of"),
        ({"sort": "nonsense"}, "sort"),
        ({"owner": "99999999999999999999"}, "owner"),
        ({"page_size": 100000}, "page_size"),
        ({"account_class": "gold"}, "account_class"),
    ]:
        response = client.get("/economics/cash", params)
        assert response.status_code == 422, params
        assert field in response.json()["errors"], response.json()


def test_portal_tokens_and_anonymous_are_refused(world, api):
    from tests.support import ApiClient

    assert api("portal").get("/economics/cash").status_code == 404
    assert ApiClient(None).get("/economics/cash").status_code == 401


def test_one_account_with_its_trend(world, api):
    ledger(world)
    response = api("viewer").get(f"/accounts/{world.account.pk}/cash", {"as_of": AS_OF.isoformat()})
    assert response.status_code == 200
    body = response.json()
    assert body["cash"]["open"] == "150.0001"
    assert body["cash"]["open_items"] == 2
    assert len(body["trend"]) == 12
    assert body["trend"][-1]["day"] == "2026-06-30"


def test_an_account_you_may_not_see_is_404_like_a_missing_one(world, api):
    ledger(world)
    outsider = api("outsider")
    assert outsider.get(f"/accounts/{world.account.pk}/cash").status_code == 404
    assert outsider.get("/accounts/99999999/cash").status_code == 404
    assert api("portal").get(f"/accounts/{world.other_account.pk}/cash").status_code == 404


def test_an_account_without_items_has_no_cash(world, api):
    ledger(world)
    from tests.factories import AccountFactory

    quiet = AccountFactory(owner=world.owner)
    body = api("owner").get(f"/accounts/{quiet.pk}/cash").json()
    assert body["cash"] is None
    assert body["trend"] == []
