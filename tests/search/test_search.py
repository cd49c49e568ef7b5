"""Find anything: the search page, its dropdown and the API, under the one access rule;
the recent items; queries bounded whatever the data size."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from keyplan.economics.search.middleware import RECENT_COOKIE
from keyplan.economics.search.selectors import search
from tests.competition.core_support import competitor
from tests.factories import AccountFactory, ContactFactory
from tests.plans.support import add, make_plan
from tests.support import session_cookie, set_session_cookie

PAGE = reverse("search:page")
SUGGEST = reverse("search:suggest")
API = "/api/v1/search"


def _kinds(user, q):
    return {g.kind: [h.title for h in g.hits] for g in search(user=user, query=q).groups}


def test_every_kind_is_found_by_whoever_sees_it(world):
    plan = make_plan(world, period="FY2031")
    add(plan, "action", world.owner, title="Visit the Polmet plant")
    competitor(world, "Polmetix Rival")

    found = _kinds(world.member, "polmet")

    assert found["account"] == ["Polmet Sp. z o.o."]
    assert found["action"] == ["Visit the Polmet plant"]
    assert found["plan"] == ["Polmet Sp. z o.o.: FY2031 v1"]
    assert found["competitor"] == ["Polmetix Rival"]
    assert _kinds(world.member, "kowalski")["contact"] == ["Jan Kowalski"]


def test_an_outsider_finds_nothing_of_an_account_they_may_not_see(world):
    plan = make_plan(world, period="FY2031")
    add(plan, "action", world.owner, title="Visit the Polmet plant")
    competitor(world, "Polmetix Rival")

    found = _kinds(world.outsider, "polmet")

    # competitors are a registry every internal user reads; the rest is the account's
    assert found == {"competitor": ["Polmetix Rival"]}
    assert _kinds(world.outsider, "kowalski") == {}
    assert _kinds(world.outsider, "FY2031") == {}


def test_every_word_must_match(world):
    ContactFactory(account=world.account, first_name="Jan", last_name="Nowak")
    assert _kinds(world.owner, "jan kowalski")["contact"] == ["Jan Kowalski"]


def test_archived_accounts_are_not_found(world):
    from django.utils import timezone

    AccountFactory(name="Polmet Archive", owner=world.owner, archived_at=timezone.now())
    assert _kinds(world.owner, "polmet")["account"] == ["Polmet Sp. z o.o."]


def test_the_page_groups_by_kind_and_escapes_the_query(world, client_for):
    page = client_for("owner").get(PAGE, {"q": "<script>Polmet"}).content.decode()
    assert "<script>Polmet" not in page
    assert "&lt;script&gt;Polmet" in page

    found = client_for("owner").get(PAGE, {"q": "polmet"}).content.decode()
    assert 'id="search-account"' in found and "Polmet Sp. z o.o." in found
    assert reverse("accounts:detail", args=[world.account.pk]) in found


def test_a_short_query_finds_nothing(world, client_for):
    page = client_for("owner").get(PAGE, {"q": "p"}).content.decode()
    assert "Type at least 2 characters." in page
    assert search(user=world.owner, query="p").groups == []


def test_more_links_and_the_paginated_kind_page(world, client_for):
    for n in range(7):
        AccountFactory(name=f"Zeta {n}", owner=world.owner)
    client = client_for("owner")

    page = client.get(PAGE, {"q": "zeta"}).content.decode()
    assert "Zeta 4" in page and "Zeta 5" not in page
    assert "kind=account" in page

    more = client.get(PAGE, {"q": "zeta", "kind": "account"}).content.decode()
    assert all(f"Zeta {n}" in more for n in range(7))
    assert client.get(PAGE, {"q": "zeta", "kind": "nope", "page": "x"}).status_code == 200


def test_the_dropdown_shows_the_top_hits(world, client_for):
    response = client_for("viewer").get(SUGGEST, {"q": "kowal"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Jan Kowalski" in html and "<html" not in html
    assert "Nothing matches" in client_for("outsider").get(SUGGEST, {"q": "kowal"}).content.decode()


def test_portal_users_get_404(world, client_for):
    client = client_for("portal")
    assert client.get(PAGE, {"q": "polmet"}).status_code == 404
    assert client.get(SUGGEST, {"q": "polmet"}).status_code == 404
    assert client.get(API, {"q": "polmet"}).status_code == 404


def test_the_api(world, api):
    found = api("member").get("/search?q=polmet").json()
    assert found["q"] == "polmet" and found["min_length"] == 2
    accounts = next(g for g in found["groups"] if g["kind"] == "account")
    assert accounts["items"][0]["id"] == world.account.pk
    assert accounts["items"][0]["path"] == reverse("accounts:detail", args=[world.account.pk])

    assert api("outsider").get("/search?q=polmet").json()["groups"] == []
    only = api("member").get("/search?q=kowalski&kind=contact").json()
    assert [g["kind"] for g in only["groups"]] == ["contact"]
    assert api("member").get("/search?q=p").json()["groups"] == []
    assert api("member").get("/search?kind=users").status_code == 422


def test_recent_items_remember_opened_accounts_and_plans(world, client_for):
    plan = make_plan(world, period="FY2031")
    client = client_for("owner")

    client.get(reverse("accounts:detail", args=[world.account.pk]))
    client.get(reverse("plans:detail", args=[plan.pk]))
    client.get(reverse("accounts:detail", args=[world.other_account.pk]))  # 404: not kept

    assert session_cookie(client, RECENT_COOKIE) == [
        ["plan", plan.pk],
        ["account", world.account.pk],
    ]
    page = client.get(PAGE).content.decode()
    assert "Recent items" in page
    assert page.index("FY2031 v1") < page.index(f'/accounts/{world.account.pk}/"')
    assert "FY2031" in client.get(SUGGEST).content.decode()


def test_recent_items_are_bounded_and_follow_access(world, client_for):
    client = client_for("owner")
    accounts = [AccountFactory(name=f"Recent {n}", owner=world.owner) for n in range(12)]
    for account in accounts:
        client.get(reverse("accounts:detail", args=[account.pk]))

    assert len(session_cookie(client, RECENT_COOKIE)) == 10
    set_session_cookie(
        client,
        RECENT_COOKIE,
        [["account", world.other_account.pk], ["account", accounts[-1].pk]],
    )
    page = client.get(PAGE).content.decode()
    assert "Other Customer" not in page and "Recent 11" in page


def _queries(client, q):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(PAGE, {"q": q}).status_code == 200
    return len(ctx.captured_queries)


def test_queries_do_not_grow_with_the_data(world, client_for):
    client = client_for("member")
    client.get(PAGE)
    small = _queries(client, "polmet")
    for n in range(6):
        account = AccountFactory(name=f"Polmet {n}", owner=world.owner)
        account.team.create(user=world.member)
        ContactFactory(account=account, last_name=f"Polmet {n}")
        plan = make_plan(world, account=account, period="FY2031")
        add(plan, "action", world.owner, title=f"Polmet call {n}")
        competitor(world, f"Polmet rival {n}")
    large = _queries(client, "polmet")
    assert small == large
    assert large <= 20


def test_the_header_has_the_search_field_for_internal_users(world, client_for):
    page = client_for("viewer").get(reverse("accounts:list")).content.decode()
    assert 'id="header-search-q"' in page and 'aria-keyshortcuts="/"' in page
    assert "keyplan/search.js" in page and SUGGEST in page
    portal = client_for("portal").get(reverse("portal-home")).content.decode()
    assert "header-search-q" not in portal and "search.js" not in portal
