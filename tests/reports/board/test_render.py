"""The board pack's content and files, read back: PPTX with python-pptx (native charts
with the right values, native tables), PDF with pypdf (titles, names, page numbers)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from pptx.enum.chart import XL_CHART_TYPE

from keyplan.reports.board.content import board_content
from keyplan.reports.board.pdf import render_board_pdf
from keyplan.reports.board.pptx_render import render_board_pptx
from tests.factories import AccountFactory
from tests.plans.support import rollup

from .support import month, pdf_pages, pdf_text, portfolio, presentation, slide_texts

pytestmark = pytest.mark.django_db


def _charts(deck):
    return [shape.chart for slide in deck.slides for shape in slide.shapes if shape.has_chart]


def test_content_covers_every_section(world):
    portfolio(world)
    steps = []
    content = board_content(user=world.director, progress=steps.append)
    assert steps == sorted(steps) and steps[-1] == 75
    assert [bar.name for bar in content.pareto] == [world.account.name, world.other_account.name]
    assert content.pareto[0].value == Decimal("6000.00")
    strategic = {c.key: c for c in content.classes}["strategic"]
    assert strategic.count == 1 and strategic.moved_in == 1
    assert [m.name for m in content.moves] == [world.account.name]
    assert [row.name for row in content.strategic] == [world.account.name]
    assert content.strategic[0].revenue == Decimal("6000.00")
    assert content.whale.accounts == 2
    assert [d.title for d in content.decisions] == ["Trade fair stand"]
    assert [d.title for d in content.pending] == ["Engineer for the audit"]
    assert content.alignment[0].saa is not None
    (slide,) = content.accounts
    assert slide.name == world.account.name
    assert [g.title for g in slide.goals] == ["Grow revenue"]
    assert any("Engineer for the audit" in ask for ask in slide.asks)


def test_content_of_a_kam_covers_only_their_accounts(world):
    portfolio(world)
    content = board_content(user=world.outsider)
    assert [bar.name for bar in content.pareto] == [world.other_account.name]
    assert content.strategic == [] and content.accounts == []


def test_pptx_has_native_charts_and_tables(world):
    portfolio(world)
    deck = presentation(render_board_pptx(board_content(user=world.director)))
    charts = _charts(deck)
    kinds = [chart.chart_type for chart in charts]
    assert XL_CHART_TYPE.COLUMN_CLUSTERED in kinds and XL_CHART_TYPE.LINE in kinds
    pareto = next(c for c in charts if c.chart_type == XL_CHART_TYPE.COLUMN_CLUSTERED)
    assert list(pareto.plots[0].categories) == [world.account.name, world.other_account.name]
    assert list(pareto.series[0].values) == [6000.0, 1500.0]
    whale = next(c for c in charts if c.chart_type == XL_CHART_TYPE.LINE)
    assert list(whale.plots[0].categories) == ["1", "2"]
    values = list(whale.series[0].values)
    assert len(values) == 2 and values[0] <= values[1]
    texts = [slide_texts(slide) for slide in deck.slides]
    table = next(t for t in texts if "Plan completeness" in t and "Contribution" in t)
    assert world.account.name in table and "6,000.00" in table
    assert any("Trade fair stand" in t for t in texts)
    assert texts[-1].startswith(world.account.name) or world.account.name in texts[-1]
    assert "Engineer for the audit" in texts[-1]


def test_pdf_reads_back_with_titles_names_and_page_numbers(world):
    portfolio(world)
    data = render_board_pdf(board_content(user=world.director))
    text = pdf_text(data)
    pages = pdf_pages(data)
    assert "Key account portfolio: board pack" in text
    assert "Pareto: revenue by account" in text and "Whale curve" in text
    assert world.account.name in text and "Trade fair stand" in text
    assert f"1 / {pages}" in text and f"{pages} / {pages}" in text
    assert b"<svg" not in data  # drawn as vector paths, not embedded markup


def test_empty_portfolio_still_renders(world):
    content = board_content(user=world.director)
    assert content.pareto == [] and content.whale.accounts == 0
    deck = presentation(render_board_pptx(content))
    assert len(deck.slides) >= 8
    assert "Key account portfolio" in pdf_text(render_board_pdf(content))


def _queries(user) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from keyplan.core import dataversion

    dataversion.clear()  # count a cold read each time: the cached Pareto saves queries
    with CaptureQueriesContext(connection) as captured:
        board_content(user=user)
    return len(captured)


def test_content_reads_a_fixed_number_of_queries(world):
    portfolio(world)
    board_content(user=world.director)  # settings rows are created on the first read
    few = _queries(world.director)
    for index in range(4):
        account = AccountFactory(name=f"Strategic {index}", account_class="strategic")
        rollup(account, month(1), "100.00", "50.00")
    assert _queries(world.director) == few
