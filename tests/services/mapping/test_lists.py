"""Reading the mapping stage: lists narrowed by their filters, and the overview's counts."""

from typing import Any

from sqlmodel import Session

from app.schemas.mapping import MappingFilters
from app.services.mapping import lists
from tests.conftest import World
from tests.factories import make_strength, make_struggle


def test_strengths_are_narrowed_by_every_filter_given(session: Session, world: World) -> None:
    officer = world.users["officer"]
    lost = make_strength(
        session,
        strategy=world.strategy,
        actor=officer,
        name="Closed youth club",
        status="lost",
        kind="service",
    )
    anywhere = make_strength(session, strategy=world.strategy, actor=officer, name="A helpline", areas=[])

    def names(**filters: Any) -> list[str]:
        found = lists.list_strengths(
            session=session,
            strategy=world.strategy,
            filters=MappingFilters(**filters),
        )
        return [strength.name for strength in found]

    everything = names()
    assert everything == sorted(everything) and {lost.name, anywhere.name, world.strength.name} <= set(
        everything
    )
    assert lost.name in names(status="lost") and world.strength.name not in names(status="lost")
    assert names(kind="service", status="lost") == [lost.name]
    assert anywhere.name not in names(area_id=world.area.id)
    assert lists.list_strengths(session=session, strategy=world.other_strategy) == []


def test_struggles_come_most_severe_first(session: Session, world: World) -> None:
    officer = world.users["officer"]
    make_struggle(session, strategy=world.strategy, actor=officer, title="Litter", severity=1)
    make_struggle(session, strategy=world.strategy, actor=officer, title="Damp housing", severity=5)
    found = lists.list_struggles(session=session, strategy=world.strategy)
    assert [s.severity for s in found] == sorted((s.severity for s in found), reverse=True)
    assert found[0].title == "Damp housing" and found[-1].title == "Litter"


def test_overview_counts_strengths_and_spreads_struggles(session: Session, world: World) -> None:
    make_struggle(session, strategy=world.strategy, actor=world.users["officer"], title="Noise", severity=2)
    strengths, spread = lists.overview_counts(session=session, strategy=world.strategy)
    assert strengths == len(lists.list_strengths(session=session, strategy=world.strategy))
    assert sorted(s.severity for s in spread) == sorted(
        s.severity for s in lists.list_struggles(session=session, strategy=world.strategy)
    )
    assert any(s.area_ids == [world.area.id] for s in spread)
