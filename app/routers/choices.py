"""What a place's forms and filters offer to choose from, as (value, label) pairs: its areas and themes, a
strategy's records that another record can name, a scale's points, and the members of an enum with labels."""

from collections.abc import Sequence
from typing import Any, Protocol

from sqlmodel import Session

from app.models import Action, Place
from app.models.base import Labelled
from app.services.listening import service as listening
from app.services.listening.themes import place_themes
from app.services.mapping import lists as mapping_lists
from app.services.plan import service as plan

Choices = list[tuple[str, str]]


class _OfPlace(Protocol):
    """A stage's or a place's view: its session and its place."""

    @property
    def session(self) -> Session: ...

    @property
    def place(self) -> Place: ...


def areas(view: _OfPlace) -> Choices:
    """The place's areas, by name."""
    return [
        (str(area.id), area.name) for area in listening.place_areas(session=view.session, place=view.place)
    ]


def themes(view: _OfPlace) -> Choices:
    """The place's themes, by name."""
    return [(str(theme.id), theme.name) for theme in place_themes(session=view.session, place=view.place)]


class _OfStrategy(_OfPlace, Protocol):
    """A stage's view: as ``_OfPlace``, with the keywords a stage service's read takes."""

    @property
    def of(self) -> dict[str, Any]: ...


def exercises(view: _OfStrategy) -> Choices:
    """The strategy's listening exercises, newest first."""
    return [(str(exercise.id), exercise.title) for exercise, _ in listening.list_exercises(**view.of)]


def strengths(view: _OfStrategy) -> Choices:
    return [(str(strength.id), strength.name) for strength in mapping_lists.list_strengths(**view.of)]


def struggles(view: _OfStrategy, *, with_severity: bool = False) -> Choices:
    """The strategy's struggles, each with its severity where the choice turns on it."""
    return [
        (str(s.id), f"{s.title} (severity {s.severity})" if with_severity else s.title)
        for s in mapping_lists.list_struggles(**view.of)
    ]


def priorities(view: _OfStrategy) -> Choices:
    return [(str(priority.id), priority.outcome) for priority in plan.list_priorities(**view.of)]


def actions(view: _OfStrategy, *, leaving_out: Action | None = None) -> Choices:
    """The strategy's actions, without ``leaving_out`` (an action cannot sit under itself)."""
    return [
        (str(action.id), action.title)
        for action in plan.list_actions(**view.of)
        if leaving_out is None or action.id != leaving_out.id
    ]


def scale(words: Sequence[str]) -> Choices:
    """The points of a scale from 1, each with what it means: "3: serious"."""
    return [(str(point), f"{point}: {word}") for point, word in enumerate(words, start=1)]


def labelled(enum: type[Labelled]) -> Choices:
    """Every member of ``enum``, in its order, with its ``label``."""
    return [(member.value, member.label) for member in enum]
