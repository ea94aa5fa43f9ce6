"""A voice's page read in one call: where it was said, its themes, and what it is evidence for."""

import pytest
from sqlmodel import Session

from app.services.listening import screens
from app.services.listening.service import ListeningNotFound
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
