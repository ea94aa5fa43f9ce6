"""An action's page read in one call: the thread back to what people said, its family, and its comments."""

from dataclasses import fields
from datetime import date

import pytest
from sqlmodel import Session

from app.services.plan import screens
from app.services.plan.service import PlanNotFound
from app.services.records import versioning
from app.web import screen_context
from tests.conftest import World
from tests.factories import make_action, make_struggle


def test_an_action_page_names_its_thread_family_and_comments(session: Session, world: World) -> None:
    officer = world.users["officer"]
    child = make_action(
        session,
        strategy=world.strategy,
        actor=officer,
        title="Iftar in the park",
        parent=world.action,
        percent=50,
    )
    parent_page = screens.action_screen(
        session=session, strategy=world.strategy, place=world.place, action_id=world.action.id
    )
    assert parent_page.action.id == world.action.id and parent_page.parent is None
    assert parent_page.thread.priority is not None and parent_page.thread.priority.id == world.priority.id
    assert [s.id for s in parent_page.thread.struggles] == [world.struggle.id]
    assert parent_page.roll is not None and parent_page.review.open == 0
    child_page = screens.action_screen(
        session=session, strategy=world.strategy, place=world.place, action_id=child.id
    )
    assert child_page.parent is not None and child_page.parent.id == world.action.id
    assert child_page.roll is None
    assert child_page.voice_total == len(child_page.thread.voice_ids) >= len(child_page.voices)


def test_another_strategys_action_is_not_found(session: Session, world: World) -> None:
    with pytest.raises(PlanNotFound):
        screens.action_screen(
            session=session, strategy=world.other_strategy, place=world.other_place, action_id=world.action.id
        )


def test_a_screen_is_drawn_from_its_own_objects(session: Session, world: World) -> None:
    """Its template gets the records themselves, one variable per field, not copies (``dataclasses.asdict``
    would copy every record and every list in it)."""
    screen = screens.action_screen(
        session=session, strategy=world.strategy, place=world.place, action_id=world.action.id
    )
    variables = screen_context(screen)
    assert list(variables) == [field.name for field in fields(screen)]
    assert variables["action"] is world.action and variables["thread"] is screen.thread
    assert variables["voices"] is screen.voices


def test_an_indicator_page_names_what_it_measures(session: Session, world: World) -> None:
    bare = screens.indicator_screen(session=session, strategy=world.strategy, indicator_id=world.indicator.id)
    assert bare.indicator.id == world.indicator.id and bare.review.kind == "indicator"
    versioning.save_record(
        session=session,
        record=world.indicator,
        actor=world.users["officer"],
        changes={"action_ids": [world.action.id], "priority_id": world.priority.id},
        expected_version=world.indicator.version,
    )
    page = screens.indicator_screen(session=session, strategy=world.strategy, indicator_id=world.indicator.id)
    assert [action.id for action in page.actions] == [world.action.id]
    assert page.priority is not None and page.priority.id == world.priority.id
    with pytest.raises(PlanNotFound):
        screens.indicator_screen(
            session=session, strategy=world.other_strategy, indicator_id=world.indicator.id
        )


def test_the_plan_is_grouped_as_asked_and_by_priority_otherwise(session: Session, world: World) -> None:
    by_status = screens.plan_screen(
        session=session, strategy=world.strategy, place=world.place, group="status"
    )
    assert by_status.group == "status" and by_status.action_count == 1
    assert [action.id for group in by_status.groups for action in group.actions] == [world.action.id]
    assert by_status.progress == {world.action.id: world.action.percent_complete}
    unknown = screens.plan_screen(session=session, strategy=world.strategy, place=world.place, group="colour")
    assert unknown.group == "priority"
    assert [group.heading for group in unknown.groups] == [world.priority.outcome]


def test_the_timeline_flags_milestones_overdue_on_the_day(session: Session, world: World) -> None:
    versioning.save_record(
        session=session,
        record=world.action,
        actor=world.users["officer"],
        changes={
            "milestones": [
                {"title": "Venue booked", "due": "2026-03-01", "done": False},
                {"title": "First iftar", "due": "2026-04-01", "done": True},
            ]
        },
        expected_version=world.action.version,
    )
    before = screens.timeline_screen(session=session, strategy=world.strategy, today=date(2026, 2, 1))
    after = screens.timeline_screen(session=session, strategy=world.strategy, today=date(2026, 5, 1))
    assert before.overdue == {world.action.id: []}
    assert after.overdue == {world.action.id: ["Venue booked"]}
    assert "overdue" in after.svg and world.strategy.title in after.svg


def test_an_action_screen_gathers_its_voices_areas_and_indicators(session: Session, world: World) -> None:
    officer = world.users["officer"]
    world.voice_as_evidence(session)
    versioning.save_record(
        session=session,
        record=world.action,
        actor=officer,
        changes={"area_ids": [world.area.id]},
        expected_version=world.action.version,
    )
    versioning.save_record(
        session=session,
        record=world.indicator,
        actor=officer,
        changes={"action_ids": [world.action.id]},
        expected_version=world.indicator.version,
    )
    screen = screens.action_screen(
        session=session, strategy=world.strategy, place=world.place, action_id=world.action.id
    )
    assert [voice.id for voice in screen.voices] == [world.voice.id] and screen.voice_total == 1
    assert screen.area_names == ["Northfield"]
    assert [indicator.id for indicator in screen.indicators] == [world.indicator.id]


def test_the_plan_checks_severe_struggles_and_totals_its_budget(session: Session, world: World) -> None:
    officer = world.users["officer"]
    severe = make_struggle(session, strategy=world.strategy, actor=officer, title="Damp housing", severity=5)
    versioning.save_record(
        session=session,
        record=world.action,
        actor=officer,
        changes={"budget": 1200, "funding_source": "grant"},
        expected_version=world.action.version,
    )
    screen = screens.plan_screen(
        session=session, strategy=world.strategy, place=world.place, group="priority"
    )
    assert [struggle.id for struggle in screen.check.unanswered] == [severe.id]
    assert screen.budget == [("Grant or trust funding", 1, 1200)]
