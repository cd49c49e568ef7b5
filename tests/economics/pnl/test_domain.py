"""The P&L and the whale curve without a database."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from keyplan.economics.pnl.domain import PnL, total, waterfall, whale_curve

D = Decimal
amounts = st.builds(
    lambda units, places: D(units).scaleb(-places),
    st.integers(min_value=-(10**10), max_value=10**10),
    st.integers(min_value=0, max_value=4),
)


def test_a_pnl_down_to_the_contribution():
    pnl = PnL(
        revenue=D("1000"), gross_profit=D("300"), time=D("50"), services=D("20.5"), money=D("4.25")
    )
    assert pnl.cost_of_goods == D("700")
    assert pnl.cost_to_serve == D("74.75")
    assert pnl.contribution == D("225.25")
    assert pnl.gross_margin == D("0.3000")
    assert pnl.contribution_margin == D("0.2253")
    assert PnL().gross_margin is None  # no revenue, no margin


@given(amounts, amounts, amounts, amounts, amounts)
def test_contribution_is_gross_profit_less_cost_to_serve(revenue, gp, time, services, money):
    pnl = PnL(revenue, gp, time, services, money)
    assert pnl.contribution == gp - (time + services + money)
    steps = waterfall(pnl)
    assert [s.key for s in steps if s.subtotal] == ["revenue", "gross_profit", "contribution"]
    assert steps[0].amount + steps[1].amount == steps[2].amount
    assert sum((s.amount for s in steps[2:6]), D(0)) == steps[6].amount


@given(st.lists(st.tuples(amounts, amounts, amounts), max_size=20))
def test_totals_add_up(parts):
    pnls = [PnL(r, g, t) for r, g, t in parts]
    summed = total(pnls)
    assert summed.revenue == sum((p.revenue for p in pnls), D(0))
    assert summed.contribution == sum((p.contribution for p in pnls), D(0))


@given(st.dictionaries(st.integers(1, 10**6), amounts, min_size=1, max_size=40))
def test_the_whale_curve_ends_at_the_total_and_peaks_before_the_losses(contributions):
    curve = whale_curve(contributions)
    assert curve.points[-1].cumulative == curve.total == sum(contributions.values(), D(0))
    if curve.total > 0:
        assert curve.points[-1].share == D("1.0000")
    assert curve.peak - curve.destroyed == curve.total
    values = [p.contribution for p in curve.points]
    assert values == sorted(values, reverse=True)
    assert all(p.contribution >= 0 for p in curve.points[: curve.peak_accounts])
    assert curve.destroyers == sum(1 for v in values if v < 0)
    assert all(p.contribution <= 0 for p in curve.after_peak)


def test_the_whale_curve_names_its_peak():
    curve = whale_curve({1: D("100"), 2: D("50"), 3: D("-30"), 4: D("0"), 5: D("-20")})
    assert [p.account_id for p in curve.points] == [1, 2, 4, 5, 3]
    assert curve.total == D("100")
    assert (curve.peak, curve.peak_accounts, curve.peak_share) == (D("150"), 2, D("1.5000"))
    assert (curve.destroyers, curve.destroyed) == (2, D("50"))
    assert [p.share for p in curve.points] == [D("1"), D("1.5"), D("1.5"), D("1.3"), D("1")]


def test_ties_rank_by_name_then_id():
    curve = whale_curve({3: D("5"), 1: D("5"), 2: D("5")}, {3: "Alpha", 1: "Beta", 2: "Alpha"})
    assert [p.account_id for p in curve.points] == [2, 3, 1]


def test_a_portfolio_that_loses_money_has_no_shares():
    curve = whale_curve({1: D("10"), 2: D("-40")})
    assert curve.total == D("-30")
    assert curve.peak_share is None
    assert all(p.share is None for p in curve.points)
