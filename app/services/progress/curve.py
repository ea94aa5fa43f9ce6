"""Turn the curve: where an indicator was heading before the strategy, where it is now, and its status.

The rule, as the indicator page states it:
- the **baseline forecast** is a straight line fitted (least squares) to the measurements up to the baseline
  date, or flat at the baseline value when there are fewer than two of them;
- with no measurement after the baseline date the status is **not enough data**;
- otherwise, from the baseline to the latest measurement, the line is carried on to the target date:
  **green** when it reaches the target by then, **amber** when the latest value is better than the baseline
  forecast for that date but not on course, **red** when it is no better than the forecast.
"Better" follows the indicator's polarity: higher or lower.
"""

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from xml.sax.saxutils import escape

RULE = (
    "Green: on course to meet the target by its date. "
    "Amber: better than where things were heading before the strategy (the baseline forecast), "
    "but not on course. "
    "Red: no better than the baseline forecast. "
    "Not enough data: nothing measured since the baseline. "
    "The forecast is a straight line fitted to the measurements up to the baseline date, "
    "or flat at the baseline when there are fewer than two."
)


@dataclass(frozen=True)
class Point:
    on: date
    value: float


@dataclass(frozen=True)
class Curve:
    status: str  # green, amber, red, not-enough-data
    label: str
    summary: str
    forecast_slope: float  # per day
    latest: Point | None


def _days(a: date, b: date) -> int:
    return (b - a).days


def forecast_slope(history: Sequence[Point], baseline: Point) -> float:
    """Slope per day of the least-squares line through the points up to the baseline date; 0 when too few."""
    points = [p for p in history if p.on <= baseline.on]
    if len({p.on for p in points}) < 2:
        return 0.0
    xs = [_days(baseline.on, p.on) for p in points]
    ys = [p.value for p in points]
    mean_x, mean_y = sum(xs) / len(xs), sum(ys) / len(ys)
    spread = sum((x - mean_x) ** 2 for x in xs)
    return sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / spread if spread else 0.0


def assess(
    *,
    measurements: Sequence[Point],
    baseline: Point | None,
    target: Point | None,
    higher_is_better: bool,
    unit: str,
) -> Curve:
    if baseline is None:
        return Curve("not-enough-data", "Not enough data", "No baseline has been set yet.", 0.0, None)
    slope = forecast_slope(measurements, baseline)
    after = sorted((p for p in measurements if p.on > baseline.on), key=lambda p: p.on)
    if not after:
        return Curve(
            "not-enough-data",
            "Not enough data",
            "Nothing has been measured since the baseline yet.",
            slope,
            None,
        )
    latest = after[-1]
    forecast = baseline.value + slope * _days(baseline.on, latest.on)
    sign = 1 if higher_is_better else -1
    better_than_forecast = sign * (latest.value - forecast) > 0
    on_course = False
    if target is not None and _days(baseline.on, latest.on) > 0:
        rate = (latest.value - baseline.value) / _days(baseline.on, latest.on)
        projected = latest.value + rate * max(_days(latest.on, target.on), 0)
        on_course = sign * (projected - target.value) >= 0
    if on_course:
        status, label = "green", "Green: on course"
    elif better_than_forecast:
        status, label = "amber", "Amber: better than the forecast, not on course"
    else:
        status, label = "red", "Red: no better than the forecast"
    summary = (
        f"The latest figure, {latest.value:g}{unit} on {latest.on.day} {latest.on:%B %Y}, compares with "
        f"{forecast:.1f}{unit} on the baseline forecast"
        + (
            f" and a target of {target.value:g}{unit} by {target.on.day} {target.on:%B %Y}."
            if target
            else "."
        )
    )
    return Curve(status, label, summary, slope, latest)


def curve_svg(
    *,
    title: str,
    measurements: Sequence[Point],
    baseline: Point | None,
    target: Point | None,
    slope: float,
    unit: str,
) -> str:
    """History and measurements (solid line with circles), the baseline (a diamond) and its forecast (dashed),
    the target (a square). Each has its own line or marker shape and a label, so colour is not needed."""
    ident = "curve-" + hashlib.sha256(title.encode()).hexdigest()[:8]
    points = sorted(measurements, key=lambda p: p.on)
    dates = [p.on for p in points] + ([baseline.on] if baseline else []) + ([target.on] if target else [])
    values = (
        [p.value for p in points]
        + ([baseline.value] if baseline else [])
        + ([target.value] if target else [])
    )
    width, height, left, right, top, bottom = 640, 320, 60, 20, 20, 40
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" role="img" aria-labelledby="{ident}-title {ident}-desc">',
        f'<title id="{ident}-title">{escape(title)}</title>',
        f'<desc id="{ident}-desc">{len(points)} measurements. The table below gives every value.</desc>',
    ]
    if not dates:
        parts.append("</svg>")
        return "".join(parts)
    first, last = min(dates), max(dates)
    low, high = min(values), max(values)
    if high == low:
        high, low = high + 1, low - 1
    pad = (high - low) * 0.1
    low, high = low - pad, high + pad
    span = max(_days(first, last), 1)

    def x(day: date) -> float:
        return left + (width - left - right) * _days(first, day) / span

    def y(value: float) -> float:
        return top + (height - top - bottom) * (high - value) / (high - low)

    for step in range(5):
        value = low + (high - low) * step / 4
        parts.append(
            f'<line x1="{left}" y1="{y(value):.1f}" x2="{width - right}" y2="{y(value):.1f}" '
            f'stroke="#b1b4b6" />'
        )
        parts.append(
            f'<text x="{left - 6}" y="{y(value) + 4:.1f}" text-anchor="end" font-family="Arial, sans-serif" '
            f'font-size="12" fill="#505a5f">{value:.0f}{escape(unit)}</text>'
        )
    parts.append(
        f'<text x="{left}" y="{height - 12}" font-family="Arial, sans-serif" font-size="12" '
        f'fill="#505a5f">{first:%b %Y}</text>'
    )
    parts.append(
        f'<text x="{width - right}" y="{height - 12}" text-anchor="end" font-family="Arial, sans-serif" '
        f'font-size="12" fill="#505a5f">{last:%b %Y}</text>'
    )
    if baseline is not None:
        end = target.on if target else last
        forecast_end = baseline.value + slope * _days(baseline.on, end)
        parts.append(
            f'<line x1="{x(baseline.on):.1f}" y1="{y(baseline.value):.1f}" x2="{x(end):.1f}" '
            f'y2="{y(forecast_end):.1f}" stroke="#505a5f" stroke-width="2" stroke-dasharray="8 5" />'
        )
    if points:
        path = " ".join(f"{x(p.on):.1f},{y(p.value):.1f}" for p in points)
        parts.append(f'<polyline points="{path}" fill="none" stroke="#1d70b8" stroke-width="3" />')
        parts += [f'<circle cx="{x(p.on):.1f}" cy="{y(p.value):.1f}" r="4" fill="#1d70b8" />' for p in points]
    if baseline is not None:
        bx, by = x(baseline.on), y(baseline.value)
        points_text = (
            f"{bx:.1f},{by - 7:.1f} {bx + 7:.1f},{by:.1f} {bx:.1f},{by + 7:.1f} {bx - 7:.1f},{by:.1f}"
        )
        parts.append(f'<polygon points="{points_text}" fill="#ffffff" stroke="#0b0c0c" stroke-width="2" />')
        parts.append(
            f'<text x="{bx + 10:.1f}" y="{by - 10:.1f}" font-family="Arial, sans-serif" font-size="12" '
            f'fill="#0b0c0c">Baseline {baseline.value:g}{escape(unit)}</text>'
        )
    if target is not None:
        tx, ty = x(target.on), y(target.value)
        parts.append(
            f'<rect x="{tx - 6:.1f}" y="{ty - 6:.1f}" width="12" height="12" fill="#ffffff" '
            f'stroke="#0b0c0c" stroke-width="2" />'
        )
        parts.append(
            f'<text x="{tx - 10:.1f}" y="{ty - 10:.1f}" text-anchor="end" font-family="Arial, sans-serif" '
            f'font-size="12" fill="#0b0c0c">Target {target.value:g}{escape(unit)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
