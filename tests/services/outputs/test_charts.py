"""The compass chart: valid, accessible SVG that needs no inline styles, and its one-sentence summary."""

import xml.etree.ElementTree as ET

import pytest

from app.services.outputs.chart_style import SERIES_STYLES, contrast_with_white
from app.services.outputs.charts import radar_svg
from app.services.outputs.radar_summary import RadarSeries, radar_summary

SVG = "{http://www.w3.org/2000/svg}"
THEMES = [
    "Moving around",
    "Public transport",
    "Traffic and parking",
    "Streets and spaces",
    "Natural space",
    "Play and recreation",
    "Facilities and amenities",
    "Work and local economy",
    "Housing and community",
    "Social contact",
    "Identity and belonging",
    "Feeling safe",
    "Care and maintenance",
    "Influence and sense of control",
]
NOW = RadarSeries("2025", [4.2, 3.1, 2.5, 4.8, 6.3, 5.0, 3.9, 2.8, 3.5, 4.4, 5.1, 2.1, 3.0, 2.6])
BEFORE = RadarSeries("2023", [3.8, 2.9, None, 4.1, 5.9, 4.2, 3.3, 2.2, 3.9, 4.0, 4.6, 2.8, 2.7, 2.2])


def _parse(markup: str) -> ET.Element:
    return ET.fromstring(markup)  # noqa: S314 - the markup is our own output, parsed to check it is well formed


def _chart(
    labels: list[str] = THEMES, series: list[RadarSeries] | None = None, title: str = "Northfield"
) -> ET.Element:
    return _parse(radar_svg(title=title, labels=labels, series=[NOW, BEFORE] if series is None else series))


def _groups(root: ET.Element, class_name: str) -> list[ET.Element]:
    return [element for element in root.iter(f"{SVG}g") if element.get("class") == class_name]


def _classed(root: ET.Element, class_name: str) -> list[ET.Element]:
    return [element for element in root.iter() if element.get("class") == class_name]


def test_svg_is_an_accessible_image_with_title_and_description() -> None:
    root = _chart()
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert root.get("viewBox")
    title, desc = root[0], root[1]
    assert title.tag == f"{SVG}title" and title.text == "Northfield"
    assert desc.tag == f"{SVG}desc"
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    assert "Feeling safe (most room for improvement)" in (desc.text or "")
    assert "Traffic and parking has no score yet" in (desc.text or "")


def test_ids_are_unique_across_two_charts_on_one_page() -> None:
    first = _chart(title="Northfield")
    second = _chart(series=[BEFORE], title="Northfield")
    third = _chart(title="Southfield")
    ids = [
        element.get("id") for root in (first, second, third) for element in root.iter() if element.get("id")
    ]
    assert len(ids) == 6
    assert len(set(ids)) == 6
    assert all(identifier and identifier.startswith("radar-") for identifier in ids)


def test_one_spoke_and_one_label_per_theme_and_a_ring_per_scale_step() -> None:
    root = _chart()
    assert len(_classed(root, "radar-spoke")) == 14
    labels = _classed(root, "radar-label")
    assert [" ".join(span.text or "" for span in label) for label in labels] == THEMES
    assert len(_classed(root, "radar-ring")) == 7
    scale = _groups(root, "radar-scale")[0]
    assert [text.text for text in scale] == ["1", "2", "3", "4", "5", "6", "7"]


def test_long_labels_wrap_onto_two_lines() -> None:
    label = _classed(_chart(), "radar-label")[13]
    assert [span.text for span in label] == ["Influence and", "sense of control"]


def test_each_series_is_a_closed_polygon_with_its_own_colour_dash_and_marker() -> None:
    root = _chart(series=[NOW, RadarSeries("2021", [3.0] * 14)])
    groups = _groups(root, "radar-series")
    assert len(groups) == 2
    assert [len(group.findall(f"{SVG}polygon")) for group in groups] == [1, 1]
    assert len({group.get("stroke") for group in groups}) == 2
    assert len({group.get("stroke-dasharray") for group in groups}) == 2
    marker_tags = [{marker.tag for marker in _classed(group, "radar-marker")} for group in groups]
    assert marker_tags == [{f"{SVG}circle"}, {f"{SVG}rect"}]
    assert len(_classed(groups[0], "radar-marker")) == 14


def test_missing_values_break_the_outline_and_have_no_marker() -> None:
    gaps = RadarSeries("Gaps", [4.0, None, 4.0, 4.0, None, None, 4.0, 4.0, 4.0, 4.0, 4.0, 4.0, 4.0, 4.0])
    root = _chart(series=[BEFORE, gaps])
    one_gap, two_gaps = _groups(root, "radar-series")
    assert one_gap.findall(f"{SVG}polygon") == []
    assert [len(line.get("points", "").split()) for line in one_gap.findall(f"{SVG}polyline")] == [13]
    assert len(_classed(one_gap, "radar-marker")) == 13
    # Runs go round the circle: themes 3-4, then 7-14 joined to 1 across the top.
    assert sorted(len(line.get("points", "").split()) for line in two_gaps.findall(f"{SVG}polyline")) == [
        2,
        9,
    ]
    assert len(_classed(two_gaps, "radar-marker")) == 11


def test_a_lone_value_between_gaps_is_a_marker_without_a_line() -> None:
    lone = RadarSeries("Lone", [None, 5.0, None, *([None] * 11)])
    group = _groups(_chart(series=[lone]), "radar-series")[0]
    assert group.findall(f"{SVG}polyline") == []
    assert len(_classed(group, "radar-marker")) == 1


def test_no_inline_styles_and_no_script() -> None:
    markup = radar_svg(title="Northfield", labels=THEMES, series=[NOW, BEFORE])
    root = _parse(markup)
    assert not [element for element in root.iter() if "style" in element.attrib]
    assert root.findall(f".//{SVG}style") == []
    assert root.findall(f".//{SVG}script") == []
    assert "style" not in markup
    assert "on" not in {name[:2] for element in root.iter() for name in element.attrib}


def test_text_is_escaped() -> None:
    hostile = '<&> "quoted" </text><script>'
    markup = radar_svg(
        title=f"Title {hostile}",
        labels=[f"Theme {hostile}", "B", "C"],
        series=[RadarSeries(hostile, [1, 2, 3])],
    )
    root = _parse(markup)
    assert root.findall(f".//{SVG}script") == []
    assert root[0].text == f"Title {hostile}"
    label = _classed(root, "radar-label")[0]
    assert " ".join(span.text or "" for span in label) == f"Theme {hostile}"
    legend = _groups(root, "radar-legend")[0]
    assert [text.text for text in legend.iter(f"{SVG}text")] == [hostile]


def test_output_is_deterministic() -> None:
    first = radar_svg(title="Northfield", labels=THEMES, series=[NOW, BEFORE])
    assert radar_svg(title="Northfield", labels=list(THEMES), series=[NOW, BEFORE]) == first


def test_series_colours_meet_non_text_contrast_and_every_style_is_distinct() -> None:
    assert all(contrast_with_white(style.colour) >= 3 for style in SERIES_STYLES)
    for attribute in ("colour", "dasharray", "marker"):
        assert len({getattr(style, attribute) for style in SERIES_STYLES}) == len(SERIES_STYLES)


def test_six_series_draw_and_a_seventh_is_refused() -> None:
    six = [RadarSeries(f"Group {i}", [float(i + 1)] * 3) for i in range(6)]
    root = _parse(radar_svg(title="Groups", labels=["A", "B", "C"], series=six))
    assert len(_groups(root, "radar-series")) == 6
    with pytest.raises(ValueError, match="at most 6"):
        radar_svg(title="Groups", labels=["A", "B", "C"], series=[*six, six[0]])


@pytest.mark.parametrize(
    ("labels", "series", "message"),
    [
        (["A", "B"], [RadarSeries("S", [1, 2])], "at least 3 themes"),
        (["A", "B", "C"], [RadarSeries("S", [1, 2])], "2 values for 3 themes"),
        (["A", "B", "C"], [RadarSeries("S", [1, 2, 8])], "outside the scale"),
        (["A", "B", "C"], [RadarSeries("S", [1, 2, float("nan")])], "outside the scale"),
    ],
)
def test_bad_data_is_refused(labels: list[str], series: list[RadarSeries], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        radar_svg(title="Bad", labels=labels, series=series)


def test_chart_without_series_draws_the_grid_and_says_there_are_no_scores() -> None:
    root = _chart(series=[])
    assert _groups(root, "radar-series") == []
    assert "No scores have been recorded yet." in (root[1].text or "")


def test_summary_names_lowest_and_highest_themes() -> None:
    assert radar_summary(labels=THEMES, series=NOW) == (
        "Scores range from 2.1 for Feeling safe (most room for improvement) to 6.3 for Natural space "
        "(least room for improvement), across 14 themes."
    )


def test_summary_names_ties_and_missing_themes() -> None:
    assert radar_summary(labels=THEMES, series=BEFORE) == (
        "Scores range from 2.2 for Work and local economy and Influence and sense of control (most room for "
        "improvement) to 5.9 for Natural space (least room for improvement), across 13 of 14 themes "
        "(Traffic and parking has no score yet)."
    )


def test_summary_for_a_single_theme() -> None:
    series = RadarSeries("Walkabout", [None, None, 6.0, None])
    assert radar_summary(labels=["A", "B", "Natural space", "D"], series=series) == (
        "Natural space is the only theme with a score so far: 6 out of 7."
    )


def test_summary_when_every_theme_scores_the_same() -> None:
    flat = RadarSeries("Flat", [4.0, 4.04, 3.96])
    assert (
        radar_summary(labels=["A", "B", "C"], series=flat, scale_max=5) == "All 3 themes are at 4 out of 5."
    )
    gappy = RadarSeries("Gappy", [4.0, None, 4.0, None])
    assert radar_summary(labels=["A", "B", "C", "D"], series=gappy) == (
        "All 2 themes with a score are at 4 out of 7 (B and D have no score yet)."
    )


def test_summary_with_no_scores() -> None:
    series = RadarSeries("Empty", [None] * 14)
    assert radar_summary(labels=THEMES, series=series) == "No scores have been recorded yet."
    assert radar_summary(labels=[], series=RadarSeries("Nothing", [])) == "No scores have been recorded yet."
