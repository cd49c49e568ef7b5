"""The KPI API: the report over the visible accounts, the targets read by every internal
user and written by directors and administrators only."""

from __future__ import annotations

import json
from unittest import mock

import pytest

from keyplan.economics.models import KpiTarget

from .support import TODAY, books

BASE = "/api/v1/economics"


@pytest.fixture(autouse=True)
def _today():
    with mock.patch("django.utils.timezone.localdate", return_value=TODAY):
        yield


def _put(client, body):
    return client.put(BASE + "/kpi-targets", data=json.dumps(body), content_type="application/json")


def test_the_report_per_year_and_class(world, client_for):
    books(world)
    KpiTarget.objects.create(kpi="revenue_growth", account_class="strategic", year=2026, value=25)
    response = client_for("director").get(BASE + "/kpis", {"year": 2026, "class": "strategic"})
    assert response.status_code == 200
    body = response.json()
    assert body["years"] == [2023, 2024, 2025, 2026] and body["to_date"] is True
    kpis = {k["kpi"]: k for k in body["kpis"]}
    assert "cost_per_new_account" not in kpis  # the whole portfolio's only
    last = kpis["revenue_growth"]["years"][-1]
    assert last == {
        "year": 2026,
        "value": "20.00",
        "target": "25.0000",
        "status": "behind",
        "detail": {"current": "1200.00", "previous": "1000.00"},
    }
    assert kpis["satisfaction"]["years"][-1]["value"] is None
    assert [row["name"] for row in body["accounts"]] == ["Polmet Sp. z o.o."]
    whole = client_for("owner").get(BASE + "/kpis").json()
    assert [row["name"] for row in whole["accounts"]] == ["Polmet Sp. z o.o."]
    assert client_for("owner").get(BASE + "/kpis", {"class": "vip"}).status_code == 422


def test_targets_read_by_all_written_by_directors(world, client_for):
    body = {"kpi": "win_rate", "year": 2026, "value": "40", "note": "board"}
    assert _put(client_for("owner"), body).status_code == 403
    assert _put(client_for("viewer"), body).status_code == 403
    saved = _put(client_for("director"), body)
    assert saved.status_code == 200 and saved.json()["value"] == "40.0000"
    bad = _put(client_for("director"), body | {"value": "101"})
    assert bad.status_code == 422
    listed = client_for("viewer").get(BASE + "/kpi-targets", {"year": 2026})
    assert [t["kpi"] for t in listed.json()] == ["win_rate"]
    query = "?kpi=win_rate&year=2026"
    assert client_for("member").delete(BASE + "/kpi-targets" + query).status_code == 403
    assert client_for("admin").delete(BASE + "/kpi-targets" + query).status_code == 204
    assert client_for("admin").delete(BASE + "/kpi-targets" + query).status_code == 404


def test_portal_users_get_404(world, client_for):
    assert client_for("portal").get(BASE + "/kpis").status_code == 404
    assert (
        _put(client_for("portal"), {"kpi": "win_rate", "year": 2026, "value": 1}).status_code == 404
    )
