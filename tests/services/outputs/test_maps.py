"""The ward map: valid SVG with one shape per area, steps told apart in greyscale, labels and key, and a
table that says the same; the 70-ward invented place draws quickly."""

import itertools
import time
import xml.etree.ElementTree as ET
from pathlib import Path

from app.models import Area
from app.services.geography.boundaries import read_boundary_file
from app.services.outputs import maps
from seed.boundaries import invented_wards

SVG = "{http://www.w3.org/2000/svg}"
HARTLEPOOL = Path(__file__).parents[2] / "fixtures" / "ons" / "wards-E06000001-hartlepool.geojson"


def _areas() -> list[Area]:
    with HARTLEPOOL.open("rb") as stream:
        wards = read_boundary_file(stream, filename=HARTLEPOOL.name, authority="E06000001")
    return [Area(id=n, place_id=1, name=w.name, boundary=w.boundary) for n, w in enumerate(wards, start=1)]


def _grey(colour: str) -> float:
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def test_one_shape_per_area_and_the_table_matches() -> None:
    areas = _areas()
    values: dict[int, float | None] = {a.id or 0: float(a.id or 0) for a in areas}
    values[3] = None
    steps, step_of = maps.numeric_steps(values)
    ward_map = maps.ward_map(
        title="Voices <per> 1,000",
        areas=areas,
        steps=steps,
        step_of=step_of,
        shown={k: str(v) for k, v in values.items()},
        summary="A summary & more.",
        value_heading="Voices",
    )
    assert ward_map.svg is not None
    root = ET.fromstring(ward_map.svg)  # noqa: S314 - our own output: well formed, text escaped
    paths = root.findall(f"{SVG}path")
    assert len(paths) == len(areas) == len(ward_map.rows) == 12
    assert [p.find(f"{SVG}title").text for p in paths] == [r.label for r in ward_map.rows]  # type: ignore[union-attr]
    assert ward_map.numbered and [r.label for r in ward_map.rows] == [str(n) for n in range(1, 13)]
    labels = [t.text for t in root.findall(f"{SVG}text")]
    assert all(str(n) in labels for n in range(1, 13)), "every area is labelled"
    assert [s.label for s in steps] == ["No figure", "0 to 5", "5 to 10", "10 to 15"]
    assert all(step.label in labels for step in steps), "the key is inside the map"
    fills = [p.get("fill") for p in paths]
    assert fills[2] is not None and fills[2].startswith("url(#"), "no figure is hatched, not a colour"
    assert ward_map.rows[2].step == "No figure" and ward_map.rows[11].step == "10 to 15"
    assert root.find(f"{SVG}title").text == "Voices <per> 1,000"  # type: ignore[union-attr]
    assert "style=" not in ward_map.svg


def test_steps_stay_apart_in_greyscale() -> None:
    for count in range(1, 6):
        greys = [_grey(step.fill) for step in maps.steps_for(count)[1:]]
        assert greys == sorted(greys, reverse=True), "light to dark"
        assert all(a - b > 25 for a, b in itertools.pairwise(greys)), greys


def test_names_label_a_few_areas_and_an_area_without_outline_is_listed() -> None:
    outlines = invented_wards(3, seed=4)
    areas = [
        Area(id=1, place_id=1, name="Abbey", boundary=outlines[0]),
        Area(id=2, place_id=1, name="Brook", boundary=outlines[1]),
        Area(id=3, place_id=1, name="Castle", boundary=None),
    ]
    ward_map = maps.ward_map(
        title="t", areas=areas, steps=maps.steps_for(1), step_of={}, shown={}, summary="s", value_heading="v"
    )
    assert not ward_map.numbered and [r.label for r in ward_map.rows] == ["Abbey", "Brook", "Castle"]
    assert ward_map.without_outline == ["Castle"]
    assert ward_map.svg is not None and ward_map.svg.count("<path") == 2


def test_summary_names_highest_and_lowest() -> None:
    names = {1: "Abbey", 2: "Brook", 3: "Castle"}
    assert maps.high_low_summary(names, {1: 3.0, 2: 0.5, 3: None}, what="voices per 1,000 residents") == (
        "Voices per 1,000 residents is highest in Abbey (3) and lowest in Brook (0.5)."
    )
    assert (
        maps.high_low_summary(names, {}, what="actions")
        == "There are no figures for actions in any area yet."
    )


def test_seventy_invented_wards_draw_quickly() -> None:
    outlines = invented_wards(70, seed=2)
    assert outlines == invented_wards(70, seed=2), "the same seed gives the same wards"
    areas = [Area(id=n, place_id=1, name=f"Ward {n}", boundary=b) for n, b in enumerate(outlines, start=1)]
    values: dict[int, float | None] = {a.id or 0: float(n % 9) for n, a in enumerate(areas)}
    steps, step_of = maps.numeric_steps(values)
    started = time.perf_counter()
    ward_map = maps.ward_map(
        title="t", areas=areas, steps=steps, step_of=step_of, shown={}, summary="s", value_heading="v"
    )
    assert time.perf_counter() - started < 0.5
    assert ward_map.svg is not None and ward_map.svg.count("<path") == 70


def test_a_place_drawn_again_reuses_its_outlines_and_a_changed_boundary_is_redrawn() -> None:
    areas = _areas()
    steps, step_of = maps.numeric_steps({a.id or 0: 1.0 for a in areas})
    kwargs = {"steps": steps, "step_of": step_of, "shown": {}, "summary": "", "value_heading": "Voices"}
    first = maps.ward_map(title="First", areas=areas, **kwargs)
    again = maps.ward_map(title="Again", areas=list(areas), **kwargs)
    assert first.svg is not None and again.svg is not None
    paths = [p.get("d") for p in ET.fromstring(first.svg).findall(f"{SVG}path")]  # noqa: S314
    assert paths == [p.get("d") for p in ET.fromstring(again.svg).findall(f"{SVG}path")]  # noqa: S314
    moved = [Area(id=a.id, place_id=1, name=a.name, boundary=a.boundary) for a in areas]
    moved[
        0
    ].boundary = (
        '{"type": "Polygon", "coordinates": [[[-1.3, 54.6], [-1.2, 54.6], [-1.2, 54.7], [-1.3, 54.6]]]}'
    )
    redrawn = maps.ward_map(title="First", areas=moved, **kwargs)
    assert redrawn.svg is not None
    redrawn_paths = [p.get("d") for p in ET.fromstring(redrawn.svg).findall(f"{SVG}path")]  # noqa: S314
    assert redrawn_paths[0] != paths[0], "the changed boundary is drawn from its new outline"
    assert maps.ward_map(title="First", areas=areas, **kwargs).svg == first.svg
