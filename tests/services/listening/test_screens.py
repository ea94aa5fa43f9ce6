"""The listening screens, each read in one call: an exercise, a voice, and the list of what people said."""

import pytest
from sqlmodel import Session, select

from app.models import Theme
from app.schemas.listening import QueueFilters, VoiceFilters
from app.services.listening import screens, theming
from app.services.listening.service import ListeningNotFound
from tests.conftest import World
from tests.factories import make_area, make_voice


def test_a_voice_page_names_its_place_themes_and_evidence(session: Session, world: World) -> None:
    world.voice_as_evidence(session)
    page = screens.voice_screen(
        session=session, strategy=world.strategy, place=world.place, voice_id=world.voice.id
    )
    assert page.voice.id == world.voice.id and page.exercise.id == world.exercise.id
    assert page.area_name == "Northfield"
    assert page.theme_names == []
    strengths, struggles = page.evidence_for
    assert strengths == [] and [s.id for s in struggles] == [world.struggle.id]
    assert [action.id for action in page.answered_by] == [world.action.id]
    assert page.review.kind == "voice" and page.review.target_id == world.voice.id


def test_another_strategys_voice_is_not_found(session: Session, world: World) -> None:
    with pytest.raises(ListeningNotFound):
        screens.voice_screen(
            session=session, strategy=world.strategy, place=world.place, voice_id=world.other_voice.id
        )


def test_an_exercise_screen_suggests_themes_for_its_newest_unthemed_voices(
    session: Session, world: World
) -> None:
    officer = world.users["officer"]
    unthemed = make_voice(
        session, exercise=world.exercise, actor=officer, text="The bus to the leisure centre never comes."
    )
    screen = screens.exercise_screen(
        session=session, strategy=world.strategy, place=world.place, exercise=world.exercise, added=unthemed
    )
    assert unthemed.id in [voice.id for voice in screen.recent.voices]
    assert unthemed.id not in screen.recent_suggestions, "the voice just added has its own suggestions"
    assert screen.added is unthemed and screen.added_message is None
    assert screen.area_names == ["Northfield"] and screen.review.kind == "listening_exercise"
    alone = screens.exercise_screen(
        session=session, strategy=world.strategy, place=world.place, exercise=world.exercise, added=None
    )
    assert (alone.added, alone.suggestions) == (None, [])


def test_the_voices_behind_an_action_are_those_of_its_struggles(session: Session, world: World) -> None:
    world.voice_as_evidence(session)
    elsewhere = make_voice(
        session, exercise=world.exercise, actor=world.users["officer"], text="Nothing to do with it."
    )
    everything = screens.voices_screen(session=session, strategy=world.strategy, filters=VoiceFilters())
    assert everything.behind is None and {world.voice.id, elsewhere.id} <= {
        v.id for v in everything.result.voices
    }
    assert everything.exercises == [(str(world.exercise.id), world.exercise.title)]
    behind = screens.voices_screen(
        session=session, strategy=world.strategy, filters=VoiceFilters(action_id=world.action.id)
    )
    assert behind.behind is not None and behind.behind.id == world.action.id
    assert [v.id for v in behind.result.voices] == [world.voice.id]
    assert behind.filters.action_id == world.action.id


def test_the_queue_keeps_its_filters_as_a_query(session: Session, world: World) -> None:
    unthemed = make_voice(
        session, exercise=world.exercise, actor=world.users["officer"], text="Nowhere to meet."
    )
    filters = QueueFilters(area_id=None, exercise_id=world.exercise.id, kind="struggle")
    screen = screens.queue_screen(
        session=session, strategy=world.strategy, place=world.place, filters=filters
    )
    assert unthemed.id in [row.voice.id for row in screen.result.rows]
    assert screen.query == {"exercise": world.exercise.id, "kind": "struggle"}
    assert screen.exercises == [(str(world.exercise.id), world.exercise.title)]
    assert (
        screen.area_names[world.area.id] == "Northfield"
        and (str(world.area.id), "Northfield") in screen.areas
    )


def test_a_queue_row_offers_suggestions_only_while_the_voice_has_no_theme(
    session: Session, world: World
) -> None:
    transport = session.exec(select(Theme).where(Theme.slug == "public-transport")).one()
    themed = make_voice(session, exercise=world.exercise, actor=world.users["officer"], themes=[transport])
    row = screens.queue_row_screen(
        session=session, strategy=world.strategy, place=world.place, voice_id=themed.id
    )
    assert row.row.voice.id == themed.id and row.row.suggestions == []
    assert row.theme_names == [transport.name]
    bare = screens.queue_row_screen(
        session=session, strategy=world.strategy, place=world.place, voice_id=world.voice.id
    )
    assert bare.theme_names == []
    assert bare.row.suggestions == theming.suggestions_for(
        session=session, place=world.place, voice=world.voice
    )
    assert bare.row.suggestions, "the bus being late suggests a theme"
    assert bare.progress.total >= 2 and bare.progress.themed >= 1


def test_a_voice_screen_names_its_themes(session: Session, world: World) -> None:
    transport = session.exec(select(Theme).where(Theme.slug == "public-transport")).one()
    themed = make_voice(session, exercise=world.exercise, actor=world.users["officer"], themes=[transport])
    screen = screens.voice_screen(
        session=session, strategy=world.strategy, place=world.place, voice_id=themed.id
    )
    assert screen.theme_names == [transport.name] and screen.area_name is None


def test_an_exercise_names_only_its_own_areas(session: Session, world: World) -> None:
    make_area(session, place=world.place, actor=world.users["admin"], name="Southgate")
    screen = screens.exercise_screen(
        session=session, strategy=world.strategy, place=world.place, exercise=world.exercise, added=None
    )
    assert screen.area_names == ["Northfield"]


def test_the_analysis_names_each_areas_most_mentioned_themes(session: Session, world: World) -> None:
    bus = session.exec(select(Theme).where(Theme.slug == "public-transport")).one()
    park = session.exec(select(Theme).where(Theme.slug == "natural-space")).one()
    officer = world.users["officer"]
    make_voice(session, exercise=world.exercise, actor=officer, area=world.area, themes=[bus, park])
    make_voice(session, exercise=world.exercise, actor=officer, area=world.area, themes=[bus])
    screen = screens.analysis_screen(session=session, strategy=world.strategy)
    assert screen.grid.cells[(bus.id, world.area.id)] == 2
    assert [(area_id, themes) for area_id, _, themes in screen.top] == [
        (world.area.id, [(bus, 2), (park, 1)])
    ]
    assert screen.voices_map is None  # the world's areas have no outline to draw
