"""The whitespace pages and API: what each role sees and may do, the one-click adds with
and without htmx, the empty states, and the bounded number of queries."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from keyplan.plans.models import Action, Goal
from tests.factories import AccountFactory

from .support import industry, plan, sale


def _page(world):
    return reverse("economics:account-whitespace", args=[world.account.pk])


def _add(world):
    return reverse("economics:account-whitespace-add", args=[world.account.pk])


def test_the_account_page_states_the_rule_and_never_names_a_peer(world, client_for):
    industry(world)
    plan(world)
    response = client_for("owner").get(_page(world))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Number of peers: 7." in body and "same industry, any size and country" in body
    assert "Valves" in body and "57.1%" in body and "4 of 7" in body
    assert "Hidden Peer" not in body and "Other Customer GmbH" not in body
    assert "never by name" in body
    assert "Add as goal" in body and "Add as action" in body
    assert reverse("economics:whitespace") in body  # the sub-navigation


def test_read_only_roles_see_no_buttons_and_are_refused(world, client_for):
    industry(world)
    plan(world)
    body = client_for("viewer").get(_page(world)).content.decode()
    assert "Valves" in body and "Add as goal" not in body
    refused = client_for("viewer").post(_add(world), {"line": "Valves", "kind": "goal"})
    assert refused.status_code == 403
    assert client_for("outsider").get(_page(world)).status_code == 404
    assert (
        client_for("outsider").post(_add(world), {"line": "Valves", "kind": "goal"}).status_code
        == 404
    )
    assert client_for("portal").get(_page(world)).status_code == 404
    assert client_for("viewer").get(_add(world)).status_code == 405
    assert not Goal.objects.exists()


def test_add_without_javascript_goes_back_with_a_message(world, client_for):
    industry(world)
    plan(world)
    client = client_for("member")
    response = client.post(_add(world), {"line": "Valves", "kind": "goal"}, follow=True)
    body = response.content.decode()
    assert response.redirect_chain[-1][0] == _page(world)
    assert "Added to the plan as a goal" in body and "In the plan as a goal" in body
    again = client.post(_add(world), {"line": "Valves", "kind": "goal"}, follow=True)
    assert "already in the plan as a goal" in again.content.decode()
    assert Goal.objects.count() == 1


def test_add_with_htmx_answers_with_the_row(world, client_for):
    industry(world)
    plan(world)
    response = client_for("owner").post(
        _add(world), {"line": "Seals", "kind": "action"}, HTTP_HX_REQUEST="true"
    )
    body = response.content.decode()
    assert response.templates[0].name == "economics/whitespace_row.html"
    assert body.strip().startswith("<tr>") and "In the plan as an action" in body
    assert "Add as goal" in body  # still offered
    assert Action.objects.get().title == "Offer the product line “Seals”"
    wrong = client_for("owner").post(
        _add(world), {"line": "Pumps", "kind": "goal"}, HTTP_HX_REQUEST="true"
    )
    assert "is not whitespace" in wrong.content.decode()


def test_no_plan_or_an_approved_one_is_explained(world, client_for):
    industry(world)
    body = client_for("owner").get(_page(world)).content.decode()
    assert "no plan yet" in body and "Add as goal" not in body
    plan(world, state="approved")
    body = client_for("owner").get(_page(world)).content.decode()
    assert "revise it" in body and "Add as goal" not in body


def test_the_empty_states(world, client_for):
    body = client_for("owner").get(_page(world)).content.decode()
    assert "No sales yet" in body
    sale(world.account, "Pumps", "10")
    body = client_for("owner").get(_page(world)).content.decode()
    assert "there are no peers to compare with" in body
    world.account.industry = ""
    world.account.save()
    body = client_for("owner").get(_page(world)).content.decode()
    assert "has no industry" in body


def _count(client, url) -> int:
    client.get(url)  # warm: sessions, settings rows
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_queries_do_not_grow_with_peers_or_accounts(world, client_for):
    industry(world)
    plan(world)
    client = client_for("director")
    page_before = _count(client, _page(world))
    list_before = _count(client, reverse("economics:whitespace"))
    for n in range(30):
        peer = AccountFactory(country="PL" if n % 2 else "DE")
        sale(peer, "Pumps", "1000")
        sale(peer, f"Line {n % 5}", "250")
    assert _count(client, _page(world)) == page_before
    assert _count(client, reverse("economics:whitespace")) == list_before


def test_the_list_page_is_scoped_sorted_filtered_and_paged(world, client_for, settings):
    industry(world)
    owner = client_for("owner").get(reverse("economics:whitespace"))
    assert [row.account_id for row in owner.context["table"].rows] == [world.account.pk] * 2
    assert "Hidden Peer" not in owner.content.decode()
    director = client_for("director")
    body = director.get(reverse("economics:whitespace")).content.decode()
    assert "Hidden Peer 4" in body  # visible to the director: its own opportunities
    by_line = director.get(reverse("economics:whitespace"), {"sort": "line"})
    lines = [row.line.product_line for row in by_line.context["table"].rows]
    assert lines == sorted(lines, key=str.casefold)
    filtered = director.get(reverse("economics:whitespace"), {"class": "strategic"})
    assert {row.account_id for row in filtered.context["table"].rows} == {world.account.pk}
    mine = director.get(reverse("economics:whitespace"), {"owner": world.owner.pk})
    assert {row.account_id for row in mine.context["table"].rows} == {world.account.pk}
    settings.KEYPLAN_PAGE_SIZE = 2
    paged = director.get(reverse("economics:whitespace"), {"page": 2})
    assert paged.context["page"].number == 2 and len(paged.context["page"].object_list) <= 2
    partial = director.get(reverse("economics:whitespace"), HTTP_HX_REQUEST="true")
    assert partial.templates[0].name == "economics/whitespace_results.html"
    empty = director.get(reverse("economics:whitespace"), {"q": "no such account"})
    assert "No account with whitespace matches these filters." in empty.content.decode()
    assert client_for("portal").get(reverse("economics:whitespace")).status_code == 404


# --- the API --------------------------------------------------------------------------------


def test_the_api(world, api):
    industry(world)
    current = plan(world)
    url = f"/accounts/{world.account.pk}/whitespace"
    body = api("viewer").get(url).json()
    assert body["status"] == "ok" and body["rule"] == "industry" and body["peers"] == 7
    assert body["size_band"] == 0 and body["plan_id"] == current.pk
    assert body["period"] == {"from": "2025-06-01", "to": "2026-05-31"}
    assert body["lines"][0] == {
        "product_line": "Valves",
        "penetration": "0.5714",
        "buyers": 4,
        "spend": "205.1282",
        "opportunity": "117.2161",
        "in_plan_as_goal": False,
        "in_plan_as_action": False,
    }
    assert "Hidden Peer" not in str(body)
    assert api("outsider").get(url).status_code == 404
    assert api("viewer").post(url + "/goal", {"product_line": "Valves"}).status_code == 403
    assert api("outsider").post(url + "/goal", {"product_line": "Valves"}).status_code == 404
    added = api("owner").post(url + "/goal", {"product_line": "Valves"})
    assert added.status_code == 201 and added.json()["plan_id"] == current.pk
    twice = api("owner").post(url + "/goal", {"product_line": "Valves"})
    assert twice.status_code == 422 and "already in the plan" in str(twice.json()["errors"])
    action = api("member").post(url + "/action", {"product_line": "Valves"})
    assert action.status_code == 201 and action.json()["kind"] == "action"
    assert api("owner").get(url).json()["lines"][0]["in_plan_as_action"] is True
    blank = api("owner").post(url + "/action", {"product_line": "  "})
    assert blank.status_code == 422


def test_the_pages_render_in_every_language(world, client_for, settings):
    industry(world)
    plan(world)
    client = client_for("owner")
    for code, _name in settings.LANGUAGES:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = code
        assert client.get(_page(world)).status_code == 200
        assert client.get(reverse("economics:whitespace")).status_code == 200
