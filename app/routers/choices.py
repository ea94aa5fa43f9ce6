"""What a place's forms and filters offer to choose from, as (value, label) pairs: its areas, its themes,
and the members of an enum with labels."""

from collections.abc import Iterable
from typing import Protocol

from sqlmodel import Session

from app.models import Place
from app.services.listening import service as listening
from app.services.listening.themes import place_themes

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


class _Labelled(Protocol):
    @property
    def value(self) -> str: ...

    @property
    def label(self) -> str: ...


def labelled(enum: Iterable[_Labelled]) -> Choices:
    """Every member of ``enum``, in its order, with its ``label``."""
    return [(member.value, member.label) for member in enum]
