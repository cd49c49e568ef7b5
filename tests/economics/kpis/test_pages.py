"""The KPI page: read by internal users over what they may see, targets set by directors
only, "no data" instead of 0, a bounded number of queries."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from unittest import mock

import pytest
from django.urls import reverse

from keyplan.economics.models import KpiTarget

from .support import TODAY, books

URL = "/economics/kpis/"


@pytest.fixture(autouse=True)
def _today():
    with mock.patch("django.utils.timezone.localdate", return_value=TODAY):
        yield


def test_the_page_shows_a_card_per_kpi_with_the_target(world, client_for):
    books(world)
    KpiTarget.objects.create(kpi="net_retention", year=2026, value=Decimal("110"))
    response = client_for("director").get(reverse("economics:kpis"))
    assert response.status_code == 200
    cards = {card["kpi"]: card for card in response.context["cards"]}
    assert cards["net_retention"]["status"] == "on"
    assert cards["net_retention"]["chart"]["targets"][-1] == 110.0
    assert cards["satisfaction"]["value"] == "no data"
    body = response.content.decode()
    assert "js-kpi-chart" in body and "Newbie SA" in body and "no data" in body
    assert 'action="/economics/kpis/targets/"' in body


def test_a_kam_reads_their_accounts_and_cannot_set_targets(world, client_for):
    books(world)
    response = client_for("owner").get(URL, {"class": "strategic", "year": "2026"})
    assert response.status_code == 200
    assert "Other Customer GmbH" not in response.content.decode()
    assert response.context["form"] is None
    post = client_for("viewer").post(
        reverse("economics:kpi-target-set"), {"kpi": "win_rate", "year": 2026, "value": "40"}
    )
    assert post.status_code == 403
    assert not KpiTarget.objects.exists()


def test_portal_and_anonymous_users_do_not_get_the_page(world, client_for, client):
    assert client_for("portal").get(URL).status_code == 404
    assert client_for("portal").post(reverse("economics:kpi-target-set")).status_code == 404
    assert client.get(URL).status_code == 302


def test_a_director_sets_and_clears_a_target_through_the_page(world, client_for):
    director = client_for("director")
    bad = director.post(
        reverse("economics:kpi-target-set"), {"kpi": "satisfaction", "year": 2026, "value": "12"}
    )
    assert bad.status_code == 422
    assert "Enter a target from 0 to 10." in bad.content.decode()
    ok = director.post(
        reverse("economics:kpi-target-set"),
        {"kpi": "satisfaction", "year": 2026, "value": "8.5", "return_year": "2026"},
    )
    assert ok.status_code == 302 and ok["Location"].startswith(URL + "?year=2026")
    page = director.get(URL).content.decode()
    assert "Changes to the targets" in page and "8.50" in page
    clear = director.post(
        reverse("economics:kpi-target-clear"), {"kpi": "satisfaction", "year": 2026}
    )
    assert clear.status_code == 302 and not KpiTarget.objects.exists()
    missing = director.post(
        reverse("economics:kpi-target-clear"), {"kpi": "satisfaction", "year": 2026}
    )
    assert missing.status_code == 404


def test_the_page_without_any_data(world, client_for):
    response = client_for("member").get(URL, {"year": "x", "sort": "nonsense", "page": "99"})
    assert response.status_code == 200
    assert "No sales in this year or the year before." in response.content.decode()


def test_the_page_costs_a_bounded_number_of_queries(
    world, client_for, django_assert_max_num_queries
):
    books(world)
    director = client_for("director")
    director.get(URL)  # warm the session and the settings
    with django_assert_max_num_queries(80):
        director.get(URL)
    for n in range(30):
        KpiTarget.objects.create(kpi="win_rate", year=2000 + n, value=Decimal(n))
    with django_assert_max_num_queries(80):
        director.get(URL)
    assert date(2026, 12, 5) == TODAY
