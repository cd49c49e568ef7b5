"""The profitability matrix's rules without a database."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from keyplan.economics.matrix.domain import (
    DEVELOP,
    FIX,
    GROW,
    NO_REVENUE,
    PLACES,
    QUADRANTS,
    REPRICE,
    median,
    quadrant,
    quadrant_totals,
    split,
)
from keyplan.economics.pnl.domain import PnL, total

D = Decimal
amounts = st.builds(
    lambda units, places: D(units).scaleb(-places),
    st.integers(min_value=-(10**9), max_value=10**9),
    st.integers(min_value=0, max_value=4),
)
pnls = st.builds(PnL, amounts, amounts, amounts, amounts, amounts)


def test_the_median_of_odd_and_even_counts():
    assert median([]) is None
    assert median([D(3), D(1), D(2)]) == D(2)
    assert median([D(4), D(1), D(2), D(3)]) == D("2.5")


def test_four_quadrants_at_the_median_revenue_and_the_portfolio_margin():
    big_good = PnL(revenue=D(1000), gross_profit=D(500), services=D(100))  # 40%
    big_bad = PnL(revenue=D(800), gross_profit=D(100), services=D(90))  # 1.25%
    small_good = PnL(revenue=D(100), gross_profit=D(50))  # 50%
    small_bad = PnL(revenue=D(50), gross_profit=D(10), services=D(40))  # -60%
    costs_only = PnL(services=D(30))
    where = split([big_good, big_bad, small_good, small_bad, costs_only])
    assert where is not None
    assert where.revenue == D(450)  # (100 + 800) / 2; the account without revenue is out
    assert where.total_revenue == D(1950) and where.contribution == D(430)
    assert where.margin == D("0.2205")
    assert quadrant(big_good, where) == GROW
    assert quadrant(big_bad, where) == FIX
    assert quadrant(small_good, where) == DEVELOP
    assert quadrant(small_bad, where) == REPRICE
    assert quadrant(costs_only, where) == NO_REVENUE


def test_at_a_line_is_on_its_high_side_and_no_revenue_splits_nothing():
    only = PnL(revenue=D(10), gross_profit=D(1))
    where = split([only])
    assert where is not None and where.revenue == D(10)
    assert quadrant(only, where) == GROW  # its own median and its own margin
    assert split([PnL(services=D(5)), PnL(revenue=D(-3))]) is None
    assert quadrant(PnL(revenue=D(-3)), None) == NO_REVENUE


def test_quadrant_totals_keep_the_places_order():
    a = PnL(revenue=D(10), gross_profit=D(5))
    totals = quadrant_totals([(GROW, a), (GROW, a), (NO_REVENUE, PnL(services=D(1)))])
    assert [t.key for t in totals] == list(PLACES)
    assert totals[0].accounts == 2 and totals[0].pnl.revenue == D(20)
    assert totals[-1].accounts == 1 and totals[1].accounts == 0


@given(st.lists(pnls, max_size=30))
def test_every_plotted_account_is_in_exactly_one_quadrant(values):
    where = split(values)
    places = [quadrant(pnl, where) for pnl in values]
    for pnl, place in zip(values, places, strict=True):
        if pnl.revenue > 0:
            assert place in QUADRANTS
            high_revenue = pnl.revenue >= where.revenue
            margin = Fraction(pnl.contribution) / Fraction(pnl.revenue)
            high_margin = margin >= Fraction(where.contribution) / Fraction(where.total_revenue)
            expected = {
                (True, True): GROW,
                (True, False): FIX,
                (False, True): DEVELOP,
                (False, False): REPRICE,
            }[(high_revenue, high_margin)]
            assert place == expected
        else:
            assert place == NO_REVENUE
    totals = quadrant_totals(zip(places, values, strict=True))
    assert sum(t.accounts for t in totals) == len(values)
    assert total(t.pnl for t in totals) == total(values)


@given(st.lists(pnls, min_size=1, max_size=30))
def test_the_revenue_split_halves_the_plotted_accounts(values):
    where = split(values)
    drawn = [pnl for pnl in values if pnl.revenue > 0]
    if not drawn:
        assert where is None
        return
    high = sum(1 for pnl in drawn if pnl.revenue >= where.revenue)
    assert high >= len(drawn) / 2  # at least half on the high side ...
    assert len(drawn) - high <= len(drawn) / 2  # ... and at most half below
