"""The warnings pages: the portfolio list and one account's warnings with its forms."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from keyplan.economics.models import WarningState
from tests.factories import AccountFactory

from .support import DECLINING, declining, person_key

pytestmark = pytest.mark.django_db


def _url(world, name="economics:account-warnings", **kwargs):
    return reverse(name, kwargs={"pk": world.account.pk, **kwargs})


def test_portfolio_list_ranks_counts_and_explains(world, client_for):
    declining(world)

    response = client_for("owner").get(reverse("economics:warnings"))

    body = response.content.decode()
    assert response.status_code == 200
    assert "Orders are declining" in body and "PLN1,200.00" in body
    assert "Declining orders (1)" in body
    assert "How warnings are raised and ranked" in body


def test_portfolio_list_hidden_toggle_and_kind_filter(world, client_for):
    declining(world)
    WarningState.objects.create(
        account=world.account, key=DECLINING, decision="resolved", note="Signed", evidence="x"
    )
    client = client_for("owner")

    default = client.get(reverse("economics:warnings")).content.decode()
    hidden = client.get(reverse("economics:warnings") + "?hidden=1").content.decode()
    people = client.get(reverse("economics:warnings") + "?kind=relationship").content.decode()

    # evidence differs from "x": the resolved warning is back
    assert "Back" in default and "Signed" not in default
    WarningState.objects.filter(key=DECLINING).update(evidence="rev3m 300 vs 600 (-50%)")
    default = client.get(reverse("economics:warnings")).content.decode()
    assert (
        "Orders are declining" not in default and "1 snoozed or resolved warning hidden" in default
    )
    hidden = client.get(reverse("economics:warnings") + "?hidden=1").content.decode()
    assert "Orders are declining" in hidden and "Signed" in hidden
    assert "Orders are declining" not in people


def test_portfolio_list_caps_and_shows_all(world, client_for):
    for index in range(25):
        AccountFactory(name=f"Lonely {index:02}", owner=world.owner)  # no links: a warning each

    client = client_for("owner")
    capped = client.get(reverse("economics:warnings")).content.decode()
    everything = client.get(reverse("economics:warnings") + "?all=1").content.decode()

    assert capped.count("Nobody of ours is linked") == 20 and "Page 1 of 2" in capped
    assert "Show all 26 warnings" in capped
    assert everything.count("Nobody of ours is linked") == 26


def test_portfolio_list_queries_do_not_grow_with_the_data(
    world, client_for, django_assert_max_num_queries
):
    declining(world)
    client = client_for("director")
    client.get(reverse("economics:warnings"))  # warm the session and caches
    with django_assert_max_num_queries(45):
        client.get(reverse("economics:warnings"))
    for index in range(20):
        account = AccountFactory(name=f"More {index}", owner=world.owner)
        declining(type("W", (), {"account": account})())
    with django_assert_max_num_queries(45):
        response = client.get(reverse("economics:warnings"))
    assert response.status_code == 200


def test_portfolio_list_empty_and_filtered_states(world, client_for):
    client = client_for("outsider")
    assert (
        "No warning"
        in client.get(reverse("economics:warnings") + "?kind=stale_plan").content.decode()
    )


def test_account_page_has_forms_for_writers_only(world, client_for):
    boss = declining(world)

    owner = client_for("owner").get(_url(world)).content.decode()
    viewer = client_for("viewer").get(_url(world))

    assert viewer.status_code == 200
    assert "Orders are declining" in owner and "Boss" in owner
    assert _url(world, "economics:warning-snooze", key=DECLINING) in owner
    assert _url(world, "economics:warning-resolve", key=person_key(boss)) in owner
    assert (
        "warning-snooze" not in viewer.content.decode()
        and "/snooze/" not in viewer.content.decode()
    )


def test_account_page_refuses_outsiders(world, client_for):
    assert client_for("outsider").get(_url(world)).status_code == 404
    assert client_for("portal").get(_url(world)).status_code == 404


def test_snooze_and_resolve_without_javascript(world, client_for):
    declining(world)
    client = client_for("member")
    until = (timezone.localdate() + timedelta(days=7)).isoformat()

    snoozed = client.post(_url(world, "economics:warning-snooze", key=DECLINING), {"until": until})
    assert snoozed.status_code == 302 and snoozed.url == _url(world)
    assert WarningState.objects.get(key=DECLINING).decision == "snoozed"

    refused = client.post(_url(world, "economics:warning-resolve", key=DECLINING), {"note": ""})
    assert refused.status_code == 422
    assert "a note is required" in refused.content.decode()

    done = client.post(_url(world, "economics:warning-resolve", key=DECLINING), {"note": "Fixed"})
    assert done.status_code == 302
    assert WarningState.objects.get(key=DECLINING).decision == "resolved"

    reopened = client.post(_url(world, "economics:warning-reopen", key=DECLINING))
    assert reopened.status_code == 302 and not WarningState.objects.exists()


def test_a_bad_day_is_shown_at_its_field(world, client_for):
    declining(world)
    far = (timezone.localdate() + timedelta(days=400)).isoformat()

    response = client_for("owner").post(
        _url(world, "economics:warning-snooze", key=DECLINING), {"until": far}
    )

    assert response.status_code == 422
    assert "Snooze for at most 180 days" in response.content.decode()
    assert not WarningState.objects.exists()


def test_htmx_swaps_the_list(world, client_for):
    declining(world)

    response = client_for("owner").post(
        _url(world, "economics:warning-resolve", key=DECLINING),
        {"note": "Fixed"},
        HTTP_HX_REQUEST="true",
    )

    body = response.content.decode()
    assert response.status_code == 200 and "<html" not in body
    assert "Warning resolved." in body and "Resolved by" in body


@pytest.mark.parametrize("action", ["snooze", "resolve", "reopen"])
def test_read_only_and_outsiders_are_refused_on_post(world, client_for, action):
    declining(world)
    url = _url(world, f"economics:warning-{action}", key=DECLINING)
    data = {"until": (timezone.localdate() + timedelta(days=3)).isoformat(), "note": "x"}

    assert client_for("viewer").post(url, data).status_code == 403
    assert client_for("outsider").post(url, data).status_code == 404
    assert not WarningState.objects.exists()


def test_top_warnings_tag(world, rf):
    from django.template import Context, Template

    declining(world)
    html = Template("{% load economics_warnings %}{% account_top_warnings account %}").render(
        Context({"account": world.account, "request": rf.get("/")})
    )

    assert html.count("<li") == 3 and "Orders are declining" in html
