"""Portfolio norms: strategic shares against the targets, strategic accounts per KAM, SAM
fitness, limited to what the user may see."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from keyplan.portfolio.models import PortfolioSettings, SamFitness
from keyplan.portfolio.norms.selectors import portfolio_norms
from keyplan.sales.models import ExchangeRate
from keyplan.sales.services import rollup_rebuild
from tests.factories import AccountFactory, UserFactory
from tests.portfolio.scoring.test_services import sell

D = Decimal


@pytest.fixture
def portfolio(world):
    """world.account (strategic, the owner's) sells 300/100 GP; other_account (regular,
    the outsider's, EUR) 100 EUR = 400 PLN / 200 GP; a second strategic account of the
    owner sells 300 with 100 GP; a closed strategic account is ignored."""
    ExchangeRate.objects.create(currency="EUR", rate=D("4"))
    sell(world.account, date(2024, 5, 1), "300", cost="200")
    sell(world.other_account, date(2024, 5, 1), "100", cost="50", currency="EUR")
    second = AccountFactory(name="Second", account_class="strategic", owner=world.owner)
    sell(second, date(2024, 6, 1), "300", cost="200")
    closed = AccountFactory(account_class="strategic", owner=world.owner, status="closed")
    sell(closed, date(2024, 6, 1), "99999")
    sell(world.account, date(2022, 6, 1), "77777")  # outside the period
    rollup_rebuild()
    return second


@pytest.mark.django_db
def test_director_sees_the_company_figures(world, portfolio):
    norms = portfolio_norms(user=world.director)

    assert norms["currency"] == "PLN"
    assert norms["period"].date_from == date(2023, 7, 1)
    assert norms["revenue"] == {
        "total": D("1000.00"),
        "strategic": D("600.00"),
        "share": D("60.00"),
        "target": D("25.00"),
        "meets": True,
    }
    assert norms["gross_profit"]["share"] == D("50.00")  # 200 of 400
    assert norms["accounts"] == {
        "total": 3,
        "strategic": 2,
        "share": D("66.67"),
        "norm": D("10.00"),
        "within": False,
    }


@pytest.mark.django_db
def test_a_kam_sees_only_the_figures_of_their_own_accounts(world, portfolio):
    norms = portfolio_norms(user=world.owner)

    assert norms["revenue"]["total"] == D("600.00")
    assert norms["revenue"]["share"] == D("100.00")
    assert norms["accounts"]["total"] == 2
    assert {row["owner_id"] for row in norms["per_kam"]} == {world.owner.pk}

    outsider = portfolio_norms(user=world.outsider)
    assert outsider["revenue"] == {
        "total": D("400.00"),
        "strategic": D("0"),
        "share": D("0.00"),
        "target": D("25.00"),
        "meets": False,
    }
    assert outsider["per_kam"] == [] and outsider["fitness"] == []
    assert portfolio_norms(user=world.portal)["accounts"]["total"] == 0


@pytest.mark.django_db
def test_strategic_accounts_per_kam_are_flagged_above_the_maximum(world, portfolio):
    PortfolioSettings.objects.update_or_create(pk=1, defaults={"max_strategic_per_kam": 1})
    other_kam = UserFactory(first_name="Olga", last_name="Nowak")
    AccountFactory(account_class="strategic", owner=other_kam)
    AccountFactory(account_class="strategic", owner=None)

    norms = portfolio_norms(user=world.director)

    per_kam = {row["owner_id"]: row for row in norms["per_kam"]}
    assert per_kam[world.owner.pk]["strategic"] == 2 and per_kam[world.owner.pk]["over"]
    assert per_kam[other_kam.pk] == {
        "owner_id": other_kam.pk,
        "owner": "Olga Nowak",
        "strategic": 1,
        "over": False,
    }
    assert per_kam[None]["strategic"] == 1
    assert norms["per_kam"][0]["owner_id"] == world.owner.pk  # most first
    assert norms["over_max"] == 1 and norms["max_per_kam"] == 1


@pytest.mark.django_db
def test_sam_fitness_per_strategic_account_with_missing_assessments(world, portfolio):
    SamFitness.objects.create(
        account=world.account,
        sells_directly="yes",
        continuing_need="yes",
        values_added_value="yes",
        trust_possible="yes",
    )
    SamFitness.objects.create(account=world.other_account, sells_directly="no")  # not strategic

    norms = portfolio_norms(user=world.director)

    verdicts = {row["account_id"]: row["verdict"] for row in norms["fitness"]}
    assert verdicts == {world.account.pk: "yes", portfolio.pk: "missing"}
    assert norms["fitness_counts"] == {"yes": 1, "no": 0, "unknown": 0, "missing": 1}
    row = next(r for r in norms["fitness"] if r["account_id"] == world.account.pk)
    assert row["answers"]["trust_possible"] == "yes"

    SamFitness.objects.create(account=portfolio, trust_possible="no")
    verdicts = {r["account_id"]: r["verdict"] for r in portfolio_norms(user=world.owner)["fitness"]}
    assert verdicts[portfolio.pk] == "no"


@pytest.mark.django_db
def test_without_sales_the_shares_are_unknown(world):
    norms = portfolio_norms(user=world.director)
    assert norms["period"] is None
    assert norms["revenue"]["share"] is None and norms["revenue"]["meets"] is None
    assert norms["accounts"]["strategic"] == 1


@pytest.mark.django_db
def test_missing_rates_are_reported(world):
    sell(world.account, date(2024, 5, 1), "300", currency="USD")
    sell(world.account, date(2024, 5, 1), "100", document="PLN-1")
    rollup_rebuild()
    norms = portfolio_norms(user=world.director)
    assert norms["missing_rates"] == ["USD"]
    assert norms["revenue"]["total"] == D("100.00")
