"""The whitespace reads and writes against the database: the sales selector, one
account's whitespace, the portfolio table, and adding a line to the plan."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from keyplan.economics.whitespace.selectors import (
    NO_INDUSTRY,
    NO_PEERS,
    NO_SALES,
    WhitespaceFilters,
    account_whitespace,
    plan_lines,
    whitespace_table,
)
from keyplan.economics.whitespace.services import whitespace_add
from keyplan.plans.models import Action, Goal, GoalMetric
from keyplan.sales.figures.domain import Period
from keyplan.sales.figures.lines import line_revenue
from keyplan.sales.models import ExchangeRate
from tests.factories import AccountFactory

from .support import industry, plan, sale

D = Decimal
YEAR = Period(date(2025, 6, 1), date(2026, 5, 31))


def test_line_revenue_converts_and_keeps_what_it_cannot(world):
    ExchangeRate.objects.create(currency="EUR", rate=D("4.25"))
    sale(world.account, "Pumps", "100")
    sale(world.account, "Pumps", "10", currency="EUR")
    sale(world.account, "", "5")
    sale(world.account, "Gears", "7", currency="USD")
    sale(world.account, "Old", "9", month=date(2024, 1, 1))
    figures = line_revenue([world.account.pk], YEAR, base="PLN")
    assert figures.values[world.account.pk] == {"Pumps": D("142.50"), "": D("5.00")}
    assert figures.total(world.account.pk) == D("147.50")
    assert figures.missing_rates == ["USD"]
    assert figures.unconverted == {world.account.pk: {"Gears"}}


def test_one_accounts_whitespace(world):
    industry(world)
    result = account_whitespace(account=world.account)
    assert result.period == YEAR and result.currency == "PLN" and result.reason == ""
    assert result.whitespace.rule == "industry" and result.whitespace.peer_count == 7
    valves = result.line("Valves")
    assert (valves.buyers, valves.spend, valves.opportunity) == (4, D("205.1282"), D("117.2161"))
    assert [line.product_line for line in result.lines] == ["Valves", "Seals"]


def test_the_reasons_for_nothing_to_show(world):
    assert account_whitespace(account=world.account).reason == NO_SALES
    sale(world.account, "Pumps", "10")
    assert account_whitespace(account=world.account).reason == NO_PEERS
    bare = AccountFactory(industry="")
    assert account_whitespace(account=bare).reason == NO_INDUSTRY


def test_closed_accounts_and_other_industries_are_no_peers(world):
    industry(world)
    closed = AccountFactory(status="closed")
    sale(closed, "Motors", "1000")
    elsewhere = AccountFactory(industry="retail")
    sale(elsewhere, "Shelves", "1000")
    result = account_whitespace(account=world.account)
    assert result.whitespace.peer_count == 7
    assert {line.product_line for line in result.lines} == {"Valves", "Seals"}


def _queries(func) -> int:
    with CaptureQueriesContext(connection) as ctx:
        func()
    return len(ctx.captured_queries)


def test_a_fixed_number_of_queries_whatever_the_peers(world):
    industry(world)
    account_whitespace(account=world.account)  # warm: the settings row is created once
    few = _queries(lambda: account_whitespace(account=world.account))
    for n in range(20):
        peer = AccountFactory(country="DE")
        sale(peer, f"Line {n % 4}", "300")
    assert _queries(lambda: account_whitespace(account=world.account)) == few
    director = world.director
    table = _queries(lambda: whitespace_table(user=director, filters=WhitespaceFilters()))
    assert table <= 6


def test_the_table_lists_only_visible_accounts(world):
    industry(world)
    mine = whitespace_table(user=world.owner, filters=WhitespaceFilters())
    assert {row.account_id for row in mine.rows} == {world.account.pk}
    assert [row.line.product_line for row in mine.rows] == ["Valves", "Seals"]
    everyone = whitespace_table(user=world.director, filters=WhitespaceFilters(sort="account"))
    assert world.other_account.pk in {row.account_id for row in everyone.rows}
    names = [row.name for row in everyone.rows]
    assert names == sorted(names, key=str.casefold)
    strategic = WhitespaceFilters(account_class="strategic")
    assert {
        r.account_id for r in whitespace_table(user=world.director, filters=strategic).rows
    } == {world.account.pk}


# --- adding a line to the plan ---------------------------------------------------------------


def test_add_as_goal_then_as_action(world):
    industry(world)
    current = plan(world)
    goal = whitespace_add(
        user=world.owner, account=world.account, product_line="Valves", kind="goal"
    )
    assert isinstance(goal, Goal) and goal.plan_id == current.pk
    assert goal.title == "Win the product line “Valves”"
    assert goal.metric == GoalMetric.OTHER and goal.unit == "PLN"
    assert goal.target == D("205.13") and goal.deadline == date(2026, 12, 31)
    assert "57.1% of 7 similar accounts" in goal.why and "PLN117.22" in goal.why.replace("\xa0", "")
    action = whitespace_add(
        user=world.member, account=world.account, product_line=" Valves ", kind="action"
    )
    assert isinstance(action, Action) and action.goal_id == goal.pk
    assert "Valves" in action.title and "205.13" in action.detail
    held = plan_lines(world.account, ["Valves", "Seals"])
    assert held.goals == {"Valves"} and held.actions == {"Valves"}


def test_the_same_line_twice_is_refused(world):
    industry(world)
    plan(world)
    whitespace_add(user=world.owner, account=world.account, product_line="Valves", kind="goal")
    with pytest.raises(ValidationError, match="already in the plan as a goal"):
        whitespace_add(user=world.owner, account=world.account, product_line="Valves", kind="goal")
    assert Goal.objects.count() == 1


def test_a_goal_added_in_another_language_is_recognised(world):
    from django.utils import translation

    industry(world)
    plan(world)
    with translation.override("pl"):
        whitespace_add(user=world.owner, account=world.account, product_line="Seals", kind="goal")
    assert plan_lines(world.account, ["Seals"]).goals == {"Seals"}
    with pytest.raises(ValidationError):
        whitespace_add(user=world.owner, account=world.account, product_line="Seals", kind="goal")


@pytest.mark.parametrize(
    ("line", "message"),
    [("Pumps", "is not whitespace"), ("Nothing", "is not whitespace"), ("Valves", "no plan")],
)
def test_refusals_without_a_plan_or_a_whitespace_line(world, line, message):
    industry(world)
    with pytest.raises(ValidationError, match=message):
        whitespace_add(user=world.owner, account=world.account, product_line=line, kind="goal")


def test_an_approved_plan_is_not_changed_and_readers_may_not_write(world):
    industry(world)
    plan(world, state="approved")
    with pytest.raises(ValidationError, match="approved"):
        whitespace_add(user=world.owner, account=world.account, product_line="Valves", kind="goal")
    with pytest.raises(PermissionDenied):
        whitespace_add(user=world.viewer, account=world.account, product_line="Valves", kind="goal")
    with pytest.raises(ValidationError):
        whitespace_add(user=world.owner, account=world.account, product_line="Valves", kind="x")
    assert not Goal.objects.exists()
