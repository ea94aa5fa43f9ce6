"""Tension levels over time as a step chart drawn on the server (SVG), in the chart module's styles.

The page shows the same levels in a table and says what the chart shows in one sentence. Each series is
told apart by colour, line style and marker (``SERIES_STYLES``), and a week with no level set is a gap.
"""

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from xml.sax.saxutils import escape

from app.models.tensions import TensionLevel
from app.services.outputs.chart_style import FONT_FAMILY, GRID_COLOUR, SERIES_STYLES, TEXT_COLOUR
from app.text import plural

WIDTH, HEIGHT = 720, 300
LEFT, RIGHT, TOP, BOTTOM = 90, 20, 20, 70


@dataclass(frozen=True)
class LevelSeries:
    name: str
    levels: Sequence[TensionLevel | None]


def _x(index: int, count: int) -> float:
    step = (WIDTH - LEFT - RIGHT) / max(1, count - 1)
    return LEFT + index * step


def _y(level: TensionLevel) -> float:
    band = (HEIGHT - TOP - BOTTOM) / 3
    return HEIGHT - BOTTOM - (level.rank - 1) * band


def levels_svg(*, title: str, weeks: Sequence[date], series: Sequence[LevelSeries]) -> str:
    """A step chart of each series' level by week (Low at the bottom, Critical at the top)."""
    digest = hashlib.sha256(f"{title}{weeks}{[s.levels for s in series]}".encode()).hexdigest()[:10]
    title_id, desc_id = f"levels-title-{digest}", f"levels-desc-{digest}"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-labelledby="{title_id} {desc_id}" font-family="{FONT_FAMILY}" font-size="13" '
        f'fill="{TEXT_COLOUR}">',
        f'<title id="{title_id}">{escape(title)}</title>',
        f'<desc id="{desc_id}">{escape(levels_summary(weeks=weeks, series=series))}</desc>',
    ]
    for level in TensionLevel:
        y = _y(level)
        parts.append(
            f'<line x1="{LEFT}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" y2="{y:.1f}" stroke="{GRID_COLOUR}"/>'
            f'<text x="{LEFT - 10}" y="{y + 4:.1f}" text-anchor="end">{level.label}</text>'
        )
    for index, week in enumerate(weeks):
        if index % 2 == 0 or len(weeks) <= 8:
            parts.append(
                f'<text x="{_x(index, len(weeks)):.1f}" y="{HEIGHT - BOTTOM + 20}" text-anchor="middle">'
                f"{week.day} {week:%b}</text>"
            )
    parts.append(
        f'<text x="{(LEFT + WIDTH - RIGHT) / 2:.1f}" y="{HEIGHT - BOTTOM + 42}" text-anchor="middle">'
        "Week beginning</text>"
    )
    for one, style in zip(series, SERIES_STYLES, strict=False):
        dash = f' stroke-dasharray="{style.dasharray}"' if style.dasharray else ""
        runs, markers = _steps(one.levels, len(weeks))
        parts.append(
            f'<g fill="none" stroke="{style.colour}" stroke-width="2.5"{dash}>'
            + "".join(f'<polyline points="{" ".join(points)}"/>' for points in runs)
            + f'</g><g fill="{style.colour}" stroke="#ffffff">{"".join(markers)}</g>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _steps(levels: Sequence[TensionLevel | None], weeks: int) -> tuple[list[list[str]], list[str]]:
    """A series' line as runs of step points (a week with no level ends a run: a gap), and a marker at each
    week's level."""
    run: list[str] = []
    runs: list[list[str]] = [run]
    markers: list[str] = []
    for index, found in enumerate(levels):
        if found is None:
            run = []
            runs.append(run)
            continue
        x, y = _x(index, weeks), _y(found)
        if run:  # across to this week at the level before, then up or down to this week's
            run.append(f"{x:.1f},{float(run[-1].split(',')[1]):.1f}")
        run.append(f"{x:.1f},{y:.1f}")
        markers.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4.5"/>')
    return [points for points in runs if points], markers


def levels_summary(*, weeks: Sequence[date], series: Sequence[LevelSeries]) -> str:
    """One sentence: where each series stands in the latest week with a level, and how it got there."""
    sentences = []
    for one in series:
        known = [(week, level) for week, level in zip(weeks, one.levels, strict=True) if level is not None]
        if not known:
            sentences.append(f"{one.name}: no level set in the {plural(len(weeks), 'week')} shown.")
            continue
        week, latest = known[-1]
        highest = max((level for _, level in known), key=lambda level: level.rank)
        text = f"{one.name}: {latest.label.lower()} in the week beginning {week.day} {week:%B %Y}"
        if highest.rank > latest.rank:
            text += f", down from a high of {highest.label.lower()}"
        sentences.append(text + ".")
    return " ".join(sentences)
