"""Receivables per account at a date, through the database (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from itertools import count

from django.db import connection
from django.test.utils import CaptureQueriesContext

from keyplan.sales.cash.selectors import (
    account_cash,
    cash_as_of_default,
    cash_trend,
    open_and_overdue,
)
from keyplan.sales.models import ExchangeRate, Payment
from tests.factories import AccountFactory

D = Decimal
AS_OF = date(2026, 6, 30)
_documents = count(1)


def pay(account, *, due, paid=None, amount="100", currency="PLN", invoiced=None):
    return Payment.objects.create(
        account=account,
        document_number=f"FV/{next(_documents)}",
        payment_key="1",
        invoice_date=invoiced,
        due_date=due,
        paid_date=paid,
        amount=D(amount),
        currency=currency,
    )


def test_open_overdue_and_buckets_at_a_date(world):
    account = world.account
    pay(account, due=date(2026, 7, 15), amount="10.0001")  # not yet due: current
    pay(account, due=None, amount="1")  # no due date: current
    pay(account, due=date(2026, 6, 20), amount="20")  # 10 days overdue
    pay(account, due=date(2026, 5, 1), amount="30")  # 60 days
    pay(account, due=date(2026, 4, 1), amount="40")  # 90 days
    pay(account, due=date(2026, 1, 1), amount="50")  # 180 days
    pay(account, due=date(2026, 6, 1), paid=date(2026, 7, 2), amount="5")  # paid after: open
    pay(account, due=date(2026, 6, 1), paid=date(2026, 6, 10), amount="7")  # paid: closed

    cash = account_cash(None, as_of=AS_OF, base="PLN").values[account.pk]
    assert cash.open == D("156.0001")
    assert cash.overdue == D("145")
    assert cash.buckets == {
        "current": D("11.0001"),
        "d1_30": D("25"),
        "d31_60": D("30"),
        "d61_90": D("40"),
        "over_90": D("50"),
    }
    assert sum(cash.buckets.values()) == cash.open
    assert (cash.open_items, cash.overdue_items) == (7, 5)
    assert cash.paid == D("7")  # paid in the 365 days up to the date


def test_dso_and_days_late(world):
    account = world.account
    pay(account, due=date(2026, 3, 1), paid=date(2026, 3, 11), amount="100")  # 10 late
    pay(account, due=date(2026, 4, 1), paid=date(2026, 3, 30), amount="300")  # 2 early
    pay(account, due=date(2026, 6, 1), amount="400")  # open, 29 days overdue
    pay(account, due=date(2024, 1, 1), paid=date(2024, 2, 1), amount="999")  # outside
    cash = account_cash([account.pk], as_of=AS_OF, base="PLN").values[account.pk]
    assert cash.billed == D("800")
    assert cash.dso == (D(400) / D(800) * 365).quantize(D("0.1"))
    assert cash.days_late == D("1.0")  # (100 x 10 - 300 x 2) / 400


def test_invoice_date_decides_when_an_item_is_open(world):
    pay(world.account, invoiced=date(2026, 7, 1), due=date(2026, 7, 31), amount="100")
    pay(world.account, invoiced=date(2026, 6, 1), due=date(2026, 7, 1), amount="50")
    cash = account_cash(None, as_of=AS_OF, base="PLN").values[world.account.pk]
    assert cash.open == D("50")  # the first was issued after the date


def test_currencies_are_converted_and_missing_rates_listed(world):
    ExchangeRate.objects.create(currency="EUR", rate=D("4.30"))
    pay(world.account, due=date(2026, 6, 1), amount="10", currency="EUR")
    pay(world.account, due=date(2026, 6, 1), amount="1", currency="PLN")
    pay(world.other_account, due=date(2026, 6, 1), amount="10", currency="USD")
    report = account_cash(None, as_of=AS_OF, base="PLN")
    assert report.values[world.account.pk].open == D("44.00")
    assert world.other_account.pk not in report.values
    assert report.missing_rates == ["USD"]


def test_only_the_given_accounts_are_read(world):
    pay(world.account, due=date(2026, 6, 1))
    pay(world.other_account, due=date(2026, 6, 1))
    report = account_cash(
        type(world.account).objects.filter(pk=world.account.pk), as_of=AS_OF, base="PLN"
    )
    assert set(report.values) == {world.account.pk}
    assert report.total.open == D("100")


def test_one_query_whatever_the_number_of_accounts(world):
    for _ in range(20):
        pay(AccountFactory(), due=date(2026, 6, 1))
    with CaptureQueriesContext(connection) as queries:
        report = account_cash(None, as_of=AS_OF, base="PLN")
    assert len(report.values) == 20
    assert len(queries) == 2  # the rates and the grouped sums


def test_trend_has_one_point_per_month_ending_at_the_date(world):
    pay(world.account, invoiced=date(2026, 1, 10), due=date(2026, 2, 10), paid=date(2026, 4, 20))
    pay(world.account, invoiced=date(2026, 5, 5), due=date(2026, 6, 5), amount="50")
    with CaptureQueriesContext(connection) as queries:
        points = cash_trend([world.account.pk], as_of=AS_OF, base="PLN", months=6)
    assert len(queries) == 7
    assert [p.day for p in points] == [
        date(2026, 1, 31),
        date(2026, 2, 28),
        date(2026, 3, 31),
        date(2026, 4, 30),
        date(2026, 5, 31),
        date(2026, 6, 30),
    ]
    assert [p.open for p in points] == [D(100), D(100), D(100), D(0), D(50), D(50)]
    assert [p.overdue for p in points] == [D(0), D(100), D(100), D(0), D(0), D(50)]
    assert points[3].days_late == D("69.0")  # paid 20 April, due 10 February
    assert points[0].days_late is None


def test_default_date_is_the_last_payment_day_but_never_after_today(world):
    assert cash_as_of_default() is None
    pay(world.account, due=date(2020, 1, 1), paid=date(2020, 3, 1))
    assert cash_as_of_default() == date(2020, 3, 1)
    pay(world.account, due=date(2999, 1, 1))
    assert cash_as_of_default() == date.today()


def test_average_open_over_month_ends_in_one_query(world):
    from keyplan.sales.cash.selectors import average_open, month_ends

    days = month_ends(date(2026, 1, 15), date(2026, 4, 2))
    assert days == [date(2026, 1, 31), date(2026, 2, 28), date(2026, 3, 31), date(2026, 4, 30)]
    # Open from its invoice on 10 February until paid on 20 April: open at 2 of 4 month ends.
    pay(world.account, invoiced=date(2026, 2, 10), due=date(2026, 3, 10), paid=date(2026, 4, 20))
    pay(world.other_account, due=date(2026, 1, 1), amount="10.0002")  # never paid
    with CaptureQueriesContext(connection) as queries:
        averages, missing = average_open(None, days, base="PLN")
    assert len(queries) == 2  # the rates and the sums
    assert averages == {world.account.pk: D(50), world.other_account.pk: D("10.0002")}
    assert missing == []
    assert average_open(None, [], base="PLN") == ({}, [])


def _open_and_overdue_world(world):
    ExchangeRate.objects.create(currency="EUR", rate=D("4.30"))
    account, other = world.account, world.other_account
    pay(account, due=date(2026, 7, 15), amount="10.0001")  # current
    pay(account, due=None, amount="1")
    pay(account, due=date(2026, 6, 20), amount="20.5", currency="EUR")  # overdue
    pay(account, due=date(2026, 6, 1), paid=date(2026, 7, 2), amount="5")  # open at the date
    pay(account, due=date(2026, 6, 1), paid=date(2026, 6, 10), amount="7")  # closed
    pay(account, invoiced=date(2026, 7, 1), due=date(2026, 7, 31), amount="100")  # not issued
    pay(other, due=date(2026, 6, 1), paid=date(2026, 6, 2), amount="3")  # nothing open
    pay(other, due=date(2026, 6, 1), amount="10", currency="USD")  # no rate
    AccountFactory()  # no items at all


def test_open_and_overdue_are_account_cashs_own(world):
    _open_and_overdue_world(world)
    rates = {"PLN": D(1), "EUR": D("4.30")}
    light = open_and_overdue(None, as_of=AS_OF, rates=rates)
    full = account_cash(None, as_of=AS_OF, base="PLN").values
    assert light == {pk: (cash.open, cash.overdue) for pk, cash in full.items()}
    assert light[world.account.pk] == (D("104.1501"), D("93.15"))
    assert light[world.other_account.pk] == (D("0"), D("0"))  # items, none open or rated


def test_open_and_overdue_reads_only_the_given_accounts_in_one_query(world):
    _open_and_overdue_world(world)
    with CaptureQueriesContext(connection) as queries:
        light = open_and_overdue([world.other_account.pk], as_of=AS_OF, rates={"PLN": D(1)})
    assert len(queries) == 1
    assert light == {world.other_account.pk: (D("0"), D("0"))}
