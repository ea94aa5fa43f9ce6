"""Axis scales that people can read: round ticks, a range that holds everything drawn, years on a time axis.

- Value ticks step by 1, 2 or 5 times a power of ten, and the first and last tick enclose every value given
  (so a forecast line never leaves the frame).
- Time ticks are the first of January of each year in the range, thinned to every 2nd or 5th year when there
  are many, each labelled once.
"""

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from app.text import with_unit

STEPS = (1, 2, 5, 10)


def nice_step(span: float, most: int = 6) -> float:
    """The smallest step of 1, 2 or 5 times a power of ten covering ``span`` in ``most`` - 1 gaps or fewer."""
    if span <= 0 or not math.isfinite(span):
        return 1.0
    rough = span / max(most - 1, 1)
    power = 10.0 ** math.floor(math.log10(rough))
    for multiple in STEPS:
        if multiple * power >= rough - 1e-12:
            return multiple * power
    return 10 * power  # pragma: no cover - the loop always returns at 10


@dataclass(frozen=True)
class Scale:
    low: float
    high: float
    ticks: list[float]

    def position(self, value: float) -> float:
        """Where ``value`` falls from 0 (low) to 1 (high)."""
        return (value - self.low) / (self.high - self.low)


def value_scale(values: Iterable[float], most: int = 6) -> Scale:
    """Round ticks from below the lowest value to above the highest; a single value gets room either side."""
    found = [v for v in values if v is not None and math.isfinite(v)]
    if not found:
        return Scale(0.0, 1.0, [0.0, 1.0])
    low, high = min(found), max(found)
    if high == low:
        room = abs(low) * 0.1 or 1.0
        low, high = low - room, high + room
    step = nice_step(high - low, most)
    while True:
        start = math.floor(low / step + 1e-9) * step
        end = math.ceil(high / step - 1e-9) * step
        count = round((end - start) / step) + 1
        if count <= most + 1:
            break
        step = nice_step(step * (count - 1), most)
    ticks = [_clean(start + i * step) for i in range(count)]
    return Scale(ticks[0], ticks[-1], ticks)


def _clean(value: float) -> float:
    rounded = round(value, 10)
    return 0.0 if rounded == 0 else rounded


def _number(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}".rstrip("0").rstrip(".")


def figure_label(value: float, unit: str) -> str:
    """A figure on a chart, with its unit: "52.5%", "1,200 people"."""
    return with_unit(_number(value), unit)


def tick_label(value: float, unit: str) -> str:
    text = _number(value)
    # A word ("people") would not fit beside the axis: the ticks are then plain numbers, and the labels
    # on the lines and the chart's table give the unit.
    return text if unit[:1].isalpha() else f"{text}{unit}"


def year_ticks(first: date, last: date, most: int = 8) -> list[date]:
    """The first of January of each year strictly after ``first`` up to ``last``, every 1, 2 or 5 years so
    that there are at most ``most``."""
    years = list(range(first.year + 1, last.year + 1))
    for every in (1, 2, 5, 10, 20, 50):
        kept = [year for year in years if year % every == 0]
        if len(kept) <= most:
            return [date(year, 1, 1) for year in kept]
    return []  # pragma: no cover - 50-year steps always fit
