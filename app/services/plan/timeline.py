"""A server-drawn SVG timeline of actions and milestones (always shown with a table beside it)."""

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from xml.sax.saxutils import escape

from app.services.outputs.chart_style import (
    BLUE,
    FONT_FAMILY,
    GRID_COLOUR,
    RED,
    SECONDARY_TEXT_COLOUR,
    TEXT_COLOUR,
    WHITE,
)
from app.text import plural

LABEL_WIDTH = 260
CHART_WIDTH = 560
ROW_HEIGHT = 34
TOP = 44
MAX_YEAR_MARKS = 14  # a year label is about 40 of the chart's 560 units wide


# Bar colours by status, each at least 3:1 against white; the status is also written beside the bar.
STATUS_COLOURS = {
    "not_started": SECONDARY_TEXT_COLOUR,
    "on_track": "#00703c",
    "at_risk": "#a34a00",
    "off_track": RED,
    "complete": BLUE,
    "stopped": TEXT_COLOUR,
}


@dataclass(frozen=True)
class TimelineRow:
    label: str
    start: date
    end: date
    status: str  # the status's label, written beside the bar
    milestones: Sequence[tuple[str, date, bool]] = field(default_factory=tuple)
    status_key: str = "not_started"  # the status's value, for the bar's colour


def overdue(milestones: Sequence[tuple[str, date, bool]], today: date) -> list[str]:
    """The milestones not done whose date has passed."""
    return [name for name, due, done in milestones if not done and due < today]


def _x(day: date, start: date, end: date) -> float:
    span = max((end - start).days, 1)
    offset = min(max((day - start).days, 0), span)
    return LABEL_WIDTH + CHART_WIDTH * offset / span


def _year_step(start: date, end: date) -> int:
    """Every year marked, or every second, fifth, tenth… so that the labels never overlap."""
    years = end.year - start.year + 1
    for step in (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000):
        if years / step <= MAX_YEAR_MARKS:
            return step
    return 10_000


def timeline_svg(
    *, title: str, start: date, end: date, rows: Sequence[TimelineRow], today: date | None = None
) -> str:
    """Bars from start to end date coloured by status, milestones as diamonds (filled when done, hollow when
    not, red and marked "overdue" when their date has passed undone), year marks along the top and a dotted
    line for today. The status is written beside each bar, so colour is never the only signal."""
    ident = "timeline-" + hashlib.sha256((title + str(len(rows))).encode()).hexdigest()[:8]
    height = TOP + ROW_HEIGHT * max(len(rows), 1) + 20
    width = LABEL_WIDTH + CHART_WIDTH + 120
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" '
        f'role="img" aria-labelledby="{ident}-title {ident}-desc">',
        f'<title id="{ident}-title">{escape(title)}</title>',
        f'<desc id="{ident}-desc">{plural(len(rows), "action")} from {start:%B %Y} to {end:%B %Y}. '
        "The table below gives the same dates.</desc>",
    ]
    step = _year_step(start, end)
    first_mark = start.year if (start.month, start.day) == (1, 1) else start.year + 1
    for year in range(-(-first_mark // step) * step, end.year + 1, step):
        x = _x(date(year, 1, 1), start, end)
        parts.append(
            f'<line x1="{x:.1f}" y1="{TOP - 14}" x2="{x:.1f}" y2="{height - 16}" stroke="{GRID_COLOUR}" />'
        )
        parts.append(
            f'<text x="{x + 4:.1f}" y="{TOP - 18}" font-family="{FONT_FAMILY}" font-size="13" '
            f'fill="{SECONDARY_TEXT_COLOUR}">{year}</text>'
        )
    for index, row in enumerate(rows):
        y = TOP + index * ROW_HEIGHT
        x1, x2 = _x(row.start, start, end), _x(row.end, start, end)
        label = row.label if len(row.label) <= 34 else row.label[:33] + "…"
        parts.append(
            f'<text x="0" y="{y + 20}" font-family="{FONT_FAMILY}" font-size="14" fill="{TEXT_COLOUR}">'
            f"{escape(label)}</text>"
        )
        parts.append(
            f'<rect x="{x1:.1f}" y="{y + 8}" width="{max(x2 - x1, 3):.1f}" height="16" '
            f'fill="{STATUS_COLOURS.get(row.status_key, BLUE)}" stroke="{TEXT_COLOUR}" stroke-width="1" />'
        )
        late = overdue(row.milestones, today) if today is not None else []
        flag = f" · {plural(len(late), 'milestone')} overdue" if late else ""
        parts.append(
            f'<text x="{x2 + 6:.1f}" y="{y + 21}"'
            f' font-family="{FONT_FAMILY}" font-size="12" fill="{TEXT_COLOUR}">'
            f"{escape(row.status + flag)}</text>"
        )
        for name, due, done in row.milestones:
            mx = _x(due, start, end)
            points = f"{mx:.1f},{y + 4} {mx + 7:.1f},{y + 16} {mx:.1f},{y + 28} {mx - 7:.1f},{y + 16}"
            fill = TEXT_COLOUR if done else WHITE
            stroke = RED if name in late else TEXT_COLOUR
            parts.append(f'<polygon points="{points}" fill="{fill}" stroke="{stroke}" stroke-width="2" />')
    if today is not None and start <= today <= end:
        x = _x(today, start, end)
        parts.append(
            f'<line class="today" x1="{x:.1f}" y1="{TOP - 14}" x2="{x:.1f}" y2="{height - 16}" '
            f'stroke="{TEXT_COLOUR}" '
            f'stroke-width="2" stroke-dasharray="2 3" />'
        )
        parts.append(
            f'<text x="{x + 4:.1f}" y="{height - 4}" font-family="{FONT_FAMILY}" font-size="13" '
            f'fill="{TEXT_COLOUR}">Today</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
