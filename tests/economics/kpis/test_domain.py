"""The KPI formulas: no database."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from keyplan.economics.kpis import domain

D = Decimal
amounts = st.decimals(min_value=0, max_value=10**9, places=4, allow_nan=False)
portfolios = st.dictionaries(st.integers(1, 500), amounts, min_size=1, max_size=30)


@given(portfolios)
def test_an_unchanged_portfolio_keeps_everything(revenue):
    kept = domain.retention(revenue, revenue, revenue)
    if sum(revenue.values()) > 0:
        assert kept.gross == kept.net == D(100)
    else:
        assert kept.gross is kept.net is None


@given(portfolios, portfolios)
def test_net_retention_is_never_below_gross(previous, current):
    kept = domain.retention(previous, current, previous)
    if kept.gross is not None:
        assert kept.net >= kept.gross
        assert D(0) <= kept.gross <= D(100)


def test_a_lost_account_counts_as_zero_and_a_new_one_not_at_all():
    kept = domain.retention({1, 2}, {1: D(150), 3: D(999)}, {1: D(100), 2: D(100)})
    assert kept.gross == D("50.00")  # min(150, 100) + 0 over 200
    assert kept.net == D("75.00")  # 150 over 200; account 3 is not in the cohort


def test_growth_needs_a_positive_base():
    assert domain.growth(D(120), D(100)) == D("20.00")
    assert domain.growth(D(120), D(0)) is None
    assert domain.growth(D(0), D(50)) == D("-100.00")


def test_share_of_wallet_scales_to_a_year():
    assert domain.share_of_wallet({1: D(300), 2: D(50)}, {1: D(2400)}, 6) == D("25.00")
    assert domain.share_of_wallet({1: D(300)}, {}, 12) is None


def test_win_rate_cycle_satisfaction_and_cost():
    assert domain.win_rate(3, 1) == D("75.00")
    assert domain.win_rate(0, 0) is None
    assert domain.sales_cycle([10, 21]) == D("15.5")
    assert domain.sales_cycle([]) is None
    assert domain.mean_score([(D("8.00"), 1), (D("5.00"), 3)]) == D("5.75")
    assert domain.mean_score([]) is None
    assert domain.cost_per_new_account(D("150"), 2) == D("75.00")
    assert domain.cost_per_new_account(D("150"), 0) is None


def test_criteria_growth_over_the_accounts_scored_on_both_days():
    growth, level = domain.criteria_growth({1: D(5), 2: D(9)}, {1: D(6), 3: D(2)}, {1, 2, 3})
    assert growth == D("20.00")
    assert level == D("4.00")
    assert domain.criteria_growth({}, {}, {1}) == (None, None)


def test_status_knows_which_way_is_better():
    assert domain.status("win_rate", D(40), D(50)) == "behind"
    assert domain.status("win_rate", D(50), D(50)) == "on"
    assert domain.status("sales_cycle", D(40), D(50)) == "on"
    assert domain.status("cost_per_new_account", D(60), D(50)) == "behind"
    assert domain.status("win_rate", None, D(50)) is None
    assert domain.status("win_rate", D(50), None) is None


def test_the_years_shown_and_the_target_ranges():
    today = date(2026, 12, 5)
    assert domain.years_shown(today) == [2023, 2024, 2025, 2026]
    assert domain.years_shown(today, 2030) == [2023, 2024, 2025, 2026]
    assert domain.years_shown(today, 2025, 2024) == [2024, 2025]
    assert len(domain.years_shown(today, None, 1990)) == domain.MAX_YEARS
    assert domain.target_problems("satisfaction", 2026, D(11), today) == {"value": "range"}
    assert domain.target_problems("revenue_growth", 2040, D(5), today) == {"year": "range"}
    assert domain.target_problems("revenue_growth", 2026, D(-100), today) == {}
    assert domain.target_problems("nope", 2026, D(1), today) == {"kpi": "unknown"}
