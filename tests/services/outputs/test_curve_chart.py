"""The turn-the-curve chart: every series inside the frame, years and today marked, intervals drawn."""

import xml.etree.ElementTree as ET
from datetime import date

from app.services.outputs.curve_chart import BOTTOM, HEIGHT, TOP, ChartWords, curve_svg
from app.services.progress.curve import Point

SVG = "{http://www.w3.org/2000/svg}"
BASE = Point(date(2026, 3, 31), 70.0)
TARGET = Point(date(2029, 3, 31), 80.0)


def _parse(markup: str) -> ET.Element:
    return ET.fromstring(markup)  # noqa: S314 - our own output, parsed to check it is well formed


def _chart(**kwargs: object) -> ET.Element:
    arguments: dict[str, object] = {
        "chart_id": "curve-1",
        "title": "Get on well",
        "measurements": [Point(date(2026, 9, 30), 74.0)],
        "baseline": BASE,
        "target": TARGET,
        "slope": 0.0,
        "unit": "%",
        "today": date(2027, 1, 15),
    }
    arguments.update(kwargs)
    return _parse(curve_svg(**arguments))  # type: ignore[arg-type]


def _texts(root: ET.Element) -> list[str]:
    return [t.text or "" for t in root.iter(f"{SVG}text")]


def test_labels_sit_on_the_series_and_no_inline_style() -> None:
    root = _chart()
    texts = _texts(root)
    assert {"Baseline 70%", "Target 80%", "Latest 74%", "Forecast 70%", "Today"} <= set(texts)
    assert root.get("role") == "img" and root.get("aria-labelledby") == "curve-1-title curve-1-desc"
    assert not any(el.get("style") for el in root.iter())


def test_a_falling_forecast_stays_inside_the_frame() -> None:
    # Heading down 5 points a year to 2029: the forecast ends near 55, below every figure.
    root = _chart(slope=-5 / 365)
    (forecast,) = [line for line in root.iter(f"{SVG}line") if line.get("class") == "forecast"]
    for attribute in ("y1", "y2"):
        assert TOP <= float(forecast.get(attribute, "")) <= HEIGHT - BOTTOM
    ticks = [t for t in _texts(root) if t.endswith("%") and t[:-1].isdigit()]
    assert ticks[0] == "50%" and all(int(t[:-1]) % 5 == 0 for t in ticks), ticks


def test_each_year_is_labelled_once_and_today_is_marked() -> None:
    root = _chart()
    years = [t for t in _texts(root) if t.isdigit()]
    assert years == ["2027", "2028", "2029"]
    assert len([line for line in root.iter(f"{SVG}line") if line.get("class") == "today"]) == 1
    outside = _chart(today=date(2035, 1, 1))
    assert not [line for line in outside.iter(f"{SVG}line") if line.get("class") == "today"]


def test_confidence_intervals_are_bars_and_inside_the_frame() -> None:
    figures = [Point(date(2026, 9, 30), 74.0, low=66.0, high=82.0), Point(date(2027, 3, 31), 75.0)]
    root = _chart(measurements=figures)
    bars = [p for p in root.iter(f"{SVG}path") if p.get("class") == "interval"]
    assert len(bars) == 1
    ticks = [int(t[:-1]) for t in _texts(root) if t.endswith("%") and t[:-1].isdigit()]
    assert min(ticks) <= 66 and max(ticks) >= 82


def test_text_is_large_enough_at_375_pixels() -> None:
    root = _chart()
    width = float(root.get("viewBox", "").split()[2])
    sizes = {float(t.get("font-size", "0")) for t in root.iter(f"{SVG}text")}
    assert min(sizes) * 375 / width >= 12


def test_a_chart_with_nothing_to_draw_is_still_a_titled_image() -> None:
    root = _chart(measurements=[], baseline=None, target=None, title="A & B")
    assert root.findtext(f"{SVG}title") == "A & B"
    assert not list(root.iter(f"{SVG}line"))


def test_the_unit_is_escaped() -> None:
    markup = curve_svg(
        chart_id="c", title="Waiting", measurements=[], baseline=BASE, target=None, slope=0.0, unit=" <days>"
    )
    assert "<days>" not in markup
    assert "Baseline 70 <days>" in _texts(_parse(markup))


def test_the_words_on_the_chart_come_in_the_readers_language() -> None:
    words = ChartWords(
        title="%(name)s (cy)",
        described="Nifer: %(count)s",
        forecast="Rhagolwg %(value)s",
        latest="Diweddaraf %(value)s",
        baseline="Llinell sylfaen %(value)s",
        target="Targed %(value)s",
        today="Heddiw",
    )
    root = _chart(words=words, slope=0.01)
    texts = _texts(root)
    for expected in ("Llinell sylfaen 70%", "Targed 80%", "Diweddaraf 74%", "Heddiw"):
        assert expected in texts, (expected, texts)
    assert any(text.startswith("Rhagolwg ") for text in texts)
    assert not any(text.startswith(("Baseline", "Target", "Latest", "Forecast", "Today")) for text in texts)
    assert root.find(f"{SVG}desc").text == "Nifer: 1"  # type: ignore[union-attr]
