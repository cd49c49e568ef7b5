"""The Pareto analysis is computed once per data version and viewer (issue #19, "Load
held"): a repeat reads the computed result, and any change to what the analysis reads
(rollups, accounts, teams, rates, portfolio settings, users) gives new figures. Users who
see different accounts never share rows or totals."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from keyplan.accounts.models import AccountClass
from keyplan.core import dataversion
from keyplan.core.fields import to_minor
from keyplan.portfolio.models import Metric, PortfolioSettings
from keyplan.portfolio.pareto.selectors import pareto
from keyplan.sales.figures.domain import Period
from keyplan.sales.models import ExchangeRate, MonthlyRollup
from keyplan.sales.services import apply_rollup_deltas, rollup_rebuild
from tests.factories import TeamMemberFactory

D = Decimal
MARCH = date(2024, 3, 1)
YEAR_2024 = Period(date(2024, 1, 1), date(2024, 12, 31))


def sale(account, revenue, cost=0, currency="PLN"):
    MonthlyRollup.objects.create(
        account=account, month=MARCH, revenue=D(revenue), cost=D(cost), currency=currency, lines=1
    )


def analysis(user, metric=Metric.REVENUE):
    return pareto(user=user, metric=metric, period=YEAR_2024)


def values(result) -> dict[str, Decimal]:
    return {row.name: row.value for row in result.rows}


def test_a_repeat_reads_the_computed_result_in_one_query(world, django_assert_num_queries):
    sale(world.account, "1000")
    PortfolioSettings.load()  # its first load creates the settings (a change of its own)
    first = analysis(world.director)
    with django_assert_num_queries(1):  # the data version
        again = analysis(world.director)
    assert again is first
    assert values(again) == {world.account.name: D("1000.00")}


def test_new_rollups_and_a_rebuild_give_new_figures(world):
    sale(world.account, "1000")
    assert analysis(world.director).total == D("1000.00")

    key = (world.other_account.pk, MARCH, 0, "", "PLN")
    apply_rollup_deltas({key: [to_minor(D(3000)), 0, D(0), 1]})  # an import's batch
    assert values(analysis(world.director)) == {
        world.other_account.name: D("3000.00"),
        world.account.name: D("1000.00"),
    }

    rollup_rebuild()  # no invoice lines: every rollup goes
    assert analysis(world.director).rows == []


def test_a_class_change_shows_on_the_next_read(world):
    sale(world.account, "1000")
    before = analysis(world.director).rows[0].account_class
    after = next(key for key in AccountClass.values if key != before)
    world.account.account_class = after
    world.account.save()
    assert analysis(world.director).rows[0].account_class == after


def test_a_rate_change_converts_again(world):
    ExchangeRate.objects.create(currency="EUR", rate=D("4"))
    sale(world.account, "100", currency="EUR")
    assert analysis(world.director).total == D("400.00")
    rate = ExchangeRate.objects.get(currency="EUR")
    rate.rate = D("5")
    rate.save()
    assert analysis(world.director).total == D("500.00")


def test_portfolio_settings_change_the_threshold(world):
    sale(world.account, "1000")
    assert analysis(world.director).threshold == D("0.8")
    settings = PortfolioSettings.load()
    settings.pareto_share = D("70")
    settings.save()
    assert analysis(world.director).threshold == D("0.7")


def test_users_who_see_different_accounts_never_share_rows_or_totals(world):
    sale(world.account, "1000")  # the owner's account
    sale(world.other_account, "3000")  # the outsider's
    everyone = analysis(world.director)
    mine = analysis(world.owner)
    theirs = analysis(world.outsider)
    assert everyone.total == D("4000.00") and len(everyone.rows) == 2
    assert values(mine) == {world.account.name: D("1000.00")} and mine.total == D("1000.00")
    assert values(theirs) == {world.other_account.name: D("3000.00")}
    assert theirs.total == D("3000.00")
    # the other way round (a scoped user first), and again from the cache
    dataversion.clear()
    assert analysis(world.outsider).total == D("3000.00")
    assert analysis(world.director).total == D("4000.00")
    assert analysis(world.owner).total == D("1000.00")
    assert analysis(world.admin).total == D("4000.00")


def test_joining_a_team_widens_what_the_cached_analysis_shows(world):
    sale(world.account, "1000")
    sale(world.other_account, "3000")
    assert analysis(world.owner).total == D("1000.00")
    TeamMemberFactory(account=world.other_account, user=world.owner)
    assert analysis(world.owner).total == D("4000.00")


def test_the_page_follows_a_change(world, client_for):
    sale(world.account, "1000")
    client = client_for("director")
    url = "/portfolio/pareto/?date_from=2024-01&date_to=2024-12"
    assert "1,000.00" in client.get(url).content.decode()
    key = (world.account.pk, MARCH, 0, "", "PLN")
    apply_rollup_deltas({key: [to_minor(D(1000)), 0, D(0), 1]})
    page = client.get(url).content.decode()
    assert "2,000.00" in page and "1,000.00" not in page


def test_a_login_alone_changes_no_version(world, client_for):
    before = dataversion.current()
    client_for("director")  # force_login stamps the last login only
    assert dataversion.current() == before
    world.director.first_name = "Renamed"
    world.director.save()
    assert dataversion.current() != before
