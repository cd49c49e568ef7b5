"""Vector charts for the PDFs, drawn on the server as inline SVG (no JavaScript: they print
as they are): a bar chart, optionally with a cumulative-share line over it (the Pareto),
and a line chart whose values may go below zero (the whale curve). Presentation
attributes only (no style attribute). Figures are scaled to pixels here only; the
amounts themselves stay exact everywhere else."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from html import escape

WIDTH, HEIGHT = 760, 300
LEFT, RIGHT, TOP, BOTTOM = 56, 40, 16, 70
AXIS = "#666666"
TEXT = "#333333"
LINE = "#c0504d"


def _bounds(values: Sequence[Decimal]) -> tuple[float, float]:
    """(low, high) of the axis: zero always shown, never an empty range."""
    low = min([0.0, *(float(v) for v in values)])
    high = max([0.0, *(float(v) for v in values)])
    return (low, high) if high > low else (low, low + 1.0)


def _open(title: str) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="board-chart" viewBox="0 0 {WIDTH} '
        f'{HEIGHT}" width="100%" role="img" aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
    ]


def _text(x: float, y: float, text: str, *, anchor: str = "middle", rotate: bool = False) -> str:
    turn = f' transform="rotate(-40 {x:.1f} {y:.1f})"' if rotate else ""
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="9" text-anchor="{anchor}" fill="{TEXT}"'
        f"{turn}>{escape(text)}</text>"
    )


def _axis_labels(low: float, high: float, y_of, labels: tuple[str, str]) -> list[str]:
    """The value axis: its low and high ends, labelled with `labels` (formatted by the
    caller in the reader's language)."""
    return [
        f'<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{HEIGHT - BOTTOM}" stroke="{AXIS}"/>',
        _text(LEFT - 4, y_of(high) + 3, labels[1], anchor="end"),
        _text(LEFT - 4, y_of(low) + 3, labels[0], anchor="end"),
    ]


def bar_chart(
    categories: Sequence[str],
    values: Sequence[Decimal],
    *,
    title: str,
    colour: str,
    axis: tuple[str, str],
    shares: Sequence[Decimal | None] | None = None,
) -> str:
    """Bars of `values` over `categories`; `shares` (0-1) drawn as a line on a 0-100%
    scale over them (the Pareto's cumulative share). `axis`: the low and high labels."""
    if not values:
        return ""
    low, high = _bounds(values)
    plot_h = HEIGHT - TOP - BOTTOM

    def y_of(value: float) -> float:
        return TOP + (high - value) / (high - low) * plot_h

    slot = (WIDTH - LEFT - RIGHT) / len(values)
    zero = y_of(0.0)
    parts = _open(title) + _axis_labels(low, high, y_of, axis)
    parts.append(
        f'<line x1="{LEFT}" y1="{zero:.1f}" x2="{WIDTH - RIGHT}" y2="{zero:.1f}" stroke="{AXIS}"/>'
    )
    for index, (label, value) in enumerate(zip(categories, values, strict=True)):
        x = LEFT + index * slot + slot * 0.15
        top = min(y_of(float(value)), zero)
        height = abs(y_of(float(value)) - zero)
        parts.append(
            f'<rect x="{x:.1f}" y="{top:.1f}" width="{slot * 0.7:.1f}" height="{height:.1f}" '
            f'fill="{escape(colour)}"/>'
        )
        parts.append(_text(x + slot * 0.35, HEIGHT - BOTTOM + 12, label[:18], rotate=True))
    if shares:
        points = " ".join(
            f"{LEFT + (i + 0.5) * slot:.1f},{TOP + (1 - float(s)) * plot_h:.1f}"
            for i, s in enumerate(shares)
            if s is not None
        )
        parts.append(f'<polyline points="{points}" fill="none" stroke="{LINE}" stroke-width="2"/>')
        parts.append(_text(WIDTH - RIGHT + 4, TOP + 3, "100%", anchor="start"))
    parts.append("</svg>")
    return "".join(parts)


def line_chart(
    xs: Sequence[int], values: Sequence[Decimal], *, title: str, colour: str, axis: tuple[str, str]
) -> str:
    """A line of `values` at positions `xs` (e.g. account ranks), zero line drawn."""
    if not values:
        return ""
    low, high = _bounds(values)
    plot_h = HEIGHT - TOP - BOTTOM
    first, last = xs[0], max(xs[-1], xs[0] + 1)

    def y_of(value: float) -> float:
        return TOP + (high - value) / (high - low) * plot_h

    def x_of(position: int) -> float:
        return LEFT + (position - first) / (last - first) * (WIDTH - LEFT - RIGHT)

    zero = y_of(0.0)
    points = " ".join(
        f"{x_of(x):.1f},{y_of(float(v)):.1f}" for x, v in zip(xs, values, strict=True)
    )
    parts = _open(title) + _axis_labels(low, high, y_of, axis)
    parts += [
        f'<line x1="{LEFT}" y1="{zero:.1f}" x2="{WIDTH - RIGHT}" y2="{zero:.1f}" stroke="{AXIS}"/>',
        f'<polyline points="{points}" fill="none" stroke="{escape(colour)}" stroke-width="2"/>',
        _text(LEFT, HEIGHT - BOTTOM + 14, str(xs[0]), anchor="start"),
        _text(WIDTH - RIGHT, HEIGHT - BOTTOM + 14, str(xs[-1]), anchor="end"),
        "</svg>",
    ]
    return "".join(parts)


def _segments(points: list[tuple[float, float] | None]) -> list[list[tuple[float, float]]]:
    """Runs of known points: a period without a value breaks the line."""
    runs: list[list[tuple[float, float]]] = [[]]
    for point in points:
        if point is None:
            runs.append([])
        else:
            runs[-1].append(point)
    return [run for run in runs if run]


def series_chart(
    categories: Sequence[str],
    series: dict[str, Sequence[Decimal | None]],
    *,
    title: str,
    colours: Sequence[str],
    scale: tuple[float, float],
    axis: tuple[str, str],
) -> str:
    """One line per entry of `series` over `categories` (periods), on the fixed value
    `scale` (low, high), with a dot at each known value and a legend below."""
    if not categories or not series:
        return ""
    low, high = scale
    plot_h = HEIGHT - TOP - BOTTOM
    slot = (WIDTH - LEFT - RIGHT) / len(categories)

    def y_of(value: float) -> float:
        return TOP + (high - value) / (high - low) * plot_h

    parts = _open(title) + _axis_labels(low, high, y_of, axis)
    base = y_of(low)
    parts.append(
        f'<line x1="{LEFT}" y1="{base:.1f}" x2="{WIDTH - RIGHT}" y2="{base:.1f}" stroke="{AXIS}"/>'
    )
    for index, label in enumerate(categories):
        parts.append(_text(LEFT + (index + 0.5) * slot, base + 14, label))
    for number, (name, values) in enumerate(series.items()):
        colour = escape(colours[number % len(colours)])
        points = [
            None if v is None else (LEFT + (i + 0.5) * slot, y_of(float(v)))
            for i, v in enumerate(values)
        ]
        for run in _segments(points):
            if len(run) < 2:
                continue  # a lone value: its dot below
            joined = " ".join(f"{x:.1f},{y:.1f}" for x, y in run)
            parts.append(
                f'<polyline points="{joined}" fill="none" stroke="{colour}" stroke-width="2"/>'
            )
        parts += [
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{colour}"/>'
            for point in points
            if point is not None
            for x, y in [point]
        ]
        legend_x = LEFT + number * 180
        parts.append(
            f'<rect x="{legend_x}" y="{HEIGHT - 24}" width="12" height="4" fill="{colour}"/>'
        )
        parts.append(_text(legend_x + 16, HEIGHT - 19, name, anchor="start"))
    parts.append("</svg>")
    return "".join(parts)
