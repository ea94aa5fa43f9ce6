"""Charts drawn on the server as inline SVG, so they work without JavaScript and under a strict CSP.

Every chart is paired on its page with a data table and a one-sentence summary; the SVG itself carries a
title and description for screen readers, and never tells series apart by colour alone.

This module draws the radar (compass) chart; where its rings and labels go is worked out in ``radar_layout``.
"""

import hashlib
import json
import math
import re
from collections.abc import Sequence
from typing import Final
from xml.sax.saxutils import escape

from app.services.outputs.chart_style import (
    FONT_FAMILY,
    GRID_COLOUR,
    SECONDARY_TEXT_COLOUR,
    SERIES_STYLES,
    TEXT_COLOUR,
    SeriesStyle,
)
from app.services.outputs.radar_layout import (
    LABEL_FONT_SIZE,
    LINE_HEIGHT,
    PADDING,
    Box,
    Layout,
    text_width,
)
from app.services.outputs.radar_summary import RadarSeries, radar_summary

OUTER_RING_COLOUR: Final = "#6f777b"
TICK_FONT_SIZE: Final = 13


def radar_svg(
    *,
    title: str,
    labels: Sequence[str],
    series: Sequence[RadarSeries],
    scale_min: int = 1,
    scale_max: int = 7,
    size: int = 520,
) -> str:
    """Draw a compass (radar) chart: one spoke per theme clockwise from the top, one ring per scale step.

    A missing score breaks its series' outline rather than being drawn as zero, and gets no marker. The SVG
    uses presentation attributes only (the CSP forbids inline styles), escapes all text, and is the same
    string for the same input, with ids unique to that input so several charts can share a page.
    """
    _check(labels=labels, series=series, scale_min=scale_min, scale_max=scale_max)
    chart_id = _chart_id(title, labels, series, scale_min, scale_max, size)
    layout = Layout(labels=labels, scale_min=scale_min, scale_max=scale_max, size=size)
    body = [
        *_grid(layout),
        *_ticks(layout),
        *(_series_group(layout, one, style) for one, style in zip(series, SERIES_STYLES, strict=False)),
        *_labels(layout),
    ]
    legend, legend_box = _legend(series, top=layout.box.bottom + 2 * PADDING + 8)
    body.extend(legend)
    box = layout.box.union(legend_box).grow(PADDING)
    description = _description(labels=labels, series=series, scale_min=scale_min, scale_max=scale_max)
    return "\n".join(
        [
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{_n(box.left)} {_n(box.top)} '
            f'{_n(box.width)} {_n(box.height)}" width="{_n(box.width)}" height="{_n(box.height)}" '
            f'role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" '
            f'font-family="{FONT_FAMILY}" fill="{TEXT_COLOUR}">',
            f'<title id="{chart_id}-title">{escape(title)}</title>',
            f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
            *body,
            "</svg>",
        ]
    )


def _check(*, labels: Sequence[str], series: Sequence[RadarSeries], scale_min: int, scale_max: int) -> None:
    if len(labels) < 3:
        raise ValueError("A compass chart needs at least 3 themes; show fewer as a table")
    if scale_max <= scale_min:
        raise ValueError(f"The scale must run upwards, not from {scale_min} to {scale_max}")
    if len(series) > len(SERIES_STYLES):
        raise ValueError(f"A compass chart can show at most {len(SERIES_STYLES)} series legibly")
    for one in series:
        if len(one.values) != len(labels):
            raise ValueError(f"{one.name} has {len(one.values)} values for {len(labels)} themes")
        for value in one.values:
            if value is not None and not scale_min <= value <= scale_max:
                raise ValueError(f"{one.name} has {value}, outside the scale {scale_min} to {scale_max}")


def _chart_id(
    title: str,
    labels: Sequence[str],
    series: Sequence[RadarSeries],
    scale_min: int,
    scale_max: int,
    size: int,
) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:40].strip("-") or "chart"
    content = json.dumps(
        [title, list(labels), [[one.name, list(one.values)] for one in series], scale_min, scale_max, size]
    )
    return f"radar-{slug}-{hashlib.sha256(content.encode()).hexdigest()[:8]}"


def _grid(layout: Layout) -> list[str]:
    parts = ['<g class="radar-grid" fill="none">']
    for step in range(layout.steps):
        value = layout.scale_min + step
        points = " ".join(_xy(layout.point(i, value)) for i in range(len(layout.angles)))
        colour = OUTER_RING_COLOUR if step == layout.steps - 1 else GRID_COLOUR
        parts.append(f'<polygon class="radar-ring" points="{points}" stroke="{colour}" stroke-width="1"/>')
    for angle in layout.angles:
        x, y = layout.radius * math.cos(angle), layout.radius * math.sin(angle)
        parts.append(
            f'<line class="radar-spoke" x1="0" y1="0" x2="{_n(x)}" y2="{_n(y)}" '
            f'stroke="{GRID_COLOUR}" stroke-width="1"/>'
        )
    parts.append("</g>")
    return parts


def _ticks(layout: Layout) -> list[str]:
    # Halfway between the last spoke and the first, the scale numbers sit where no score marker can be.
    half_step = math.pi / len(layout.angles)
    angle = -math.pi / 2 - half_step
    parts = [
        f'<g class="radar-scale" font-size="{TICK_FONT_SIZE}" text-anchor="middle" '
        f'fill="{SECONDARY_TEXT_COLOUR}" stroke="#ffffff" stroke-width="3" paint-order="stroke">'
    ]
    for step in range(layout.steps):
        value = layout.scale_min + step
        distance = layout.ring_radius(value) * math.cos(half_step)
        x, y = distance * math.cos(angle), distance * math.sin(angle) + TICK_FONT_SIZE * 0.35
        parts.append(f'<text x="{_n(x)}" y="{_n(y)}">{value}</text>')
    parts.append("</g>")
    return parts


def _labels(layout: Layout) -> list[str]:
    line_step = f' dy="{_n(LABEL_FONT_SIZE * LINE_HEIGHT)}"'
    parts = [f'<g class="radar-labels" font-size="{LABEL_FONT_SIZE}">']
    for label in layout.labels:
        lines = "".join(
            f'<tspan x="{_n(label.x)}"{line_step if i else ""}>{escape(line)}</tspan>'
            for i, line in enumerate(label.lines)
        )
        parts.append(
            f'<text class="radar-label" x="{_n(label.x)}" y="{_n(label.y)}" text-anchor="{label.anchor}">'
            f"{lines}</text>"
        )
    parts.append("</g>")
    return parts


def _series_group(layout: Layout, series: RadarSeries, style: SeriesStyle) -> str:
    dash = f' stroke-dasharray="{style.dasharray}"' if style.dasharray else ""
    stroke = (
        f'stroke="{style.colour}" stroke-width="2.5" stroke-linejoin="round" stroke-linecap="round"{dash}'
    )
    parts = [f'<g class="radar-series" fill="none" {stroke}>']
    points = {i: layout.point(i, value) for i, value in enumerate(series.values) if value is not None}
    if len(points) == len(series.values):
        parts.append(f'<polygon points="{" ".join(_xy(point) for point in points.values())}"/>')
    else:
        for run in _runs(series.values):
            if len(run) > 1:
                parts.append(f'<polyline points="{" ".join(_xy(points[i]) for i in run)}"/>')
    parts.append(f'<g class="radar-markers" fill="{style.colour}" stroke="#ffffff" stroke-width="1">')
    parts.extend(_marker(style.marker, x, y) for x, y in points.values())
    parts.append("</g></g>")
    return "".join(parts)


def _runs(values: Sequence[float | None]) -> list[list[int]]:
    """Indices of consecutive known values, going round the circle, so a gap breaks the outline."""
    count = len(values)
    start = next(i for i, value in enumerate(values) if value is None)
    runs: list[list[int]] = []
    current: list[int] = []
    for offset in range(1, count + 1):
        index = (start + offset) % count
        if values[index] is None:
            if current:
                runs.append(current)
            current = []
        else:
            current.append(index)
    return runs


def _marker(shape: str, x: float, y: float, size: float = 5.5) -> str:
    s = size
    if shape == "circle":
        return f'<circle class="radar-marker" cx="{_n(x)}" cy="{_n(y)}" r="{_n(s * 0.85)}"/>'
    if shape == "square":
        side = s * 1.5
        return (
            f'<rect class="radar-marker" x="{_n(x - side / 2)}" y="{_n(y - side / 2)}" '
            f'width="{_n(side)}" height="{_n(side)}"/>'
        )
    outlines = {
        "triangle": [(0, -s * 1.1), (s, s * 0.7), (-s, s * 0.7)],
        "diamond": [(0, -s * 1.1), (s * 1.1, 0), (0, s * 1.1), (-s * 1.1, 0)],
        "downward triangle": [(0, s * 1.1), (s, -s * 0.7), (-s, -s * 0.7)],
        "cross": [
            (dx * s * 0.45 + sx * s * 0.8, dy * s * 0.45 + sy * s * 0.8)
            for sx, sy, dx, dy in (
                (-1, -1, 0, -1), (-1, -1, -1, 0), (0, 0, -1, 0),
                (-1, 1, -1, 0), (-1, 1, 0, 1), (0, 0, 0, 1),
                (1, 1, 0, 1), (1, 1, 1, 0), (0, 0, 1, 0),
                (1, -1, 1, 0), (1, -1, 0, -1), (0, 0, 0, -1),
            )
        ],
    }  # fmt: skip
    path = " L ".join(_xy((x + dx, y + dy)) for dx, dy in outlines[shape])
    return f'<path class="radar-marker" d="M {path} Z"/>'


def _legend(series: Sequence[RadarSeries], *, top: float) -> tuple[list[str], Box]:
    if not series:
        return [], Box(0, top, 0, top)
    row_height = LABEL_FONT_SIZE * 1.8
    sample = 44
    width = sample + 10 + max(text_width(one.name, LABEL_FONT_SIZE) for one in series)
    left = -width / 2
    parts = [f'<g class="radar-legend" font-size="{LABEL_FONT_SIZE}">']
    for row, (one, style) in enumerate(zip(series, SERIES_STYLES, strict=False)):
        y = top + row_height * (row + 0.5)
        dash = f' stroke-dasharray="{style.dasharray}"' if style.dasharray else ""
        text_x, text_y = left + sample + 10, y + LABEL_FONT_SIZE * 0.35
        parts.append(
            f'<line x1="{_n(left)}" y1="{_n(y)}" x2="{_n(left + sample)}" y2="{_n(y)}" '
            f'stroke="{style.colour}" stroke-width="2.5" stroke-linecap="round"{dash}/>'
            f'<g fill="{style.colour}" stroke="#ffffff" stroke-width="1">'
            f"{_marker(style.marker, left + sample / 2, y)}</g>"
            f'<text x="{_n(text_x)}" y="{_n(text_y)}">{escape(one.name)}</text>'
        )
    parts.append("</g>")
    return parts, Box(left, top, left + width, top + row_height * len(series))


def _description(
    *, labels: Sequence[str], series: Sequence[RadarSeries], scale_min: int, scale_max: int
) -> str:
    sentences = [
        f"Compass chart of {len(labels)} themes, scored from {scale_min} (a lot of room for improvement) "
        f"on the inner ring to {scale_max} (very little) on the outer ring."
    ]
    if not series:
        sentences.append("No scores have been recorded yet.")
    for one, style in zip(series, SERIES_STYLES, strict=False):
        sentences.append(
            f"{one.name}, {style.colour_name} {style.line_name} with {style.marker} markers: "
            + radar_summary(labels=labels, series=one, scale_max=scale_max)
        )
    return " ".join(sentences)


def _xy(point: tuple[float, float]) -> str:
    return f"{_n(point[0])},{_n(point[1])}"


def _n(value: float) -> str:
    """Coordinates to one decimal place: small, stable output with no "-0"."""
    text = f"{value:.1f}".removesuffix(".0")
    return "0" if text == "-0" else text
