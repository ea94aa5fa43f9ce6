"""Action plan rules: roll-up with weights, cycles refused, plan checks, golden thread, library indicators."""

from datetime import date

import pytest
from sqlmodel import Session

from app.errors import FieldError
from app.models import Polarity
from app.schemas.plan import ActionForm, IndicatorForm, parse_milestones, parse_risks
from app.services.plan import indicators as plan_indicators
from app.services.plan import service as plan
from app.services.plan.roll_up import progress_of, roll_up
from tests.conftest import World
from tests.factories import make_action, make_struggle


def test_parent_progress_is_the_weighted_average_of_its_parts(session: Session, world: World) -> None:
    officer = world.users["officer"]
    parent = world.action
    make_action(
        session, strategy=world.strategy, actor=officer, title="Part A", parent=parent, weight=3, percent=100
    )
    part_b = make_action(
        session, strategy=world.strategy, actor=officer, title="Part B", parent=parent, weight=1
    )
    make_action(
        session, strategy=world.strategy, actor=officer, title="B1", parent=part_b, weight=1, percent=40
    )
    make_action(
        session, strategy=world.strategy, actor=officer, title="B2", parent=part_b, weight=1, percent=60
    )
    actions = plan.list_actions(session=session, strategy=world.strategy)
    roll = roll_up(parent, actions)
    assert roll is not None
    assert [(child.title, weight, pct) for child, weight, pct in roll.parts] == [
        ("Part A", 3, 100),
        ("Part B", 1, 50),
    ]
    assert roll.percent == 88  # (3 × 100 + 1 × 50) / 4 = 87.5
    assert progress_of(part_b, actions) == 50


def _action_form(**overrides: object) -> ActionForm:
    values: dict[str, object] = {
        "title": "x",
        "status": "on_track",
        "lead_organisation": "Council",
        "start_date": date(2026, 5, 1),
        "end_date": date(2027, 3, 31),
    }
    values.update(overrides)
    return ActionForm.model_validate(values)


def test_a_parent_that_would_make_a_cycle_is_refused(session: Session, world: World) -> None:
    officer = world.users["officer"]
    child = make_action(session, strategy=world.strategy, actor=officer, title="Child", parent=world.action)
    grandchild = make_action(
        session, strategy=world.strategy, actor=officer, title="Grandchild", parent=child
    )
    with pytest.raises(FieldError, match="part of itself"):
        plan.update_action(
            session=session,
            strategy=world.strategy,
            action=world.action,
            actor=officer,
            form=_action_form(title=world.action.title, parent_id=grandchild.id),
            expected_version=1,
        )
    with pytest.raises(FieldError, match="part of itself"):
        plan.update_action(
            session=session,
            strategy=world.strategy,
            action=world.action,
            actor=officer,
            form=_action_form(parent_id=world.action.id),
            expected_version=1,
        )


def test_plan_check_finds_unanswered_serious_struggles_and_unlinked_actions(
    session: Session, world: World
) -> None:
    officer = world.users["officer"]
    serious = make_struggle(
        session, strategy=world.strategy, actor=officer, title="Abuse at the bus station", severity=5
    )
    make_struggle(session, strategy=world.strategy, actor=officer, title="Minor niggle", severity=2)
    lonely = make_action(session, strategy=world.strategy, actor=officer, title="Litter pick")
    check = plan.plan_check(session=session, strategy=world.strategy)
    assert [s.title for s in check.unanswered] == ["Abuse at the bus station"]
    assert [a.title for a in check.unlinked] == ["Litter pick"]
    make_action(session, strategy=world.strategy, actor=officer, title="Bus safety", struggles=[serious])
    assert plan.plan_check(session=session, strategy=world.strategy).unanswered == []
    assert lonely in plan.plan_check(session=session, strategy=world.strategy).unlinked


def test_golden_thread_goes_back_to_voices_and_forward_to_actions(session: Session, world: World) -> None:
    world.struggle.voice_ids = [world.voice.id]  # type: ignore[list-item]
    world.struggle.strength_ids = [world.strength.id]  # type: ignore[list-item]
    session.add(world.struggle)
    session.flush()
    thread = plan.thread_of(session=session, strategy=world.strategy, action=world.action)
    assert thread.priority == world.priority
    assert thread.struggles == [world.struggle] and thread.strengths == [world.strength]
    assert thread.voice_ids == [world.voice.id]
    assert plan.actions_answering(
        session=session, strategy=world.strategy, struggle_ids=[world.struggle.id]
    ) == [world.action]  # type: ignore[list-item]


def test_library_indicator_keeps_its_wording_and_is_added_once(session: Session, world: World) -> None:
    officer = world.users["officer"]
    first = plan_indicators.add_from_library(
        session=session, strategy=world.strategy, actor=officer, key="get-on-well"
    )
    assert first.question == (
        "To what extent do you agree or disagree that your local area is a place where people "
        "from different backgrounds get on well together?"
    )
    assert first.library_key == "get-on-well" and first.kind == "population"
    again = plan_indicators.add_from_library(
        session=session, strategy=world.strategy, actor=officer, key="get-on-well"
    )
    assert again.id == first.id


def test_a_target_going_the_wrong_way_needs_confirming(session: Session, world: World) -> None:
    values = {
        "name": "Rarely meet",
        "kind": "population",
        "unit": "%",
        "polarity": Polarity.lower_is_better,
        "baseline_value": 31,
        "target_value": 35,
    }
    with pytest.raises(plan_indicators.TargetDirection):
        plan_indicators.create_indicator(
            session=session,
            strategy=world.strategy,
            actor=world.users["officer"],
            form=IndicatorForm.model_validate(values),
        )
    confirmed = plan_indicators.create_indicator(
        session=session,
        strategy=world.strategy,
        actor=world.users["officer"],
        form=IndicatorForm.model_validate({**values, "confirm_direction": True}),
    )
    assert confirmed.target_value == 35


def test_milestones_and_risks_read_from_lines() -> None:
    assert parse_milestones("Venue booked, 30/09/2026\nLaunch, with partners, 01/10/2026, done") == (
        [
            {"title": "Venue booked", "due": "2026-09-30", "done": False},
            {"title": "Launch, with partners", "due": "2026-10-01", "done": True},
        ],
        None,
    )
    assert parse_milestones("No date here")[1] == (
        "Milestone line 1 must be a title, a comma, then a due date like 30/09/2026"
    )
    assert parse_risks("Volunteers drop out; Medium; high; recruit early")[0] == [
        {
            "description": "Volunteers drop out",
            "likelihood": "medium",
            "impact": "high",
            "mitigation": "recruit early",
        }
    ]
    assert parse_risks("Rain; often; high")[1] is not None
