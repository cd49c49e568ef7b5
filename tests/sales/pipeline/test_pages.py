"""The pipeline page and the account page's opportunities card, through the test client."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from html import unescape

import pytest
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from keyplan.sales.pipeline.selectors import CARD_SHOWN
from tests.factories import OpportunityFactory

LIST = reverse("pipeline:list")
HTMX = {"HTTP_HX_REQUEST": "true"}


def names(response) -> list[str]:
    return [o.name for o in response.context["page"].object_list]


def text(response) -> str:
    return unescape(response.content.decode())


# --- the list -------------------------------------------------------------------------------


def test_the_list_shows_the_open_pipeline_of_visible_accounts(world, client_for):
    OpportunityFactory(
        account=world.account,
        name="Press line",
        stage="Negotiation",
        amount=Decimal("1234.56"),
        probability=Decimal("40"),
    )
    OpportunityFactory(account=world.account, name="Old win", status="won")
    OpportunityFactory(account=world.other_account, name="Not yours", currency="EUR")

    response = client_for("member").get(LIST)

    assert response.status_code == 200
    assert names(response) == ["Press line"]
    html = text(response)
    assert "Negotiation" in html
    assert "PLN1,234.56" in html  # amount
    assert "PLN493.82" in html  # weighted: 493.824 shown rounded
    assert "Not yours" not in html and "Old win" not in html
    assert reverse("accounts:detail", args=[world.account.pk]) in html
    assert response.context["filters"].status == "open"
    assert 'id="pipeline-totals"' in html


def test_totals_are_shown_rounded_in_the_users_language(world, client_for):
    for _ in range(3):
        OpportunityFactory(
            account=world.account, amount=Decimal("0.0040"), probability=Decimal("50")
        )
    OpportunityFactory(account=world.account, amount=Decimal("1000000.00"), probability=None)
    client = client_for("owner")
    client.cookies["keyplan_language"] = "pl"

    response = client.get(LIST)

    (total,) = response.context["totals"]
    assert total.amount == Decimal("1000000.0120")  # exact, not rounded in the sums
    assert total.weighted == Decimal("0.006")
    html = text(response)
    assert "1\xa0000\xa0000,01\xa0zł" in html  # rounded half up for display, Polish format
    assert "0,01\xa0zł" in html


def test_filters_and_sort_from_the_query_string(world, client_for):
    OpportunityFactory(account=world.account, name="Big", amount=Decimal("900"))
    OpportunityFactory(account=world.account, name="Small", amount=Decimal("100"))
    OpportunityFactory(account=world.other_account, name="German", owner=world.outsider)
    OpportunityFactory(account=world.account, name="Lost one", status="lost")
    client = client_for("director")

    assert names(client.get(LIST, {"sort": "-amount", "q": "polmet"})) == ["Big", "Small"]
    assert names(client.get(LIST, {"owner": world.outsider.pk})) == ["German"]
    assert names(client.get(LIST, {"status": "lost"})) == ["Lost one"]
    assert names(client.get(LIST, {"account": world.other_account.pk})) == ["German"]
    far = (timezone.localdate() + timedelta(days=400)).isoformat()
    assert names(client.get(LIST, {"close_from": far})) == []


@pytest.mark.parametrize(
    "params",
    [
        {"status": "bogus"},
        {"sort": "nope"},
        {"owner": "abc"},
        {"owner": str(2**70)},
        {"account": "-3"},
        {"close_from": "2025-02-30"},
        {"close_to": "yesterday"},
        {"q": "a\x00b"},
        {"page": "999"},
    ],
)
def test_bad_parameters_never_fail(world, client_for, params):
    OpportunityFactory(account=world.account)

    response = client_for("director").get(LIST, params)

    assert response.status_code == 200


def test_the_account_filter_names_the_account_and_can_be_removed(world, client_for):
    OpportunityFactory(account=world.account, name="Press line")

    html = text(client_for("owner").get(LIST, {"account": world.account.pk, "status": "all"}))

    detail = reverse("accounts:detail", args=[world.account.pk])
    assert f'Account: <a href="{detail}">Polmet Sp. z o.o.</a>' in html
    assert 'href="?status=all">Show every account' in html


def test_an_invisible_account_filter_reveals_nothing(world, client_for):
    OpportunityFactory(account=world.other_account, name="Conveyor")

    response = client_for("owner").get(LIST, {"account": world.other_account.pk})

    assert names(response) == []
    assert "Other Customer GmbH" not in text(response)


def test_htmx_gets_only_the_results(world, client_for):
    OpportunityFactory(account=world.account, name="Press line")

    response = client_for("owner").get(LIST, {"q": "polmet"}, **HTMX)

    html = text(response)
    assert "Press line" in html
    assert "<form" not in html and "<html" not in html
    assert response.templates[0].name == "sales/pipeline/_list_results.html"


def test_pagination(world, client_for, settings):
    settings.KEYPLAN_PAGE_SIZE = 2
    for day in range(5):
        OpportunityFactory(
            account=world.account,
            name=f"Deal {day}",
            close_date=timezone.localdate() + timedelta(days=day),
        )

    first = client_for("owner").get(LIST)
    last = client_for("owner").get(LIST, {"page": 3})

    assert names(first) == ["Deal 0", "Deal 1"]
    assert names(last) == ["Deal 4"]
    assert "Page 1 of 3" in text(first)
    # the totals are of every filtered opportunity, not of the page
    assert first.context["totals"][0].count == 5


def test_overdue_rows_are_marked(world, client_for):
    OpportunityFactory(
        account=world.account, name="Late", close_date=timezone.localdate() - timedelta(days=3)
    )

    html = text(client_for("owner").get(LIST))

    assert 'class="is-overdue"' in html
    assert "Overdue" in html


# --- empty states ---------------------------------------------------------------------------


def test_empty_state_without_any_opportunity_explains_the_import(world, client_for):
    director = text(client_for("director").get(LIST))
    owner = text(client_for("owner").get(LIST))

    assert "No opportunities yet." in director
    assert "import of kind “Opportunities”" in director
    assert reverse("imports:upload") in director  # directors import
    assert "No opportunities yet." in owner
    assert reverse("imports:upload") not in owner  # a KAM cannot
    assert "An administrator or a director imports them." in owner


def test_empty_state_for_filters_that_match_nothing(world, client_for):
    OpportunityFactory(account=world.account)

    html = text(client_for("owner").get(LIST, {"q": "no such customer"}))

    assert "No opportunity matches these filters." in html
    assert f'href="{LIST}">Clear the filters' in html


def test_empty_state_when_nothing_is_open(world, client_for):
    OpportunityFactory(account=world.account, status="won")

    html = text(client_for("owner").get(LIST))

    assert "No open opportunities." in html
    assert 'href="?status=all"' in html


def test_the_outsider_sees_the_empty_state_not_the_accounts_opportunities(world, client_for):
    OpportunityFactory(account=world.account, name="Press line")

    html = text(client_for("outsider").get(LIST))

    assert "Press line" not in html
    assert "No opportunities yet." in html


def test_portal_users_and_anonymous_never_see_the_pipeline(world, client_for):
    from django.test import Client

    assert client_for("portal").get(LIST).status_code == 404
    anonymous = Client().get(LIST)
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith("/login/")


def test_the_navigation_links_the_pipeline_for_internal_users(world, client_for):
    assert f'href="{LIST}"' in text(client_for("viewer").get(reverse("accounts:list")))


# --- the account card -----------------------------------------------------------------------


def test_account_page_shows_the_opportunities_card(world, client_for):
    today = timezone.localdate()
    OpportunityFactory(
        account=world.account,
        name="Press line",
        stage="Negotiation",
        amount=Decimal("2500.00"),
        probability=Decimal("20"),
        close_date=today - timedelta(days=2),
    )
    OpportunityFactory(account=world.account, name="Closed deal", status="won", close_date=today)
    OpportunityFactory(account=world.other_account, name="Not this account")

    response = client_for("viewer").get(
        reverse("accounts:detail-economics", args=[world.account.pk])
    )

    html = text(response)
    card = html[html.index('id="opportunities"') :]
    card = card[: card.index("</section>")]
    assert "Press line" in card and "Negotiation" in card and "20%" in card
    assert "PLN2,500.00" in card
    assert 'class="is-overdue"' in card
    assert "Closed deal" not in card and "Not this account" not in card
    assert "Won 1, lost 0 in the last 12 months" in card
    assert f"{LIST}?account={world.account.pk}&status=all" in card


def test_account_card_without_opportunities(world, client_for):
    html = text(
        client_for("owner").get(reverse("accounts:detail-economics", args=[world.account.pk]))
    )

    assert "No open opportunities at this account." in html


def _card_queries(account) -> int:
    template = Template("{% load pipeline %}{% opportunities_card account %}")
    with CaptureQueriesContext(connection) as ctx:
        html = template.render(Context({"account": account}))
    assert 'id="opportunities"' in html
    return len(ctx.captured_queries)


def test_account_card_makes_a_fixed_number_of_queries(world):
    OpportunityFactory(account=world.account)
    small = _card_queries(world.account)
    for i in range(CARD_SHOWN + 5):
        OpportunityFactory(
            account=world.account,
            owner=world.owner if i % 2 else world.member,
            currency="EUR" if i % 3 else "PLN",
            probability=Decimal(i * 5),
        )
        OpportunityFactory(account=world.account, status="won" if i % 2 else "lost")
    assert _card_queries(world.account) == small
    assert small == 3  # the open ones, their totals, the recent won and lost
