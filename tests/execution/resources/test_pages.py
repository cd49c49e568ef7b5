"""The resource board's pages: the ranked board with the formula and the components,
filters, a fixed number of queries, the request form, the decision form for heads,
conflicts and the capacity page."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from keyplan.execution.models import ExecutionSettings, ResourceRequest
from tests.factories import AccountFactory, TeamMemberFactory

from .support import make_request, unit_with_head

BOARD = "/execution/resources/"


def test_the_board_ranks_by_the_rule_and_shows_the_formula(world, client_for):
    unit = unit_with_head()
    small = AccountFactory(name="Small Prospect", owner=world.owner, account_class="prospect")
    low = make_request(small, unit, title="Prospect trial", expected_gross_profit=Decimal(1000))
    high = make_request(world.account, unit, title="Strategic rollout")
    page = client_for("owner").get(BOARD)
    assert page.status_code == 200
    html = page.content.decode()
    assert "How requests are ranked" in html
    assert "weight 35" in html  # the current weights are shown
    assert html.index("Strategic rollout") < html.index("Prospect trial")
    rows = page.context["page"].object_list
    assert [row.request.pk for row in rows] == [high.pk, low.pk]
    assert [row.rank for row in rows] == [1, 2]
    # The breakdown: the strategic account has class 1 and the better return.
    top = rows[0].priority
    assert top.component("class").value == 1
    assert top.component("return").value == 1
    assert top.component("score").missing
    assert "no data" in html


def test_weights_from_the_settings_change_the_ranking(world, client_for):
    unit = unit_with_head()
    small = AccountFactory(name="Small Prospect", owner=world.owner, account_class="prospect")
    make_request(small, unit, title="Prospect trial", expected_gross_profit=Decimal(900000))
    make_request(world.account, unit, title="Strategic rollout", expected_gross_profit=None)
    settings = ExecutionSettings.load()
    settings.weight_class = Decimal(0)
    settings.save()
    rows = client_for("owner").get(BOARD).context["page"].object_list
    assert rows[0].request.title == "Prospect trial"


def test_filters_and_status(world, client_for):
    unit = unit_with_head()
    other = unit_with_head("finance")
    make_request(world.account, unit, title="Hours from service")
    make_request(world.account, other, title="Budget from finance", resource_type="budget")
    decided = make_request(world.account, unit, title="Old one", status="declined")
    client = client_for("owner")
    html = client.get(BOARD, {"unit": other.pk}).content.decode()
    assert "Budget from finance" in html and "Hours from service" not in html
    html = client.get(BOARD, {"type": "hours"}).content.decode()
    assert "Hours from service" in html and "Budget from finance" not in html
    assert decided.title not in client.get(BOARD).content.decode()
    assert decided.title in client.get(BOARD, {"status": "all"}).content.decode()
    html = client.get(BOARD, {"class": "prospect"}).content.decode()
    assert "No request matches" in html


def test_the_board_shows_only_visible_accounts(world, client_for):
    unit = unit_with_head()
    make_request(world.other_account, unit, title="Their secret")
    make_request(world.account, unit, title="Ours")
    html = client_for("owner").get(BOARD).content.decode()
    assert "Ours" in html and "Their secret" not in html
    # The unit's head sees both: they decide for the unit.
    client = client_for("owner")
    client.force_login(unit.head)
    html = client.get(BOARD).content.decode()
    assert "Ours" in html and "Their secret" in html


def _board_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(BOARD, {"status": "all"}).status_code == 200
    return len(queries)


def test_the_board_makes_a_fixed_number_of_queries(world, client_for):
    unit = unit_with_head()
    make_request(world.account, unit)
    client = client_for("owner")
    _board_queries(client)  # creates the settings rows on first use
    few = _board_queries(client)
    for n in range(12):
        account = AccountFactory(owner=world.owner, account_class="regular")
        TeamMemberFactory(account=account, user=world.member)
        make_request(account, unit_with_head(f"unit{n}"), title=f"Request {n}")
    assert _board_queries(client) == few


def test_the_request_form_files_and_shows_errors(world, client_for):
    unit = unit_with_head()
    client = client_for("member")
    url = reverse("resources:create", args=[world.account.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert b"autofocus" in page.content
    bad = client.post(url, {"business_unit": unit.pk, "resource_type": "hours", "amount": "5"})
    assert bad.status_code == 422
    assert b"This field is required" in bad.content
    good = client.post(
        url,
        {
            "business_unit": unit.pk,
            "resource_type": "hours",
            "amount": "40",
            "period_start": "2030-03-01",
            "period_end": "2030-02-01",
            "title": "Audit",
            "probability": "50",
        },
    )
    assert good.status_code == 422
    assert b"end on or after" in good.content


def test_the_detail_shows_the_decision_form_only_to_those_who_decide(world, client_for):
    unit = unit_with_head()
    found = make_request(world.account, unit)
    url = reverse("resources:detail", args=[found.pk])
    owner_page = client_for("owner").get(url)
    assert owner_page.context["decision_form"] is None
    assert b"Withdraw" in owner_page.content
    client = client_for("owner")
    client.force_login(unit.head)
    head_page = client.get(url)
    assert head_page.context["decision_form"] is not None
    assert "over_capacity" not in head_page.context["decision_form"].fields
    director_page = client_for("director").get(url)
    assert "over_capacity" in director_page.context["decision_form"].fields


def test_deciding_on_the_page(world, client_for):
    unit = unit_with_head(hours="10")
    found = make_request(world.account, unit)
    client = client_for("owner")
    client.force_login(unit.head)
    url = reverse("resources:decide", args=[found.pk])
    over = client.post(url, {"decision": "approved"})
    assert over.status_code == 422
    assert b"exceeds what the unit has left" in over.content
    no_reason = client.post(url, {"decision": "declined"})
    assert no_reason.status_code == 422
    stale = client.post(
        url,
        {"decision": "declined", "reason": "No", "seen_updated_at": "2020-01-01T00:00:00+00:00"},
    )
    assert stale.status_code == 409
    done = client.post(url, {"decision": "declined", "reason": "Other accounts first"})
    assert done.status_code == 302
    found.refresh_from_db()
    assert found.status == "declined"
    page = client.get(reverse("resources:detail", args=[found.pk]))
    assert b"Other accounts first" in page.content
    assert b"decided: declined" in page.content  # the history


def test_a_stale_edit_answers_409_with_the_current_version(world, client_for):
    unit = unit_with_head()
    found = make_request(world.account, unit)
    seen = found.updated_at.isoformat()
    ResourceRequest.objects.get(pk=found.pk).save()  # someone saves meanwhile
    response = client_for("owner").post(
        reverse("resources:edit", args=[found.pk]),
        {
            "business_unit": unit.pk,
            "resource_type": "hours",
            "amount": "10",
            "period_start": "2030-03-01",
            "period_end": "2030-03-31",
            "title": "Mine",
            "probability": "50",
            "seen_updated_at": seen,
        },
    )
    assert response.status_code == 409
    assert b"Someone else changed this request" in response.content
    assert ResourceRequest.objects.get(pk=found.pk).title == "Line audit"


def test_the_capacity_page_shows_granted_and_remaining(world, client_for):
    unit = unit_with_head(hours="100")
    make_request(world.account, unit, status="approved", granted_amount=Decimal("90"))
    page = client_for("viewer").get(
        reverse("resources:capacity"), {"unit": unit.pk, "from": "2030-03"}
    )
    assert page.status_code == 200
    hours = next(row for row in page.context["rows"] if row["kind"] == "hours")
    first = hours["cells"][0]
    assert (first.capacity, first.granted, first.remaining) == (
        Decimal("100"),
        Decimal("30.00"),
        Decimal("70.00"),
    )
    assert page.context["form"] is None  # viewers read only
    assert b"30 of 100 granted" in page.content


@pytest.mark.parametrize("user", ["owner", "member"])
def test_capacity_posts_are_refused_to_non_heads(world, client_for, user):
    unit = unit_with_head()
    response = client_for(user).post(
        reverse("resources:capacity"),
        {"unit": unit.pk, "resource_type": "hours", "month": "2030-07", "amount": "1"},
    )
    assert response.status_code == 403


def test_the_capacity_page_without_units(world, client_for):
    page = client_for("owner").get(reverse("resources:capacity"))
    assert b"There is no active business unit yet" in page.content


def _card(account, can_write=True) -> tuple[str, int]:
    from django.template import Context, Template

    template = Template("{% load resources %}{% resources_card account can_write %}")
    with CaptureQueriesContext(connection) as queries:
        html = template.render(Context({"account": account, "can_write": can_write}))
    return html, len(queries)


def test_the_account_card_makes_two_queries_and_links_to_the_form(world):
    html, queries = _card(world.account)
    assert "No request for experts" in html and queries == 2
    assert reverse("resources:create", args=[world.account.pk]) in html
    unit = unit_with_head()
    for n in range(7):
        make_request(world.account, unit, title=f"Request {n}")
    make_request(world.account, unit, title="Given", status="approved")
    html, queries = _card(world.account, can_write=False)
    assert queries == 2
    assert "7 wait for a decision" in html and "1 granted" in html
    assert "Ask for resources" not in html
    assert html.count("<li>") == 5


def test_the_history_names_people_not_ids(world, client_for):
    unit = unit_with_head()
    found = make_request(world.account, unit)
    found.history.all().delete()
    from keyplan.execution.resources import services as resources

    resources.request_update(user=world.owner, request=found, data={"amount": Decimal("100")})
    resources.request_decide(user=world.director, request=found, decision="approved")
    page = client_for("owner").get(reverse("resources:detail", args=[found.pk]))
    history = page.context["history"]
    decided = history[0]["changes"]
    by = next(change for change in decided if change["field"] == "decided by")
    assert by["new"] == str(world.director)
    status = next(change for change in decided if change["field"] == "status")
    assert str(status["new"]) == "Approved"


def test_the_form_offers_the_goals_and_actions_of_the_current_plan(world, client_for):
    from datetime import date

    from keyplan.plans.models import AccountPlan, Action, Goal

    plan = AccountPlan.objects.create(
        account=world.account, starts_on=date(2020, 1, 1), ends_on=date(2099, 12, 31)
    )
    Goal.objects.create(plan=plan, title="Grow service revenue")
    Action.objects.create(plan=plan, title="Audit line 3")
    page = client_for("owner").get(reverse("resources:create", args=[world.account.pk]))
    assert b"Grow service revenue" in page.content
    assert b"Audit line 3" in page.content
