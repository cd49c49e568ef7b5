"""The group P&L page and API: only the members the user may see, listed and summed; the
link from the account P&L; the per-class totals of the P&L page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from keyplan.accounts.models import Account
from tests.factories import AccountFactory

from ..pnl.support import books, sale

MAY = {"from": "2026-05", "to": "2026-05"}
D = Decimal


@dataclass
class Tree:
    holding: Account  # the top parent, the owner's
    hidden: Account  # under world.account, the outsider's: the owner may not see it
    service: Account  # under `hidden`, the owner's


def tree(world) -> Tree:
    """Holding (owner) > world.account (owner) > Hidden (outsider) > Service (owner)."""
    books(world)  # world.account: revenue 1000 in May 2026
    holding = AccountFactory(name="Polmet Holding", owner=world.owner, account_class="strategic")
    world.account.parent = holding
    world.account.save()
    hidden = AccountFactory(name="Polmet Hidden", owner=world.outsider, parent=world.account)
    service = AccountFactory(name="Polmet Service", owner=world.owner, parent=hidden)
    sale(holding, date(2026, 5, 1), "500", "300")
    sale(hidden, date(2026, 5, 1), "7000", "1000")
    sale(service, date(2026, 5, 1), "20", "10")
    return Tree(holding, hidden, service)


def url(account) -> str:
    return reverse("economics:account-group-pnl", args=[account.pk])


def test_a_director_sees_the_whole_group_from_any_member(world, client_for):
    t = tree(world)
    response = client_for("director").get(url(t.service), MAY)
    assert response.status_code == 200
    group = response.context["group"]
    assert group.top_name == "Polmet Holding"
    assert [(row.name, row.level) for row in group.rows] == [
        ("Polmet Holding", 0),
        ("Polmet Sp. z o.o.", 1),
        ("Polmet Hidden", 2),
        ("Polmet Service", 3),
    ]
    assert group.total.revenue == D(8520)
    assert response.context["waterfall_chart"]["amounts"][0] == 8520.0
    assert "Group P&L: Polmet Holding" in response.content.decode()


def test_a_subsidiary_the_user_may_not_see_is_neither_listed_nor_summed(world, client_for):
    t = tree(world)
    response = client_for("owner").get(url(world.account), MAY)
    group = response.context["group"]
    assert [row.name for row in group.rows] == [
        "Polmet Holding",
        "Polmet Sp. z o.o.",
        "Polmet Service",
    ]
    assert group.total.revenue == D(1520)  # 500 + 1000 + 20: not Hidden's 7000
    assert group.total.gross_profit == D(610)
    assert group.report.values.keys() == {t.holding.pk, world.account.pk, t.service.pk}
    body = response.content.decode()
    assert "Polmet Hidden" not in body and "7,000" not in body
    assert [row.level for row in group.rows] == [0, 1, 2]  # Service under its shown parent


def test_the_top_account_named_is_one_the_user_may_see(world, client_for):
    t = tree(world)
    response = client_for("outsider").get(url(t.hidden), MAY)
    assert response.status_code == 200
    group = response.context["group"]
    assert group.top_name == "Polmet Hidden" and [row.name for row in group.rows] == [
        "Polmet Hidden"
    ]
    body = response.content.decode()
    assert "Polmet Holding" not in body and "Polmet Service" not in body
    assert "the group is the account alone" in body


def test_outsiders_and_portal_users_get_404(world, client_for):
    t = tree(world)
    for name in ("outsider", "portal"):
        assert client_for(name).get(url(world.account)).status_code == 404
        assert client_for(name).get(url(t.holding)).status_code == 404
    assert client_for("viewer").get(url(world.account), MAY).status_code == 200
    assert (
        client_for("owner").get(reverse("economics:account-group-pnl", args=[999999])).status_code
        == 404
    )


def test_the_account_pnl_links_to_the_group_only_within_one(world, client_for):
    tree(world)
    owner = client_for("owner").get(reverse("economics:account-pnl", args=[world.account.pk]), MAY)
    assert url(world.account) in owner.content.decode()
    # The viewer is on world.account's team only: no other member of its group to see.
    viewer = client_for("viewer").get(reverse("economics:account-pnl", args=[world.account.pk]))
    assert url(world.account) not in viewer.content.decode()
    alone = client_for("outsider").get(
        reverse("economics:account-pnl", args=[world.other_account.pk])
    )
    assert url(world.other_account) not in alone.content.decode()


def test_members_sort_and_page(world, client_for, settings):
    tree(world)
    settings.KEYPLAN_PAGE_SIZE = 2
    director = client_for("director")
    response = director.get(url(world.account), {**MAY, "sort": "-revenue"})
    assert [row.name for row in response.context["page"].object_list] == [
        "Polmet Hidden",
        "Polmet Sp. z o.o.",
    ]
    assert response.context["pnl"].revenue == D(8520)  # the total covers every page
    odd = director.get(url(world.account), {**MAY, "sort": "nonsense", "page": "x"})
    assert odd.status_code == 200 and odd.context["group"].rows[0].name == "Polmet Holding"


def test_the_api(world, api):
    t = tree(world)
    body = api("owner").get(f"/accounts/{t.service.pk}/group-pnl", MAY).json()
    assert body["top"] == {"account_id": t.holding.pk, "name": "Polmet Holding"}
    assert [m["name"] for m in body["members"]] == [
        "Polmet Holding",
        "Polmet Sp. z o.o.",
        "Polmet Service",
    ]
    assert body["total"]["revenue"] == "1520.00"
    director = api("director").get(f"/accounts/{world.account.pk}/group-pnl", MAY).json()
    assert director["total"]["revenue"] == "8520.00"
    assert api("outsider").get(f"/accounts/{world.account.pk}/group-pnl").status_code == 404
    bad = api("owner").get(f"/accounts/{world.account.pk}/group-pnl", {"from": "2026-13"})
    assert bad.status_code == 422


def _queries(client, account) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url(account), MAY).status_code == 200
    return len(queries)


def test_the_page_reads_a_fixed_number_of_queries(world, client_for):
    t = tree(world)
    director = client_for("director")
    _queries(director, world.account)  # warm: the session and the settings caches
    few = _queries(director, world.account)
    parent = t.service
    for index in range(12):
        parent = AccountFactory(owner=world.owner, parent=parent if index % 2 else t.holding)
        sale(parent, date(2026, 5, 1), "10", "5")
    assert _queries(director, world.account) == few
    assert few <= 20
    pnl_url = reverse("economics:account-pnl", args=[world.account.pk])
    with CaptureQueriesContext(connection) as before:
        director.get(pnl_url, MAY)
    AccountFactory(owner=world.owner, parent=t.service)
    with CaptureQueriesContext(connection) as after:
        director.get(pnl_url, MAY)
    assert len(after) == len(before)


def test_the_pnl_page_totals_each_class(world, client_for):
    tree(world)
    response = client_for("director").get(reverse("economics:pnl"), MAY)
    totals = {item.account_class: item for item in response.context["class_totals"]}
    assert totals["strategic"].accounts == 2  # Polmet and its holding
    assert totals["strategic"].pnl.revenue == D(1500)
    assert totals["regular"].pnl.revenue == D(7120)  # Hidden, Service, Other Customer
    assert (
        sum((item.pnl.revenue for item in totals.values()), D(0))
        == response.context["total"].revenue
    )
    assert "Totals per class" in response.content.decode()
    mine = client_for("owner").get(reverse("economics:pnl"), MAY)
    assert sum(item.accounts for item in mine.context["class_totals"]) == 3
