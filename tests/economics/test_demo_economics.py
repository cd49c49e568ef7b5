"""The demo's economics: hourly costs, service costs and loss-making strategic accounts, so
that the P&L, the whale curve and the cash pages show real content."""

from __future__ import annotations

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from keyplan.economics.models import HourlyCost
from keyplan.economics.pnl.selectors import PnLFilters, pnl_table
from keyplan.sales.figures.selectors import default_period
from keyplan.sales.models import ServiceCost
from keyplan.users.models import User
from tests.support import run


@pytest.mark.django_db(transaction=False)
def test_the_demo_has_costs_to_serve_and_loss_makers(tmp_path):
    with override_settings(DATA_DIR=tmp_path):
        run("seed_demo", "--accounts", "40", "--seed", "7", "--lines", "20000")
    assert HourlyCost.objects.count() == 4
    assert ServiceCost.objects.filter(category="logistics").exists()
    director = User.objects.get(role="director")
    table = pnl_table(user=director, period=default_period(), filters=PnLFilters())
    assert all(row.pnl.services > 0 for row in table.rows if row.pnl.revenue > 0)
    assert any(row.pnl.time > 0 for row in table.rows)  # the demo's time entries are priced
    losers = [r for r in table.rows if r.account_class == "strategic" and r.pnl.contribution < 0]
    assert 1 <= len(losers) <= 3
    curve = table.whale()
    assert curve.destroyers >= 1 and curve.peak_share is not None and curve.peak_share > 1
    client = Client()
    client.force_login(director)
    for name in ("economics:pnl", "economics:whale", "economics:cash"):
        assert client.get(reverse(name)).status_code == 200
    loser = reverse("economics:account-pnl", args=[losers[0].account_id])
    assert client.get(loser).status_code == 200
