"""The service costs' public figures (what the account P&L reads): per account, category
and in total over a period, in the base currency with the planning rates, exact; month by
month; scoped to the accounts given; a fixed number of queries."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from keyplan.accounts.access import visible_accounts
from keyplan.accounts.models import Account
from keyplan.sales.costs.selectors import (
    CostFilters,
    account_cost_changes,
    account_cost_list,
    cost_changes,
    cost_totals,
    monthly_service_costs,
    service_costs,
)
from keyplan.sales.figures.domain import Period
from keyplan.sales.models import ExchangeRate, ServiceCost

from ...factories import AccountFactory

pytestmark = pytest.mark.django_db

D = Decimal
Q1 = Period.months(date(2026, 1, 1), date(2026, 3, 1))


def cost(account, day, category, amount, currency="PLN", **extra) -> ServiceCost:
    return ServiceCost.objects.create(
        account=account,
        date=day,
        category=category,
        amount=D(amount),
        currency=currency,
        **extra,
    )


def ledger(world) -> None:
    ExchangeRate.objects.create(currency="EUR", rate=D("4.3"))
    a, b = world.account, world.other_account
    cost(a, date(2026, 1, 1), "logistics", "100.0001")  # the period's first day
    cost(a, date(2026, 3, 31), "logistics", "0.0001")  # its last day
    cost(a, date(2026, 2, 10), "logistics", "10", "EUR")  # 43 PLN
    cost(a, date(2026, 2, 11), "rebates", "250")
    cost(a, date(2026, 2, 12), "rebates", "-50")  # a credit note
    cost(a, date(2025, 12, 31), "travel", "999")  # before the period
    cost(a, date(2026, 4, 1), "travel", "999")  # after it
    cost(a, date(2026, 2, 1), "support", "5", "USD")  # no rate: left out, named
    cost(b, date(2026, 2, 1), "marketing", "1000", "EUR")


def test_costs_per_account_and_category_in_the_base_currency_exactly(world):
    ledger(world)
    costs = service_costs(None, Q1, base="PLN")
    assert costs.currency == "PLN"
    assert costs.by_category == {
        world.account.pk: {"logistics": D("143.0002"), "rebates": D("200.00")},
        world.other_account.pk: {"marketing": D("4300.00")},
    }
    assert costs.totals == {world.account.pk: D("343.0002"), world.other_account.pk: D("4300")}
    assert str(costs.totals[world.account.pk]) == "343.0002"
    assert costs.missing_rates == ["USD"]
    assert costs.rates["PLN"] == 1


def test_costs_are_read_for_the_accounts_given_only(world):
    ledger(world)
    ids = [world.account.pk]
    assert set(service_costs(ids, Q1, base="PLN").totals) == {world.account.pk}
    as_queryset = Account.objects.filter(pk=world.other_account.pk)
    assert set(service_costs(as_queryset, Q1, base="PLN").totals) == {world.other_account.pk}
    of_ids = Account.objects.filter(pk=world.account.pk).values("pk")
    assert set(service_costs(of_ids, Q1, base="PLN").totals) == {world.account.pk}
    # a KAM's visible accounts: never another KAM's costs
    mine = service_costs(visible_accounts(world.owner), Q1, base="PLN")
    assert set(mine.totals) == {world.account.pk}
    assert service_costs(visible_accounts(world.portal), Q1, base="PLN").totals == {}


def test_the_base_currency_is_the_one_given(world):
    ledger(world)
    ExchangeRate.objects.create(currency="PLN", rate=D("0.25"))
    costs = service_costs([world.other_account.pk], Q1, base="EUR")
    assert costs.totals == {world.other_account.pk: D("1000")}
    assert costs.currency == "EUR"


def test_two_queries_whatever_the_number_of_accounts(world):
    ledger(world)
    for _ in range(5):
        account = AccountFactory()
        cost(account, date(2026, 2, 1), "returns", "1")
    with CaptureQueriesContext(connection) as queries:
        costs = service_costs(Account.objects.all(), Q1, base="PLN")
    assert len(queries) == 2  # the rates, one GROUP BY
    assert len(costs.totals) == 7


def test_monthly_costs_for_trends(world):
    ledger(world)
    with CaptureQueriesContext(connection) as queries:
        months = monthly_service_costs(
            [world.account.pk], date(2025, 12, 5), date(2026, 4, 30), base="PLN"
        )
    assert len(queries) == 2
    assert months == {
        date(2025, 12, 1): D("999"),
        date(2026, 1, 1): D("100.0001"),
        date(2026, 2, 1): D("243"),  # 43 + 250 - 50; USD left out
        date(2026, 3, 1): D("0.0001"),
        date(2026, 4, 1): D("999"),
    }
    empty = monthly_service_costs(None, date(2020, 1, 1), date(2020, 2, 1), base="PLN")
    assert empty == {date(2020, 1, 1): 0, date(2020, 2, 1): 0}
    with pytest.raises(ValueError):
        monthly_service_costs(None, date(2026, 2, 1), date(2026, 1, 1), base="PLN")


def test_the_account_list_filters_and_totals_exactly(world):
    ledger(world)
    everything = account_cost_list(world.account)
    assert [c.date for c in everything][:2] == [date(2026, 4, 1), date(2026, 3, 31)]
    travel = account_cost_list(world.account, CostFilters(category="travel"))
    assert travel.count() == 2
    window = account_cost_list(
        world.account, CostFilters(date_from=date(2026, 2, 1), date_to=date(2026, 2, 28))
    )
    assert window.count() == 4
    totals, per_currency = cost_totals(window)
    assert [(t.category, t.currency, t.amount) for t in totals] == [
        ("logistics", "EUR", D("10")),
        ("support", "USD", D("5")),
        ("rebates", "PLN", D("200")),
    ]
    assert per_currency == {"EUR": D("10"), "PLN": D("200"), "USD": D("5")}


def test_the_history_says_who_changed_what(world):
    item = cost(world.account, date(2026, 2, 1), "travel", "10")
    item._history_user = world.owner
    item.save()  # no change: no field listed
    item.amount = D("12.5")
    item.category = "support"
    item._history_user = world.member
    item.save()
    item._history_user = world.director
    item.delete()
    other = cost(world.other_account, date(2026, 2, 1), "travel", "1")
    assert other.pk
    entries = account_cost_changes(world.account)
    assert [e.record.history_type for e in entries] == ["-", "~", "~", "+"]
    assert [e.record.history_user for e in entries[:3]] == [
        world.director,
        world.member,
        world.owner,
    ]
    assert entries[1].changes == [
        {"field": "category", "old": "Travel", "new": "Support"},
        {"field": "amount", "old": D("10.00"), "new": D("12.50")},
    ]
    assert entries[2].changes == []
    assert [e.record.history_type for e in account_cost_changes(world.account, limit=2)] == [
        "-",
        "~",
    ]
    assert account_cost_changes(world.account, limit=2)[1].changes == entries[1].changes
    assert [e.record.history_type for e in cost_changes(other)] == ["+"]


money = st.builds(
    lambda units, places: D(units).scaleb(-places),
    st.integers(min_value=-(10**12), max_value=10**12).filter(bool),
    st.integers(min_value=0, max_value=4),
)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    st.lists(st.tuples(st.sampled_from(["logistics", "rebates", "other"]), money), max_size=12),
    st.decimals(min_value=D("0.0001"), max_value=D("10"), places=8),
)
def test_stored_costs_sum_to_the_exact_decimal_total(world, lines, eur_rate):
    """Through the database: in the base currency the total is the exact Decimal sum of
    the amounts; a foreign currency's category is that exact sum times the rate, rounded
    half up once at the fourth place."""
    ServiceCost.objects.all().delete()
    ExchangeRate.objects.all().delete()
    ExchangeRate.objects.create(currency="EUR", rate=eur_rate)
    for category, amount in lines:
        cost(world.account, date(2026, 2, 1), category, amount)
        cost(world.other_account, date(2026, 2, 1), category, amount, "EUR")
    costs = service_costs(None, Q1, base="PLN")
    assert costs.totals.get(world.account.pk, D(0)) == sum((a for _c, a in lines), D(0))
    for category in {c for c, _a in lines}:
        exact = sum((a for c, a in lines if c == category), D(0)) * eur_rate
        expected = exact.quantize(D("0.0001"), rounding="ROUND_HALF_UP")
        assert costs.by_category[world.other_account.pk][category] == expected
    other = costs.totals.get(world.other_account.pk, D(0))
    assert other == sum(costs.by_category.get(world.other_account.pk, {}).values(), D(0))
