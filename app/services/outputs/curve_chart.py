"""The turn-the-curve chart, one drawing for the indicator page, the dashboard, editions and the document.

Measurements are a solid line with circles, each with its 95% confidence interval as a bar; the baseline is a
diamond; its forecast a dashed line; the target a square. Each is labelled where it is drawn (no legend), the
value axis steps by round numbers and holds every series (the forecast to its end included), the time axis
marks each year once, and a dotted line marks today. Text is 16 units high on a 480-unit-wide drawing, so it
stays legible when the chart is shrunk to a 375-pixel screen. Ids come from the caller, unique on its page.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from xml.sax.saxutils import escape

from app.services.outputs.chart_scale import figure_label, tick_label, value_scale, year_ticks
from app.services.outputs.chart_style import (
    BLUE,
    FONT_FAMILY,
    GRID_COLOUR,
    SECONDARY_TEXT_COLOUR,
    TEXT_COLOUR,
    WHITE,
)
from app.services.progress.curve import Point, interval

WIDTH, HEIGHT = 480, 320
LEFT, RIGHT, TOP, BOTTOM = 56, 24, 24, 40
FONT = f'font-family="{FONT_FAMILY}" font-size="16"'


@dataclass(frozen=True)
class _Frame:
    first: date
    last: date
    low: float
    high: float

    def x(self, day: date) -> float:
        span = max((self.last - self.first).days, 1)
        return LEFT + (WIDTH - LEFT - RIGHT) * (day - self.first).days / span

    def y(self, value: float) -> float:
        return TOP + (HEIGHT - TOP - BOTTOM) * (self.high - value) / (self.high - self.low)


def _text(x: float, y: float, text: str, *, anchor: str = "start", colour: str = TEXT_COLOUR) -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" {FONT} fill="{colour}">{escape(text)}</text>'
    )


@dataclass(frozen=True)
class ChartWords:
    """The words drawn on the chart, in the reader's language; ``%(…)s`` is filled in here."""

    title: str = "%(name)s: measurements, baseline forecast and target"
    described: str = "%(count)s measurements. The table with this chart gives every value."
    forecast: str = "Forecast %(value)s"
    latest: str = "Latest %(value)s"
    baseline: str = "Baseline %(value)s"
    target: str = "Target %(value)s"
    today: str = "Today"


ENGLISH = ChartWords()


def curve_svg(
    *,
    chart_id: str,
    title: str,
    measurements: Sequence[Point],
    baseline: Point | None,
    target: Point | None,
    slope: float,
    unit: str,
    today: date | None = None,
    words: ChartWords = ENGLISH,
) -> str:
    points = sorted(measurements, key=lambda p: p.on)
    intervals = [interval(p, unit) for p in points]
    forecast_end: Point | None = None
    dates = [p.on for p in points] + [p.on for p in (baseline, target) if p is not None]
    if baseline is not None and dates:
        end = max([target.on] if target else [p.on for p in points] or [baseline.on])
        forecast_end = Point(end, baseline.value + slope * (end - baseline.on).days)
    values = [p.value for p in points] + [p.value for p in (baseline, target, forecast_end) if p is not None]
    values += [bound for pair in intervals if pair for bound in pair]
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" '
        f'height="{HEIGHT}" role="img" aria-labelledby="{chart_id}-title {chart_id}-desc">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(words.described % {"count": len(points)})}</desc>',
    ]
    if not dates:
        parts.append("</svg>")
        return "".join(parts)
    scale = value_scale(values)
    frame = _Frame(min(dates), max(dates), scale.low, scale.high)
    parts += _axes(frame, scale.ticks, unit, today, words.today)
    if baseline is not None and forecast_end is not None:
        parts.append(
            f'<line class="forecast" x1="{frame.x(baseline.on):.1f}" y1="{frame.y(baseline.value):.1f}" '
            f'x2="{frame.x(forecast_end.on):.1f}" y2="{frame.y(forecast_end.value):.1f}" '
            f'stroke="{SECONDARY_TEXT_COLOUR}" '
            f'stroke-width="2" stroke-dasharray="8 5" />'
        )
        parts.append(
            _text(
                frame.x(forecast_end.on) - 4,
                frame.y(forecast_end.value) + 20,
                words.forecast % {"value": figure_label(round(forecast_end.value, 1), unit)},
                anchor="end",
                colour=SECONDARY_TEXT_COLOUR,
            )
        )
    for point, pair in zip(points, intervals, strict=True):
        if pair is None:
            continue
        cx, top, bottom = frame.x(point.on), frame.y(pair[1]), frame.y(pair[0])
        parts.append(
            f'<path class="interval" d="M{cx - 4:.1f},{top:.1f}H{cx + 4:.1f}M{cx:.1f},{top:.1f}V{bottom:.1f}'
            f'M{cx - 4:.1f},{bottom:.1f}H{cx + 4:.1f}" stroke="{BLUE}" stroke-width="1.5" fill="none" />'
        )
    if points:
        path = " ".join(f"{frame.x(p.on):.1f},{frame.y(p.value):.1f}" for p in points)
        parts.append(f'<polyline points="{path}" fill="none" stroke="{BLUE}" stroke-width="3" />')
        parts += [
            f'<circle cx="{frame.x(p.on):.1f}" cy="{frame.y(p.value):.1f}" r="4" fill="{BLUE}" />'
            for p in points
        ]
        latest = points[-1]
        lx, ly = frame.x(latest.on), frame.y(latest.value)
        # Above the point, unless the baseline's label is there: then below it.
        near_baseline = baseline is not None and (
            abs(ly - frame.y(baseline.value)) < 24 and abs(lx - frame.x(baseline.on)) < 140
        )
        parts.append(
            _text(
                lx - 8,
                ly + 24 if near_baseline else ly - 10,
                words.latest % {"value": figure_label(latest.value, unit)},
                anchor="end",
                colour=BLUE,
            )
        )
    if baseline is not None:
        bx, by = frame.x(baseline.on), frame.y(baseline.value)
        diamond = f"{bx:.1f},{by - 7:.1f} {bx + 7:.1f},{by:.1f} {bx:.1f},{by + 7:.1f} {bx - 7:.1f},{by:.1f}"
        parts.append(f'<polygon points="{diamond}" fill="{WHITE}" stroke="{TEXT_COLOUR}" stroke-width="2" />')
        parts.append(_text(bx + 10, by - 10, words.baseline % {"value": figure_label(baseline.value, unit)}))
    if target is not None:
        tx, ty = frame.x(target.on), frame.y(target.value)
        parts.append(
            f'<rect x="{tx - 6:.1f}" y="{ty - 6:.1f}" width="12" height="12" fill="{WHITE}" '
            f'stroke="{TEXT_COLOUR}" stroke-width="2" />'
        )
        label = words.target % {"value": figure_label(target.value, unit)}
        parts.append(_text(tx - 10, ty - 10, label, anchor="end"))
    parts.append("</svg>")
    return "".join(parts)


def _axes(frame: _Frame, ticks: list[float], unit: str, today: date | None, today_word: str) -> list[str]:
    parts = []
    for value in ticks:
        y = frame.y(value)
        parts.append(
            f'<line class="grid" x1="{LEFT}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" y2="{y:.1f}" '
            f'stroke="{GRID_COLOUR}" />'
        )
        parts.append(
            _text(LEFT - 6, y + 5, tick_label(value, unit), anchor="end", colour=SECONDARY_TEXT_COLOUR)
        )
    years = year_ticks(frame.first, frame.last)
    if not years:  # under a year: its one year, labelled once at the start
        parts.append(_text(LEFT, HEIGHT - 12, str(frame.first.year), colour=SECONDARY_TEXT_COLOUR))
    for year in years:
        x = frame.x(year)
        parts.append(
            f'<line class="year" x1="{x:.1f}" y1="{TOP}" x2="{x:.1f}" y2="{HEIGHT - BOTTOM}" '
            f'stroke="{GRID_COLOUR}" />'
        )
        parts.append(_text(x, HEIGHT - 12, str(year.year), anchor="middle", colour=SECONDARY_TEXT_COLOUR))
    if today is not None and frame.first <= today <= frame.last:
        x = frame.x(today)
        parts.append(
            f'<line class="today" x1="{x:.1f}" y1="{TOP}" x2="{x:.1f}" y2="{HEIGHT - BOTTOM}"'
            f' stroke="{TEXT_COLOUR}" '
            f'stroke-width="2" stroke-dasharray="2 3" />'
        )
        parts.append(_text(x + 4, TOP - 6, today_word))
    return parts
