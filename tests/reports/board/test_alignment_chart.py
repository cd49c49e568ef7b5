"""The board pack's alignment over the recorded periods: the mean of the accounts'
averages per period and kind, drawn as a native line chart in the PPTX and as an SVG line
chart in the PDF; a single period gives no chart (nothing to draw a line through)."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest
from pptx.enum.chart import XL_CHART_TYPE

from keyplan.execution.models import ELEMENTS, Checkpoint, CheckpointAnswer, CheckpointKind
from keyplan.reports.board import domain, svg
from keyplan.reports.board.content import board_content
from keyplan.reports.board.pdf import board_html
from keyplan.reports.board.pptx_render import render_board_pptx
from tests.factories import AccountFactory

from .support import month, portfolio, presentation

pytestmark = pytest.mark.django_db
TITLE = "Alignment trend"


def _round(account, user, kind: str, start: date, score: int) -> None:
    checkpoint = Checkpoint.objects.create(
        account=account, kind=kind, period_start=start, due_on=start
    )
    CheckpointAnswer.objects.bulk_create(
        CheckpointAnswer(checkpoint=checkpoint, user=user, element=element, score=score)
        for element in ELEMENTS[kind]
    )


def _history(world):
    """portfolio(): SAA 3.33 (4, 2, 4) at month(1). Added: SAA 2 at month(4) and 7S 3 at
    month(4) for world.account; another strategic account, SAA 4 at month(4)."""
    portfolio(world)
    _round(world.account, world.owner, CheckpointKind.SAA, month(4), 2)
    _round(world.account, world.owner, CheckpointKind.SEVEN_S, month(4), 3)
    second = AccountFactory(name="Second Strategic", owner=world.owner, account_class="strategic")
    _round(second, world.owner, CheckpointKind.SAA, month(4), 4)


def test_the_history_is_the_mean_of_the_accounts_per_period():
    history = domain.alignment_history(
        [(date(2026, 1, 1), Decimal(2)), (date(2026, 1, 1), Decimal(4)), (date(2026, 4, 1), None)],
        [(date(2026, 4, 1), Decimal(3))],
    )
    assert history == [
        domain.AlignmentPoint(date(2026, 1, 1), Decimal(3), None),
        domain.AlignmentPoint(date(2026, 4, 1), None, Decimal(3)),
    ]


def test_the_content_holds_the_alignment_per_recorded_period(world):
    _history(world)
    content = board_content(user=world.director)
    history = content.alignment_history
    assert [p.period for p in history] == [month(4), month(1)]
    assert history[0].saa == Decimal(3) and history[0].seven_s == Decimal(3)  # (2 + 4) / 2
    assert round(history[1].saa, 2) == Decimal("3.33") and history[1].seven_s is None


def test_the_pptx_draws_a_native_line_chart_of_the_periods(world):
    _history(world)
    deck = presentation(render_board_pptx(board_content(user=world.director)))
    slide = next(
        s for s in deck.slides if any(sh.has_chart for sh in s.shapes) and TITLE in _title(s)
    )
    chart = next(shape.chart for shape in slide.shapes if shape.has_chart)
    assert chart.chart_type == XL_CHART_TYPE.LINE
    assert len(list(chart.plots[0].categories)) == 2
    series = {s.name: list(s.values) for s in chart.series}
    assert series["SAA average"] == [3.0, 3.33]
    assert series["7S average"] == [3.0, None]


def _title(slide) -> str:
    return slide.shapes.title.text if slide.shapes.title is not None else ""


def test_the_pdf_draws_an_svg_line_chart_of_the_periods(world):
    _history(world)
    html = board_html(board_content(user=world.director))
    found = re.search(rf'<svg[^>]*aria-label="{TITLE}".*?</svg>', html, re.S)
    assert found, "no alignment chart"
    chart = found.group(0)
    lines = re.findall(r'<polyline points="([^"]+)"', chart)
    assert len(lines) == 1  # SAA over two periods; 7S has one point, no line
    plot_h = svg.HEIGHT - svg.TOP - svg.BOTTOM
    ys = [float(p.split(",")[1]) for p in lines[0].split()]
    expected = [svg.TOP + (5 - v) / 4 * plot_h for v in (3.0, 10 / 3)]
    assert ys == pytest.approx(expected, abs=0.1)
    assert len(re.findall(r"<circle ", chart)) == 3  # two SAA points and one 7S point
    assert "SAA average" in chart and "7S average" in chart


def test_a_single_period_gives_the_table_without_a_chart(world):
    portfolio(world)
    content = board_content(user=world.director)
    assert len(content.alignment_history) == 1
    html = board_html(content)
    assert f'aria-label="{TITLE}"' not in html
    assert "SAA average" in html  # the table of the latest averages is still there
    deck = presentation(render_board_pptx(content))
    assert not any(TITLE in _title(s) and any(sh.has_chart for sh in s.shapes) for s in deck.slides)
