"""The pure rules of the monthly report."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from keyplan.reports.monthly import domain
from keyplan.reports.monthly.svg import bar_heights, revenue_chart
from keyplan.reports.validators import image_type


def test_parse_month():
    assert domain.parse_month("2025-03") == date(2025, 3, 1)
    for bad in ("2025-13", "2025-3", "March", "", "2025-03-01", "1999-12"):
        with pytest.raises(domain.MonthError):
            domain.parse_month(bad)
    with pytest.raises(domain.MonthError):
        domain.parse_month("2025-05", today=date(2025, 4, 30))


def test_periods_compare_the_month_and_the_year_to_date_with_a_year_earlier():
    p = domain.periods(date(2024, 2, 1))
    assert p.month == (date(2024, 2, 1), date(2024, 2, 29))
    assert p.month_last_year == (date(2023, 2, 1), date(2023, 2, 28))
    assert p.ytd == (date(2024, 1, 1), date(2024, 2, 29))
    assert p.ytd_last_year == (date(2023, 1, 1), date(2023, 2, 28))


def test_last_full_month():
    assert domain.last_full_month(date(2025, 1, 1)) == date(2024, 12, 1)
    assert domain.last_full_month(date(2025, 3, 31)) == date(2025, 2, 1)


def test_growth_rounds_half_up_and_needs_a_positive_base():
    assert domain.growth(Decimal("1200"), Decimal("1000")) == Decimal("20.00")
    assert domain.growth(Decimal("1"), Decimal("3")) == Decimal("-66.67")
    assert domain.growth(Decimal("5"), Decimal("0")) is None


def test_kpi_line_is_exact_text():
    line = domain.kpi_line(Decimal("0.0001"), Decimal("0"), Decimal("10"), Decimal("8"))
    assert line == {
        "month": "0.0001",
        "month_last_year": "0",
        "month_change": None,
        "ytd": "10",
        "ytd_last_year": "8",
        "ytd_change": "25.00",
    }


actions = st.lists(
    st.fixed_dictionaries(
        {
            "title": st.text(max_size=5),
            "joint": st.booleans(),
            "due_on": st.one_of(st.none(), st.dates().map(date.isoformat)),
        }
    ),
    max_size=20,
)


@given(actions)
def test_next_actions_put_joint_first_then_dated_before_undated(rows):
    ordered = domain.next_actions_order(rows)
    assert sorted(map(id, ordered)) == sorted(map(id, rows))
    joint = [r["joint"] for r in ordered]
    assert joint == sorted(joint, reverse=True)
    for group in (True, False):
        dues = [r["due_on"] for r in ordered if r["joint"] is group]
        dated = [d for d in dues if d is not None]
        assert dues == dated + [None] * (len(dues) - len(dated))
        assert dated == sorted(dated)


def test_versions():
    existing = [domain.VersionState(1, True), domain.VersionState(2, False)]
    assert domain.next_version(existing) == 3
    assert domain.next_version([]) == 1
    assert domain.is_latest(existing[1], existing)
    assert not domain.is_latest(existing[0], existing)
    assert not domain.may_edit_in_place(existing[0])


@given(st.lists(st.decimals(min_value=-1000, max_value=10**9, places=4), max_size=24))
def test_bars_stay_inside_the_plot(values):
    heights = bar_heights(values, 100)
    assert len(heights) == len(values)
    assert all(0 <= h <= 100 for h in heights)


def test_chart_is_svg_without_script_or_style_and_escapes_labels():
    rows = [{"month": "2025-03", "revenue": "10", "revenue_last_year": "5"}]
    svg = revenue_chart(rows, colour="#112233", labels=("<b>", "x"), title="t&t")
    assert svg.startswith("<svg") and "<script" not in svg and "style=" not in svg
    assert "&lt;b&gt;" in svg and "t&amp;t" in svg
    assert revenue_chart([], colour="#112233", labels=("a", "b"), title="t") == ""


def test_image_type_reads_the_signature():
    assert image_type(b"\x89PNG\r\n\x1a\n....") == "image/png"
    assert image_type(b"\xff\xd8\xff\xe0") == "image/jpeg"
    assert image_type(b"<svg>") is None
