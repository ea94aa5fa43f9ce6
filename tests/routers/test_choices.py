"""What forms offer to choose from: a strategy's records by their names, and a scale's points with their words."""

from dataclasses import dataclass
from typing import Any

from sqlmodel import Session

from app.models import IMPACT_WORDS, SEVERITY_WORDS, Place, Strategy
from app.routers import choices
from tests.conftest import World
from tests.factories import make_action


@dataclass(frozen=True)
class _View:
    session: Session
    place: Place
    strategy: Strategy

    @property
    def of(self) -> dict[str, Any]:
        return {"session": self.session, "strategy": self.strategy}


def test_records_are_offered_by_name_and_an_action_never_under_itself(session: Session, world: World) -> None:
    view = _View(session, world.place, world.strategy)
    officer = world.users["officer"]
    other = make_action(
        session, strategy=world.strategy, actor=officer, priority=world.priority, title="Street games"
    )
    assert (str(world.priority.id), world.priority.outcome) in choices.priorities(view)
    assert choices.actions(view, leaving_out=world.action) == [(str(other.id), "Street games")]
    assert {value for value, _ in choices.actions(view)} == {str(world.action.id), str(other.id)}
    assert choices.struggles(view) == [(str(world.struggle.id), world.struggle.title)]
    severity = f"{world.struggle.title} (severity {world.struggle.severity})"
    assert choices.struggles(view, with_severity=True) == [(str(world.struggle.id), severity)]
    assert choices.strengths(view) == [(str(world.strength.id), world.strength.name)]
    assert choices.exercises(view) == [(str(world.exercise.id), world.exercise.title)]
    other_view = _View(session, world.other_place, world.other_strategy)
    assert str(world.action.id) not in {value for value, _ in choices.actions(other_view)}


def test_a_scale_offers_each_point_with_its_word() -> None:
    assert choices.scale(SEVERITY_WORDS)[0] == ("1", "1: minor")
    assert choices.scale(SEVERITY_WORDS)[-1] == ("5", "5: severe")
    assert [value for value, _ in choices.scale(IMPACT_WORDS)] == ["1", "2", "3", "4", "5"]
