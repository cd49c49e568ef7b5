"""The company's figures of a period (`account_figures(None, ...)`) are read once per data
version and shared by the analyses of that period (the Pareto, the classification
preview, the data scores, the suggestions); any change to the rollups or the rates gives
new figures, and a subset of accounts is always read afresh."""

from __future__ import annotations

from decimal import Decimal

from keyplan.core.fields import to_minor
from keyplan.portfolio.classification.selectors import classification_preview
from keyplan.portfolio.models import Metric
from keyplan.portfolio.pareto import freshness as portfolio_freshness
from keyplan.portfolio.pareto.selectors import pareto
from keyplan.sales.figures import freshness as sales_freshness
from keyplan.sales.figures.selectors import account_figures, account_metrics
from keyplan.sales.models import ExchangeRate, MonthlyRollup
from keyplan.sales.services import apply_rollup_deltas
from tests.portfolio.pareto.test_cache import MARCH, YEAR_2024, sale

D = Decimal


def test_every_account_is_read_once_per_data_version(world, django_assert_num_queries):
    sale(world.account, "1000", "400")
    first = account_figures(None, YEAR_2024, base="PLN")
    with django_assert_num_queries(1):  # the data version only
        again = account_figures(None, YEAR_2024, base="PLN")
    assert again is first
    assert first.values == {world.account.pk: (D("1000.00"), D("600.00"))}


def test_the_analyses_of_a_period_share_one_read(world):
    sale(world.account, "1000", "400")
    pareto(user=world.director, metric=Metric.GROSS_PROFIT, period=YEAR_2024)
    shared = account_figures(None, YEAR_2024, base="PLN")
    preview = classification_preview(user=world.director, period=YEAR_2024)
    metrics = account_metrics(YEAR_2024, None, base="PLN", metrics={"gross_profit"})
    assert account_figures(None, YEAR_2024, base="PLN") is shared
    row = next(r for r in preview.rows if r.account_id == world.account.pk)
    assert (row.revenue, row.gross_profit) == (D("1000.00"), D("600.00"))
    assert metrics[world.account.pk]["gross_profit"] == D("600.00")


def test_new_rollups_and_rates_give_new_figures(world):
    sale(world.account, "1000")
    assert account_figures(None, YEAR_2024, base="PLN").values[world.account.pk][0] == D("1000")
    key = (world.account.pk, MARCH, 0, "", "PLN")
    apply_rollup_deltas({key: [to_minor(D(500)), 0, D(0), 1]})  # an import's batch
    assert account_figures(None, YEAR_2024, base="PLN").values[world.account.pk][0] == D("1500")
    assert account_metrics(YEAR_2024, None, base="PLN", metrics={"revenue"})[world.account.pk][
        "revenue"
    ] == D("1500")

    ExchangeRate.objects.create(currency="EUR", rate=D("4"))
    sale(world.other_account, "100", currency="EUR")
    assert account_figures(None, YEAR_2024, base="PLN").values[world.other_account.pk][0] == D(
        "400"
    )
    rate = ExchangeRate.objects.get(currency="EUR")
    rate.rate = D("5")
    rate.save()
    assert account_figures(None, YEAR_2024, base="PLN").values[world.other_account.pk][0] == D(
        "500"
    )


def test_a_deleted_rate_leaves_its_currency_out_at_once(world):
    ExchangeRate.objects.create(currency="EUR", rate=D("4"))
    sale(world.other_account, "100", currency="EUR")
    assert world.other_account.pk in account_figures(None, YEAR_2024, base="PLN").values
    ExchangeRate.objects.get(currency="EUR").delete()
    figures = account_figures(None, YEAR_2024, base="PLN")
    assert world.other_account.pk not in figures.values
    assert figures.missing_rates == ["EUR"]


def test_the_figures_sources_are_watched_by_their_owner_not_the_portfolio():
    assert (ExchangeRate,) == sales_freshness.WATCHED
    assert not set(portfolio_freshness.WATCHED) & {ExchangeRate, MonthlyRollup}


def test_a_subset_of_accounts_is_read_afresh(world, django_assert_num_queries):
    sale(world.account, "1000")
    sale(world.other_account, "3000")
    account_figures([world.account.pk], YEAR_2024, base="PLN")
    with django_assert_num_queries(2):  # the rates and the sums: not cached
        only = account_figures([world.account.pk], YEAR_2024, base="PLN")
    assert set(only.values) == {world.account.pk}
