"""Ward maps drawn on the server as inline SVG from the outlines stored with each area.

Like the charts beside this module, a map works without JavaScript and under the CSP (presentation
attributes only, no style attributes), carries a title and a description, and is always shown with a table
of the same figures and a one-sentence summary. Colour is never needed alone: the steps of a key differ in
lightness (they stay apart in greyscale), areas with no figure are hatched, every area is labelled (by name
when there are few, else by a number that the table repeats), and the key is drawn inside the map.

Outlines are longitude and latitude; they are drawn on a flat plane with longitude shrunk by the cosine of
the middle latitude, which keeps a town's wards their shape without a projection library.
"""

import hashlib
import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final
from xml.sax.saxutils import escape

from app.models import Area
from app.services.outputs.chart_style import FONT_FAMILY, TEXT_COLOUR
from app.services.outputs.kept import Kept
from app.text import with_unit

WIDTH: Final = 640
MAX_HEIGHT: Final = 560
PADDING: Final = 10
KEY_ROW: Final = 26
NAMES_UP_TO: Final = 10  # more areas than this are labelled by number
OUTLINE: Final = "#0b0c0c"
NO_FIGURE: Final = "No figure"
CREDIT: Final = "Contains ONS data © Crown copyright and database right. Open Government Licence v3.0."
# Light to dark in even lightness steps (GOV.UK blue family): distinct in greyscale, and each darker step
# at least 3:1 against white from the third on. Text sits on a white halo so it reads on every step.
RAMP: Final = ("#e8f1f8", "#a9c7e4", "#5694ca", "#1d70b8", "#003078")


@dataclass(frozen=True)
class MapStep:
    label: str
    fill: str
    hatched: bool = False


@dataclass(frozen=True)
class MapRow:
    label: str  # what the map writes on the area: its number, or its name
    name: str
    shown: str  # the figure as the table shows it
    step: str  # the key's label for the area's step


@dataclass(frozen=True)
class WardMap:
    svg: str | None  # None when no area has an outline: the table stands alone
    rows: list[MapRow]
    summary: str
    value_heading: str
    numbered: bool
    without_outline: list[str]


def steps_for(count: int) -> tuple[MapStep, ...]:
    """``count`` steps light to dark, spread over the ramp so neighbours stay apart, after the hatched
    "no figure" step."""
    last = len(RAMP) - 1
    picks = [RAMP[round(i * last / (count - 1))] if count > 1 else RAMP[last // 2] for i in range(count)]
    return (MapStep(NO_FIGURE, "#ffffff", hatched=True), *(MapStep("", colour) for colour in picks))


def numeric_steps(
    values: Mapping[int, float | None], *, buckets: int = 4
) -> tuple[list[MapStep], dict[int, int]]:
    """Equal steps from 0 to the largest value, labelled with their ranges; None has the hatched step."""
    known = [v for v in values.values() if v is not None]
    top = max(known, default=0.0)
    if top <= 0:
        bounds = [0.0]
    else:
        size = _nice(top / buckets)
        bounds = [size * i for i in range(1, buckets + 1) if size * (i - 1) < top]
    base = steps_for(len(bounds))
    steps = [base[0]]
    low = 0.0
    for bound, step in zip(bounds, base[1:], strict=True):
        label = "0" if bound == 0 else f"{_figure(low)} to {_figure(bound)}"
        steps.append(MapStep(label, step.fill))
        low = bound
    step_of: dict[int, int] = {}
    for area_id, value in values.items():
        if value is None:
            step_of[area_id] = 0
        else:
            step_of[area_id] = 1 + next((i for i, b in enumerate(bounds) if value <= b), len(bounds) - 1)
    return steps, step_of


def _nice(raw: float) -> float:
    """A round step size at least ``raw``: 1, 2, 2.5 or 5 times a power of ten."""
    power = 10 ** math.floor(math.log10(raw))
    return float(next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw))


def _figure(value: float) -> str:
    return f"{value:,.0f}" if value == int(value) else f"{value:,.1f}"


def ward_map(
    *,
    title: str,
    areas: Sequence[Area],
    steps: Sequence[MapStep],
    step_of: Mapping[int, int],
    shown: Mapping[int, str],
    summary: str,
    value_heading: str,
) -> WardMap:
    """The map of ``areas`` coloured by ``step_of`` (area id -> index in ``steps``), with its table rows."""
    numbered = len(areas) > NAMES_UP_TO
    rows: list[MapRow] = []
    shapes: list[tuple[str, Outline, int]] = []
    without: list[str] = []
    drawn = _outlines(tuple(area.boundary for area in areas))
    for number, area in enumerate(areas, start=1):
        area_id = area.id or 0
        label = str(number) if numbered else area.name
        step = step_of.get(area_id, 0)
        rows.append(MapRow(label, area.name, shown.get(area_id, ""), steps[step].label))
        outline = drawn.outlines[number - 1]
        if outline is not None:
            shapes.append((label, outline, step))
        else:
            without.append(area.name)
    svg = _draw(title, summary, shapes, steps, numbered, drawn.height) if shapes else None
    return WardMap(svg, rows, summary, value_heading, numbered, without)


@dataclass(frozen=True)
class Outline:
    """An area as the map draws it: its path, and the point inside it where its label goes."""

    path: str
    x: float
    y: float


@dataclass(frozen=True)
class Outlines:
    outlines: tuple[Outline | None, ...]  # in the order of the areas; None for an area without one
    height: float


# Outlines drawn before, by the areas' boundaries: every map of a place draws the same shapes, and only
# their fills and labels differ. Keyed by the boundaries themselves, so a changed boundary is drawn again.
_DRAWN: Kept[tuple[str | None, ...], Outlines] = Kept(64)


def _outlines(boundaries: tuple[str | None, ...]) -> Outlines:
    return _DRAWN.get_or_work_out(boundaries, lambda: _project(boundaries))


def _project(boundaries: tuple[str | None, ...]) -> Outlines:
    """Each boundary as a path on the map's plane, the whole fitted to the map's width and height."""
    parts = [_polygons(boundary) for boundary in boundaries]
    lons = [p[0] for polygons in parts for polygon in polygons for p in polygon[0]]
    lats = [p[1] for polygons in parts for polygon in polygons for p in polygon[0]]
    if not lons:
        return Outlines(tuple(None for _ in boundaries), 0.0)
    shrink = math.cos(math.radians((min(lats) + max(lats)) / 2))
    west, east, south, north = min(lons) * shrink, max(lons) * shrink, min(lats), max(lats)
    span_x, span_y = max(east - west, 1e-9), max(north - south, 1e-9)
    scale = min((WIDTH - 2 * PADDING) / span_x, (MAX_HEIGHT - 2 * PADDING) / span_y)
    height = span_y * scale + 2 * PADDING

    def point(lon: float, lat: float) -> tuple[float, float]:
        return PADDING + (lon * shrink - west) * scale, PADDING + (north - lat) * scale

    outlines: list[Outline | None] = []
    for polygons in parts:
        if not polygons:
            outlines.append(None)
            continue
        d = " ".join(_ring(ring, point) for polygon in polygons for ring in polygon)
        x, y = _label_point(polygons, point)
        outlines.append(Outline(d, x, y))
    return Outlines(tuple(outlines), height)


def _polygons(boundary: str | None) -> list[Any]:
    if not boundary:
        return []
    geometry = json.loads(boundary)
    if geometry.get("type") == "Polygon":
        return [geometry["coordinates"]]
    if geometry.get("type") == "MultiPolygon":
        return list(geometry["coordinates"])
    return []


def _draw(
    title: str,
    summary: str,
    shapes: list[tuple[str, Outline, int]],
    steps: Sequence[MapStep],
    numbered: bool,
    height: float,
) -> str:
    map_id = "map-" + hashlib.sha256(json.dumps([title, [s[0] for s in shapes]]).encode()).hexdigest()[:10]
    body = [
        f'<defs><pattern id="{map_id}-hatch" width="8" height="8" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><rect width="8" height="8" fill="#ffffff"/>'
        '<line x1="0" y1="0" x2="0" y2="8" stroke="#6f777b" stroke-width="2"/></pattern></defs>'
    ]
    labels = []
    for label, outline, step in shapes:
        fill = f"url(#{map_id}-hatch)" if steps[step].hatched else steps[step].fill
        body.append(
            f'<path d="{outline.path}" fill="{fill}" fill-rule="evenodd" stroke="{OUTLINE}" stroke-width="1">'
            f"<title>{escape(label)}</title></path>"
        )
        labels.append(
            f'<text x="{outline.x:.1f}" y="{outline.y:.1f}" text-anchor="middle" dominant-baseline="middle" '
            f'font-size="{13 if numbered else 12}" font-weight="bold" stroke="#ffffff" stroke-width="3" '
            f'paint-order="stroke">{escape(label)}</text>'
        )
    body.extend(labels)
    key_top = height + PADDING
    body.append(f'<text x="{PADDING}" y="{key_top + 12:.0f}" font-size="14" font-weight="bold">Key</text>')
    for index, key_step in enumerate(steps):
        y = key_top + 20 + index * KEY_ROW
        fill = f"url(#{map_id}-hatch)" if key_step.hatched else key_step.fill
        body.append(
            f'<rect x="{PADDING}" y="{y:.0f}" width="28" height="18" fill="{fill}" stroke="{OUTLINE}"/>'
            f'<text x="{PADDING + 36}" y="{y + 14:.0f}" font-size="14">{escape(key_step.label)}</text>'
        )
    total = key_top + 20 + len(steps) * KEY_ROW + PADDING
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {total:.0f}" width="{WIDTH}" '
        f'height="{total:.0f}" role="img" aria-labelledby="{map_id}-title {map_id}-desc" '
        f'font-family="{FONT_FAMILY}" fill="{TEXT_COLOUR}" class="app-map">'
        f'<title id="{map_id}-title">{escape(title)}</title><desc id="{map_id}-desc">{escape(summary)}</desc>'
        + "".join(body)
        + "</svg>"
    )


def _ring(ring: Sequence[Sequence[float]], point: Any) -> str:
    xy = [point(p[0], p[1]) for p in ring]
    return "M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in xy) + "Z"


def _label_point(polygons: list[Any], point: Any) -> tuple[float, float]:
    """Inside the largest part of the area (shapely's representative point, which is always inside)."""
    import shapely

    largest = max(polygons, key=lambda polygon: len(polygon[0]))
    inside = shapely.Polygon(largest[0], largest[1:]).representative_point()
    x, y = point(inside.x, inside.y)
    return float(x), float(y)


def high_low_summary(
    names: Mapping[int, str], values: Mapping[int, float | None], *, what: str, unit: str = ""
) -> str:
    """One sentence: where the figure is highest and lowest, or that there are no figures yet."""
    known = [(values[k], names[k]) for k in names if values.get(k) is not None]
    if not known:
        return f"There are no figures for {what} in any area yet."
    known.sort(key=lambda pair: (-(pair[0] or 0), pair[1]))
    (top, top_name), (low, low_name) = known[0], known[-1]
    if top == low:
        return f"{what.capitalize()} is {with_unit(_figure(top or 0), unit)} in every area with a figure."
    return (
        f"{what.capitalize()} is highest in {top_name} ({with_unit(_figure(top or 0), unit)}) and lowest in "
        f"{low_name} ({with_unit(_figure(low or 0), unit)})."
    )
