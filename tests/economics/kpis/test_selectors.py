"""The KPI report over the accounts a user may see: each KPI from its source, per class
by the class at the start of the year, missing data as None."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

from keyplan.economics.kpis.selectors import kpi_report
from keyplan.economics.models import Kpi
from keyplan.portfolio.models import AccountScore, Criterion
from keyplan.sales.models import Opportunity, WalletEstimate
from keyplan.stakeholders.models import SatisfactionAnswer

from .support import TODAY, books

D = Decimal


def test_growth_and_retention_of_the_strategic_cohort(world):
    books(world)
    report = kpi_report(user=world.director, today=TODAY)
    assert report.years == [2023, 2024, 2025, 2026]
    assert report.value(Kpi.REVENUE_GROWTH, 2026, "strategic") == D("20.00")
    assert report.value(Kpi.GROSS_PROFIT_GROWTH, 2026, "strategic") == D("25.00")
    assert report.value(Kpi.REVENUE_GROWTH, 2026) == D("0.00")  # 1500 against 1500
    assert report.value(Kpi.REVENUE_GROWTH, 2025) is None  # nothing in 2024: no base
    assert report.value(Kpi.GROSS_RETENTION, 2026) == D("100.00")
    assert report.value(Kpi.NET_RETENTION, 2026) == D("120.00")
    # the regular account bought nothing in 2026: lost, counted as 0
    assert report.value(Kpi.GROSS_RETENTION, 2026, "regular") == D("0.00")
    assert report.value(Kpi.NET_RETENTION, 2026, "regular") == D("0.00")
    names = {row.name: row for row in report.accounts}
    assert names["Polmet Sp. z o.o."].revenue_growth == D("20.00")
    assert names["Newbie SA"].revenue_growth is None


def test_an_account_that_became_strategic_later_is_not_in_the_cohort(world):
    newbie = books(world)
    newbie.account_class = "strategic"
    newbie.save()  # promoted now: it was a prospect at the start of 2026
    report = kpi_report(user=world.director, today=TODAY)
    assert report.details[(Kpi.GROSS_RETENTION, "", 2026)]["cohort"] == 1
    assert report.value(Kpi.NET_RETENTION, 2026) == D("120.00")


def test_a_kam_sees_only_the_accounts_they_may_see(world):
    books(world)
    report = kpi_report(user=world.owner, today=TODAY)
    assert report.value(Kpi.REVENUE_GROWTH, 2026) == D("20.00")
    assert {row.name for row in report.accounts} == {"Polmet Sp. z o.o."}
    assert kpi_report(user=world.portal, today=TODAY).accounts == []


def test_cost_of_winning_a_new_account(world):
    books(world)
    report = kpi_report(user=world.director, today=TODAY)
    assert report.value(Kpi.COST_PER_NEW_ACCOUNT, 2026) == D("150.00")
    assert report.details[(Kpi.COST_PER_NEW_ACCOUNT, "", 2026)]["new"] == 1
    assert report.value(Kpi.COST_PER_NEW_ACCOUNT, 2025) is None  # no time logged: no data


def test_win_rate_cycle_satisfaction_and_wallet(world):
    books(world)
    for n, (status, created, closed) in enumerate(
        [
            ("won", date(2026, 1, 1), date(2026, 1, 31)),
            ("won", date(2026, 2, 1), date(2026, 2, 11)),
            ("lost", None, date(2026, 3, 1)),
            ("open", None, date(2026, 4, 1)),
        ]
    ):
        Opportunity.objects.create(
            external_id=f"O{n}",
            account=world.account,
            name="deal",
            currency="PLN",
            status=status,
            created_date=created,
            close_date=closed,
        )
    SatisfactionAnswer.objects.create(account=world.account, answered_on=date(2026, 6, 1), score=8)
    SatisfactionAnswer.objects.create(account=world.account, answered_on=date(2026, 7, 1), score=6)
    WalletEstimate.objects.create(account=world.account, category_spend=D("12000"), currency="PLN")
    report = kpi_report(user=world.director, today=TODAY)
    assert report.value(Kpi.WIN_RATE, 2026) == D("66.67")
    assert report.value(Kpi.SALES_CYCLE, 2026) == D("20.0")
    assert report.value(Kpi.SATISFACTION, 2026) == D("7.00")
    assert report.value(Kpi.SATISFACTION, 2025) is None
    assert report.value(Kpi.SHARE_OF_WALLET, 2026) == D("10.00")  # 1200 of 12000
    assert report.value(Kpi.WIN_RATE, 2026, "regular") is None


def test_growth_against_the_selection_criteria(world):
    books(world)
    criterion = Criterion.objects.update_or_create(
        key="partnership", defaults={"enabled": True, "weight": D("1")}
    )[0]
    score = AccountScore.objects.create(
        account=world.account, criterion=criterion, score=5, scored_at=datetime.now(UTC)
    )
    AccountScore.history.filter(account_id=world.account.pk).update(
        history_date=datetime(2025, 6, 1, tzinfo=UTC)
    )
    score.score = 6
    score.save()
    AccountScore.history.filter(account_id=world.account.pk, score=6).update(
        history_date=datetime(2026, 6, 1, tzinfo=UTC)
    )
    report = kpi_report(user=world.director, today=TODAY)
    assert report.value(Kpi.CRITERIA_GROWTH, 2026) == D("20.00")
    assert report.details[(Kpi.CRITERIA_GROWTH, "", 2026)]["mean_score"] == D("6.00")
    assert report.value(Kpi.CRITERIA_GROWTH, 2025) is None  # not scored at its start


def test_a_bounded_number_of_queries(world, django_assert_max_num_queries):
    books(world)
    with django_assert_max_num_queries(70):
        kpi_report(user=world.director, today=TODAY)
