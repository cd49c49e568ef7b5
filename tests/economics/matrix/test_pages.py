"""The profitability matrix page, its export and the API, under the access rule."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from keyplan.sales.models import ServiceCost
from tests.factories import AccountFactory, BusinessUnitFactory

from ..pnl.support import books, sale

MAY = {"from": "2026-05", "to": "2026-05"}
URL = "/economics/matrix/"


def costs_only(world):
    """An account of the owner's with a service cost and no sale: "no revenue"."""
    idle = AccountFactory(name="Idle Account", owner=world.owner, account_class="prospect")
    ServiceCost.objects.create(
        account=idle, date=date(2026, 5, 3), category="travel", amount=Decimal(30), currency="PLN"
    )
    return idle


def test_the_matrix_places_each_account_for_a_director(world, client_for):
    books(world)
    idle = costs_only(world)
    response = client_for("director").get(reverse("economics:matrix"), MAY)
    assert response.status_code == 200
    matrix = response.context["matrix"]
    places = {row.name: row.quadrant for row in matrix.rows}
    assert places == {
        "Polmet Sp. z o.o.": "grow_and_protect",
        "Other Customer GmbH": "reprice_or_reduce",
        "Idle Account": "no_revenue",
    }
    assert matrix.split.revenue == Decimal(550)  # the median of 1000 and 100
    assert matrix.split.margin == Decimal("0.0881")  # (286.9 - 190) / 1100
    chart = response.context["chart"]
    names = [point[3] for series in chart["series"] for point in series["points"]]
    assert sorted(names) == ["Other Customer GmbH", "Polmet Sp. z o.o."]  # idle not plotted
    first = chart["series"][0]["points"][0]
    assert first[4].startswith(reverse("economics:account-pnl", args=[world.account.pk]))
    body = response.content.decode()
    assert "Grow and protect" in body and "Reprice or reduce service" in body
    assert "no revenue" in body and idle.name in body
    assert 'aria-current="page">Profitability matrix' in body


def test_a_kam_sees_only_their_accounts_and_outsiders_nothing_of_theirs(world, client_for):
    books(world)
    owner = client_for("owner").get(reverse("economics:matrix"), MAY)
    assert [row.name for row in owner.context["matrix"].rows] == ["Polmet Sp. z o.o."]
    assert owner.context["matrix"].split.revenue == Decimal(1000)  # only what they see
    outsider = client_for("outsider").get(reverse("economics:matrix"), MAY)
    assert "Polmet" not in outsider.content.decode()
    assert client_for("portal").get(reverse("economics:matrix")).status_code == 404
    assert client_for("viewer").get(reverse("economics:matrix"), MAY).status_code == 200


def test_filters_by_class_country_business_unit_and_owner(world, client_for):
    books(world)
    director = client_for("director")

    def names(**params):
        response = director.get(reverse("economics:matrix"), {**MAY, **params})
        return sorted(row.name for row in response.context["matrix"].rows)

    assert names(**{"class": "strategic"}) == ["Polmet Sp. z o.o."]
    assert names(country="de") == ["Other Customer GmbH"]
    unit = BusinessUnitFactory(name="Industry")
    world.outsider.business_unit = unit
    world.outsider.save()
    assert names(business_unit=str(unit.pk)) == ["Other Customer GmbH"]
    assert names(owner=str(world.owner.pk)) == ["Polmet Sp. z o.o."]
    assert names(owner="nonsense", country="1!") == ["Other Customer GmbH", "Polmet Sp. z o.o."]
    empty = director.get(reverse("economics:matrix"), {**MAY, "q": "nobody"})
    assert "Clear the filters" in empty.content.decode()


def test_sorting_paging_and_the_htmx_partial(world, client_for, settings):
    books(world)
    costs_only(world)
    settings.KEYPLAN_PAGE_SIZE = 2
    director = client_for("director")
    response = director.get(reverse("economics:matrix"), {**MAY, "sort": "quadrant"})
    assert [row.quadrant for row in response.context["page"].object_list] == [
        "grow_and_protect",
        "reprice_or_reduce",
    ]
    second = director.get(reverse("economics:matrix"), {**MAY, "sort": "quadrant", "page": 2})
    assert [row.name for row in second.context["page"].object_list] == ["Idle Account"]
    by_margin = director.get(reverse("economics:matrix"), {**MAY, "sort": "contribution_margin"})
    assert by_margin.context["matrix"].rows[-1].name == "Idle Account"  # no margin: last
    partial = director.get(reverse("economics:matrix"), MAY, HTTP_HX_REQUEST="true")
    assert partial.templates[0].name == "economics/_matrix_results.html"


def test_empty_states(world, client_for):
    response = client_for("director").get(reverse("economics:matrix"), MAY)
    assert response.context["chart"] is None
    assert "No sales or costs in this period." in response.content.decode()
    costs_only(world)
    only_costs = client_for("director").get(reverse("economics:matrix"), MAY)
    assert "nothing to plot" in only_costs.content.decode()


def test_the_csv_export_is_scoped_and_names_the_quadrants(world, client_for):
    books(world)
    costs_only(world)
    response = client_for("owner").get(reverse("economics:matrix-export-csv"), MAY)
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][-2:] == ["Quadrant", "Currency"]
    by_name = {row[0]: row for row in rows[1:]}
    assert set(by_name) == {"Polmet Sp. z o.o.", "Idle Account"}
    assert by_name["Polmet Sp. z o.o."][3] == "1000.00"
    assert by_name["Polmet Sp. z o.o."][8] == "Grow and protect"
    assert by_name["Idle Account"][7] == "" and by_name["Idle Account"][8] == "No revenue"
    assert client_for("portal").get(reverse("economics:matrix-export-csv")).status_code == 404


def test_the_api(world, api):
    books(world)
    body = api("director").get("/economics/matrix", MAY).json()
    assert body["count"] == 2
    assert body["split"] == {"revenue": "550.0000", "contribution_margin": "0.0881"}
    assert {item["name"]: item["quadrant"] for item in body["items"]} == {
        "Polmet Sp. z o.o.": "grow_and_protect",
        "Other Customer GmbH": "reprice_or_reduce",
    }
    assert [q["accounts"] for q in body["quadrants"]] == [1, 0, 0, 1, 0]
    mine = api("owner").get("/economics/matrix", {**MAY, "account_class": "strategic"}).json()
    assert [item["name"] for item in mine["items"]] == ["Polmet Sp. z o.o."]
    assert api("outsider").get("/economics/matrix", MAY).json()["items"][0]["name"] == (
        "Other Customer GmbH"
    )
    bad = api("director").get("/economics/matrix", {"from": "2026-13"})
    assert bad.status_code == 422
    assert api("director").get("/economics/matrix", {"sort": "nonsense"}).status_code == 422
    assert api("portal").get("/economics/matrix").status_code in (401, 403, 404)
    empty = api("director").get("/economics/matrix", {**MAY, "q": "nobody"}).json()
    assert empty["split"] is None and empty["items"] == []


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("economics:matrix"), MAY).status_code == 200
    return len(queries)


def test_the_page_reads_a_fixed_number_of_queries(world, client_for):
    books(world)
    director = client_for("director")
    _queries(director)  # warm: the session and the settings caches
    few = _queries(director)
    for index in range(15):
        extra = AccountFactory(owner=world.owner, account_class="regular")
        sale(extra, date(2026, 5, 1), str(100 + index), "50")
    assert _queries(director) == few
    assert few <= 20
