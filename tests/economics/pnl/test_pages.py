"""The P&L pages, the whale curve, the exports, the API and the command line."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from .support import books

MAY = {"from": "2026-05", "to": "2026-05"}


def test_the_pnl_page_for_a_director_and_a_kam(world, client_for):
    books(world)
    body = client_for("director").get(reverse("economics:pnl"), MAY).content.decode()
    assert "Polmet Sp. z o.o." in body and "Other Customer GmbH" in body
    response = client_for("owner").get(reverse("economics:pnl"), MAY)
    assert "Other Customer GmbH" not in response.content.decode()
    assert response.context["total"].revenue == 1000
    partial = client_for("owner").get(reverse("economics:pnl"), MAY, HTTP_HX_REQUEST="true")
    assert partial.templates[0].name == "economics/_pnl_results.html"
    assert client_for("portal").get(reverse("economics:pnl")).status_code == 404


def test_bad_periods_are_explained_and_the_default_shown(world, client_for):
    books(world)
    response = client_for("director").get(reverse("economics:pnl"), {"from": "2026-13", "to": "x"})
    assert response.status_code == 200
    assert "The default period is shown instead." in response.content.decode()


def test_the_whale_curve_names_the_loss_makers(world, client_for):
    books(world)
    response = client_for("director").get(reverse("economics:whale"), MAY)
    body = response.content.decode()
    assert response.context["curve"].destroyers == 1
    assert [name for name, _p in response.context["after_peak"]] == ["Other Customer GmbH"]
    assert reverse("economics:account-pnl", args=[world.other_account.pk]) in body
    owner = client_for("owner").get(reverse("economics:whale"), MAY)
    assert owner.context["curve"].destroyers == 0  # only what the KAM may see


def test_the_account_pnl_page_and_its_waterfall(world, client_for):
    books(world)
    url = reverse("economics:account-pnl", args=[world.account.pk])
    response = client_for("viewer").get(url, MAY)
    assert response.status_code == 200
    chart = response.context["waterfall_chart"]
    assert chart["amounts"][0] == 1000.0 and chart["subtotals"] == [
        True,
        False,
        True,
        False,
        False,
        False,
        True,
    ]
    assert client_for("outsider").get(url).status_code == 404
    assert client_for("portal").get(url).status_code == 404


def test_exports_are_scoped_and_rounded_where_shown(world, client_for):
    from openpyxl import load_workbook

    books(world)
    response = client_for("owner").get(reverse("economics:pnl-export-csv"), MAY)
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 2 and rows[1][0] == "Polmet Sp. z o.o."
    assert rows[1][11] == "286.90"  # the contribution: 400 - 50 - 60 - 3.1
    book = client_for("owner").get(reverse("economics:pnl-export-xlsx"), MAY)
    sheet = load_workbook(io.BytesIO(book.content)).active
    assert len(list(sheet.iter_rows(values_only=True))) == 2


def test_the_api(world, api):
    books(world)
    body = api("director").get("/economics/pnl", MAY).json()
    assert body["count"] == 2
    assert body["total"]["revenue"] == "1100.00"
    assert body["period"] == {"from": "2026-05-01", "to": "2026-05-31"}
    whale = api("director").get("/economics/whale", MAY).json()
    assert whale["destroyers"] == 1 and whale["points"][-1]["name"] == "Other Customer GmbH"
    mine = api("owner").get(f"/accounts/{world.account.pk}/pnl", MAY).json()
    assert mine["pnl"]["contribution"] == "286.9000"
    assert api("outsider").get(f"/accounts/{world.account.pk}/pnl").status_code == 404
    bad = api("director").get("/economics/pnl", {"from": "2026-13", "to": "2026-05"})
    assert bad.status_code == 422 and "from" in bad.json()["errors"]


def test_the_command_line(world):
    books(world)
    out = io.StringIO()
    call_command(
        "economics", "pnl", "--from", "2026-05", "--to", "2026-05", "--format", "json", stdout=out
    )
    document = json.loads(out.getvalue())
    assert document["total"]["revenue"] == "1100.00"
    out = io.StringIO()
    call_command("economics", "whale", "--from", "2026-05", "--to", "2026-05", stdout=out)
    assert "1 loss-making accounts destroy 190.00" in out.getvalue()
    out = io.StringIO()
    call_command(
        "economics",
        "pnl",
        "--from",
        "2026-05",
        "--to",
        "2026-05",
        "--user",
        "owner",
        "--format",
        "csv",
        stdout=out,
    )
    assert len(out.getvalue().strip().splitlines()) == 2
    with pytest.raises(CommandError, match="--sort"):
        call_command("economics", "pnl", "--sort", "nonsense", stdout=io.StringIO())


def test_the_account_page_opens_with_the_economics_summary(world, client_for):
    from datetime import date

    from keyplan.sales.models import MonthlyRollup

    books(world)
    # The default period is the 12 months up to the latest sale: May 2026 is in it.
    assert MonthlyRollup.objects.filter(month=date(2026, 5, 1)).exists()
    url = reverse("accounts:detail-economics", args=[world.account.pk])
    response = client_for("owner").get(url)
    body = response.content.decode()
    assert reverse("economics:account-pnl", args=[world.account.pk]) in body
    assert response.context["pnl"].contribution == response.context["pnl"].gross_profit - (
        response.context["pnl"].cost_to_serve
    )
    # Over June 2025 - May 2026: 365 open at 2 of the 12 month ends (60.83 on average) x 10%
    # x 365/365 = 6.08 of cost of money; 400 - 50 - 60 - 6.08 = 283.92.
    assert "283.92" in body
