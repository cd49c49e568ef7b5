"""account_signals: the facts of many accounts in a fixed number of queries."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

from keyplan.accounts.models import Account
from keyplan.economics.signals.selectors import account_signals, last_full_month
from tests.economics.pnl.support import sale
from tests.factories import AccountFactory, ContactFactory

from .support import AS_OF, lively

D = Decimal


def test_last_full_month():
    assert last_full_month(date(2026, 6, 30)) == date(2026, 6, 1)
    assert last_full_month(date(2026, 6, 29)) == date(2026, 5, 1)
    assert last_full_month(date(2026, 1, 15)) == date(2025, 12, 1)


def test_the_signals_of_a_lively_account(world):
    lively(world)
    s = account_signals([world.account.pk], as_of=AS_OF, base="PLN")[world.account.pk]
    assert (s.revenue.recent, s.revenue.before) == (D("300"), D("200"))
    assert s.revenue.ratio == D("0.5")
    assert s.revenue_12m == D("400") and s.gross_profit_12m == D("170")
    assert s.gross_margin.recent == D("40") and s.gross_margin.before == D("50")
    assert (s.days_late.recent, s.days_late.before) == (D("10.0"), D("0.0"))
    assert s.open_amount == D("150") and s.overdue_amount == D("100")
    assert s.plan_completeness is not None and s.plan_updated_on is not None
    assert (s.open_actions, s.overdue_actions) == (2, 1)
    assert {a.competitor for a in s.competitor_alerts} >= {"Borex", "Acme"}
    keys = [(a.code, a.competitor_id) for a in s.competitor_alerts]
    assert len(keys) == len(set(keys))
    assert s.satisfaction == D("8.00") and s.satisfaction_answers == 2
    risks = [(r.code, r.person_id) for r in s.relationship_risks]
    assert risks and len(risks) == len(set(risks))


def test_an_account_without_data_says_nothing(world):
    s = account_signals([world.other_account.pk], as_of=AS_OF, base="PLN")[world.other_account.pk]
    assert s.revenue.recent is None and s.revenue.ratio is None
    assert s.gross_margin.recent is None and s.days_late.recent is None
    assert s.plan_completeness is None and s.plan_updated_on is None
    assert s.satisfaction is None and s.satisfaction_answers == 0
    assert s.competitor_alerts == []


def test_a_currency_without_rate_is_left_out(world):
    sale(world.account, date(2026, 6, 1), "100", "50")
    from keyplan.sales.models import MonthlyRollup

    MonthlyRollup.objects.create(
        account=world.account, month=date(2026, 5, 1), currency="XXX", revenue=D("999"), cost=0
    )
    s = account_signals([world.account.pk], as_of=AS_OF, base="PLN")[world.account.pk]
    assert s.revenue_12m == D("100")


def test_queries_do_not_grow_with_accounts(world):
    lively(world)

    def count(ids) -> int:
        with CaptureQueriesContext(connection) as queries:
            account_signals(ids, as_of=AS_OF, base="PLN")
        return len(queries)

    count([world.account.pk])
    before = count([world.account.pk, world.other_account.pk])
    for _ in range(5):
        extra = AccountFactory()
        ContactFactory(account=extra)
        sale(extra, date(2026, 6, 1), "10", "5")
    ids = [world.account.pk, world.other_account.pk, *range(extra.pk - 4, extra.pk + 1)]
    assert count(ids) == before
    assert account_signals([], as_of=AS_OF, base="PLN") == {}


def test_a_queryset_of_accounts_gives_the_same_signals_as_their_ids(world):
    lively(world)  # the lively account has contacts, risks, alerts, a plan, answers
    bare = AccountFactory.create_batch(50)  # nothing at all: one shared assessment
    ids = list(Account.objects.values_list("pk", flat=True))
    by_ids = account_signals(ids, as_of=AS_OF, base="PLN")
    params: list[int] = []

    def count_params(execute, sql, values, many, context):
        params.append(len(values or ()))
        return execute(sql, values, many, context)

    with connection.execute_wrapper(count_params):
        by_queryset = account_signals(Account.objects.all(), as_of=AS_OF, base="PLN")

    assert by_queryset == by_ids
    assert by_ids[world.account.pk].relationship_risks
    assert (
        by_ids[bare[0].pk].relationship_risks == by_ids[world.other_account.pk].relationship_risks
    )
    assert by_ids[bare[0].pk].relationship_risks is not by_ids[bare[1].pk].relationship_risks
    # The accounts go to every query as a subquery, never as a list of their ids.
    assert len(ids) > 50 and max(params) < len(ids)
