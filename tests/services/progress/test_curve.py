"""Turn the curve: the baseline forecast, the RAG status by polarity, "not enough data", and the chart."""

import xml.etree.ElementTree as ET
from datetime import date

import pytest

from app.services.progress.curve import Point, assess, curve_svg, forecast_slope

SVG = "{http://www.w3.org/2000/svg}"
BASE = Point(date(2026, 3, 31), 70.0)
TARGET = Point(date(2029, 3, 31), 80.0)
A_YEAR_ON = date(2027, 3, 31)


def _status(
    measurements: list[Point],
    *,
    target: Point | None = TARGET,
    higher_is_better: bool = True,
) -> str:
    return assess(
        measurements=measurements, baseline=BASE, target=target, higher_is_better=higher_is_better, unit="%"
    ).status


def _parse(markup: str) -> ET.Element:
    return ET.fromstring(markup)  # noqa: S314 - our own output, parsed to check it is well formed


# The forecast


def test_the_forecast_is_the_least_squares_line_not_the_line_between_the_ends() -> None:
    # Days -3..0 with values 0, 2, 2, 4: least squares gives 1.2 a day, the two ends 4/3 a day.
    history = [Point(date(2026, 3, 28 + day), value) for day, value in enumerate([0.0, 2.0, 2.0, 4.0])]
    assert forecast_slope(history, BASE) == pytest.approx(1.2)


def test_the_forecast_uses_only_measurements_up_to_the_baseline() -> None:
    history = [Point(date(2024, 3, 31), 74.0), Point(date(2025, 3, 31), 72.0)]
    later = Point(date(2026, 9, 30), 99.0)
    assert forecast_slope([*history, later], BASE) == forecast_slope(history, BASE)
    assert forecast_slope(history, BASE) == pytest.approx(-2 / 365)


@pytest.mark.parametrize(
    "history",
    [
        [],
        [Point(date(2025, 3, 31), 72.0)],
        [Point(date(2025, 3, 31), 72.0), Point(date(2025, 3, 31), 74.0)],  # two figures, one date
    ],
    ids=["none", "one", "one date"],
)
def test_the_forecast_is_flat_with_fewer_than_two_dates(history: list[Point]) -> None:
    assert forecast_slope(history, BASE) == 0.0


# Not enough data


def test_no_baseline_is_not_enough_data() -> None:
    result = assess(
        measurements=[Point(A_YEAR_ON, 90.0)], baseline=None, target=TARGET, higher_is_better=True, unit="%"
    )
    assert (result.status, result.label, result.summary) == (
        "not-enough-data",
        "Not enough data",
        "No baseline has been set yet.",
    )
    assert result.latest is None


@pytest.mark.parametrize(
    "measurements",
    [[], [Point(date(2025, 3, 31), 72.0)], [Point(BASE.on, 75.0)]],
    ids=["nothing", "only history", "only on the baseline date"],
)
def test_nothing_measured_after_the_baseline_is_not_enough_data(measurements: list[Point]) -> None:
    result = assess(measurements=measurements, baseline=BASE, target=TARGET, higher_is_better=True, unit="%")
    assert (result.status, result.summary) == (
        "not-enough-data",
        "Nothing has been measured since the baseline yet.",
    )
    assert result.latest is None


# Green, amber and red by polarity


@pytest.mark.parametrize(
    ("latest", "target", "higher_is_better", "status"),
    [
        (73.5, 80.0, True, "green"),  # +3.5 in a year: on course for +10 in three
        (71.0, 80.0, True, "amber"),  # above the flat forecast, not on course
        (70.0, 80.0, True, "red"),  # exactly the forecast is no better than it
        (69.0, 80.0, True, "red"),
        (66.0, 60.0, False, "green"),  # lower is better: -4 in a year, on course for -10 in three
        (69.0, 60.0, False, "amber"),  # below the forecast, not on course
        (70.0, 60.0, False, "red"),
        (71.0, 60.0, False, "red"),  # higher is worse when lower is better
    ],
)
def test_status_follows_polarity(latest: float, target: float, higher_is_better: bool, status: str) -> None:
    assert (
        _status(
            [Point(A_YEAR_ON, latest)],
            target=Point(TARGET.on, target),
            higher_is_better=higher_is_better,
        )
        == status
    )


def test_reaching_the_target_exactly_by_its_date_is_green() -> None:
    assert _status([Point(A_YEAR_ON, 75.0)], target=Point(A_YEAR_ON, 75.0)) == "green"
    assert _status([Point(A_YEAR_ON, 75.0)], target=Point(A_YEAR_ON, 75.1)) == "amber"


def test_after_the_target_date_the_latest_figure_itself_is_compared() -> None:
    # The rate is not carried backwards: 75 in March 2027 meets a target of 74 for December 2026.
    assert _status([Point(A_YEAR_ON, 75.0)], target=Point(date(2026, 12, 31), 74.0)) == "green"


def test_a_rising_trend_makes_a_small_rise_no_better_than_the_forecast() -> None:
    history = [Point(date(2024, 3, 31), 66.0), Point(date(2025, 3, 31), 68.0)]
    # Heading for 72 by March 2027 before the strategy: 71 is a rise, but below the forecast.
    assert _status([*history, Point(A_YEAR_ON, 71.0)]) == "red"


def test_a_falling_trend_makes_holding_steady_better_than_the_forecast() -> None:
    history = [Point(date(2024, 3, 31), 74.0), Point(date(2025, 3, 31), 72.0)]
    assert _status([*history, Point(A_YEAR_ON, 70.0)]) == "amber", "held at 70 while the trend pointed to 68"


def test_without_a_target_the_best_status_is_amber() -> None:
    result = assess(
        measurements=[Point(A_YEAR_ON, 95.0)], baseline=BASE, target=None, higher_is_better=True, unit="%"
    )
    assert (result.status, result.label) == ("amber", "Amber: better than the forecast, not on course")
    assert result.summary.endswith("on the baseline forecast.")


def test_the_latest_figure_is_the_latest_by_date_not_by_order() -> None:
    result = assess(
        measurements=[Point(date(2027, 6, 30), 69.0), Point(A_YEAR_ON, 75.0)],
        baseline=BASE,
        target=TARGET,
        higher_is_better=True,
        unit="%",
    )
    assert result.latest == Point(date(2027, 6, 30), 69.0)
    assert result.status == "red"


def test_labels_and_summary_say_what_the_status_is_based_on() -> None:
    history = [Point(date(2025, 3, 31), 69.0)]
    green = assess(
        measurements=[*history, Point(A_YEAR_ON, 73.5)],
        baseline=BASE,
        target=TARGET,
        higher_is_better=True,
        unit="%",
    )
    assert green.label == "Green: on course"
    assert green.summary == (
        "The latest figure, 73.5% on 31 March 2027, compares with 70.0% on the baseline forecast "
        "and a target of 80% by 31 March 2029."
    )
    assert green.forecast_slope == 0.0, "one figure before the baseline: flat"
    red = assess(
        measurements=[Point(A_YEAR_ON, 60.0)], baseline=BASE, target=TARGET, higher_is_better=True, unit="%"
    )
    assert red.label == "Red: no better than the forecast"


# The chart


def test_the_chart_marks_baseline_forecast_and_target_without_inline_style() -> None:
    svg = curve_svg(
        title="Get on well",
        measurements=[Point(date(2026, 9, 30), 74.0)],
        baseline=BASE,
        target=TARGET,
        slope=0.0,
        unit="%",
    )
    root = _parse(svg)
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "Baseline 70%" in texts and "Target 80%" in texts
    assert root.get("role") == "img" and "style" not in svg
    assert len(list(root.iter(f"{SVG}polygon"))) == 1, "the baseline's diamond"
    assert len(list(root.iter(f"{SVG}rect"))) == 1, "the target's square"


def _forecast_line(measurements: list[Point], target: Point | None) -> ET.Element:
    root = _parse(
        curve_svg(
            title="Get on well", measurements=measurements, baseline=BASE, target=target, slope=0.0, unit="%"
        )
    )
    (forecast,) = [line for line in root.iter(f"{SVG}line") if line.get("stroke-dasharray")]
    assert forecast.get("y1") == forecast.get("y2"), "a flat forecast is level"
    return forecast


def test_the_forecast_line_runs_from_the_baseline_to_the_target_date_or_the_last_figure() -> None:
    # The plot runs from x=60 to x=620, from the baseline to the last date shown.
    last = Point(date(2029, 3, 31), 81.0)  # 1096 days after the baseline
    early_target = Point(date(2028, 3, 31), 80.0)  # 731 days after it
    assert _forecast_line([last], early_target).get("x2") == f"{60 + 560 * 731 / 1096:.1f}"
    assert _forecast_line([last], None).get("x2") == "620.0"
    assert _forecast_line([last], early_target).get("x1") == "60.0"


def test_every_measurement_is_a_circle_on_one_line_and_counted_in_the_description() -> None:
    measurements = [
        Point(date(2026, 9, 30), 74.0),
        Point(date(2026, 6, 30), 72.0),
        Point(date(2027, 3, 31), 75.0),
    ]
    root = _parse(
        curve_svg(
            title="Get on well", measurements=measurements, baseline=None, target=None, slope=0.0, unit="%"
        )
    )
    circles = list(root.iter(f"{SVG}circle"))
    assert len(circles) == 3
    assert [float(c.get("cx", "")) for c in circles] == sorted(float(c.get("cx", "")) for c in circles)
    assert len(list(root.iter(f"{SVG}polyline"))) == 1
    assert root.findtext(f"{SVG}desc", "").startswith("3 measurements.")
    assert not list(root.iter(f"{SVG}polygon")) and not list(root.iter(f"{SVG}rect"))


def test_a_chart_with_nothing_to_draw_is_still_a_titled_image() -> None:
    root = _parse(curve_svg(title="A & B", measurements=[], baseline=None, target=None, slope=0.0, unit="%"))
    assert root.findtext(f"{SVG}title") == "A & B"
    assert root.findtext(f"{SVG}desc", "").startswith("0 measurements.")
    assert not list(root.iter(f"{SVG}line"))


def test_the_unit_is_escaped() -> None:
    svg = curve_svg(title="Waiting", measurements=[], baseline=BASE, target=None, slope=0.0, unit=" <days>")
    assert "<days>" not in svg
    assert "Baseline 70 <days>" in [t.text for t in _parse(svg).iter(f"{SVG}text")]
