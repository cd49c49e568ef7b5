"""What our people's time cost each account (time_costs), read in a fixed number of
queries, and the cost of capital the P&L uses."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from keyplan.accounts.models import Account
from keyplan.economics.models import EconomicsSettings, HourlyCost
from keyplan.economics.settings.selectors import cost_of_capital, time_costs
from keyplan.sales.figures.domain import Period
from keyplan.sales.models import ExchangeRate
from keyplan.stakeholders.interactions.selectors import daily_time
from keyplan.stakeholders.models import TimeEntry
from tests.factories import AccountFactory, UserFactory

JANUARY = Period.months(date(2025, 1, 1), date(2025, 1, 1))


def spend(user, account, day: date, minutes: int) -> TimeEntry:
    return TimeEntry.objects.create(user=user, account=account, spent_on=day, minutes=minutes)


def rate(amount: str, *, person=None, role: str = "", day=date(2024, 1, 1), currency="PLN"):
    return HourlyCost.objects.create(
        person=person, role=role, amount=Decimal(amount), currency=currency, valid_from=day
    )


def test_time_is_priced_exactly_and_rounded_once_per_account(world):
    rate("100", person=world.member)
    for day in (1, 2, 3):
        spend(world.member, world.account, date(2025, 1, day), 1)

    costs = time_costs([world.account.pk], JANUARY, base="PLN")

    # 3 × 1/60 × 100 = 5 exactly; each minute alone would round to 1.6667
    assert costs.costs == {world.account.pk: Decimal("5.0000")}
    assert costs.priced_minutes == {world.account.pk: 3}
    assert costs.unpriced_minutes == {world.account.pk: 0}
    assert costs.currency == "PLN"


def test_a_persons_own_rate_wins_over_their_roles(world):
    rate("90", role="team")
    rate("150", person=world.member)
    spend(world.member, world.account, date(2025, 1, 10), 60)
    other = UserFactory(role="team")
    spend(other, world.account, date(2025, 1, 10), 60)

    costs = time_costs([world.account.pk], JANUARY, base="PLN")

    assert costs.costs[world.account.pk] == Decimal("240.0000")  # 150 + 90


def test_a_rate_changing_mid_period_prices_each_day_at_its_own_rate(world):
    rate("100", person=world.member, day=date(2024, 12, 1))
    rate("200", person=world.member, day=date(2025, 1, 16))
    spend(world.member, world.account, date(2025, 1, 15), 60)
    spend(world.member, world.account, date(2025, 1, 16), 30)
    spend(world.member, world.account, date(2025, 1, 31), 30)

    costs = time_costs([world.account.pk], JANUARY, base="PLN")

    assert costs.costs[world.account.pk] == Decimal("300.0000")  # 100 + 100 + 100


def test_a_rate_starting_later_leaves_the_earlier_days_to_the_role_or_unpriced(world):
    rate("200", person=world.member, day=date(2025, 1, 20))
    spend(world.member, world.account, date(2025, 1, 5), 45)
    spend(world.member, world.account, date(2025, 1, 25), 60)

    costs = time_costs([world.account.pk], JANUARY, base="PLN")

    assert costs.costs[world.account.pk] == Decimal("200.0000")
    assert costs.priced_minutes[world.account.pk] == 60
    assert costs.unpriced_minutes[world.account.pk] == 45
    assert costs.unpriced_user_ids == [world.member.pk]


def test_time_without_any_rate_is_reported_unpriced_never_guessed(world):
    spend(world.owner, world.account, date(2025, 1, 5), 50)

    costs = time_costs(None, JANUARY, base="PLN")

    assert costs.costs == {world.account.pk: Decimal("0.0000")}
    assert costs.unpriced_minutes == {world.account.pk: 50}
    assert costs.priced_minutes == {world.account.pk: 0}
    assert costs.unpriced_user_ids == [world.owner.pk]


def test_rates_in_other_currencies_are_converted_and_missing_ones_named(world):
    ExchangeRate.objects.create(currency="EUR", rate=Decimal("4.3"))
    rate("20", person=world.member, currency="EUR")
    rate("30", person=world.owner, currency="USD")
    spend(world.member, world.account, date(2025, 1, 5), 90)
    spend(world.owner, world.account, date(2025, 1, 5), 60)

    costs = time_costs([world.account.pk], JANUARY, base="PLN")

    assert costs.costs[world.account.pk] == Decimal("129.0000")  # 1.5 h × 20 × 4.3
    assert costs.unconverted_minutes[world.account.pk] == 60
    assert costs.unpriced_minutes[world.account.pk] == 0
    assert costs.missing_rates == ["USD"]


def test_only_the_given_accounts_and_the_periods_days_count(world):
    rate("60", role="team")
    spend(world.member, world.account, date(2024, 12, 31), 600)  # before
    spend(world.member, world.account, date(2025, 1, 1), 10)  # first day: in
    spend(world.member, world.account, date(2025, 1, 31), 20)  # last day: in
    spend(world.member, world.account, date(2025, 2, 1), 600)  # after
    spend(world.member, world.other_account, date(2025, 1, 10), 60)

    by_ids = time_costs([world.account.pk], JANUARY, base="PLN")
    by_queryset = time_costs(Account.objects.filter(pk=world.account.pk), JANUARY, base="PLN")
    by_id_queryset = time_costs(
        Account.objects.filter(pk=world.account.pk).values("pk"), JANUARY, base="PLN"
    )
    everyone = time_costs(None, JANUARY, base="PLN")

    assert by_ids.costs == {world.account.pk: Decimal("30.0000")}
    assert by_queryset == by_ids == by_id_queryset
    assert everyone.costs == {
        world.account.pk: Decimal("30.0000"),
        world.other_account.pk: Decimal("60.0000"),
    }


def test_no_time_gives_empty_costs_in_one_query(world):
    with CaptureQueriesContext(connection) as queries:
        costs = time_costs([world.account.pk], JANUARY, base="PLN")

    assert costs.costs == {} and costs.missing_rates == []
    assert len(queries) == 1


@pytest.mark.parametrize("accounts", [3, 12])
def test_time_costs_take_three_queries_whatever_the_data(world, accounts):
    people = [UserFactory(role="team") for _ in range(3)]
    rate("80", role="team")
    rate("120", person=people[0], day=date(2025, 1, 10))
    for index in range(accounts):
        account = AccountFactory()
        for person in people:
            for day in (3, 11, 20):
                spend(person, account, date(2025, 1, day), 15 + index)

    with CaptureQueriesContext(connection) as queries:
        costs = time_costs(Account.objects.all(), JANUARY, base="PLN")

    assert len(queries) == 3  # the time by account, person and day; the rates; the fx
    assert len(costs.costs) == accounts
    assert all(minutes == 0 for minutes in costs.unpriced_minutes.values())


def test_daily_time_sums_a_persons_entries_of_a_day_and_carries_their_role(world):
    spend(world.member, world.account, date(2025, 1, 5), 20)
    spend(world.member, world.account, date(2025, 1, 5), 25)

    rows = daily_time([world.account.pk], date(2025, 1, 1), date(2025, 1, 31))

    assert [(r.user_id, r.role, r.spent_on, r.minutes) for r in rows] == [
        (world.member.pk, "team", date(2025, 1, 5), 45)
    ]


def test_cost_of_capital_is_ten_percent_until_set(world):
    assert cost_of_capital() == Decimal("10.00")

    EconomicsSettings.objects.filter(pk=1).update(cost_of_capital=Decimal("7.25"))

    assert cost_of_capital() == Decimal("7.25")
