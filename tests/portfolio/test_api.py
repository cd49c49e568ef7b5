"""The portfolio REST API (each feature's api.py): shapes, the access rule, errors."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest

from keyplan.accounts.models import Account
from keyplan.portfolio.models import AccountScore, Criterion, SamFitness, Snapshot, Suggestion
from keyplan.sales.models import ExchangeRate, MonthlyRollup, WalletEstimate
from tests.factories import AccountFactory, BusinessUnitFactory
from tests.support import API, ApiClient, assert_error, token_for

D = Decimal
PARETO_KEYS = {
    "metric",
    "period",
    "level",
    "currency",
    "total",
    "positive_total",
    "negative_total",
    "accounts_for_80pct",
    "share_of_accounts_for_80pct",
    "negative_accounts",
    "concentration",
    "missing_rates",
    "accounts",
}
ACCOUNT_KEYS = {"external_id", "name", "value", "share", "cumulative_share", "rank", "class"}


def sale(account, month, revenue, cost=0, currency="PLN"):
    return MonthlyRollup.objects.create(
        account=account, month=month, revenue=D(revenue), cost=D(cost), currency=currency, lines=1
    )


class PortfolioClient(ApiClient):
    def put(self, path: str, body=None):
        return self.client.put(
            API + path,
            json.dumps(body or {}),
            content_type="application/json",
            headers=self.headers,
        )


@pytest.fixture
def api(world):
    """api("owner") → a client with a personal token of that fixture user."""

    def make(name: str) -> PortfolioClient:
        return PortfolioClient(token_for(world.users()[name]))

    return make


@pytest.fixture
def sales(world):
    """2024: Polmet (the owner's) 1000 revenue / 400 gross profit; the other account
    500 / -100 (a loss); a third account 300 / 100. Nothing in 2023."""
    third = AccountFactory(name="Third Customer SA", account_class="prospect")
    sale(world.account, date(2024, 3, 1), 600, 360)
    sale(world.account, date(2024, 9, 1), 400, 240)
    sale(world.other_account, date(2024, 5, 1), 500, 600, currency="PLN")
    sale(third, date(2024, 12, 1), 300, 200)
    return third


def manual(key: str = "partnership") -> Criterion:
    return Criterion.objects.get(key=key)


# --- Pareto ----------------------------------------------------------------------------------


def test_pareto_is_the_documented_document(world, api, sales):
    response = api("director").get("/portfolio/pareto", {"metric": "gp"})

    assert response.status_code == 200, response.content
    body = response.json()
    assert set(body) == PARETO_KEYS
    assert body["period"] == {"from": "2024-01-01", "to": "2024-12-31"}
    assert body["metric"] == "gp" and body["level"] == "account" and body["currency"] == "PLN"
    assert (body["total"], body["positive_total"], body["negative_total"]) == (
        "400.00",
        "500.00",
        "-100.00",
    )
    assert body["negative_accounts"] == 1
    assert set(body["concentration"]) == {"top1", "top5", "top10", "gini"}
    accounts = body["accounts"]
    assert all(set(a) == ACCOUNT_KEYS for a in accounts)
    assert [a["name"] for a in accounts] == [
        "Polmet Sp. z o.o.",
        "Third Customer SA",
        "Other Customer GmbH",
    ]
    assert [a["rank"] for a in accounts] == [1, 2, None]
    assert accounts[0] == {
        "external_id": world.account.external_id,
        "name": "Polmet Sp. z o.o.",
        "value": "400.00",
        "share": "0.800000",
        "cumulative_share": "0.800000",
        "rank": 1,
        "class": "strategic",
    }
    assert accounts[1]["cumulative_share"] == "1.000000"
    # the loss is listed apart: no share, not on the cumulative curve
    assert accounts[2]["value"] == "-100.00"
    assert accounts[2]["share"] is None and accounts[2]["cumulative_share"] is None


def test_kam_sees_only_own_accounts_in_the_pareto(world, api, sales):
    body = api("owner").get("/portfolio/pareto", {"metric": "revenue"}).json()

    assert [a["name"] for a in body["accounts"]] == ["Polmet Sp. z o.o."]
    assert body["total"] == "1000.00"
    assert body["accounts"][0]["cumulative_share"] == "1.000000"
    outsider = api("outsider").get("/portfolio/pareto").json()
    assert [a["name"] for a in outsider["accounts"]] == ["Other Customer GmbH"]


def test_pareto_period_and_filters(world, api, sales):
    client = api("director")

    march = client.get("/portfolio/pareto", {"from": "2024-03", "to": "2024-03"}).json()
    assert march["period"] == {"from": "2024-03-01", "to": "2024-03-31"}
    assert [(a["name"], a["value"]) for a in march["accounts"]] == [("Polmet Sp. z o.o.", "600.00")]
    whole = client.get("/portfolio/pareto", {"all": "true"}).json()
    assert whole["period"] == {"from": "2024-03-01", "to": "2024-12-31"}
    german = client.get("/portfolio/pareto", {"country": "de"}).json()
    assert [a["name"] for a in german["accounts"]] == ["Other Customer GmbH"]
    owned = client.get("/portfolio/pareto", {"owner": "owner"}).json()
    assert [a["name"] for a in owned["accounts"]] == ["Polmet Sp. z o.o."]


def test_pareto_without_sales_is_an_empty_analysis(world, api):
    body = api("director").get("/portfolio/pareto").json()

    assert body["accounts"] == [] and body["negative_accounts"] == 0
    assert body["positive_total"] == "0.00"
    # the period: the twelve months up to the current one
    this_month = date.today().replace(day=1).isoformat()
    assert body["period"]["to"][:8] == this_month[:8]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"metric": "profit"}, "metric"),
        ({"from": "2024-13", "to": "2024-12"}, "from"),
        ({"from": "March", "to": "2024-12"}, "from"),
        ({"from": "2024-01"}, "to"),
        ({"to": "2024-01"}, "from"),
        ({"from": "2024-06", "to": "2024-01"}, "from"),
        ({"all": "true", "from": "2024-01", "to": "2024-02"}, "all"),
        ({"level": "planet"}, "level"),
        ({"owner": "nobody"}, "owner"),
        ({"business_unit": "nope"}, "business_unit"),
        ({"industry": "spaceflight"}, "industry"),
        ({"country": "P1"}, "country"),
    ],
)
def test_pareto_bad_parameters_are_422_naming_the_parameter(world, api, params, field):
    assert_error(api("director").get("/portfolio/pareto", params), 422, field)


def test_pareto_business_unit_by_code_or_id(world, api):
    unit = BusinessUnitFactory(code="steel")
    client = api("director")

    assert client.get("/portfolio/pareto", {"business_unit": "steel"}).status_code == 200
    assert client.get("/portfolio/pareto", {"business_unit": str(unit.pk)}).status_code == 200


# --- classification and snapshots ------------------------------------------------------------


def test_classification_preview_counts_and_changes(world, api, sales):
    response = api("director").get("/portfolio/classification", {"page_size": 1})

    assert response.status_code == 200, response.content
    body = response.json()
    assert set(body) == {
        "period",
        "metric",
        "currency",
        "parameters",
        "counts_before",
        "counts_after",
        "missing_rates",
        "changes",
    }
    assert body["counts_before"] == {"strategic": 1, "regular": 1, "prospect": 1, "suspect": 0}
    assert sum(body["counts_after"].values()) == 3
    changes = body["changes"]
    assert set(changes) == {"items", "count", "page", "page_size", "pages"}
    assert changes["count"] >= 1 and len(changes["items"]) == 1
    assert changes["pages"] == changes["count"]
    item = changes["items"][0]
    assert item["current"] != item["proposed"]
    assert set(item) >= {"account_id", "external_id", "name", "current", "proposed", "rank"}
    # nothing was written
    assert Account.objects.get(pk=sales.pk).account_class == "prospect"


def test_classification_preview_lists_only_visible_changes(world, api, sales):
    body = api("owner").get("/portfolio/classification").json()

    visible = {world.account.pk}
    assert {item["account_id"] for item in body["changes"]["items"]} <= visible


def test_apply_classification_saves_a_snapshot(world, api, sales):
    response = api("director").post("/portfolio/classification/apply", {"note": "Q4 review"})

    assert response.status_code == 201, response.content
    body = response.json()
    snapshot = Snapshot.objects.get()
    assert body["id"] == snapshot.pk and body["note"] == "Q4 review"
    assert body["created_by"]["username"] == "director"
    assert body["changed"] == snapshot.changed
    assert Account.objects.get(pk=sales.pk).account_class == "regular"  # it bought

    listed = api("viewer").get("/portfolio/snapshots").json()
    assert [s["id"] for s in listed["items"]] == [snapshot.pk]
    detail = api("owner").get(f"/portfolio/snapshots/{snapshot.pk}").json()
    assert [row["account_id"] for row in detail["rows"]["items"]] == [world.account.pk]
    everything = api("director").get(f"/portfolio/snapshots/{snapshot.pk}").json()
    assert everything["rows"]["count"] == 3
    changed = api("director").get(f"/portfolio/snapshots/{snapshot.pk}", {"changed": "true"})
    assert all(r["class_before"] != r["class_after"] for r in changed.json()["rows"]["items"])


@pytest.mark.parametrize("name", ["owner", "member", "viewer"])
def test_non_managers_cannot_apply_the_classification(world, api, sales, name):
    assert_error(api(name).post("/portfolio/classification/apply", {}), 403)

    assert not Snapshot.objects.exists()
    assert Account.objects.get(pk=sales.pk).account_class == "prospect"


def test_apply_refuses_a_long_note(world, api):
    assert_error(
        api("director").post("/portfolio/classification/apply", {"note": "x" * 300}), 422, "note"
    )


@pytest.mark.parametrize("snapshot_id", [999999, 2**63, 2**70])
def test_unknown_snapshot_is_404(world, api, snapshot_id):
    assert_error(api("director").get(f"/portfolio/snapshots/{snapshot_id}"), 404)


# --- criteria --------------------------------------------------------------------------------


def test_criteria_list_with_normalised_weights(world, api):
    body = api("viewer").get("/portfolio/criteria").json()

    assert len(body) == 10
    assert body[0]["key"] == "partnership" and body[0]["label"]
    enabled = [c for c in body if c["enabled"]]
    assert sum(D(c["normalised_weight"]) for c in enabled) == 1
    assert all(c["normalised_weight"] is None for c in body if not c["enabled"])


def test_director_changes_a_criterion(world, api):
    criterion = manual()
    response = api("director").patch(
        f"/portfolio/criteria/{criterion.pk}",
        {"weight": "4", "updated_at": criterion.updated_at.isoformat()},
    )

    assert response.status_code == 200, response.content
    assert response.json()["weight"] == "4.00"
    criterion.refresh_from_db()
    assert criterion.weight == 4


def test_criterion_patch_conflict_is_409(world, api):
    criterion = manual()
    seen = criterion.updated_at.isoformat()
    criterion.weight = 3
    criterion.save()

    response = api("director").patch(
        f"/portfolio/criteria/{criterion.pk}", {"weight": "9", "updated_at": seen}
    )

    assert_error(response, 409, "updated_at")
    criterion.refresh_from_db()
    assert criterion.weight == 3


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"weight": "-1"}, "weight"),
        ({"weight": None}, "weight"),
        ({"method": "magic"}, "method"),
        ({"metric": "tenure_years", "method": "linear", "low": "5", "high": "5"}, "high"),
    ],
)
def test_criterion_patch_validation(world, api, body, field):
    criterion = manual()

    assert_error(api("director").patch(f"/portfolio/criteria/{criterion.pk}", body), 422, field)


def test_at_least_one_criterion_in_use_keeps_a_weight(world, api):
    client = api("director")
    in_use = list(Criterion.objects.filter(enabled=True))
    for criterion in in_use[:-1]:
        response = client.patch(f"/portfolio/criteria/{criterion.pk}", {"enabled": False})
        assert response.status_code == 200, response.content

    last = in_use[-1]
    assert_error(client.patch(f"/portfolio/criteria/{last.pk}", {"weight": "0"}), 422, "weight")
    assert_error(client.patch(f"/portfolio/criteria/{last.pk}", {"enabled": False}), 422, "weight")
    assert Criterion.objects.get(pk=last.pk).enabled


def test_kam_cannot_change_criteria(world, api):
    criterion = manual()
    assert_error(api("owner").patch(f"/portfolio/criteria/{criterion.pk}", {"weight": "5"}), 403)
    assert_error(api("director").patch("/portfolio/criteria/999999", {"weight": "5"}), 404)


# --- scores ----------------------------------------------------------------------------------


def test_owner_scores_own_account(world, api):
    criterion = manual()
    response = api("owner").put(
        f"/accounts/{world.account.pk}/scores/{criterion.pk}",
        {"score": 8, "rationale": "Ten years together"},
    )

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["score"] == 8 and body["criterion"] == "partnership"
    assert body["from_data"] is False
    assert body["scored_by"]["username"] == "owner"
    score = AccountScore.objects.get(account=world.account, criterion=criterion)
    assert score.rationale == "Ten years together"

    # the score shows in the sheet, with the weighted total
    sheet = api("owner").get("/portfolio/scores").json()
    assert [row["account_id"] for row in sheet["items"]] == [world.account.pk]
    row = sheet["items"][0]
    assert row["scores"]["partnership"]["score"] == 8
    assert row["total"] == "8.00" or D(row["total"]) == 8


def test_score_sheet_shape_and_scope(world, api):
    body = api("director").get("/portfolio/scores", {"sort": "name"}).json()

    assert set(body) == {
        "criteria",
        "weights_error",
        "currency",
        "candidate_score",
        "period",
        "candidates",
        "items",
        "count",
        "page",
        "page_size",
        "pages",
    }
    assert {c["key"] for c in body["criteria"]} == set(
        Criterion.objects.filter(enabled=True).values_list("key", flat=True)
    )
    assert [row["name"] for row in body["items"]] == ["Other Customer GmbH", "Polmet Sp. z o.o."]
    assert body["page_size"] == 50
    assert_error(api("director").get("/portfolio/scores", {"sort": "bogus"}), 422, "sort")


def test_score_conflict_is_409(world, api):
    criterion = manual()
    client = api("owner")
    first = client.put(f"/accounts/{world.account.pk}/scores/{criterion.pk}", {"score": 5}).json()
    client.put(f"/accounts/{world.account.pk}/scores/{criterion.pk}", {"score": 6})

    stale = client.put(
        f"/accounts/{world.account.pk}/scores/{criterion.pk}",
        {"score": 9, "updated_at": first["updated_at"]},
    )

    assert_error(stale, 409, "updated_at")
    assert AccountScore.objects.get(account=world.account, criterion=criterion).score == 6


def test_score_conflict_when_the_score_is_gone(world, api):
    criterion = manual()
    response = api("owner").put(
        f"/accounts/{world.other_account.pk}/scores/{criterion.pk}", {"score": 5}
    )
    assert response.status_code == 404  # not the owner's account

    gone = api("director").put(
        f"/accounts/{world.account.pk}/scores/{criterion.pk}",
        {"score": 5, "updated_at": "2024-01-01T00:00:00+00:00"},
    )
    assert_error(gone, 409, "updated_at")
    assert not AccountScore.objects.exists()


@pytest.mark.parametrize(("name", "status"), [("viewer", 403), ("outsider", 404), ("portal", 404)])
def test_who_may_not_score(world, api, name, status):
    criterion = manual()
    response = api(name).put(f"/accounts/{world.account.pk}/scores/{criterion.pk}", {"score": 5})

    assert_error(response, status)
    assert not AccountScore.objects.exists()


@pytest.mark.parametrize(
    ("key", "body", "field"),
    [
        ("partnership", {"score": 11}, "score"),
        ("partnership", {"score": 0}, "score"),
        ("partnership", {}, "score"),
        ("tenure", {"score": 5}, "criterion"),  # scored from data
        ("culture_fit", {"score": 5}, "criterion"),  # not in use
    ],
)
def test_score_validation(world, api, key, body, field):
    criterion = manual(key)
    response = api("owner").put(f"/accounts/{world.account.pk}/scores/{criterion.pk}", body)

    assert_error(response, 422, field)
    assert not AccountScore.objects.exists()


def test_unknown_criterion_is_404(world, api):
    assert_error(api("owner").put(f"/accounts/{world.account.pk}/scores/999999", {"score": 5}), 404)


def test_compute_scores_managers_only(world, api, sales):
    assert_error(api("owner").post("/portfolio/scores/compute"), 403)
    assert not AccountScore.objects.exists()

    response = api("director").post("/portfolio/scores/compute")

    assert response.status_code == 200, response.content
    written = response.json()["written"]
    assert written > 0
    assert AccountScore.objects.filter(from_data=True).count() == written


# --- suggestions -----------------------------------------------------------------------------


def _pending(account, **fields) -> Suggestion:
    defaults = {"from_class": "strategic", "to_class": "regular", "reason": "decline"}
    return Suggestion.objects.create(account=account, **(defaults | fields))


def test_suggestions_list_is_scoped_and_pending_by_default(world, api):
    mine = _pending(world.account, evidence={"decline": "30.5"})
    _pending(
        world.other_account, from_class="regular", to_class="prospect", reason="stopped_buying"
    )
    decided = _pending(AccountFactory(), status="rejected", comment="no")

    body = api("owner").get("/portfolio/suggestions").json()
    assert [s["id"] for s in body["items"]] == [mine.pk]
    item = body["items"][0]
    assert item["account"] == {
        "id": world.account.pk,
        "external_id": world.account.external_id,
        "name": world.account.name,
    }
    assert item["reason"] == "decline" and item["reason_text"]
    assert item["evidence"] == {"decline": "30.5"}
    assert item["status"] == "pending" and item["decided_by"] is None

    everything = api("director").get("/portfolio/suggestions", {"status": ""}).json()
    assert everything["count"] == 3
    rejected = api("director").get("/portfolio/suggestions", {"status": "rejected"}).json()
    assert [s["id"] for s in rejected["items"]] == [decided.pk]
    assert_error(api("director").get("/portfolio/suggestions", {"status": "maybe"}), 422, "status")


def test_generate_suggestions_is_idempotent(world, api, sales):
    client = api("director")

    first = client.post("/portfolio/suggestions/generate")
    assert first.status_code == 200, first.content
    assert first.json()["generated"] >= 1  # the prospect bought: first sale
    assert Suggestion.objects.filter(account=sales, reason="first_sale").exists()
    second = client.post("/portfolio/suggestions/generate").json()
    assert second == {"generated": 0, "pending": first.json()["pending"]}
    assert_error(api("owner").post("/portfolio/suggestions/generate"), 403)


def test_decide_a_suggestion(world, api):
    suggestion = _pending(world.account)
    client = api("director")
    url = f"/portfolio/suggestions/{suggestion.pk}/decision"

    assert_error(client.post(url, {"accept": False}), 422, "comment")
    assert_error(client.post(url, {"comment": "x"}), 422, "accept")
    accepted = client.post(url, {"accept": True, "comment": "agreed"})

    assert accepted.status_code == 200, accepted.content
    body = accepted.json()
    assert body["status"] == "accepted" and body["decided_by"]["username"] == "director"
    assert Account.objects.get(pk=world.account.pk).account_class == "regular"
    assert_error(client.post(url, {"accept": False, "comment": "changed my mind"}), 422, "status")


def test_only_managers_decide_and_others_do_not_see_foreign_suggestions(world, api):
    suggestion = _pending(world.account)
    url = f"/portfolio/suggestions/{suggestion.pk}/decision"

    assert_error(api("owner").post(url, {"accept": True}), 403)
    assert_error(api("outsider").post(url, {"accept": True}), 404)
    assert_error(
        api("director").post("/portfolio/suggestions/999999/decision", {"accept": True}), 404
    )
    assert Suggestion.objects.get(pk=suggestion.pk).status == "pending"
    assert Account.objects.get(pk=world.account.pk).account_class == "strategic"


# --- norms -----------------------------------------------------------------------------------


def test_norms_shape(world, api, sales):
    body = api("director").get("/portfolio/norms").json()

    assert set(body) == {
        "period",
        "currency",
        "missing_rates",
        "revenue",
        "gross_profit",
        "accounts",
        "max_per_kam",
        "per_kam",
        "over_max",
        "fitness",
        "fitness_counts",
    }
    assert body["period"] == {"from": "2024-01-01", "to": "2024-12-31"}
    assert body["accounts"]["total"] == 3 and body["accounts"]["strategic"] == 1
    assert D(body["revenue"]["strategic"]) == 1000
    assert [row["account_id"] for row in body["fitness"]] == [world.account.pk]
    assert body["fitness"][0]["verdict"] == "missing"
    outsider = api("outsider").get("/portfolio/norms").json()
    assert outsider["accounts"]["total"] == 1 and outsider["fitness"] == []


# --- share of wallet and SAM fitness ---------------------------------------------------------


def test_wallet_get_and_put(world, api, sales):
    client = api("owner")
    url = f"/accounts/{world.account.pk}/wallet"

    empty = client.get(url).json()
    assert empty["category_spend"] is None and empty["share_of_wallet"] is None

    response = client.put(url, {"category_spend": "4000", "currency": "pln", "source": "CFO"})

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["category_spend"] == "4000.00" and body["currency"] == "PLN"
    assert body["updated_by"]["username"] == "owner"
    assert D(body["share_of_wallet"]) == 25  # 1000 of 4000
    assert D(body["headroom"]) == 3000
    assert WalletEstimate.objects.get(account=world.account).source == "CFO"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"category_spend": "-1", "currency": "PLN"}, "category_spend"),
        ({"category_spend": "10", "currency": "PL"}, "currency"),
        ({"currency": "PLN"}, "category_spend"),
    ],
)
def test_wallet_validation(world, api, body, field):
    assert_error(api("owner").put(f"/accounts/{world.account.pk}/wallet", body), 422, field)
    assert not WalletEstimate.objects.exists()


def test_wallet_access(world, api):
    body = {"category_spend": "10", "currency": "PLN"}
    assert_error(api("viewer").put(f"/accounts/{world.account.pk}/wallet", body), 403)
    assert_error(api("outsider").get(f"/accounts/{world.account.pk}/wallet"), 404)
    assert_error(api("outsider").put(f"/accounts/{world.account.pk}/wallet", body), 404)
    assert not WalletEstimate.objects.exists()


def test_sam_fitness_get_and_partial_put(world, api):
    client = api("member")
    url = f"/accounts/{world.account.pk}/sam-fitness"

    initial = client.get(url).json()
    assert initial["verdict"] == "unknown" and initial["updated_at"] is None

    for name in SamFitness.CONDITIONS[:3]:
        assert client.put(url, {name: "yes"}).status_code == 200
    body = client.put(url, {"trust_possible": "yes", "note": "all good"}).json()

    assert body["verdict"] == "yes" and body["note"] == "all good"
    assert body["sells_directly"] == "yes"  # kept from the earlier call
    assert_error(client.put(url, {"trust_possible": "perhaps"}), 422, "trust_possible")
    assert_error(api("viewer").put(url, {"trust_possible": "no"}), 403)


def test_sam_fitness_conflict(world, api):
    client = api("owner")
    url = f"/accounts/{world.account.pk}/sam-fitness"
    seen = client.put(url, {"sells_directly": "yes"}).json()["updated_at"]
    client.put(url, {"sells_directly": "no"})

    assert_error(client.put(url, {"sells_directly": "unknown", "updated_at": seen}), 409)
    assert SamFitness.objects.get(account=world.account).sells_directly == "no"


# --- exchange rates --------------------------------------------------------------------------


def test_exchange_rates_upsert_and_list(world, api):
    client = api("director")

    created = client.put("/portfolio/exchange-rates", {"currency": "eur", "rate": "4.31"})
    assert created.status_code == 200, created.content
    assert created.json()["currency"] == "EUR"
    client.put("/portfolio/exchange-rates", {"currency": "EUR", "rate": "4.25"})

    body = api("viewer").get("/portfolio/exchange-rates").json()
    assert body["base_currency"] == "PLN"
    assert [(r["currency"], D(r["rate"])) for r in body["items"]] == [("EUR", D("4.25"))]
    assert ExchangeRate.objects.get(currency="EUR").history.count() == 2


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"currency": "PLN", "rate": "2"}, "currency"),  # the base currency
        ({"currency": "EURO", "rate": "2"}, "currency"),
        ({"currency": "EUR", "rate": "0"}, "rate"),
        ({"currency": "EUR"}, "rate"),
    ],
)
def test_exchange_rate_validation(world, api, body, field):
    assert_error(api("director").put("/portfolio/exchange-rates", body), 422, field)
    assert not ExchangeRate.objects.exists()


def test_exchange_rates_are_for_managers(world, api):
    body = {"currency": "EUR", "rate": "4"}
    assert_error(api("owner").put("/portfolio/exchange-rates", body), 403)
    assert_error(api("portal").get("/portfolio/exchange-rates"), 404)
    assert not ExchangeRate.objects.exists()


# --- the schema ------------------------------------------------------------------------------


def test_openapi_lists_the_portfolio_endpoints(client_for):
    paths = client_for("owner").get("/api/v1/openapi.json").json()["paths"]

    expected = {
        "/api/v1/portfolio/pareto": {"get"},
        "/api/v1/portfolio/classification": {"get"},
        "/api/v1/portfolio/classification/apply": {"post"},
        "/api/v1/portfolio/snapshots": {"get"},
        "/api/v1/portfolio/snapshots/{snapshot_id}": {"get"},
        "/api/v1/portfolio/criteria": {"get"},
        "/api/v1/portfolio/criteria/{criterion_id}": {"patch"},
        "/api/v1/portfolio/scores": {"get"},
        "/api/v1/accounts/{account_id}/scores/{criterion_id}": {"put"},
        "/api/v1/portfolio/scores/compute": {"post"},
        "/api/v1/portfolio/suggestions": {"get"},
        "/api/v1/portfolio/suggestions/generate": {"post"},
        "/api/v1/portfolio/suggestions/{suggestion_id}/decision": {"post"},
        "/api/v1/portfolio/norms": {"get"},
        "/api/v1/accounts/{account_id}/wallet": {"get", "put"},
        "/api/v1/accounts/{account_id}/sam-fitness": {"get", "put"},
        "/api/v1/portfolio/exchange-rates": {"get", "put"},
    }
    for path, methods in expected.items():
        assert methods <= set(paths[path]), path
    pareto = paths["/api/v1/portfolio/pareto"]["get"]
    assert {p["name"] for p in pareto["parameters"]} >= {"metric", "from", "to", "all", "level"}
    assert "zero or negative" in pareto["description"]
