"""The Pareto page, its exports and the drill-down to an account's months."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from keyplan.sales.models import ExchangeRate, MonthlyRollup
from tests.factories import AccountFactory, BusinessUnitFactory

MARCH = date(2024, 3, 1)


def sale(account, month=MARCH, revenue="0", cost="0", currency="PLN", unit=0):
    return MonthlyRollup.objects.create(
        account=account,
        month=month,
        currency=currency,
        revenue=Decimal(revenue),
        cost=Decimal(cost),
        business_unit_key=unit,
    )


def errors(response) -> list[str]:
    return re.findall(r'<li class="error">(.*?)</li>', response.content.decode())


def csv_rows(response) -> list[list[str]]:
    text = response.content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


@pytest.fixture
def sales(world):
    """Polmet (the owner's) 1000/700, Other (the outsider's) 3000/1000, a loss maker
    (director's view only) 100/-200, all in March 2024."""
    sale(world.account, revenue="1000", cost="300")
    sale(world.other_account, revenue="3000", cost="2000")
    loss = AccountFactory(name="Loss Maker SA", owner=world.outsider)
    sale(loss, revenue="100", cost="300")
    return loss


# --- the page -----------------------------------------------------------------------------


def test_pareto_without_sales_shows_the_empty_state(client_for):
    response = client_for("director").get("/portfolio/pareto/")

    assert response.status_code == 200
    assert "There are no sales yet" in response.content.decode()
    assert "pareto-chart-data" not in response.content.decode()


def test_pareto_ranks_accounts_with_figures_chart_and_convention(world, client_for, sales):
    response = client_for("director").get("/portfolio/pareto/")

    assert response.status_code == 200
    page = response.content.decode()
    assert page.index("Other Customer GmbH") < page.index("Polmet Sp. z o.o.")
    assert "How zero and negative values are counted" in page
    assert "Export CSV" in page and "Export XLSX" in page
    # the default period is the 12 months up to the latest sales month
    assert 'value="2023-04"' in page and 'value="2024-03"' in page
    result = response.context["result"]
    assert result.total == Decimal("4100.00")
    assert [row.name for row in result.rows] == [
        "Other Customer GmbH",
        "Polmet Sp. z o.o.",
        "Loss Maker SA",
    ]
    chart = json.loads(
        re.search(
            r'<script id="pareto-chart-data" type="application/json">(.*?)</script>', page
        ).group(1)
    )
    assert chart["names"][0] == "Other Customer GmbH"
    assert chart["cumulative"][-1] == 100.0
    assert chart["threshold"] == 80.0
    # each name links to the drill-down with the same period
    assert (
        f"/portfolio/accounts/{world.account.pk}/sales/?date_from=2023-04&amp;date_to=2024-03"
        in page
    )


def test_gross_profit_lists_negative_accounts_apart(world, client_for, sales):
    response = client_for("director").get("/portfolio/pareto/?metric=gp")

    page = response.content.decode()
    result = response.context["result"]
    assert [row.name for row in result.rows] == ["Other Customer GmbH", "Polmet Sp. z o.o."]
    assert [row.name for row in result.non_positive] == ["Loss Maker SA"]
    assert result.negative_total == Decimal("-200.00")
    section = page[page.index('id="pareto-non-positive"') :]
    assert "Loss Maker SA" in section
    assert "1 account, together" in section
    assert "Accounts with zero or negative gross profit" in page


def test_key_account_manager_sees_only_own_accounts(world, client_for, sales):
    response = client_for("owner").get("/portfolio/pareto/")

    result = response.context["result"]
    assert [row.name for row in result.rows] == ["Polmet Sp. z o.o."]
    assert "Other Customer GmbH" not in response.content.decode()


def test_filters_narrow_the_accounts(world, client_for, sales):
    unit = BusinessUnitFactory(code="pumps", name="Pumps")
    sale(world.account, month=date(2024, 2, 1), revenue="500", unit=unit.pk)
    client = client_for("director")

    by_country = client.get("/portfolio/pareto/?country=de").context["result"]
    by_unit = client.get(f"/portfolio/pareto/?business_unit={unit.pk}").context["result"]
    by_owner = client.get(f"/portfolio/pareto/?owner={world.owner.pk}").context["result"]

    assert [row.name for row in by_country.rows] == ["Other Customer GmbH"]
    assert [(row.name, row.revenue) for row in by_unit.rows] == [
        ("Polmet Sp. z o.o.", Decimal("500.00"))
    ]
    assert [row.name for row in by_owner.rows] == ["Polmet Sp. z o.o."]


def test_period_and_whole_history(world, client_for, sales):
    sale(world.account, month=date(2021, 6, 1), revenue="99999")
    client = client_for("director")

    default = client.get("/portfolio/pareto/").context["result"]
    chosen = client.get("/portfolio/pareto/?date_from=2021-01&date_to=2021-12").context["result"]
    whole = client.get("/portfolio/pareto/?all=on").context["result"]

    assert default.total == Decimal("4100.00")
    assert chosen.total == Decimal("99999.00")
    assert whole.period.date_from == date(2021, 6, 1)
    assert whole.total == Decimal("104099.00")


def test_group_level_rolls_subsidiaries_into_the_parent(world, client_for, sales):
    child = AccountFactory(name="Polmet Subsidiary", parent=world.account, owner=world.owner)
    sale(child, revenue="250")

    response = client_for("director").get("/portfolio/pareto/?level=group")

    rows = {row.name: row for row in response.context["result"].rows}
    assert rows["Polmet Sp. z o.o."].members == 2
    assert rows["Polmet Sp. z o.o."].revenue == Decimal("1250.00")
    assert "Polmet Subsidiary" not in rows


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("date_from=2024-06&date_to=2024-01", "To: The month 2024-01 is before the start month"),
        ("metric=profit", "Metric: Unknown value “profit”."),
        ("level=planet", "Level: Unknown value “planet”."),
        ("date_from=2024-13", "From: Enter a month as YYYY-MM"),
        ("date_to=yesterday", "To: Enter a month as YYYY-MM"),
        ("country=ZZ", "Country: Unknown value “ZZ”."),
        ("owner=999999", "Owner: Unknown value “999999”."),
        ("business_unit=abc", "Business unit: Unknown value “abc”."),
        ("industry=space", "Industry: Unknown value “space”."),
    ],
)
def test_invalid_parameters_are_named_never_a_500(client_for, sales, query, message):
    response = client_for("director").get(f"/portfolio/pareto/?{query}")

    assert response.status_code == 200
    assert any(error.startswith(message) for error in errors(response)), errors(response)
    assert response.context["result"] is None


def test_odd_page_numbers_and_values_do_not_break_the_page(client_for, sales):
    client = client_for("director")

    for query in (
        "page=999",
        "page=abc",
        "npage=-1",
        "country=%00",
        "date_from=0000-01",
        "date_to=0001-05",
        "date_from=0001-01&date_to=9999-12",
        "date_from=9999-12",
    ):
        assert client.get(f"/portfolio/pareto/?{query}").status_code == 200


def test_missing_exchange_rate_is_warned_about(world, client_for, sales):
    sale(world.account, revenue="100", currency="EUR")

    response = client_for("director").get("/portfolio/pareto/")

    assert "No exchange rate for EUR" in response.content.decode()
    assert response.context["result"].total == Decimal("4100.00")
    ExchangeRate.objects.create(currency="EUR", rate=Decimal("4"))
    converted = client_for("director").get("/portfolio/pareto/")
    assert "No exchange rate for EUR" not in converted.content.decode()
    assert converted.context["result"].total == Decimal("4500.00")


def test_ranked_table_is_paginated_and_htmx_gets_the_table_only(world, client_for):
    for i in range(55):
        sale(AccountFactory(name=f"Customer {i:02d}"), revenue=str(1000 + i))
    client = client_for("director")

    first = client.get("/portfolio/pareto/")
    second = client.get(
        "/portfolio/pareto/?page=2", HTTP_HX_REQUEST="true", HTTP_HX_TARGET="pareto-ranked"
    )

    assert len(first.context["ranked_rows"]) == 50
    assert (
        first.context["ranked_pager"]["next"].startswith("?page=2")
        or "page=2" in (first.context["ranked_pager"]["next"])
    )
    assert [item["row"].rank for item in second.context["ranked_rows"]] == [51, 52, 53, 54, 55]
    body = second.content.decode()
    assert body.lstrip().startswith('<section class="card" id="pareto-ranked"')
    assert "<html" not in body


def test_portal_user_gets_404(client_for, sales):
    assert client_for("portal").get("/portfolio/pareto/").status_code == 404


# --- exports ------------------------------------------------------------------------------


def test_csv_export_has_every_row_and_is_formula_safe(world, client_for, sales):
    formula = AccountFactory(name="=cmd|calc", external_id="+x")
    sale(formula, revenue="5")

    response = client_for("director").get("/portfolio/pareto/export.csv?metric=gp")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="pareto-gp-account-2023-04-2024-03.csv"' in response["Content-Disposition"]
    rows = csv_rows(response)
    assert rows[0][:3] == ["Rank", "External id", "Name"]
    assert rows[1][0] == "1" and rows[1][2] == "Other Customer GmbH"
    assert rows[1][9] == "1000.00"
    names = [row[2] for row in rows[1:]]
    assert names == ["Other Customer GmbH", "Polmet Sp. z o.o.", "'=cmd|calc", "Loss Maker SA"]
    assert rows[3][1] == "'+x"
    loss = rows[4]
    assert loss[0] == "" and loss[8] == "-200.00" and loss[10] == ""
    assert rows[-2][11] == "1.000000"


def test_csv_export_follows_the_filters_and_the_users_access(world, client_for, sales):
    rows = csv_rows(client_for("owner").get("/portfolio/pareto/export.csv"))

    assert [row[2] for row in rows[1:]] == ["Polmet Sp. z o.o."]


def test_xlsx_export_has_numbers_as_numbers(world, client_for, sales):
    response = client_for("director").get("/portfolio/pareto/export.xlsx?metric=gp")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook.worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][2] == "Name"
    assert rows[1][0] == 1 and rows[1][2] == "Other Customer GmbH"
    assert rows[1][9] == pytest.approx(1000.0)
    assert isinstance(rows[1][10], float)
    assert rows[2][11] == pytest.approx(1.0)
    assert rows[3][2] == "Loss Maker SA" and rows[3][8] == pytest.approx(-200.0)
    assert rows[3][0] is None
    assert sheet.cell(row=2, column=11).number_format == "0.00%"
    summary = {row[0]: row[1] for row in workbook.worksheets[1].iter_rows(values_only=True)}
    assert summary["Negative total"] == pytest.approx(-200.0)


def test_exports_without_sales_have_the_header_only(client_for):
    rows = csv_rows(client_for("director").get("/portfolio/pareto/export.csv"))
    workbook = load_workbook(
        io.BytesIO(client_for("director").get("/portfolio/pareto/export.xlsx").content)
    )

    assert len(rows) == 1
    assert workbook.worksheets[0].max_row == 1


def test_export_with_invalid_parameters_goes_back_to_the_page(client_for, sales):
    response = client_for("director").get("/portfolio/pareto/export.csv?metric=nope")

    assert response.status_code == 302
    assert response["Location"] == "/portfolio/pareto/?metric=nope"


# --- query counts ---------------------------------------------------------------------------


def _accounts_with_sales(world, count: int) -> None:
    for i in range(count):
        account = AccountFactory(owner=world.owner if i % 2 else world.outsider)
        sale(account, revenue=str(100 + i), cost=str(50 + 2 * i))
        sale(account, month=date(2024, 2, 1), revenue="10", currency="EUR")
        if i % 3 == 0:
            AccountFactory(parent=account)


@pytest.mark.parametrize("user", ["director", "owner"])
def test_pareto_queries_do_not_grow_with_accounts(
    world, client_for, django_assert_max_num_queries, user
):
    client = client_for(user)
    client.get("/portfolio/")  # the first request stamps the session
    _accounts_with_sales(world, 5)
    # Cold (new data): 19 at most, the filter bar's data-version check included.
    with django_assert_max_num_queries(19):
        assert client.get("/portfolio/pareto/?level=group&metric=gp").status_code == 200
    _accounts_with_sales(world, 60)
    with django_assert_max_num_queries(19):
        assert client.get("/portfolio/pareto/?level=group&metric=gp").status_code == 200
    with django_assert_max_num_queries(19):
        assert client.get("/portfolio/pareto/export.csv").status_code == 200


# --- drill-down -----------------------------------------------------------------------------


def test_drill_down_shows_months_with_zeros_chart_and_totals(world, client_for, sales):
    sale(world.account, month=date(2024, 1, 1), revenue="200", cost="50")

    response = client_for("owner").get(f"/portfolio/accounts/{world.account.pk}/sales/")

    assert response.status_code == 200
    months = response.context["months"]
    assert [m["month"] for m in months] == [date(2024, 1, 1), date(2024, 2, 1), MARCH]
    assert [m["revenue"] for m in months] == [Decimal("200.00"), 0, Decimal("1000.00")]
    assert response.context["history"]["total_gross_profit"] == Decimal("850.00")
    page = response.content.decode()
    assert 'id="monthly-chart-data"' in page and "js-monthly-chart" in page
    assert "Polmet Sp. z o.o." in page


def test_drill_down_period_and_its_validation(world, client_for, sales):
    client = client_for("owner")
    url = f"/portfolio/accounts/{world.account.pk}/sales/"

    chosen = client.get(url + "?date_from=2024-02&date_to=2024-04")
    backwards = client.get(url + "?date_from=2024-04&date_to=2024-02")
    half = client.get(url + "?date_from=2024-02")
    too_long = client.get(url + "?date_from=1990-01&date_to=2024-01")

    assert [m["month"].month for m in chosen.context["months"]] == [2, 3, 4]
    assert errors(backwards) == ["To: The month 2024-02 is before the start month 2024-04."]
    assert errors(half) == ["To: Give both months, or neither."]
    assert errors(too_long) == ["To: Choose at most 120 months."]
    assert len(too_long.context["months"]) == 1  # fell back to the account's own months


def test_drill_down_without_sales_shows_the_empty_state(world, client_for):
    response = client_for("owner").get(f"/portfolio/accounts/{world.account.pk}/sales/")

    assert response.status_code == 200
    assert "No sales recorded for this account" in response.content.decode()


@pytest.mark.parametrize("user", ["outsider", "portal"])
def test_drill_down_is_404_for_outsiders_and_portal_users(world, client_for, sales, user):
    response = client_for(user).get(f"/portfolio/accounts/{world.account.pk}/sales/")

    assert response.status_code == 404


def test_drill_down_of_a_missing_account_is_404(client_for):
    assert client_for("director").get("/portfolio/accounts/999999/sales/").status_code == 404
