"""The classification preview over REST: the counts are over the rows the user may see,
and the company-wide figures among the parameters are withheld from whoever does not
see every account (issue #19: "Accounts classified 300")."""

from __future__ import annotations

import pytest


def test_a_kam_gets_counts_of_their_accounts_and_no_company_wide_figures(api, portfolio):
    body = api("owner").get("/portfolio/classification").json()

    assert sum(body["counts_after"].values()) == 3
    assert sum(body["counts_before"].values()) == 3
    assert "classified" not in body["parameters"]
    assert "strategic_cap" not in body["parameters"]
    assert body["parameters"]["metric"]  # the settings themselves stay


@pytest.mark.parametrize("name", ["member", "viewer"])
def test_a_team_member_and_a_viewer_get_their_one_account(api, portfolio, name):
    body = api(name).get("/portfolio/classification").json()

    assert sum(body["counts_after"].values()) == 1
    assert "classified" not in body["parameters"]


def test_a_director_gets_the_whole_portfolio(api, portfolio):
    body = api("director").get("/portfolio/classification").json()

    assert body["parameters"]["classified"] == 11
    assert sum(body["counts_after"].values()) == 11
