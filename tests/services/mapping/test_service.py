"""Candidates from listening and struggle ↔ strength matching."""

import pytest
from sqlmodel import Session, select

from app.models import Theme, VoiceKind
from app.schemas.listening import VoiceForm
from app.services.listening import service as listening
from app.services.mapping import candidates, overlap
from app.services.mapping import service as mapping
from tests.conftest import World
from tests.factories import make_score_set, make_strength, make_voice


def _theme(session: Session, slug: str) -> Theme:
    return session.exec(select(Theme).where(Theme.slug == slug)).one()


def _scores(session: Session, world: World, scores: dict[str, float], respondents: int = 10) -> None:
    officer = world.users["officer"]
    make_score_set(
        session,
        exercise=world.exercise,
        actor=officer,
        area=world.area,
        respondents=respondents,
        scores=scores,
    )


def test_place_standard_scores_offer_candidates(session: Session, world: World) -> None:
    _scores(session, world, {"natural-space": 6.5, "feeling-safe": 1.5, "moving-around": 4.0})
    found = {c.key: c for c in candidates.candidates(session=session, strategy=world.strategy)}
    natural, safe = _theme(session, "natural-space"), _theme(session, "feeling-safe")
    strength = found[f"score-strength-{world.area.id}-{natural.id}"]
    assert (strength.record_kind, strength.title) == ("strength", "Natural space in Northfield")
    assert strength.reason == "Place Standard score 6.5 out of 7 in Northfield"
    assert strength.exercise_ids == [world.exercise.id]
    assert f"score-struggle-{world.area.id}-{safe.id}" in found
    assert not any("moving" in c.title.lower() for c in found.values()), "middling scores are not candidates"


def test_many_struggle_voices_offer_a_candidate_with_its_evidence(session: Session, world: World) -> None:
    bus = _theme(session, "young-people")
    for _ in range(candidates.CANDIDATE_MIN_VOICES - 1):
        make_voice(
            session,
            exercise=world.exercise,
            actor=world.users["officer"],
            area=world.area,
            themes=[bus],
            kind="concern",
        )
    key = f"voices-struggle-{world.area.id}-{bus.id}"
    assert key not in {c.key for c in candidates.candidates(session=session, strategy=world.strategy)}
    last = make_voice(
        session, exercise=world.exercise, actor=world.users["officer"], area=world.area, themes=[bus]
    )
    candidate = candidates.get_candidate(session=session, strategy=world.strategy, key=key)
    assert candidate is not None and candidate.reason == "10 people raised it as a struggle or concern"
    assert last.id in candidate.voice_ids
    candidates.dismiss_candidate(session=session, strategy=world.strategy, key=key)
    assert candidates.get_candidate(session=session, strategy=world.strategy, key=key) is None, (
        "dismissal remembered"
    )


def test_a_voice_no_longer_a_concern_no_longer_counts_towards_a_candidate(
    session: Session, world: World
) -> None:
    """The candidates are read from the voice counts, which follow a voice's kind as well as its themes."""
    youth = _theme(session, "young-people")
    voices = [
        make_voice(
            session,
            exercise=world.exercise,
            actor=world.users["officer"],
            area=world.area,
            themes=[youth],
            kind="concern",
        )
        for _ in range(candidates.CANDIDATE_MIN_VOICES + 15)
    ]
    key = f"voices-struggle-{world.area.id}-{youth.id}"
    found = candidates.get_candidate(session=session, strategy=world.strategy, key=key)
    assert found is not None and found.reason == "25 people raised it as a struggle or concern"
    assert found.voice_ids == sorted(v.id for v in voices)[-candidates.EVIDENCE_VOICES :], (
        "the newest voices behind it are its evidence"
    )
    for voice in voices[:16]:
        listening.update_voice(
            session=session,
            strategy=world.strategy,
            voice=voice,
            actor=world.users["officer"],
            form=VoiceForm.model_validate(
                {
                    "text": voice.text,
                    "kind": VoiceKind.idea,
                    "area_id": world.area.id,
                    "theme_ids": [youth.id],
                }
            ),
            expected_version=voice.version,
        )
    session.flush()
    assert key not in {c.key for c in candidates.candidates(session=session, strategy=world.strategy)}, (
        "nine concerns are not enough"
    )


def test_the_overview_lists_the_first_candidates_and_counts_them_all(
    session: Session, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    _scores(session, world, {"natural-space": 6.5, "feeling-safe": 1.5, "play-and-recreation": 7.0})
    every = candidates.candidates(session=session, strategy=world.strategy)
    monkeypatch.setattr(candidates, "CANDIDATES_SHOWN", 2)
    listed = candidates.candidate_list(session=session, strategy=world.strategy)
    assert listed.total == len(every) >= 3
    assert [c.key for c in listed.shown] == [c.key for c in every[:2]]


def test_a_recorded_struggle_is_no_longer_a_candidate(session: Session, world: World) -> None:
    transport = _theme(session, "public-transport")
    _scores(session, world, {"public-transport": 1.0})
    keys = {c.key for c in candidates.candidates(session=session, strategy=world.strategy)}
    assert f"score-struggle-{world.area.id}-{transport.id}" not in keys, (
        "the world's struggle already covers it"
    )


def test_matches_rank_shared_themes_over_shared_areas(session: Session, world: World) -> None:
    officer = world.users["officer"]
    transport = _theme(session, "public-transport")
    same_area = make_strength(
        session, strategy=world.strategy, actor=officer, name="Area only", areas=[world.area]
    )
    same_theme = make_strength(
        session,
        strategy=world.strategy,
        actor=officer,
        name="Theme only",
        areas=[world.other_area],
        themes=[transport],
    )
    make_strength(
        session,
        strategy=world.strategy,
        actor=officer,
        name="Lost one",
        areas=[world.area],
        themes=[transport],
        status="lost",
    )
    make_strength(session, strategy=world.strategy, actor=officer, name="Unrelated", areas=[world.other_area])
    names = [
        m.strength.name
        for m in overlap.matches_for(session=session, strategy=world.strategy, struggle=world.struggle)
    ]
    assert names == ["Library conversation club", "Theme only", "Area only"]
    mapping.confirm_match(
        session=session,
        strategy=world.strategy,
        struggle=world.struggle,
        strength_id=same_area.id,
        actor=officer,
        expected_version=1,
    )  # type: ignore[arg-type]
    matches = overlap.matches_for(session=session, strategy=world.strategy, struggle=world.struggle)
    assert (matches[0].strength.name, matches[0].confirmed) == ("Area only", True), (
        "confirmed matches come first"
    )
    assert same_theme.id not in world.struggle.strength_ids
