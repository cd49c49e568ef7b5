"""A strategic account's slide in the board pack: the P&L summary and the goals on the
left (native tables), the top warnings, risks and asks on the right."""

from __future__ import annotations

from django.utils.translation import gettext as _

from . import domain, present
from . import pptx_parts as parts

GAP = 91440  # 0.1 inch


def account_slide(presentation, data: domain.AccountSlide, currency: str) -> None:
    slide, box = parts.content_slide(presentation, present.account_title(data))
    left, right = box.split()
    half = left.height // 2
    parts.table(
        slide,
        parts.Box(left.left, left.top, left.width, half),
        present.pnl_header(),
        present.pnl_rows(data, currency),
    )
    goals_box = parts.Box(left.left, left.top + half + GAP, left.width, half - GAP)
    if data.goals:
        parts.table(slide, goals_box, present.goal_header(), present.goal_rows(data))
    else:
        parts.text(slide, goals_box, [_("No goals in a current plan.")])
    parts.text(slide, right, present.side_lines(data, currency), size=11)
