"""The P&L composed from sales, service costs, time and receivables, through the database."""

from __future__ import annotations

from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

from keyplan.economics.pnl.selectors import PnLFilters, account_pnl, account_pnls, pnl_table
from tests.factories import AccountFactory

from .support import MAY, books, sale

D = Decimal


def test_the_pnl_of_an_account(world):
    books(world)
    pnl = account_pnls(None, MAY, base="PLN").values[world.account.pk]
    assert (pnl.revenue, pnl.gross_profit) == (D("1000"), D("400"))
    assert pnl.services == D("50")
    assert pnl.time == D("60")
    # 365 open at the one month end x 10% x 31 days / 365
    assert pnl.money == D("3.1")
    assert pnl.contribution == D("400") - D("50") - D("60") - D("3.1")


def test_a_loss_making_account_and_the_whale_curve(world):
    books(world)
    table = pnl_table(user=world.director, period=MAY, filters=PnLFilters())
    assert [row.name for row in table.rows] == ["Polmet Sp. z o.o.", "Other Customer GmbH"]
    other = table.rows[1].pnl
    assert other.contribution == D("-190")
    curve = table.whale()
    assert curve.peak_accounts == 1
    assert curve.destroyers == 1 and curve.destroyed == D("190")
    assert curve.total == table.total.contribution


def test_a_kam_sees_only_own_accounts_and_totals(world):
    books(world)
    table = pnl_table(user=world.owner, period=MAY, filters=PnLFilters())
    assert [row.account_id for row in table.rows] == [world.account.pk]
    assert table.total.revenue == D("1000")


def test_unpriced_time_is_reported_never_guessed(world):
    from datetime import date

    from keyplan.stakeholders.models import TimeEntry

    books(world)
    TimeEntry.objects.create(
        user=world.member, account=world.account, spent_on=date(2026, 5, 6), minutes=45
    )
    report = account_pnls(None, MAY, base="PLN")
    assert report.unpriced_minutes == 45
    assert report.values[world.account.pk].time == D("60")


def test_queries_do_not_grow_with_accounts(world):
    from datetime import date

    books(world)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            pnl_table(user=world.director, period=MAY, filters=PnLFilters())
        return len(queries)

    count()  # the first run creates the settings rows
    before = count()
    for _ in range(10):
        sale(AccountFactory(), date(2026, 5, 1), "10", "5")
    assert count() == before


def test_one_account_month_by_month(world):
    from datetime import date

    from keyplan.sales.figures.domain import Period

    books(world)
    detail = account_pnl(account=world.account, period=Period(date(2026, 4, 1), date(2026, 5, 31)))
    assert [m.date_from for m, _p in detail.months] == [date(2026, 4, 1), date(2026, 5, 1)]
    assert detail.months[1][1].revenue == D("1000")
    assert detail.months[0][1].revenue == D("0")
    assert detail.pnl.revenue == sum((p.revenue for _m, p in detail.months), D(0))
