"""Progress rules: overdue updates, confidence intervals, updates drive actions."""

from datetime import date

from sqlmodel import Session

from app.schemas.progress import MeasurementForm, UpdateForm
from app.services.progress import service as progress
from tests.conftest import World


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


def test_a_figures_notes_are_redacted(session: Session, world: World) -> None:
    form = MeasurementForm.model_validate(
        {"measured_on": date(2026, 9, 30), "value": 50, "notes": "From Mrs Khan at 14 Elm Road, 07700 900481"}
    )
    measurement = progress.create_measurement(
        session=session,
        strategy=world.strategy,
        indicator=world.indicator,
        actor=world.users["officer"],
        form=form,
    )
    assert measurement.notes == "From Mrs [name removed] at [address removed], [phone removed]"
