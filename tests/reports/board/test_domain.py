"""The pure parts: sampling the whale curve, the SVG charts."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from keyplan.reports.board import domain, svg


@given(st.lists(st.integers(-1000, 1000), max_size=600), st.integers(2, 250))
def test_sample_keeps_the_ends_and_the_bound(values, limit):
    chosen = domain.sample(values, limit)
    assert len(chosen) <= limit
    if values:
        assert chosen[0] == values[0] and chosen[-1] == values[-1]


@given(st.lists(st.integers(-1000, 1000), min_size=1, max_size=600))
def test_whale_points_keep_the_peak_in_rank_order(contributions):
    running, cumulative = Decimal(0), []
    for value in sorted(contributions, reverse=True):
        running += value
        cumulative.append(running)
    points = domain.whale_points(cumulative, limit=50)
    assert max(p.cumulative for p in points) == max(cumulative)
    ranks = [p.rank for p in points]
    assert ranks == sorted(set(ranks)) and ranks[0] == 1 and ranks[-1] == len(cumulative)


def test_svg_charts_escape_and_draw():
    bars = svg.bar_chart(
        ["<b>A&B</b>", "C"],
        [Decimal("10"), Decimal("-5")],
        title="T <x>",
        colour="#123456",
        axis=("0", "10"),
        shares=[Decimal("0.6"), Decimal("1")],
    )
    assert "<b>" not in bars and "&lt;b&gt;A&amp;B" in bars and bars.count("<rect") == 2
    assert "<polyline" in bars and "style=" not in bars
    line = svg.line_chart(
        [1, 2, 3],
        [Decimal(5), Decimal(8), Decimal(-2)],
        title="W",
        colour="#123456",
        axis=("-2", "8"),
    )
    assert line.startswith("<svg") and "<polyline" in line
    assert svg.bar_chart([], [], title="x", colour="#000000", axis=("0", "0")) == ""
