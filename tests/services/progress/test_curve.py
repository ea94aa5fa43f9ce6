"""Turn the curve: the baseline forecast, the status by polarity and margin of error, "not enough data"."""

from datetime import date

import pytest

from app.services.progress.curve import Point, assess, forecast_slope, interval

BASE = Point(date(2026, 3, 31), 70.0)
TARGET = Point(date(2029, 3, 31), 80.0)
A_YEAR_ON = date(2027, 3, 31)


def _sure(point: Point) -> Point:
    """A figure after the baseline with a narrow interval (a large survey), so one figure can be green."""
    if point.on <= BASE.on:
        return point
    return Point(point.on, point.value, low=point.value - 0.1, high=point.value + 0.1)


def _status(
    measurements: list[Point],
    *,
    target: Point | None = TARGET,
    higher_is_better: bool = True,
) -> str:
    return assess(
        measurements=[_sure(p) for p in measurements],
        baseline=BASE,
        target=target,
        higher_is_better=higher_is_better,
        unit="%",
    ).status


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
        (70.0, 80.0, True, "within-margin"),  # exactly the forecast: inside any interval
        (69.0, 80.0, True, "red"),
        (66.0, 60.0, False, "green"),  # lower is better: -4 in a year, on course for -10 in three
        (69.0, 60.0, False, "amber"),  # below the forecast, not on course
        (70.0, 60.0, False, "within-margin"),
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
    assert (result.status, result.label) == (
        "amber",
        "Amber: better than the forecast, not yet shown to be on course",
    )
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
        measurements=[*history, Point(A_YEAR_ON, 73.5, low=72.0, high=75.0)],
        baseline=BASE,
        target=TARGET,
        higher_is_better=True,
        unit="%",
    )
    assert green.label == "Green: on course"
    assert green.summary == (
        "The latest figure, 73.5% on 31 March 2027 (95% confidence interval 72.0% to 75.0%), compares "
        "with 70.0% on the baseline forecast "
        "and a target of 80% by 31 March 2029."
    )
    assert green.forecast_slope == 0.0, "one figure before the baseline: flat"
    red = assess(
        measurements=[Point(A_YEAR_ON, 60.0)], baseline=BASE, target=TARGET, higher_is_better=True, unit="%"
    )
    assert red.label == "Red: no better than the forecast"


# The margin of error


def test_the_demo_figure_of_55_against_52_inside_its_interval_is_not_green() -> None:
    result = assess(
        measurements=[Point(date(2026, 9, 30), 55.0, low=50.2, high=59.8)],
        baseline=Point(BASE.on, 52.0),
        target=Point(TARGET.on, 56.0),
        higher_is_better=True,
        unit="%",
    )
    assert (result.status, result.label) == ("within-margin", "Within the margin of error")
    assert "95% confidence interval 50.2% to 59.8%" in result.summary


def test_the_interval_is_worked_out_from_the_sample_size_for_a_percentage() -> None:
    low, high = interval(Point(A_YEAR_ON, 55.0, sample_size=400), "%") or (0.0, 0.0)
    assert (round(low, 2), round(high, 2)) == (50.12, 59.88)
    assert interval(Point(A_YEAR_ON, 55.0, sample_size=400), " days") is None, "only a percentage"
    assert interval(Point(A_YEAR_ON, 55.0), "%") is None
    small = [Point(A_YEAR_ON, 55.0, sample_size=400)]
    large = [Point(A_YEAR_ON, 55.0, sample_size=20000)]
    base, goal = Point(BASE.on, 52.0), Point(TARGET.on, 60.0)
    kwargs = {"baseline": base, "target": goal, "higher_is_better": True, "unit": "%"}
    assert assess(measurements=small, **kwargs).status == "within-margin"  # type: ignore[arg-type]
    assert assess(measurements=large, **kwargs).status == "green"  # type: ignore[arg-type]


def test_without_an_interval_green_needs_two_figures_in_a_row_on_course() -> None:
    one = [Point(A_YEAR_ON, 74.0)]
    two = [Point(date(2026, 9, 30), 72.0), Point(A_YEAR_ON, 74.0)]
    fell_back = [Point(date(2026, 9, 30), 70.5), Point(A_YEAR_ON, 74.0)]
    kwargs = {"baseline": BASE, "target": TARGET, "higher_is_better": True, "unit": "%"}
    assert assess(measurements=one, **kwargs).status == "amber"  # type: ignore[arg-type]
    assert assess(measurements=two, **kwargs).status == "green"  # type: ignore[arg-type]
    assert assess(measurements=fell_back, **kwargs).status == "amber"  # type: ignore[arg-type]


def test_inside_the_interval_is_never_green_even_when_on_course_twice() -> None:
    figures = [
        Point(date(2026, 9, 30), 73.0, low=66.0, high=80.0),
        Point(A_YEAR_ON, 74.0, low=67.0, high=81.0),
    ]
    result = assess(measurements=figures, baseline=BASE, target=TARGET, higher_is_better=True, unit="%")
    assert result.status == "within-margin"
