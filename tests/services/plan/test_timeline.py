"""The plan timeline: year marks that never crowd, bars and milestones placed by date, labels kept short."""

import xml.etree.ElementTree as ET
from datetime import date

import pytest

from app.services.plan.timeline import CHART_WIDTH, LABEL_WIDTH, ROW_HEIGHT, TOP, TimelineRow, timeline_svg

SVG = "{http://www.w3.org/2000/svg}"
RIGHT = LABEL_WIDTH + CHART_WIDTH


def _chart(start: date, end: date, rows: list[TimelineRow] | None = None, title: str = "Plan") -> ET.Element:
    markup = timeline_svg(title=title, start=start, end=end, rows=rows or [])
    return ET.fromstring(markup)  # noqa: S314 - our own output, parsed to check it is well formed


def _years(root: ET.Element) -> list[str]:
    """The year labels: the only text above the first row."""
    return [t.text or "" for t in root.iter(f"{SVG}text") if float(t.get("y", "0")) < TOP]


def _row(label: str = "Run the bus pilot", **changes: object) -> TimelineRow:
    values: dict[str, object] = {
        "label": label,
        "start": date(2026, 4, 1),
        "end": date(2027, 3, 31),
        "status": "In progress",
        **changes,
    }
    return TimelineRow(**values)  # type: ignore[arg-type]


# Year marks


@pytest.mark.parametrize(
    ("start", "end", "years"),
    [
        (date(2026, 1, 1), date(2030, 12, 31), ["2026", "2027", "2028", "2029", "2030"]),
        # A year is marked on its 1 January, so a timeline starting in April marks the next year first.
        (date(2026, 4, 1), date(2030, 12, 31), ["2027", "2028", "2029", "2030"]),
        (date(2026, 4, 1), date(2026, 12, 31), []),
    ],
)
def test_every_year_is_marked_on_a_short_timeline(start: date, end: date, years: list[str]) -> None:
    assert _years(_chart(start, end)) == years


def test_fourteen_years_are_marked_one_by_one_and_fifteen_every_second() -> None:
    assert _years(_chart(date(2026, 1, 1), date(2039, 12, 31))) == [str(y) for y in range(2026, 2040)]
    assert _years(_chart(date(2026, 1, 1), date(2040, 12, 31))) == [str(y) for y in range(2026, 2041, 2)]


@pytest.mark.parametrize(
    ("start", "end", "years"),
    [
        # 41 years: every fifth, on the round years.
        (date(2000, 1, 1), date(2040, 12, 31), [str(y) for y in range(2000, 2041, 5)]),
        (date(2001, 1, 1), date(2040, 12, 31), [str(y) for y in range(2005, 2041, 5)]),
        # 101 years: every tenth.
        (date(1950, 1, 1), date(2050, 12, 31), [str(y) for y in range(1950, 2051, 10)]),
    ],
)
def test_long_timelines_mark_round_years_only(start: date, end: date, years: list[str]) -> None:
    assert _years(_chart(start, end)) == years


def test_year_marks_sit_at_their_share_of_the_chart() -> None:
    root = _chart(date(2026, 1, 1), date(2028, 1, 1))
    grid = {line.get("x1") for line in root.iter(f"{SVG}line")}
    # 2027 starts 365 of the 730 days in: half way across the chart.
    assert grid == {f"{LABEL_WIDTH:.1f}", f"{LABEL_WIDTH + CHART_WIDTH / 2:.1f}", f"{RIGHT:.1f}"}


# Rows


def test_each_row_has_its_label_a_bar_from_start_to_end_and_its_status_beside_it() -> None:
    root = _chart(
        date(2026, 1, 1),
        date(2028, 1, 1),
        [_row(start=date(2026, 1, 1), end=date(2027, 1, 1), status="Late")],
    )
    (bar,) = root.iter(f"{SVG}rect")
    assert (bar.get("x"), bar.get("width")) == (f"{LABEL_WIDTH:.1f}", f"{CHART_WIDTH / 2:.1f}")
    texts = {t.text: t for t in root.iter(f"{SVG}text")}
    assert "Run the bus pilot" in texts
    assert texts["Late"].get("x") == f"{LABEL_WIDTH + CHART_WIDTH / 2 + 6:.1f}"


def test_bars_are_cut_to_the_timeline_and_never_vanish() -> None:
    root = _chart(
        date(2026, 1, 1),
        date(2027, 1, 1),
        [
            _row(start=date(2020, 1, 1), end=date(2035, 1, 1)),
            _row(start=date(2026, 6, 1), end=date(2026, 6, 1)),  # starts and ends the same day
        ],
    )
    whole, one_day = root.iter(f"{SVG}rect")
    assert (whole.get("x"), whole.get("width")) == (f"{LABEL_WIDTH:.1f}", f"{CHART_WIDTH:.1f}")
    assert one_day.get("width") == "3.0"


@pytest.mark.parametrize(
    ("label", "shown"),
    [
        ("A" * 34, "A" * 34),
        ("A" * 35, "A" * 33 + "…"),
        ("Walk & cycle <safely> to school", "Walk & cycle <safely> to school"),
    ],
    ids=["34 kept", "35 cut", "escaped"],
)
def test_labels_are_cut_to_34_characters_and_escaped(label: str, shown: str) -> None:
    root = _chart(date(2026, 1, 1), date(2028, 1, 1), [_row(label)])
    assert shown in [t.text for t in root.iter(f"{SVG}text")]


def test_milestones_are_diamonds_filled_when_done_and_hollow_when_not() -> None:
    row = _row(
        milestones=(("Contract signed", date(2026, 6, 1), True), ("Buses run", date(2026, 9, 1), False))
    )
    root = _chart(date(2026, 1, 1), date(2028, 1, 1), [row])
    done, due = root.iter(f"{SVG}polygon")
    assert (done.get("fill"), due.get("fill")) == ("#0b0c0c", "#ffffff")
    # 1 June 2026 is 151 of the 730 days in: the diamond's top point is there.
    assert (done.get("points") or "").startswith(f"{LABEL_WIDTH + CHART_WIDTH * 151 / 730:.1f},")


def test_the_image_grows_a_row_at_a_time_and_says_what_it_shows() -> None:
    empty = _chart(date(2026, 1, 1), date(2030, 12, 31))
    three = _chart(date(2026, 1, 1), date(2030, 12, 31), [_row(), _row(), _row()], title="Plan & timeline")
    assert int(empty.get("height", "")) == TOP + ROW_HEIGHT + 20, "room for one row even with none"
    assert int(three.get("height", "")) == TOP + 3 * ROW_HEIGHT + 20
    assert three.get("role") == "img"
    assert three.findtext(f"{SVG}title") == "Plan & timeline"
    assert three.findtext(f"{SVG}desc") == (
        "3 actions from January 2026 to December 2030. The table below gives the same dates."
    )
    labelled_by = (three.get("aria-labelledby") or "").split()
    ids = {element.get("id") for element in three.iter() if element.get("id")}
    assert len(labelled_by) == 2 and set(labelled_by) <= ids


def test_today_is_a_line_bars_take_their_status_colour_and_overdue_milestones_are_flagged() -> None:
    milestones = [("Forum", date(2026, 6, 30), False), ("Report", date(2026, 5, 1), True)]
    rows = [_row(status="At risk", status_key="at_risk", milestones=milestones), _row(status_key="on_track")]
    markup = timeline_svg(
        title="Plan", start=date(2026, 1, 1), end=date(2027, 12, 31), rows=rows, today=date(2026, 9, 1)
    )
    root = ET.fromstring(markup)  # noqa: S314 - our own output
    assert len([line for line in root.iter(f"{SVG}line") if line.get("class") == "today"]) == 1
    assert "Today" in [t.text for t in root.iter(f"{SVG}text")]
    fills = [rect.get("fill") for rect in root.iter(f"{SVG}rect")]
    assert fills == ["#a34a00", "#00703c"]
    assert "At risk · 1 milestone overdue" in [t.text for t in root.iter(f"{SVG}text")]
    strokes = [p.get("stroke") for p in root.iter(f"{SVG}polygon")]
    assert strokes == ["#d4351c", "#0b0c0c"], "the undone, past milestone is outlined in red"


def test_no_today_line_outside_the_chart() -> None:
    markup = timeline_svg(
        title="Plan", start=date(2026, 1, 1), end=date(2026, 12, 31), rows=[_row()], today=date(2030, 1, 1)
    )
    root = ET.fromstring(markup)  # noqa: S314 - our own output
    assert not [line for line in root.iter(f"{SVG}line") if line.get("class") == "today"]
