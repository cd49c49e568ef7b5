"""The board pack as a PowerPoint file: native, editable charts (a column chart for the
Pareto, a line chart for the whale curve) and native tables, on the board template's
first layouts. Texts and numbers in the active language (the caller overrides it)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from . import domain, present
from . import pptx_parts as parts
from .pptx_accounts import account_slide

MORE = "(…)"


def _header_split(box: parts.Box) -> tuple[parts.Box, parts.Box]:
    head = box.height // 8
    return (
        parts.Box(box.left, box.top, box.width, head),
        parts.Box(box.left, box.top + head, box.width, box.height - head),
    )


def _title(presentation, content: domain.BoardContent) -> None:
    lines = [content.company] if content.company else []
    lines += [present.period_text(content), present.generated_text(content)]
    parts.title_slide(presentation, content.title, lines)


def _pareto(presentation, content: domain.BoardContent) -> None:
    slide, box = parts.content_slide(presentation, _("Pareto: revenue by account"))
    top, chart_box = _header_split(box)
    parts.text(slide, top, [present.pareto_summary(content)])
    if content.pareto:
        parts.bar_chart(
            slide,
            chart_box,
            [bar.name for bar in content.pareto],
            {_("Revenue") + f" ({content.currency})": [bar.value for bar in content.pareto]},
        )


def _classes(presentation, content: domain.BoardContent) -> None:
    counts, moved = present.classes(content), present.moves(content)
    slide, box = parts.content_slide(presentation, counts.title)
    left, right = box.split()
    parts.table(slide, left, counts.header, counts.rows)
    if moved.rows:
        parts.table(slide, right, moved.header, moved.rows[: parts.TABLE_ROWS])
    else:
        parts.text(slide, right, [moved.empty])


def _whale(presentation, content: domain.BoardContent) -> None:
    slide, box = parts.content_slide(presentation, _("Whale curve: cumulative contribution"))
    top, chart_box = _header_split(box)
    parts.text(slide, top, [present.whale_summary(content)])
    if content.whale and content.whale.points:
        parts.line_chart(
            slide,
            chart_box,
            [str(p.rank) for p in content.whale.points],
            {
                _("Cumulative contribution") + f" ({content.currency})": [
                    p.cumulative for p in content.whale.points
                ]
            },
        )


def _alignment(presentation, content: domain.BoardContent) -> None:
    """A native line chart of the alignment over the recorded periods (when there are two
    or more), then the table of each account's latest average and trend."""
    chart = present.alignment_chart(content)
    section = present.alignment(content)
    if chart is not None:
        categories, series = chart
        slide, box = parts.content_slide(presentation, section.title)
        top, chart_box = _header_split(box)
        parts.text(slide, top, [present.alignment_summary(content)])
        parts.line_chart(slide, chart_box, categories, series, number_format="0.0")
    _table(presentation, section)


def _table(presentation, section: present.Section) -> None:
    parts.table_slides(
        presentation, section.title, section.header, section.rows, empty=section.empty, more=MORE
    )


def render_board_pptx(content: domain.BoardContent, presentation=None) -> bytes:
    """The board pack's .pptx bytes (the presentation from `pptx_parts.open_template`)."""
    presentation = presentation if presentation is not None else parts.open_template()
    _title(presentation, content)
    _pareto(presentation, content)
    _classes(presentation, content)
    _table(presentation, present.strategic(content))
    _whale(presentation, content)
    _table(presentation, present.warnings(content))
    for section in present.decisions(content):
        _table(presentation, section)
    _alignment(presentation, content)
    for slide in content.accounts:
        account_slide(presentation, slide, content.currency)
    return parts.to_bytes(presentation)
