"""The classification preview and apply, the snapshots and their comparison, and the
portfolio settings with the exchange rates."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest

from keyplan.accounts.models import Account
from keyplan.portfolio.models import PortfolioSettings, Snapshot, SnapshotRow
from keyplan.sales.models import ExchangeRate, MonthlyRollup
from tests.factories import AccountFactory

MARCH = date(2024, 3, 1)


def sale(account, revenue="0", cost="0", month=MARCH, currency="PLN"):
    MonthlyRollup.objects.create(
        account=account,
        month=month,
        currency=currency,
        revenue=Decimal(revenue),
        cost=Decimal(cost),
    )


def errors(response) -> list[str]:
    return re.findall(r'<li class="error">(.*?)</li>', response.content.decode())


@pytest.fixture
def portfolio(world):
    """Ten buying accounts (one strategic by the 10% cap) besides the fixture's two: the
    fixture account (strategic now) sells little, so the preview demotes it."""
    world.other_account.account_class = "suspect"
    world.other_account.save()
    sale(world.account, revenue="100", cost="90")
    sale(world.other_account, revenue="100000", cost="10000")
    for i in range(10):
        sale(AccountFactory(name=f"Buyer {i}", account_class="suspect"), revenue="1000", cost="500")
    return world


def _settings_form(**changes) -> dict[str, str]:
    data = {
        "base_currency": "PLN",
        "pareto_share": "80",
        "strategic_metric": "gp",
        "strategic_cumulative_share": "80",
        "strategic_max_share": "10",
        "prospect_interest_days": "365",
        "target_strategic_revenue_share": "25",
        "target_strategic_account_share": "10",
        "max_strategic_per_kam": "5",
        "growth_threshold": "20",
        "decline_threshold": "25",
        "candidate_score": "7",
    }
    return data | changes


# --- classification preview and apply ------------------------------------------------------


def test_preview_shows_counts_changes_and_the_settings_in_force(client_for, portfolio):
    response = client_for("director").get("/portfolio/classes/")

    assert response.status_code == 200
    page = response.content.decode()
    counts = {c["key"]: (c["before"], c["after"]) for c in response.context["counts"]}
    assert counts["strategic"] == (1, 1)
    assert counts["regular"] == (0, 11)
    assert counts["suspect"] == (11, 0)
    changed = {item["row"].name: item for item in response.context["change_rows"]}
    assert changed["Other Customer GmbH"]["proposed"] == "Strategic"
    assert changed["Polmet Sp. z o.o."]["proposed"] == "Regular"
    assert changed["Other Customer GmbH"]["row"].rank == 1
    assert "Settings in force" in page
    assert "at most 10% of the classified accounts" in page
    assert 'hx-indicator="#apply-indicator"' in page
    assert "spinner" in page


def test_preview_without_sales_renders(client_for, world):
    response = client_for("director").get("/portfolio/classes/")

    assert response.status_code == 200
    assert "Classification preview" in response.content.decode()


def test_changes_are_paginated(client_for, world):
    for i in range(60):
        sale(AccountFactory(name=f"Buyer {i:02d}", account_class="suspect"), revenue="10")

    client = client_for("director")
    first = client.get("/portfolio/classes/")
    second = client.get(
        "/portfolio/classes/?page=2", HTTP_HX_REQUEST="true", HTTP_HX_TARGET="class-changes"
    )

    assert len(first.context["change_rows"]) == 50
    assert len(second.context["change_rows"]) == first.context["changes"].paginator.count - 50
    assert second.content.decode().lstrip().startswith('<section class="card" id="class-changes"')


@pytest.mark.parametrize("user", ["owner", "member", "viewer", "outsider"])
def test_non_managers_see_the_preview_without_the_button_and_cannot_apply(
    client_for, portfolio, user
):
    client = client_for(user)

    page = client.get("/portfolio/classes/")
    refused = client.post("/portfolio/classes/", {"note": "mine"})

    assert page.status_code == 200
    assert "Only administrators and sales directors apply" in page.content.decode()
    assert 'hx-post="/portfolio/classes/"' not in page.content.decode()
    assert refused.status_code == 403
    assert not Snapshot.objects.exists()


def test_owner_sees_only_the_changes_of_visible_accounts(client_for, portfolio):
    response = client_for("owner").get("/portfolio/classes/")

    names = [item["row"].name for item in response.context["change_rows"]]
    assert names == ["Polmet Sp. z o.o."]


def test_director_applies_and_lands_on_the_snapshot(world, client_for, portfolio):
    client = client_for("director")

    response = client.post("/portfolio/classes/", {"note": "year-end 2024"})

    snapshot = Snapshot.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/portfolio/snapshots/{snapshot.pk}/"
    assert snapshot.note == "year-end 2024"
    assert Account.objects.get(pk=world.other_account.pk).account_class == "strategic"
    assert Account.objects.get(pk=world.account.pk).account_class == "regular"
    page = client.get(response["Location"])
    assert "Classification applied" in page.content.decode()
    assert "year-end 2024" in page.content.decode()


def test_apply_through_htmx_redirects_the_browser(client_for, portfolio):
    response = client_for("admin").post(
        "/portfolio/classes/", {"note": ""}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="classes-apply"
    )

    snapshot = Snapshot.objects.get()
    assert response.status_code == 200
    assert response["HX-Redirect"] == f"/portfolio/snapshots/{snapshot.pk}/"


def test_apply_note_too_long_is_refused_with_the_field_named(client_for, portfolio):
    response = client_for("director").post("/portfolio/classes/", {"note": "x" * 300})

    assert response.status_code == 200
    assert any(e.startswith("Note: Ensure this value has at most 255") for e in errors(response))
    assert not Snapshot.objects.exists()


def test_portal_user_gets_404_on_classes(client_for, portfolio):
    assert client_for("portal").get("/portfolio/classes/").status_code == 404
    assert client_for("portal").post("/portfolio/classes/").status_code == 404


# --- snapshots ------------------------------------------------------------------------------


def _apply(client, note: str) -> Snapshot:
    client.post("/portfolio/classes/", {"note": note})
    return Snapshot.objects.order_by("-pk").first()


def test_snapshot_list_empty_and_with_snapshots(world, client_for, portfolio):
    client = client_for("director")
    assert "No snapshot yet" in client.get("/portfolio/snapshots/").content.decode()

    first = _apply(client, "first")
    second = _apply(client, "second")
    response = client.get("/portfolio/snapshots/")

    page = response.content.decode()
    assert [s.pk for s in response.context["page"].object_list] == [second.pk, first.pk]
    listed = response.context["page"].object_list[0]
    assert listed.n_strategic == 1 and listed.n_regular == 11
    assert f"/portfolio/snapshots/{first.pk}/" in page
    assert 'action="/portfolio/snapshots/compare/"' in page


def test_snapshot_detail_rows_filters_and_visibility(world, client_for, portfolio):
    snapshot = _apply(client_for("director"), "first")

    everything = client_for("director").get(f"/portfolio/snapshots/{snapshot.pk}/")
    changed = client_for("director").get(f"/portfolio/snapshots/{snapshot.pk}/?changed=1")
    strategic = client_for("director").get(f"/portfolio/snapshots/{snapshot.pk}/?class=strategic")
    owners = client_for("owner").get(f"/portfolio/snapshots/{snapshot.pk}/")

    assert everything.context["page"].paginator.count == 12
    assert changed.context["page"].paginator.count == snapshot.changed
    assert [item["row"].account.name for item in strategic.context["rows"]] == [
        "Other Customer GmbH"
    ]
    assert [item["row"].account.name for item in owners.context["rows"]] == ["Polmet Sp. z o.o."]
    assert {c["key"]: c["count"] for c in owners.context["counts"]}["regular"] == 1
    assert "Other Customer GmbH" not in owners.content.decode()


def test_snapshot_detail_of_a_missing_snapshot_is_404(client_for, world):
    assert client_for("director").get("/portfolio/snapshots/999999/").status_code == 404


def test_compare_shows_who_moved_in_and_out(world, client_for, portfolio):
    client = client_for("director")
    older = _apply(client, "before")
    # Polmet buys a lot now: it becomes the strategic one, the other drops back
    sale(world.account, revenue="500000", cost="100000", month=date(2024, 2, 1))
    newer = _apply(client, "after")

    response = client.get(f"/portfolio/snapshots/compare/?a={older.pk}&b={newer.pk}")

    assert response.status_code == 200
    classes = {c["key"]: c for c in response.context["comparison"]["classes"]}
    assert [r["name"] for r in classes["strategic"]["moved_in"]] == ["Polmet Sp. z o.o."]
    assert [r["name"] for r in classes["strategic"]["moved_out"]] == ["Other Customer GmbH"]
    page = response.content.decode()
    assert "Moved in: 1 account" in page
    # the order of a and b does not matter: the older one is "before"
    swapped = client.get(f"/portfolio/snapshots/compare/?a={newer.pk}&b={older.pk}")
    assert swapped.context["older"] == older
    # the default compares the two latest
    default = client.get("/portfolio/snapshots/compare/")
    assert (default.context["older"], default.context["newer"]) == (older, newer)


def test_compare_limited_to_visible_accounts(world, client_for, portfolio):
    client = client_for("director")
    older = _apply(client, "before")
    sale(world.account, revenue="500000", cost="100000", month=date(2024, 2, 1))
    newer = _apply(client, "after")

    response = client_for("owner").get(f"/portfolio/snapshots/compare/?a={older.pk}&b={newer.pk}")

    classes = {c["key"]: c for c in response.context["comparison"]["classes"]}
    assert [r["name"] for r in classes["strategic"]["moved_in"]] == ["Polmet Sp. z o.o."]
    assert classes["strategic"]["moved_out"] == []
    assert "Other Customer GmbH" not in response.content.decode()


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("a=1", "Newer snapshot: Choose a snapshot."),
        ("a=abc&b=1", "Older snapshot: No snapshot “abc”."),
        ("a=999999&b=1", "Older snapshot: No snapshot “999999”."),
        ("a=SAME&b=SAME", "Newer snapshot: Choose two different snapshots."),
    ],
)
def test_compare_validation(world, client_for, query, message):
    snapshot = Snapshot.objects.create(
        metric="gp", date_from=date(2024, 1, 1), date_to=date(2024, 12, 31), currency="PLN"
    )
    # "b=1" first: a snapshot id such as 133 would otherwise turn "b=133" into "b=13333".
    query = query.replace("b=1", f"b={snapshot.pk}").replace("SAME", str(snapshot.pk))

    response = client_for("director").get(f"/portfolio/snapshots/compare/?{query}")

    assert response.status_code == 200
    assert message in errors(response)
    assert response.context["comparison"] is None


def test_compare_without_snapshots_shows_the_empty_state(client_for, world):
    response = client_for("viewer").get("/portfolio/snapshots/compare/")

    assert response.status_code == 200
    assert "Two snapshots are needed" in response.content.decode()


def test_snapshot_parameters_are_shown_with_labels(world, client_for):
    snapshot = Snapshot.objects.create(
        metric="gp",
        date_from=date(2024, 1, 1),
        date_to=date(2024, 12, 31),
        currency="PLN",
        parameters={"strategic_max_share": "10.00", "rates": {"EUR": "4.3"}, "period_note": "x"},
    )
    SnapshotRow.objects.create(
        snapshot=snapshot, account=world.account, class_before="regular", class_after="regular"
    )

    page = client_for("director").get(f"/portfolio/snapshots/{snapshot.pk}/").content.decode()

    assert "Strategic: max. share of accounts, %" in page
    assert "EUR 4.3" in page


# --- settings and exchange rates ------------------------------------------------------------


def test_settings_page_for_a_manager_has_the_form_and_the_rates(client_for, world):
    ExchangeRate.objects.create(currency="EUR", rate=Decimal("4.30000000"))

    response = client_for("director").get("/portfolio/settings/")

    page = response.content.decode()
    assert response.status_code == 200
    assert 'name="pareto_share"' in page and 'name="candidate_score"' in page
    assert 'value="4.3"' in page
    assert 'action="/portfolio/settings/rates/"' in page


@pytest.mark.parametrize("user", ["owner", "member", "viewer", "outsider"])
def test_settings_are_read_only_for_other_internal_users(client_for, world, user):
    client = client_for(user)
    ExchangeRate.objects.create(currency="EUR", rate=Decimal("4.3"))

    page = client.get("/portfolio/settings/")
    refused = client.post("/portfolio/settings/", _settings_form(pareto_share="50"))

    assert page.status_code == 200
    assert 'name="pareto_share"' not in page.content.decode()
    assert "Only administrators and sales directors change" in page.content.decode()
    assert refused.status_code == 403
    assert PortfolioSettings.load().pareto_share == Decimal("80")
    assert (
        client.post("/portfolio/settings/rates/", {"currency": "USD", "rate": "4"}).status_code
        == 403
    )


def test_saving_the_settings_records_the_change(client_for, world):
    client = client_for("director")
    client.get("/portfolio/settings/")  # the settings row is created with the defaults

    response = client.post(
        "/portfolio/settings/",
        _settings_form(strategic_max_share="12.5", strategic_metric="revenue"),
    )

    assert response.status_code == 302
    assert PortfolioSettings.load().strategic_max_share == Decimal("12.5")
    page = client.get("/portfolio/settings/").content.decode()
    assert "Portfolio settings saved." in page
    assert "Strategic: max. share of accounts, %: <del>10.00</del> → <ins>12.50</ins>" in page
    assert "Classify on: <del>Gross profit</del> → <ins>Revenue</ins>" in page
    entry = page[page.index("Changes to the settings") :]
    assert str(world.director) in entry


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"pareto_share": "0"},
            "Pareto threshold, %: Ensure this value is greater than or equal to 1",
        ),
        ({"base_currency": "zł"}, "Base currency: Enter a three-letter ISO code"),
        ({"strategic_metric": "score"}, "Classify on: Select a valid choice."),
        (
            {"candidate_score": "11"},
            "Candidate score: Ensure this value is less than or equal to 10",
        ),
        (
            {"prospect_interest_days": "-1"},
            "Interest counts for, days: Ensure this value is greater",
        ),
    ],
)
def test_invalid_settings_are_refused_with_the_field_named(client_for, world, changes, message):
    response = client_for("director").post("/portfolio/settings/", _settings_form(**changes))

    assert response.status_code == 200
    assert any(error.startswith(message) for error in errors(response)), errors(response)
    assert PortfolioSettings.load().pareto_share == Decimal("80")


def test_base_currency_is_upper_cased(client_for, world):
    client_for("admin").post("/portfolio/settings/", _settings_form(base_currency="eur"))

    assert PortfolioSettings.load().base_currency == "EUR"


def test_exchange_rates_add_edit_delete(client_for, world):
    client = client_for("director")

    added = client.post("/portfolio/settings/rates/", {"currency": "eur", "rate": "4.25"})
    rate = ExchangeRate.objects.get(currency="EUR")
    edited = client.post(f"/portfolio/settings/rates/{rate.pk}/", {"rate": "4.5"})
    bad = client.post(f"/portfolio/settings/rates/{rate.pk}/", {"rate": "-1"})
    after_bad = client.get("/portfolio/settings/").content.decode()
    deleted = client.post(f"/portfolio/settings/rates/{rate.pk}/delete/")

    assert added.status_code == edited.status_code == bad.status_code == 302
    assert added["Location"] == "/portfolio/settings/#rates"
    assert "EUR — Rate to the base currency: Ensure this value is greater" in after_bad
    assert deleted.status_code == 302
    assert not ExchangeRate.objects.exists()
    history = client.get("/portfolio/settings/").content.decode()
    assert "EUR added at 4.25" in history
    assert "EUR set to 4.5" in history
    assert "EUR deleted" in history


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"currency": "PLN", "rate": "1"}, "Currency: PLN is the base currency"),
        ({"currency": "EURO", "rate": "1"}, "Currency: Ensure this value has at most 3"),
        ({"currency": "E1R", "rate": "1"}, "Currency: Enter a three-letter ISO code"),
        (
            {"currency": "USD", "rate": "0"},
            "Rate to the base currency: Ensure this value is greater",
        ),
        ({"currency": "USD", "rate": "abc"}, "Rate to the base currency: Enter a number."),
        (
            {"currency": "GBP", "rate": "5"},
            "Currency: Exchange rate with this Currency already exists.",
        ),
    ],
)
def test_invalid_rates_are_refused_with_the_field_named(client_for, world, data, message):
    ExchangeRate.objects.create(currency="GBP", rate=Decimal("5"))

    response = client_for("director").post("/portfolio/settings/rates/", data)

    assert response.status_code == 200
    assert any(error.startswith(message) for error in errors(response)), errors(response)
    assert ExchangeRate.objects.count() == 1


def test_rate_urls_of_missing_rates_are_404(client_for, world):
    client = client_for("director")

    assert client.post("/portfolio/settings/rates/999/", {"rate": "1"}).status_code == 404
    assert client.post("/portfolio/settings/rates/999/delete/").status_code == 404
    assert client.get("/portfolio/settings/rates/").status_code == 405
