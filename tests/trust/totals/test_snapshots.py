"""A snapshot's totals, class counts and number changed, read by someone who does not see
every account: over the accounts they see, with the company-wide figures withheld
(issue #19). Directors and administrators read the snapshot as it was saved."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from keyplan.portfolio.models import Snapshot, SnapshotRow

# The whole portfolio as saved: 11 accounts classified, 6 changed class.
SAVED_TOTALS = {
    "classified": 11,
    "counts_before": {"strategic": 1, "regular": 9, "prospect": 1, "suspect": 0},
    "counts_after": {"strategic": 2, "regular": 3, "prospect": 1, "suspect": 5},
    "revenue": "8300.00",
    "gross_profit": "4150.00",
    "outdated_suggestions": 4,
}
SAVED_PARAMETERS = {"metric": "gp", "classified": 11, "strategic_cap": 1, "pareto_share": "80"}


@pytest.fixture
def snapshot(world, portfolio) -> Snapshot:
    """world.account strategic (unchanged, 100), "Mine 0" regular -> strategic (200),
    "Mine 1" prospect (no sales); the outsider's eight: five regular -> suspect (1000
    each), three regular (1000 each)."""
    saved = Snapshot.objects.create(
        created_by=world.director,
        metric="gp",
        date_from=date(2024, 1, 1),
        date_to=date(2024, 12, 31),
        currency="PLN",
        parameters=SAVED_PARAMETERS,
        totals=SAVED_TOTALS,
        changed=6,
    )
    classes = [("strategic", "strategic", "100"), ("regular", "strategic", "200")]
    classes += [("prospect", "prospect", "0")]
    classes += [("regular", "suspect", "1000")] * 5 + [("regular", "regular", "1000")] * 3
    for account, (before, after, revenue) in zip(portfolio.every, classes, strict=True):
        SnapshotRow.objects.create(
            snapshot=saved,
            account=account,
            account_name=account.name,
            revenue=Decimal(revenue),
            gross_profit=Decimal(revenue) / 2,
            class_before=before,
            class_after=after,
        )
    return saved


MINE = {
    "classified": 3,
    "counts_before": {"strategic": 1, "regular": 1, "prospect": 1, "suspect": 0},
    "counts_after": {"strategic": 2, "regular": 0, "prospect": 1, "suspect": 0},
    "revenue": "300.00",
    "gross_profit": "150.00",
    "scope": "visible_accounts",
}
ONE = {
    "classified": 1,
    "counts_before": {"strategic": 1, "regular": 0, "prospect": 0, "suspect": 0},
    "counts_after": {"strategic": 1, "regular": 0, "prospect": 0, "suspect": 0},
    "revenue": "100.00",
    "gross_profit": "50.00",
    "scope": "visible_accounts",
}


def test_a_kam_reads_the_snapshot_totals_of_the_three_accounts_they_see(api, snapshot):
    body = api("owner").get(f"/portfolio/snapshots/{snapshot.pk}").json()

    assert body["rows"]["count"] == 3
    assert body["totals"] == MINE
    assert body["changed"] == 1
    assert "classified" not in body["parameters"]
    assert "strategic_cap" not in body["parameters"]
    assert body["parameters"]["pareto_share"] == "80"


@pytest.mark.parametrize("name", ["member", "viewer"])
def test_a_team_member_and_a_viewer_read_the_totals_of_their_one_account(api, snapshot, name):
    body = api(name).get(f"/portfolio/snapshots/{snapshot.pk}").json()

    assert body["rows"]["count"] == 1
    assert body["totals"] == ONE
    assert body["changed"] == 0
    assert "classified" not in body["parameters"]


def test_the_snapshot_list_counts_only_the_visible_accounts(api, snapshot):
    kam = api("owner").get("/portfolio/snapshots").json()["items"]
    viewer = api("viewer").get("/portfolio/snapshots").json()["items"]

    assert [(s["id"], s["changed"], s["totals"]) for s in kam] == [(snapshot.pk, 1, MINE)]
    assert [(s["changed"], s["totals"]["classified"]) for s in viewer] == [(0, 1)]
    assert "strategic_cap" not in kam[0]["parameters"]


@pytest.mark.parametrize("name", ["director", "admin"])
def test_who_sees_every_account_reads_the_snapshot_as_saved(api, snapshot, name):
    detail = api(name).get(f"/portfolio/snapshots/{snapshot.pk}").json()
    listed = api(name).get("/portfolio/snapshots").json()["items"][0]

    for body in (detail, listed):
        assert body["totals"] == SAVED_TOTALS
        assert body["changed"] == 6
        assert body["parameters"] == SAVED_PARAMETERS


def test_the_snapshot_page_shows_a_kam_their_own_figures(client_for, snapshot):
    response = client_for("owner").get(f"/portfolio/snapshots/{snapshot.pk}/")
    page = response.content.decode()

    assert response.context["snapshot"].changed == 1
    assert {c["key"]: c["count"] for c in response.context["counts"]} == MINE["counts_after"]
    labels = [label for label, _value in response.context["parameters"]]
    assert "accounts classified" not in labels
    assert "at most strategic accounts" not in labels
    assert "counts and totals here are over the accounts you can see" in page
    # the saved row is untouched: the figures were recounted, not rewritten
    assert Snapshot.objects.get(pk=snapshot.pk).changed == 6


def test_the_snapshot_list_page_shows_a_viewer_their_own_changes(client_for, snapshot):
    response = client_for("viewer").get("/portfolio/snapshots/")

    [shown] = response.context["page"].object_list
    assert (shown.changed, shown.n_strategic, shown.n_suspect) == (0, 1, 0)


def test_the_snapshot_page_shows_a_director_the_saved_figures(client_for, snapshot):
    response = client_for("director").get(f"/portfolio/snapshots/{snapshot.pk}/")

    assert response.context["snapshot"].changed == 6
    assert ("accounts classified", "11") in response.context["parameters"]
    assert "counts and totals here are over" not in response.content.decode()
