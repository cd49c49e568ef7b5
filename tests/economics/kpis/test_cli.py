"""`keyplan economics kpis`: the KPIs per year as a table, JSON or CSV."""

from __future__ import annotations

import csv
import io
import json
from unittest import mock

import pytest
from django.core.management import CommandError, call_command

from .support import TODAY, books


@pytest.fixture(autouse=True)
def _today():
    with mock.patch("django.utils.timezone.localdate", return_value=TODAY):
        yield


def _run(*args) -> str:
    out = io.StringIO()
    call_command("economics", "kpis", *args, stdout=out)
    return out.getvalue()


def test_json_csv_and_table(world):
    books(world)
    document = json.loads(_run("--format", "json", "--year", "2026"))
    assert document["years"] == [2023, 2024, 2025, 2026]
    net = next(k for k in document["kpis"] if k["kpi"] == "net_retention" and k["class"] == "")
    assert net["years"][-1]["value"] == "120.00"
    rows = list(
        csv.DictReader(io.StringIO(_run("--format", "csv", "--from", "2025", "--to", "2026")))
    )
    assert {row["year"] for row in rows} == {"2025", "2026"}
    table = _run()
    assert "Net revenue retention" in table and "no data" in table


def test_a_user_sees_only_their_accounts(world):
    books(world)
    document = json.loads(_run("--format", "json", "--user", "owner"))
    growth = next(k for k in document["kpis"] if k["kpi"] == "revenue_growth" and k["class"] == "")
    assert growth["years"][-1]["value"] == "20.00"


@pytest.mark.parametrize(
    "args",
    [("--year", "20x6"), ("--year", "2026", "--from", "2024"), ("--from", "2026", "--to", "2024")],
)
def test_bad_years_are_explained(world, args):
    with pytest.raises(CommandError):
        _run(*args)
