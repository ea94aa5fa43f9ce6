"""The listening screens, each read in one call: an exercise, a voice, and the list of what people said."""

import pytest
from sqlmodel import Session

from app.services.listening import screens
from app.services.listening.service import ListeningNotFound
from app.services.listening.voice_list import VoiceFilters
from app.services.mapping import service as mapping
from tests.conftest import World
from tests.factories import make_voice


def test_a_voice_page_names_its_place_themes_and_evidence(session: Session, world: World) -> None:
    mapping.attach_voice(
        session=session,
        strategy=world.strategy,
        record=world.struggle,
        voice_id=world.voice.id,
        actor=world.users["officer"],
        expected_version=None,
    )
    page = screens.voice_screen(
        session=session, strategy=world.strategy, place=world.place, voice_id=world.voice.id
    )
    assert page.voice.id == world.voice.id and page.exercise.id == world.exercise.id
    assert page.area_name == "Northfield"
    assert len(page.theme_names) == len(world.voice.theme_ids or [])
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
    mapping.attach_voice(
        session=session,
        strategy=world.strategy,
        record=world.struggle,
        voice_id=world.voice.id,
        actor=world.users["officer"],
        expected_version=None,
    )
    elsewhere = make_voice(
        session, exercise=world.exercise, actor=world.users["officer"], text="Nothing to do with it."
    )
    everything = screens.voices_screen(
        session=session, strategy=world.strategy, filters=VoiceFilters(), action_id=None
    )
    assert everything.behind is None and {world.voice.id, elsewhere.id} <= {
        v.id for v in everything.result.voices
    }
    assert everything.exercises == [(str(world.exercise.id), world.exercise.title)]
    behind = screens.voices_screen(
        session=session, strategy=world.strategy, filters=VoiceFilters(), action_id=world.action.id
    )
    assert behind.behind is not None and behind.behind.id == world.action.id
    assert [v.id for v in behind.result.voices] == [world.voice.id]
    assert behind.filters.voice_ids == (world.voice.id,)
