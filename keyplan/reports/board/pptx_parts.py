"""The building blocks of the PowerPoint files (python-pptx): the template (the
administrator's upload from the report settings, else python-pptx's own default
template, so no third-party file ships), slides on its first layouts, native tables,
native charts (editable in PowerPoint) and text boxes."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.util import Emu, Pt

from ..models import ReportSettings

TABLE_ROWS = 12  # body rows of a table on one slide; longer tables continue on the next
TITLE_TYPES = (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE)
CENT = Decimal("0.01")


@dataclass(frozen=True)
class Box:
    left: int
    top: int
    width: int
    height: int

    def split(self, parts: int = 2, gap: int = 228600) -> list[Box]:
        """The box cut into `parts` columns side by side."""
        width = (self.width - gap * (parts - 1)) // parts
        return [
            Box(self.left + index * (width + gap), self.top, width, self.height)
            for index in range(parts)
        ]


def open_template(settings: ReportSettings | None = None):
    """A new presentation on the board template: the uploaded one (its slides removed,
    its masters and layouts kept), else python-pptx's default. A template that no longer
    opens falls back to the default rather than fail the pack."""
    settings = settings or ReportSettings.current()
    if settings.board_template:
        try:
            with settings.board_template.open("rb") as file:
                presentation = Presentation(io.BytesIO(file.read()))
        except Exception:  # a broken upload must not stop the pack
            return Presentation()
        _drop_slides(presentation)
        return presentation
    return Presentation()


def _drop_slides(presentation) -> None:
    ids = presentation.slides._sldIdLst  # python-pptx has no public "delete slide"
    for slide_id in list(ids):
        presentation.part.drop_rel(slide_id.rId)
        ids.remove(slide_id)


def _title_only_layout(presentation):
    """The first layout after the title layout whose only placeholder is a title (the
    default template's "Title Only"), else the second layout, else the first."""
    layouts = list(presentation.slide_layouts)
    for layout in layouts[1:]:
        kinds = {p.placeholder_format.type for p in layout.placeholders}
        if kinds & set(TITLE_TYPES) and not kinds & {PP_PLACEHOLDER.BODY, PP_PLACEHOLDER.OBJECT}:
            return layout
    return layouts[1] if len(layouts) > 1 else layouts[0]


def _remove_empty_placeholders(slide, keep: set[int]) -> None:
    for shape in list(slide.placeholders):
        if shape.placeholder_format.idx not in keep:
            shape._element.getparent().remove(shape._element)


def _set_title(slide, text: str) -> int | None:
    for shape in slide.placeholders:
        if shape.placeholder_format.type in TITLE_TYPES:
            shape.text_frame.text = text
            return shape.placeholder_format.idx
    return None


def title_slide(presentation, title: str, lines: Sequence[str]) -> None:
    """The first slide, on the first layout: the title and a subtitle of `lines`."""
    slide = presentation.slides.add_slide(presentation.slide_layouts[0])
    title_idx = _set_title(slide, title)
    keep: set[int] = set() if title_idx is None else {title_idx}
    subtitle = next((s for s in slide.placeholders if s.placeholder_format.idx not in keep), None)
    if subtitle is not None:
        subtitle.text_frame.text = "\n".join(lines)
        keep.add(subtitle.placeholder_format.idx)
    _remove_empty_placeholders(slide, keep)


def content_slide(presentation, title: str):
    """A slide with `title` on the template's title-only layout, and the box under the
    title that the content may fill."""
    slide = presentation.slides.add_slide(_title_only_layout(presentation))
    idx = _set_title(slide, title)
    _remove_empty_placeholders(slide, {idx} if idx is not None else set())
    width, height = presentation.slide_width, presentation.slide_height
    margin = width // 20
    top = height // 5
    if idx is None:  # a layout without a title: write it in a text box
        text(slide, Box(margin, margin // 2, width - 2 * margin, top - margin), [title], size=24)
    return slide, Box(margin, top, width - 2 * margin, height - top - margin // 2)


def text(slide, box: Box, lines: Sequence[str], *, size: int = 12) -> None:
    shape = slide.shapes.add_textbox(Emu(box.left), Emu(box.top), Emu(box.width), Emu(box.height))
    frame = shape.text_frame
    frame.word_wrap = True
    for index, line in enumerate(lines or [""]):
        paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        paragraph.text = line
        paragraph.font.size = Pt(size)


def table(slide, box: Box, header: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    """A native table: the header row and `rows` (strings, already formatted)."""
    height = min(box.height, Emu(Pt(22)) * (len(rows) + 1))
    shape = slide.shapes.add_table(
        len(rows) + 1, len(header), Emu(box.left), Emu(box.top), Emu(box.width), Emu(height)
    )
    grid = shape.table
    for column, label in enumerate(header):
        _cell(grid.cell(0, column), label, bold=True)
    for number, row in enumerate(rows, start=1):
        for column, value in enumerate(row):
            _cell(grid.cell(number, column), value)


def _cell(cell, value: str, *, bold: bool = False) -> None:
    cell.text = value
    for paragraph in cell.text_frame.paragraphs:
        paragraph.font.size = Pt(10)
        paragraph.font.bold = bold


def table_slides(presentation, title: str, header, rows, *, empty: str, more: str) -> None:
    """`rows` on as many slides as they need (TABLE_ROWS each); `empty` when none.
    `more`: the title suffix of the following slides."""
    if not rows:
        slide, box = content_slide(presentation, title)
        text(slide, box, [empty])
        return
    for start in range(0, len(rows), TABLE_ROWS):
        slide, box = content_slide(presentation, title if start == 0 else f"{title} {more}")
        table(slide, box, header, rows[start : start + TABLE_ROWS])


def _number(value: Decimal | float | int | None) -> float | None:
    if value is None:
        return None
    return float(Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP))


def bar_chart(slide, box: Box, categories, series: dict[str, Sequence], *, number_format="#,##0"):
    """A native clustered column chart, one series per entry of `series`."""
    data = CategoryChartData(number_format=number_format)
    data.categories = list(categories)
    for name, values in series.items():
        data.add_series(name, [_number(v) for v in values])
    frame = slide.shapes.add_chart(
        XL_CHART_TYPE.COLUMN_CLUSTERED,
        Emu(box.left),
        Emu(box.top),
        Emu(box.width),
        Emu(box.height),
        data,
    )
    _legend(frame.chart, len(series))
    return frame.chart


def line_chart(slide, box: Box, categories, series: dict[str, Sequence], *, number_format="#,##0"):
    """A native line chart, one series per entry of `series`."""
    data = CategoryChartData(number_format=number_format)
    data.categories = list(categories)
    for name, values in series.items():
        data.add_series(name, [_number(v) for v in values])
    frame = slide.shapes.add_chart(
        XL_CHART_TYPE.LINE, Emu(box.left), Emu(box.top), Emu(box.width), Emu(box.height), data
    )
    _legend(frame.chart, len(series))
    return frame.chart


def _legend(chart, series: int) -> None:
    chart.has_legend = True
    chart.legend.position = XL_LEGEND_POSITION.BOTTOM
    chart.legend.include_in_layout = False
    if series == 1:
        chart.plots[0].vary_by_categories = False


def to_bytes(presentation) -> bytes:
    buffer = io.BytesIO()
    presentation.save(buffer)
    return buffer.getvalue()
