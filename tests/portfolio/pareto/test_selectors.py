"""Pareto and the monthly drill-down, read from the database (pareto, account_sales and
figures selectors)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from keyplan.accounts.models import Account
from keyplan.portfolio.account_sales.selectors import monthly_history
from keyplan.portfolio.classification.selectors import class_history
from keyplan.portfolio.models import PortfolioSettings
from keyplan.portfolio.pareto.selectors import pareto
from keyplan.sales.figures.domain import Period, Scope
from keyplan.sales.figures.selectors import account_figures, default_period, whole_history
from keyplan.sales.models import ExchangeRate, MonthlyRollup
from tests.factories import AccountFactory, BusinessUnitFactory, TeamMemberFactory, UserFactory

D = Decimal
YEAR_2024 = Period(date(2024, 1, 1), date(2024, 12, 31))


def sale(account, month, revenue, cost=0, currency="PLN", business_unit=0, line=""):
    return MonthlyRollup.objects.create(
        account=account,
        month=month,
        revenue=D(revenue),
        cost=D(cost),
        currency=currency,
        business_unit_key=business_unit,
        product_line=line,
        lines=1,
    )


# --- periods -------------------------------------------------------------------------


def test_period_months_widens_to_whole_months():
    period = Period.months(date(2024, 2, 14), date(2024, 2, 20))
    assert period == Period(date(2024, 2, 1), date(2024, 2, 29))
    with pytest.raises(ValueError):
        Period.months(date(2024, 3, 1), date(2024, 2, 1))
    assert Period.last_months(date(2024, 3, 5)) == Period(date(2023, 4, 1), date(2024, 3, 31))
    assert len(YEAR_2024.month_starts()) == 12


def test_default_period_is_the_12_months_up_to_the_latest_sale(world):
    assert default_period() is None
    assert whole_history() is None
    sale(world.account, date(2021, 7, 1), 10)
    sale(world.other_account, date(2024, 3, 1), 10)
    assert default_period() == Period(date(2023, 4, 1), date(2024, 3, 31))
    assert whole_history() == Period(date(2021, 7, 1), date(2024, 3, 31))


# --- figures -------------------------------------------------------------------------


def test_foreign_currencies_are_converted_and_missing_rates_excluded(world):
    ExchangeRate.objects.create(currency="EUR", rate=D("4.30"))
    usd_only = AccountFactory(owner=world.owner)
    sale(world.account, date(2024, 1, 1), "1000.00", "400.00")
    sale(world.account, date(2024, 2, 1), "100.00", "60.00", currency="EUR")
    sale(world.other_account, date(2024, 5, 1), "0.01", currency="EUR")
    sale(usd_only, date(2024, 5, 1), "500.00", currency="USD")
    sale(world.account, date(2023, 12, 1), "999.00")  # outside the period

    figures = account_figures(None, YEAR_2024, base="PLN")
    assert figures.currency == "PLN"
    assert figures.values[world.account.pk] == (D("1430.00"), D("772.00"))
    # 4.3 grosze, kept at four places (0.0430); rounded only where shown.
    assert figures.values[world.other_account.pk] == (D("0.043"), D("0.043"))
    assert usd_only.pk not in figures.values
    assert figures.missing_rates == ["USD"]

    result = pareto(user=world.director, metric="revenue", period=YEAR_2024)
    assert result.missing_rates == ["USD"]
    assert [r.account_id for r in result.rows] == [world.account.pk, world.other_account.pk]
    assert result.positive_total == D("1430.043")  # the exact sum; shown as 1430.04
    assert result.to_json()["positive_total"] == "1430.04"


def test_scope_filters_business_unit_country_owner_industry(world):
    unit = BusinessUnitFactory()
    sale(world.account, date(2024, 1, 1), 100, business_unit=unit.pk)
    sale(world.account, date(2024, 1, 1), 50, line="service")
    sale(world.other_account, date(2024, 1, 1), 70, business_unit=unit.pk)
    retail = AccountFactory(industry="retail", owner=world.owner)
    sale(retail, date(2024, 1, 1), 30)

    def totals(scope):
        result = pareto(user=world.admin, metric="revenue", period=YEAR_2024, scope=scope)
        return {r.account_id: r.value for r in result.rows}

    assert totals(Scope()) == {
        world.account.pk: D(150),
        world.other_account.pk: D(70),
        retail.pk: D(30),
    }
    assert totals(Scope(business_unit=unit.pk)) == {
        world.account.pk: D(100),
        world.other_account.pk: D(70),
    }
    assert totals(Scope(country="DE")) == {world.other_account.pk: D(70)}
    assert totals(Scope(owner=world.owner.pk)) == {world.account.pk: D(150), retail.pk: D(30)}
    assert totals(Scope(industry="retail")) == {retail.pk: D(30)}
    assert account_figures(None, YEAR_2024, base="PLN", scope=Scope(country="DE")).values == {
        world.other_account.pk: (D(70), D(70))
    }


# --- Pareto --------------------------------------------------------------------------


def test_pareto_ranks_and_lists_losses_apart(world):
    big = AccountFactory(name="Big", owner=world.owner)
    loss = AccountFactory(name="Loss", owner=world.owner)
    sale(big, date(2024, 1, 1), 800, 300)  # gp 500
    sale(world.account, date(2024, 2, 1), 400, 100)  # gp 300
    sale(world.other_account, date(2024, 3, 1), 300, 100)  # gp 200
    sale(loss, date(2024, 3, 1), 100, 150)  # gp -50

    result = pareto(user=world.director, metric="gp", period=YEAR_2024)
    assert [r.account_id for r in result.rows] == [big.pk, world.account.pk, world.other_account.pk]
    assert [r.rank for r in result.rows] == [1, 2, 3]
    assert [r.account_id for r in result.non_positive] == [loss.pk]
    assert result.positive_total == D(1000)
    assert result.negative_total == D(-50)
    assert result.total == D(950)
    assert result.accounts_for_threshold == 2  # 50%, then 80%
    assert result.share_of_accounts_for_threshold == D("0.5")  # 2 of the 4 analysed
    assert result.analysed == 4
    assert [r.in_head for r in result.rows] == [True, True, False]
    assert result.rows[0].revenue == D(800) and result.rows[0].gross_profit == D(500)


def test_to_json_has_the_documented_shape(world):
    sale(world.account, date(2024, 1, 1), "1234.5", "234.5")
    sale(world.other_account, date(2024, 1, 1), "10", "20")
    data = pareto(user=world.admin, metric="gp", period=YEAR_2024).to_json()
    assert set(data) == {
        "metric",
        "period",
        "level",
        "currency",
        "total",
        "positive_total",
        "negative_total",
        "accounts_for_80pct",
        "share_of_accounts_for_80pct",
        "negative_accounts",
        "concentration",
        "missing_rates",
        "accounts",
    }
    assert data["period"] == {"from": "2024-01-01", "to": "2024-12-31"}
    assert data["total"] == "990.00"
    assert data["positive_total"] == "1000.00"
    assert data["negative_total"] == "-10.00"
    assert data["accounts_for_80pct"] == 1
    assert data["share_of_accounts_for_80pct"] == "0.500000"
    assert data["negative_accounts"] == 1
    assert data["concentration"] == {
        "top1": "1.000000",
        "top5": "1.000000",
        "top10": "1.000000",
        "gini": "0.000000",
    }
    assert data["accounts"] == [
        {
            "external_id": world.account.external_id,
            "name": "Polmet Sp. z o.o.",
            "value": "1000.00",
            "share": "1.000000",
            "cumulative_share": "1.000000",
            "rank": 1,
            "class": "strategic",
        },
        {
            "external_id": world.other_account.external_id,
            "name": "Other Customer GmbH",
            "value": "-10.00",
            "share": None,
            "cumulative_share": None,
            "rank": None,
            "class": "regular",
        },
    ]


def test_kam_sees_only_visible_accounts_and_outsiders_nothing_of_them(world):
    sale(world.account, date(2024, 1, 1), 100)
    sale(world.other_account, date(2024, 1, 1), 900)

    def ids(user):
        result = pareto(user=user, metric="revenue", period=YEAR_2024)
        return [r.account_id for r in result.rows + result.non_positive]

    assert ids(world.director) == [world.other_account.pk, world.account.pk]
    assert ids(world.owner) == [world.account.pk]
    assert ids(world.member) == [world.account.pk]
    assert ids(world.viewer) == [world.account.pk]
    assert ids(world.outsider) == [world.other_account.pk]
    assert ids(world.portal) == []
    kam_view = pareto(user=world.owner, metric="revenue", period=YEAR_2024)
    assert kam_view.positive_total == D(100)
    stranger = UserFactory(role="kam")
    assert pareto(user=stranger, metric="revenue", period=YEAR_2024).to_json()["accounts"] == []


def test_group_level_rolls_up_to_the_topmost_visible_ancestor(world):
    parent = AccountFactory(name="Holding", owner=world.outsider)
    sub = AccountFactory(name="Sub", parent=parent, owner=world.owner)
    subsub = AccountFactory(name="Sub-sub", parent=sub, owner=world.owner)
    sale(parent, date(2024, 1, 1), 100)
    sale(sub, date(2024, 2, 1), 50)
    sale(subsub, date(2024, 3, 1), 25)
    sale(world.account, date(2024, 3, 1), 10)

    result = pareto(user=world.director, metric="revenue", period=YEAR_2024, level="group")
    assert [(r.account_id, r.value, r.members) for r in result.rows] == [
        (parent.pk, D(175), 3),
        (world.account.pk, D(10), 1),
    ]
    assert result.rows[0].name == "Holding"

    # The KAM cannot see the holding: the sub is the top of what they see.
    result = pareto(user=world.owner, metric="revenue", period=YEAR_2024, level="group")
    assert [(r.account_id, r.value, r.members) for r in result.rows] == [
        (sub.pk, D(75), 2),
        (world.account.pk, D(10), 1),
    ]
    # A visible account below an invisible one still rolls up past it.
    TeamMemberFactory(account=parent, user=world.member)
    result = pareto(user=world.member, metric="revenue", period=YEAR_2024, level="group")
    assert [(r.account_id, r.members) for r in result.rows] == [
        (parent.pk, 1),
        (world.account.pk, 1),
    ]


def test_pareto_refuses_unknown_metric_and_level(world):
    with pytest.raises(ValueError):
        pareto(user=world.admin, metric="margin", period=YEAR_2024)
    with pytest.raises(ValueError):
        pareto(user=world.admin, metric="gp", period=YEAR_2024, level="region")


@pytest.mark.parametrize("user_name", ["director", "owner"])
def test_pareto_query_count_does_not_grow_with_accounts(world, user_name):
    user = getattr(world, user_name)
    ExchangeRate.objects.create(currency="EUR", rate=D("4.3"))

    def run(level):
        with CaptureQueriesContext(connection) as queries:
            pareto(user=user, metric="revenue", period=YEAR_2024, level=level)
        return len(queries)

    sale(world.account, date(2024, 1, 1), 100)
    PortfolioSettings.load()  # created once, on first use
    before = run("account"), run("group")
    for n in range(15):
        parent = AccountFactory(owner=world.owner)
        child = AccountFactory(owner=world.owner, parent=parent)
        sale(parent, date(2024, 1, 1), n + 1, currency="EUR")
        sale(child, date(2024, 2, 1), n + 2)
    assert (run("account"), run("group")) == before
    # data version (the cache), settings, accounts, owners; for every account the
    # company's figures are read through their own cache: its version, rates, sales
    assert before[0] <= 7


# --- drill-down and class history ----------------------------------------------------


def test_monthly_history_fills_empty_months_and_converts(world):
    ExchangeRate.objects.create(currency="EUR", rate=D("4"))
    sale(world.account, date(2024, 1, 1), 100, 40)
    sale(world.account, date(2024, 1, 1), 10, 5, currency="EUR")
    sale(world.account, date(2024, 4, 1), 50, 10, line="x")
    sale(world.account, date(2024, 4, 1), 7, currency="CHF")
    data = monthly_history(world.account)
    assert data["currency"] == "PLN"
    assert data["missing_rates"] == ["CHF"]
    assert [m["month"] for m in data["months"]] == [date(2024, m, 1) for m in (1, 2, 3, 4)]
    assert [m["revenue"] for m in data["months"]] == [D(140), D(0), D(0), D(50)]
    assert [m["gross_profit"] for m in data["months"]] == [D(80), D(0), D(0), D(40)]
    assert data["total_revenue"] == D(190)
    assert data["total_gross_profit"] == D(120)

    data = monthly_history(world.account, period=Period.months(date(2024, 3, 1), date(2024, 5, 1)))
    assert [m["revenue"] for m in data["months"]] == [D(0), D(50), D(0)]

    assert monthly_history(world.other_account)["months"] == []


def test_monthly_history_shows_at_most_60_months(world):
    sale(world.account, date(2015, 1, 1), 1)
    sale(world.account, date(2024, 12, 1), 2)
    months = monthly_history(world.account)["months"]
    assert len(months) == 60
    assert months[0]["month"] == date(2020, 1, 1)


def test_class_history_lists_creation_and_changes(world):
    account = AccountFactory(account_class="suspect")
    account.account_class = "prospect"
    account._change_reason = "interest"
    account.save()
    account.name = "Renamed"  # not a class change
    account.save()
    account.account_class = "regular"
    account.save()
    entries = class_history(account)
    assert [(e["old"], e["new"]) for e in entries] == [
        ("prospect", "regular"),
        ("suspect", "prospect"),
        (None, "suspect"),
    ]
    assert entries[1]["reason"] == "interest"


def test_account_figures_takes_querysets_and_ids(world):
    sale(world.account, date(2024, 1, 1), 100, 30)
    sale(world.other_account, date(2024, 1, 1), 50)
    mine = {world.account.pk: (D(100), D(70))}
    assert account_figures([world.account.pk], YEAR_2024, base="PLN").values == mine
    owned = Account.objects.filter(owner=world.owner)
    assert account_figures(owned, YEAR_2024, base="PLN").values == mine
    assert account_figures(owned.values("pk"), YEAR_2024, base="PLN").values == mine
    assert account_figures(Account.objects.none(), YEAR_2024, base="PLN").values == {}
