"""Progress rules: the curve and its status, overdue updates, confidence intervals, updates drive actions."""

from datetime import date

import pytest
from sqlmodel import Session

from app.schemas.progress import MeasurementForm, UpdateForm
from app.services.progress import service as progress
from app.services.progress.curve import Point, assess, forecast_slope
from tests.conftest import World

BASE = Point(date(2026, 3, 31), 70.0)
TARGET = Point(date(2029, 3, 31), 80.0)


def test_forecast_is_a_least_squares_line_through_history_or_flat() -> None:
    history = [Point(date(2024, 3, 31), 74.0), Point(date(2025, 3, 31), 72.0), Point(date(2026, 3, 31), 70.0)]
    assert forecast_slope(history, BASE) == pytest.approx(-2 / 365, rel=0.01)
    assert forecast_slope([Point(date(2025, 3, 31), 72.0)], BASE) == 0.0, "one point: flat"


@pytest.mark.parametrize(
    ("latest", "higher", "status"),
    [
        (73.5, True, "green"),  # +3.5 in a year, on course for +10 in three
        (71.0, True, "amber"),  # better than the flat forecast, not on course
        (69.0, True, "red"),  # worse than the forecast
        (
            69.0,
            False,
            "amber",
        ),  # lower is better: below the forecast is better, but not on course for 80 lower
    ],
)
def test_status_follows_polarity(latest: float, higher: bool, status: str) -> None:
    target = TARGET if higher else Point(TARGET.on, 60.0)
    result = assess(
        measurements=[Point(date(2027, 3, 31), latest)],
        baseline=BASE,
        target=target,
        higher_is_better=higher,
        unit="%",
    )
    assert result.status == status


def test_falling_trend_makes_holding_steady_better_than_forecast() -> None:
    history = [Point(date(2024, 3, 31), 74.0), Point(date(2025, 3, 31), 72.0)]
    result = assess(
        measurements=[*history, Point(date(2027, 3, 31), 70.0)],
        baseline=BASE,
        target=TARGET,
        higher_is_better=True,
        unit="%",
    )
    assert result.status == "amber", "held at 70 while the trend pointed to 68"


def test_not_enough_data_before_the_first_figure_after_the_baseline() -> None:
    result = assess(
        measurements=[Point(date(2025, 3, 31), 72.0)],
        baseline=BASE,
        target=TARGET,
        higher_is_better=True,
        unit="%",
    )
    assert (result.status, result.label) == ("not-enough-data", "Not enough data")


def test_confidence_interval_for_a_proportion() -> None:
    assert progress.confidence_interval(50.0, 400) == (45.1, 54.9)
    assert progress.confidence_interval(99.0, 10) == (92.8, 100.0)


def test_an_update_sets_the_actions_status_and_percent(session: Session, world: World) -> None:
    form = UpdateForm.model_validate(
        {
            "period_end": date(2026, 6, 30),
            "status": "at_risk",
            "percent_complete": 30,
            "what_happened": "Venue fell through",
        }
    )
    progress.create_update(
        session=session, strategy=world.strategy, action=world.action, actor=world.users["officer"], form=form
    )
    assert (world.action.status, world.action.percent_complete) == ("at_risk", 30)
    older = UpdateForm.model_validate(
        {
            "period_end": date(2026, 3, 31),
            "status": "on_track",
            "percent_complete": 10,
            "what_happened": "Late report for the spring",
        }
    )
    progress.create_update(
        session=session,
        strategy=world.strategy,
        action=world.action,
        actor=world.users["officer"],
        form=older,
    )
    assert world.action.status == "at_risk", (
        "a late report for an earlier period does not override the latest"
    )


def test_overdue_after_the_reporting_period(session: Session, world: World) -> None:
    assert world.action.start_date == date(2026, 5, 1)
    assert progress.overdue_actions(session=session, strategy=world.strategy, today=date(2026, 7, 31)) == []
    overdue = progress.overdue_actions(session=session, strategy=world.strategy, today=date(2026, 8, 2))
    assert overdue == [(world.action, date(2026, 8, 1))]
    form = UpdateForm.model_validate(
        {
            "period_end": date(2026, 7, 31),
            "status": "on_track",
            "percent_complete": 20,
            "what_happened": "First sessions",
        }
    )
    progress.create_update(
        session=session, strategy=world.strategy, action=world.action, actor=world.users["officer"], form=form
    )
    assert progress.overdue_actions(session=session, strategy=world.strategy, today=date(2026, 8, 2)) == []


def test_a_survey_percentage_gets_its_interval(session: Session, world: World) -> None:
    form = MeasurementForm.model_validate({"measured_on": date(2026, 9, 30), "value": 50, "sample_size": 400})
    measurement = progress.create_measurement(
        session=session,
        strategy=world.strategy,
        indicator=world.indicator,
        actor=world.users["officer"],
        form=form,
    )
    assert (measurement.ci_low, measurement.ci_high) == (45.1, 54.9)


def test_curve_chart_marks_baseline_forecast_and_target_without_inline_style() -> None:
    from xml.etree import ElementTree

    from app.services.progress.curve import curve_svg

    svg = curve_svg(
        title="Get on well",
        measurements=[Point(date(2026, 9, 30), 74.0)],
        baseline=BASE,
        target=TARGET,
        slope=0.0,
        unit="%",
    )
    root = ElementTree.fromstring(svg)  # noqa: S314 - our own output, parsed to check it
    texts = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert "Baseline 70%" in texts and "Target 80%" in texts
    assert root.get("role") == "img" and "style" not in svg
    assert any(line.get("stroke-dasharray") for line in root.iter("{http://www.w3.org/2000/svg}line"))
