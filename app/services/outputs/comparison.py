"""One shared library indicator across the places a facilitator is assigned to.

A figure only compares with one asked the same way: a place is compared only when its indicator with the
library key keeps the library's exact question wording. Places whose wording differs are listed apart, as not
comparable, and places without the indicator are named. Four queries whatever the number of places.
"""

import hashlib
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from xml.sax.saxutils import escape

from sqlmodel import Session, col, select

from app.errors import NotFound
from app.models import Indicator, Measurement, Role, Strategy, User
from app.services import access
from app.services.access import PlaceRef
from app.services.outputs.chart_style import (
    BLUE,
    FONT_FAMILY,
    GRID_COLOUR,
    SECONDARY_TEXT_COLOUR,
    TEXT_COLOUR,
)
from app.services.outputs.place_figures import StrategyRef
from app.services.plan.indicator_library import BY_KEY, LibraryIndicator
from app.services.progress import curve
from app.services.progress import service as progress
from app.text import with_unit


class LibraryIndicatorNotFound(NotFound):
    """No shared indicator with that key."""


@dataclass(frozen=True)
class ComparedPlace:
    place: PlaceRef
    strategy: StrategyRef
    indicator: Indicator
    status: curve.Curve
    latest: curve.Point | None  # the latest figure, whenever it was measured
    figures: int


@dataclass(frozen=True)
class Comparison:
    item: LibraryIndicator
    compared: list[ComparedPlace]  # best latest figure first (by polarity), then those with no figure
    different_wording: list[tuple[PlaceRef, StrategyRef, Indicator]]
    without: list[PlaceRef]  # places whose current strategy does not use the indicator
    svg: str
    summary: str


def compare_indicator(*, session: Session, user: User, key: str) -> Comparison:
    """``PermissionDenied`` for someone who facilitates no place; ``LibraryIndicatorNotFound`` for a key
    that is not in the library."""
    places = access.facilitated_places(session=session, user=user)
    item = BY_KEY.get(key)
    if item is None:
        raise LibraryIndicatorNotFound(key)
    place_ids = access.place_ids_with_role(user=user, role=Role.facilitator)
    strategies: dict[int, StrategyRef] = {}
    for strategy_id, place_id, slug, title in session.exec(
        select(col(Strategy.id), col(Strategy.place_id), col(Strategy.slug), col(Strategy.title))
        .where(col(Strategy.place_id).in_(place_ids))
        .order_by(col(Strategy.start_date), col(Strategy.id))
    ).all():
        strategies[place_id] = StrategyRef(strategy_id or 0, slug, title)  # the last to start is current
    current = {s.id for s in strategies.values()}
    indicators: dict[int, Indicator] = {}
    for indicator in session.exec(
        select(Indicator)
        .where(col(Indicator.place_id).in_(place_ids), Indicator.library_key == key)
        .order_by(col(Indicator.id))
    ).all():
        if indicator.strategy_id in current:
            indicators.setdefault(indicator.strategy_id, indicator)
    figures: dict[int, list[tuple[date, float]]] = defaultdict(list)
    for indicator_id, measured_on, value in session.exec(
        select(col(Measurement.indicator_id), col(Measurement.measured_on), col(Measurement.value))
        .where(col(Measurement.indicator_id).in_([i.id for i in indicators.values()]))
        .order_by(col(Measurement.measured_on))
    ).all():
        figures[indicator_id].append((measured_on, value))

    compared: list[ComparedPlace] = []
    different: list[tuple[PlaceRef, StrategyRef, Indicator]] = []
    without: list[PlaceRef] = []
    for place in places:
        strategy = strategies.get(place.id)
        found = indicators.get(strategy.id) if strategy is not None else None
        if strategy is None or found is None:
            without.append(place)
        elif found.question != item.question:
            different.append((place, strategy, found))
        else:
            own = figures[found.id or 0]
            compared.append(
                ComparedPlace(
                    place=place,
                    strategy=strategy,
                    indicator=found,
                    status=_assess(found, own),
                    latest=curve.Point(*own[-1]) if own else None,
                    figures=len(own),
                )
            )
    sign = -1 if item.polarity == "higher" else 1
    # Best first; the places come in name order, so equal figures stay in name order.
    compared.sort(key=lambda c: (c.latest is None, sign * c.latest.value if c.latest else 0))
    with_figures = [(c.place.name, c.latest.value) for c in compared if c.latest is not None]
    return Comparison(
        item=item,
        compared=compared,
        different_wording=different,
        without=without,
        svg=bar_svg(
            title=f"{item.name}: the latest figure in each place",
            bars=with_figures,
            unit=item.unit,
            maximum=100.0 if item.unit == "%" else max([v for _, v in with_figures] + [1.0]) * 1.1,
        ),
        summary=summary(item=item, compared=compared),
    )


def _assess(indicator: Indicator, figures: Sequence[tuple[date, float]]) -> curve.Curve:
    """The indicator's status as its own page works it out (without the chart)."""
    return progress.assess_indicator(indicator, [curve.Point(on, value) for on, value in figures])


def summary(*, item: LibraryIndicator, compared: Sequence[ComparedPlace]) -> str:
    """One sentence: how many places ask the question this way, and the range of their latest figures."""
    better = "higher is better" if item.polarity == "higher" else "lower is better"
    measured = [c for c in compared if c.latest is not None]
    asking = f"{len(compared)} place{'' if len(compared) == 1 else 's'}"
    if not measured:
        return f"None of the {asking} asking this question in the same words has a figure yet."
    if len(measured) == 1:
        only = measured[0]
        assert only.latest is not None
        return (
            f"Of the {asking} asking this question in the same words, only {only.place.name} has a figure "
            f"so far: {with_unit(only.latest.value, item.unit)} on {_day(only.latest.on)}."
        )
    low = min(measured, key=lambda c: c.latest.value if c.latest else 0)
    high = max(measured, key=lambda c: c.latest.value if c.latest else 0)
    assert low.latest is not None and high.latest is not None
    return (
        f"Of the {asking} asking this question in the same words, {len(measured)} have a figure: the latest "
        f"figures range from {with_unit(low.latest.value, item.unit)} in {low.place.name} "
        f"to {with_unit(high.latest.value, item.unit)} in {high.place.name} ({better})."
    )


def _day(on: date) -> str:
    return f"{on.day} {on:%B %Y}"


def bar_svg(*, title: str, bars: Sequence[tuple[str, float]], unit: str, maximum: float) -> str:
    """Horizontal bars, one per place, each labelled with its name and value, so neither colour nor
    length alone carries the figure; scale marks along the top."""
    ident = "bars-" + hashlib.sha256((title + repr(list(bars))).encode()).hexdigest()[:8]
    label_width, chart_width, value_width, row, top = 200, 400, 90, 26, 30
    width = label_width + chart_width + value_width
    height = top + row * max(len(bars), 1) + 10
    scale = chart_width / maximum if maximum > 0 else 0.0
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" role="img" aria-labelledby="{ident}-title {ident}-desc">',
        f'<title id="{ident}-title">{escape(title)}</title>',
        f'<desc id="{ident}-desc">{len(bars)} places with a figure. '
        "The table below gives every value.</desc>",
    ]
    for step in range(5):
        value = maximum * step / 4
        x = label_width + value * scale
        parts.append(
            f'<line x1="{x:.1f}" y1="{top - 6}" x2="{x:.1f}" y2="{height - 10}" stroke="{GRID_COLOUR}" />'
            f'<text x="{x:.1f}" y="{top - 10}" text-anchor="middle"'
            f' font-family="{FONT_FAMILY}" font-size="12" '
            f'fill="{SECONDARY_TEXT_COLOUR}">{value:.0f}{escape(unit)}</text>'
        )
    for index, (name, value) in enumerate(bars):
        y = top + index * row
        length = max(min(value, maximum), 0) * scale
        label = name if len(name) <= 28 else name[:27] + "…"
        parts.append(
            f'<text x="{label_width - 8}" y="{y + 17}" text-anchor="end"'
            f' font-family="{FONT_FAMILY}" font-size="14" '
            f'fill="{TEXT_COLOUR}">{escape(label)}</text>'
            f'<rect x="{label_width}" y="{y + 5}" width="{max(length, 1):.1f}" height="16" fill="{BLUE}" />'
            f'<text x="{label_width + length + 6:.1f}" y="{y + 18}"'
            f' font-family="{FONT_FAMILY}" font-size="13" '
            f'fill="{TEXT_COLOUR}">{escape(with_unit(value, unit))}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
