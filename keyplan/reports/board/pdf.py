"""The board pack as a PDF (WeasyPrint): A4 landscape, one section per page, page numbers
"n / N" in the footer, the charts as inline vector SVG drawn on the server (no script),
tables whose header repeats and whose rows are never cut across pages. Nothing is
fetched: the logo is inline and no other resource is referenced."""

from __future__ import annotations

import re

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from keyplan.core.money import format_money

from ..models import ReportSettings
from ..monthly.present import DEFAULT_COLOUR, logo_data_uri
from . import domain, present, svg

TEMPLATE = "reports/board/pack_pdf.html"


def branding() -> dict:
    """The company's logo (inline), colour (checked: it goes into CSS) and footer."""
    current = ReportSettings.current()
    colour = current.primary_colour or ""
    return {
        "colour": colour if re.fullmatch(r"#[0-9a-fA-F]{6}", colour) else DEFAULT_COLOUR,
        "logo": logo_data_uri(current),
        "footer": current.footer_text,
    }


def _charts(content: domain.BoardContent, colour: str) -> tuple[str, str]:
    pareto = svg.bar_chart(
        [bar.name for bar in content.pareto],
        [bar.value for bar in content.pareto],
        title=_("Pareto: revenue by account"),
        colour=colour,
        axis=(
            "0",
            format_money(max((b.value for b in content.pareto), default=0), content.currency),
        ),
        shares=[bar.cumulative_share for bar in content.pareto],
    )
    whale = ""
    if content.whale and content.whale.points:
        values = [p.cumulative for p in content.whale.points]
        whale = svg.line_chart(
            [p.rank for p in content.whale.points],
            values,
            title=_("Whale curve: cumulative contribution"),
            colour=colour,
            axis=(
                format_money(min([domain.ZERO, *values]), content.currency),
                format_money(max([domain.ZERO, *values]), content.currency),
            ),
        )
    return mark_safe(pareto), mark_safe(whale)  # noqa: S308 - built by svg.py, text escaped


def _alignment(content: domain.BoardContent, colour: str) -> dict:
    """The alignment page: its line chart over the recorded periods (when there are two
    or more), then the latest average of each account with its trend arrow."""
    block = vars(present.alignment(content)).copy()
    chart = present.alignment_chart(content)
    if chart is not None:
        categories, series = chart
        block["summary"] = present.alignment_summary(content)
        block["chart"] = mark_safe(  # noqa: S308 - built by svg.py, text escaped
            svg.series_chart(
                categories,
                series,
                title=block["title"],
                colours=[colour, svg.LINE],
                scale=(1.0, 5.0),
                axis=("1", "5"),
            )
        )
    return block


def _accounts(content: domain.BoardContent) -> list[dict]:
    return [
        {
            "title": present.account_title(slide),
            "pnl_header": present.pnl_header(),
            "pnl": present.pnl_rows(slide, content.currency),
            "goal_header": present.goal_header(),
            "goals": present.goal_rows(slide),
            "side": present.side_lines(slide, content.currency),
        }
        for slide in content.accounts
    ]


def board_html(content: domain.BoardContent) -> str:
    """The pack as one standalone HTML document in the active language."""
    brand = branding()
    pareto_chart, whale_chart = _charts(content, brand["colour"])
    whale = {
        "title": _("Whale curve: cumulative contribution"),
        "summary": present.whale_summary(content),
        "chart": whale_chart,
    }
    tables = [
        present.strategic(content),
        whale,
        present.warnings(content),
        *present.decisions(content),
        _alignment(content, brand["colour"]),
    ]
    return render_to_string(
        TEMPLATE,
        {
            **brand,
            "language": get_language(),
            "content": content,
            "period": present.period_text(content),
            "pareto_summary": present.pareto_summary(content),
            "pareto_chart": pareto_chart,
            "classes": present.classes(content),
            "moves": present.moves(content),
            "tables": tables,
            "accounts": _accounts(content),
        },
    )


STYLESHEET = "reports/board/pdf_style.css"


def html_to_pdf(html: str, *, orientation: str = "landscape") -> bytes:
    """The document as PDF, with the packs' stylesheet (a template: the page orientation
    and the company's colour; the templates themselves hold no style element)."""
    from weasyprint import CSS, HTML
    from weasyprint.urls import URLFetcher

    fetcher = URLFetcher(allowed_protocols={"data"}, timeout=5)
    css = render_to_string(STYLESHEET, {"orientation": orientation, "colour": branding()["colour"]})
    return HTML(string=html, base_url=None, url_fetcher=fetcher).write_pdf(
        stylesheets=[CSS(string=css, url_fetcher=fetcher)]
    )


def render_board_pdf(content: domain.BoardContent) -> bytes:
    return html_to_pdf(board_html(content))
