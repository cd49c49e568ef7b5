"""The report's chart as inline SVG (no JavaScript: it prints in the PDF as on screen):
revenue per month as bars, beside the same month a year earlier. Presentation attributes
only (no style attribute), so the page's Content-Security-Policy allows it."""

from __future__ import annotations

from decimal import Decimal
from html import escape

WIDTH, HEIGHT = 640, 220
LEFT, RIGHT, TOP, BOTTOM = 8, 8, 12, 36
GREY = "#b8c2cc"


def bar_heights(values: list[Decimal], height: int) -> list[int]:
    """Each value's bar height in pixels, scaled to the largest; negatives as 0."""
    top = max((v for v in values if v > 0), default=Decimal(0))
    if top <= 0:
        return [0 for _ in values]
    return [int(max(v, Decimal(0)) / top * height) for v in values]


def revenue_chart(rows: list[dict], *, colour: str, labels: tuple[str, str], title: str) -> str:
    """SVG markup of `rows` ({month, revenue, revenue_last_year}) with a legend."""
    if not rows:
        return ""
    plot_h = HEIGHT - TOP - BOTTOM
    slot = (WIDTH - LEFT - RIGHT) / len(rows)
    bar = max(slot / 2 - 2, 1)
    current = bar_heights([Decimal(r["revenue"]) for r in rows], plot_h)
    before = bar_heights([Decimal(r["revenue_last_year"]) for r in rows], plot_h)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="report-chart" viewBox="0 0 {WIDTH} '
        f'{HEIGHT}" width="100%" role="img" aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
        f'<line x1="{LEFT}" y1="{TOP + plot_h}" x2="{WIDTH - RIGHT}" y2="{TOP + plot_h}" '
        'stroke="#666" stroke-width="1"/>',
    ]
    for index, row in enumerate(rows):
        x = LEFT + index * slot + 1
        parts.append(
            f'<rect x="{x:.1f}" y="{TOP + plot_h - before[index]}" width="{bar:.1f}" '
            f'height="{before[index]}" fill="{GREY}"/>'
        )
        parts.append(
            f'<rect x="{x + bar + 1:.1f}" y="{TOP + plot_h - current[index]}" '
            f'width="{bar:.1f}" height="{current[index]}" fill="{escape(colour)}"/>'
        )
        parts.append(
            f'<text x="{x + bar:.1f}" y="{TOP + plot_h + 12}" font-size="9" '
            f'text-anchor="middle" fill="#333">{escape(row["month"][2:])}</text>'
        )
    legend_y = HEIGHT - 8
    parts += [
        f'<rect x="{LEFT}" y="{legend_y - 8}" width="10" height="8" fill="{escape(colour)}"/>',
        f'<text x="{LEFT + 14}" y="{legend_y}" font-size="9" fill="#333">'
        f"{escape(labels[0])}</text>",
        f'<rect x="{LEFT + 200}" y="{legend_y - 8}" width="10" height="8" fill="{GREY}"/>',
        f'<text x="{LEFT + 214}" y="{legend_y}" font-size="9" fill="#333">'
        f"{escape(labels[1])}</text>",
        "</svg>",
    ]
    return "".join(parts)
