"""Turn the curve: where an indicator was heading before the strategy, where it is now, and its status.

The rule, as the indicator page states it (``RULE``):
- the **baseline forecast** is a straight line fitted (least squares) to the measurements up to the baseline
  date, or flat at the baseline value when there are fewer than two of them;
- with no measurement after the baseline date the status is **not enough data**;
- a figure's **margin of error** is its 95% confidence interval, as given, or worked out from its sample size
  for a percentage; when the forecast for the figure's date lies inside it, the status is **within the margin
  of error**, never green: the difference may be chance;
- otherwise, from the baseline to the latest measurement, the line is carried on to the target date:
  **green** when it reaches the target by then and either the figure is beyond its margin of error or the
  figure before it was on course too (sustained over two consecutive figures); **amber** when the latest value
  is better than the baseline forecast for that date (or on course on one figure only); **red** when it is
  no better than the forecast.
"Better" follows the indicator's polarity: higher or lower.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from app.text import with_unit

RULE = (
    "Green: on course to meet the target by its date, on a figure beyond its margin of error or on two "
    "figures in a row. "
    "Within the margin of error: the difference from where things were heading (the baseline forecast) is "
    "smaller than the figure’s 95% confidence interval, given or worked out from its sample size, so it may "
    "be chance. This is never green. "
    "Amber: better than the baseline forecast, but not yet shown to be on course. "
    "Red: no better than the baseline forecast. "
    "Not enough data: nothing measured since the baseline. "
    "The forecast is a straight line fitted to the measurements up to the baseline date, "
    "or flat at the baseline when there are fewer than two."
)
Z_95 = 1.96
LABELS = {
    "green": "Green: on course",
    "within-margin": "Within the margin of error",
    "amber": "Amber: better than the forecast, not yet shown to be on course",
    "red": "Red: no better than the forecast",
    "not-enough-data": "Not enough data",
}


@dataclass(frozen=True)
class Point:
    on: date
    value: float
    low: float | None = None  # the 95% confidence interval, when given
    high: float | None = None
    sample_size: int | None = None


@dataclass(frozen=True)
class Curve:
    status: str  # green, within-margin, amber, red, not-enough-data
    label: str
    summary: str
    forecast_slope: float  # per day
    latest: Point | None


def _days(a: date, b: date) -> int:
    return (b - a).days


def interval(point: Point, unit: str) -> tuple[float, float] | None:
    """The figure's 95% confidence interval: as given, else from the sample size for a percentage (the normal
    approximation to a proportion), else unknown."""
    if point.low is not None and point.high is not None:
        return (min(point.low, point.high), max(point.low, point.high))
    if point.sample_size and point.sample_size > 0 and unit.strip() == "%" and 0 <= point.value <= 100:
        return percent_interval(point.value, point.sample_size)
    return None


def percent_interval(value: float, sample_size: int) -> tuple[float, float]:
    """95% interval for a percentage from a simple random sample (the normal approximation to a proportion,
    p ± 1.96 √(p(1 − p)/n)), in percentage points, kept within 0–100."""
    p = min(max(value / 100, 0.0), 1.0)
    half = Z_95 * math.sqrt(p * (1 - p) / sample_size) * 100
    return max(value - half, 0.0), min(value + half, 100.0)


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


def on_course(
    *, baseline: Point, figure: tuple[date, float], target: tuple[date, float] | None, sign: int
) -> bool:
    """Whether the line from the baseline through ``figure``, carried on, reaches the target by its date."""
    on, value = figure
    if target is None or _days(baseline.on, on) <= 0:
        return False
    rate = (value - baseline.value) / _days(baseline.on, on)
    projected = value + rate * max(_days(on, target[0]), 0)
    return sign * (projected - target[1]) >= 0


def decide(
    *,
    sign: int,
    latest: float,
    forecast: float,
    margin: tuple[float, float] | None,
    on_course_now: bool,
    on_course_before: bool,
) -> str:
    """The status from the latest figure, the forecast for its date, its interval and whether it (and the
    figure before it) is on course: the one rule, used for one indicator and for many at once."""
    if margin is not None and margin[0] <= forecast <= margin[1]:
        return "within-margin"
    if on_course_now and (margin is not None or on_course_before):
        return "green"
    if on_course_now or sign * (latest - forecast) > 0:
        return "amber"
    return "red"


def assess(
    *,
    measurements: Sequence[Point],
    baseline: Point | None,
    target: Point | None,
    higher_is_better: bool,
    unit: str,
) -> Curve:
    if baseline is None:
        return Curve("not-enough-data", LABELS["not-enough-data"], "No baseline has been set yet.", 0.0, None)
    slope = forecast_slope(measurements, baseline)
    after = sorted((p for p in measurements if p.on > baseline.on), key=lambda p: p.on)
    if not after:
        return Curve(
            "not-enough-data",
            LABELS["not-enough-data"],
            "Nothing has been measured since the baseline yet.",
            slope,
            None,
        )
    latest = after[-1]
    forecast = baseline.value + slope * _days(baseline.on, latest.on)
    sign = 1 if higher_is_better else -1
    goal = (target.on, target.value) if target is not None else None
    margin = interval(latest, unit)
    previous = [p for p in after if p.on < latest.on]
    status = decide(
        sign=sign,
        latest=latest.value,
        forecast=forecast,
        margin=margin,
        on_course_now=on_course(baseline=baseline, figure=(latest.on, latest.value), target=goal, sign=sign),
        on_course_before=bool(previous)
        and on_course(
            baseline=baseline, figure=(previous[-1].on, previous[-1].value), target=goal, sign=sign
        ),
    )
    summary = (
        f"The latest figure, {with_unit(latest.value, unit)} on {latest.on.day} {latest.on:%B %Y}"
        + (
            f" (95% confidence interval {with_unit(f'{margin[0]:.1f}', unit)} to "
            f"{with_unit(f'{margin[1]:.1f}', unit)})"
            if margin
            else ""
        )
        + f", compares with {with_unit(f'{forecast:.1f}', unit)} on the baseline forecast"
        + (
            f" and a target of {with_unit(target.value, unit)} by {target.on.day} {target.on:%B %Y}."
            if target
            else "."
        )
    )
    return Curve(status, LABELS[status], summary, slope, latest)
