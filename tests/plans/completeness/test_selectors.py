"""Completeness from the database, and list-page query counts."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from keyplan.accounts.models import Account, Contact
from keyplan.plans.completeness.selectors import (
    completeness_for_account_ids,
    completeness_for_accounts,
    plan_completeness,
)
from keyplan.plans.items.services import item_update
from keyplan.plans.versions.services import plan_mark_reviewed
from tests.factories import AccountFactory
from tests.plans.support import add, this_year

pytestmark = pytest.mark.django_db


def missing(plan) -> set[str]:
    return {step.code for step in plan_completeness(plan).missing}


def test_completeness_counts_what_the_plan_holds(world):
    plan = this_year(world)
    before = plan_completeness(plan)
    for quadrant, factor in (("S", "cash_flow"), ("W", "leadership"), ("O", "market_changes")):
        add(plan, "swot", world.owner, quadrant=quadrant, factor=factor)
    add(plan, "goal", world.owner, target=None)  # a goal without a target does not count
    add(plan, "action", world.owner)  # nor an action without an owner

    codes = missing(plan)

    assert "no_swot" in {s.code for s in before.missing}
    assert "swot_incomplete" in codes
    assert {"no_goals_with_targets", "no_actions_with_owners"} <= codes
    add(plan, "swot", world.owner, quadrant="T", factor="price_pressure")
    add(plan, "goal", world.owner, deadline=date(timezone.localdate().year, 12, 31))
    add(plan, "action", world.owner, owner_id=world.member.pk)
    assert not {"swot_incomplete", "no_goals_with_targets", "no_actions_with_owners"} & missing(
        plan
    )
    assert plan_completeness(plan).score > before.score


def test_overdue_actions_and_dropped_ones(world):
    plan = this_year(world)
    yesterday = timezone.localdate() - timedelta(days=1)
    late = add(plan, "action", world.owner, owner_id=world.member.pk, due_on=yesterday)
    assert "overdue_actions" in missing(plan)

    item_update(user=world.owner, item=late, data={"status": "dropped"})

    codes = missing(plan)
    assert "overdue_actions" not in codes
    assert "no_actions_with_owners" in codes  # a dropped action is no action


def test_stakeholder_review_uses_the_contacts_last_change(world):
    plan = this_year(world)
    assert "no_stakeholder_review" not in missing(plan)  # the contact was just saved

    Contact.objects.filter(account=world.account).update(
        updated_at=timezone.now() - timedelta(days=91)
    )

    assert "no_stakeholder_review" in missing(plan)


def test_reviewing_the_plan_counts_for_the_quarter(world):
    plan = this_year(world)
    assert "plan_not_reviewed" in missing(plan)

    plan = plan_mark_reviewed(user=world.member, plan=plan)

    assert "plan_not_reviewed" not in missing(plan)


def test_completeness_for_a_list_of_accounts_in_a_fixed_number_of_queries(world):
    this_year(world)
    with CaptureQueriesContext(connection) as one:
        result = completeness_for_accounts([world.account])
    accounts = [world.account]
    for _ in range(3):
        account = AccountFactory(owner=world.owner)
        plan = this_year(world, account=account)
        add(plan, "swot", world.owner)
        accounts.append(account)
    accounts.append(AccountFactory(owner=world.owner))  # no plan: left out

    with CaptureQueriesContext(connection) as many:
        results = completeness_for_accounts(accounts)

    assert len(many) == len(one)
    assert set(result) == {world.account.pk}
    assert set(results) == {a.pk for a in accounts[:4]}
    plan, completeness = results[accounts[1].pk]
    assert plan.account_id == accounts[1].pk
    assert "swot_incomplete" in {s.code for s in completeness.missing}


def test_completeness_by_account_ids_or_a_subquery_of_them(world):
    this_year(world)
    other = AccountFactory(owner=world.owner)
    add(this_year(world, account=other), "swot", world.owner)
    AccountFactory(owner=world.owner)  # no plan: left out
    by_accounts = completeness_for_accounts([world.account, other])

    by_ids = completeness_for_account_ids([world.account.pk, other.pk])
    with CaptureQueriesContext(connection) as queries:
        by_subquery = completeness_for_account_ids(
            Account.objects.filter(pk__in=[world.account.pk, other.pk]).values("pk")
        )

    for found in (by_ids, by_subquery):
        assert set(found) == {world.account.pk, other.pk}
        for pk, (plan, completeness) in found.items():
            assert plan.pk == by_accounts[pk][0].pk
            assert completeness.score == by_accounts[pk][1].score
    assert "SELECT U0" in queries[0]["sql"]  # the accounts as a subquery, not a list


def test_facts_read_in_chunks_equal_the_facts_read_at_once(world, monkeypatch):
    """The item counts are one statement per chunk of plan ids, sized to the database's
    parameter limit; many plans split over chunks give the same facts."""
    from keyplan.plans.completeness.selectors import plan_facts

    plans = [this_year(world)]
    for quadrant, factor in (("S", "cash_flow"), ("W", "leadership")):
        add(plans[0], "swot", world.owner, quadrant=quadrant, factor=factor)
    add(plans[0], "goal", world.owner, deadline=date(timezone.localdate().year, 12, 31))
    add(plans[0], "goal", world.owner, target=None)
    for n in range(3):
        plan = this_year(world, account=AccountFactory(owner=world.owner))
        for _ in range(n):
            add(plan, "swot", world.owner, quadrant="T", factor="price_pressure")
        plans.append(plan)
    at_once = plan_facts(plans)

    monkeypatch.setattr(connection.features, "max_query_params", 17)  # one plan a chunk
    with CaptureQueriesContext(connection) as queries:
        in_chunks = plan_facts(plans)

    assert in_chunks == at_once
    assert sum("UNION ALL" in q["sql"] for q in queries) == len(plans)
    assert at_once[plans[0].pk].swot_quadrants == frozenset({"S", "W"})
    assert at_once[plans[0].pk].goals_with_targets == 1
    assert at_once[plans[2].pk].swot_quadrants == frozenset({"T"})
    assert at_once[plans[1].pk].swot_quadrants == frozenset()
