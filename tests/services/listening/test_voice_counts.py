"""The voice counts (``VoiceCount``) stay equal to a recount of the voices through every way voices change."""

import random
from collections import Counter

from sqlmodel import Session, col, select

from app.models import PROFILE_FIELDS, Theme, Voice, VoiceCount, VoiceKind, version_class
from app.schemas.listening import VoiceFilters, VoiceForm
from app.services.listening import bulk as listening_bulk
from app.services.listening import service as listening
from app.services.listening import voice_counts, voice_list
from app.services.records.restore import restore_version
from app.services.records.versioning import delete_record
from tests.conftest import World
from tests.factories import make_area, make_exercise

Counts = dict[tuple[int, str, int, str], int]


def stored(session: Session) -> Counts:
    rows = session.exec(select(VoiceCount)).all()
    return {(r.strategy_id, r.facet, r.area_id, r.value): r.voices for r in rows}


def recount(session: Session) -> Counts:
    """Counted here from the voices themselves, the slow way, independently of the service."""
    counts: Counter[tuple[int, str, int, str]] = Counter()
    for voice in session.exec(select(Voice)).all():
        area = voice.area_id or 0
        counts[(voice.strategy_id, "all", area, "")] += 1
        for theme_id in set(voice.theme_ids or []):
            counts[(voice.strategy_id, "theme", area, str(theme_id))] += 1
            if voice.kind in (VoiceKind.struggle, VoiceKind.concern):
                counts[(voice.strategy_id, "struggle_theme", area, str(theme_id))] += 1
        if not voice.theme_ids:
            counts[(voice.strategy_id, "untagged", area, "")] += 1
        for field_name in PROFILE_FIELDS:
            if getattr(voice, field_name) is not None:
                counts[(voice.strategy_id, field_name, area, getattr(voice, field_name))] += 1
    return dict(counts)


def form(**values: object) -> VoiceForm:
    return VoiceForm.model_validate({"text": "The park needs benches.", "kind": VoiceKind.idea} | values)


def test_counts_follow_create_edit_restore_accept_delete_and_import(session: Session, world: World) -> None:
    officer = world.users["officer"]
    themes = session.exec(select(Theme).where(col(Theme.place_id).is_(None)).order_by(col(Theme.id))).all()
    bus, park = themes[0], themes[1]
    assert stored(session) == recount(session), "the world's voices are counted as they are made"

    voice = listening.create_voice(
        session=session,
        strategy=world.strategy,
        exercise=world.exercise,
        actor=officer,
        form=form(area_id=world.area.id, theme_ids=[bus.id], age_band="16-24", gender="Woman"),
    )
    session.commit()
    assert stored(session) == recount(session)
    assert stored(session)[(world.strategy.id, "theme", world.area.id, str(bus.id))] == 1

    listening.update_voice(
        session=session,
        strategy=world.strategy,
        voice=voice,
        actor=officer,
        form=form(theme_ids=[park.id], age_band="65+"),
        expected_version=voice.version,
    )
    session.commit()
    assert stored(session) == recount(session)
    assert (world.strategy.id, "theme", world.area.id, str(bus.id)) not in stored(session), "zero rows go"

    versions = version_class(Voice)
    history = session.exec(select(versions.transaction_id).where(versions.id == voice.id)).all()
    restore_version(
        session=session,
        record=voice,
        transaction_id=min(history),
        actor=officer,
        expected_version=voice.version,
    )
    session.commit()
    assert voice.area_id == world.area.id and voice.theme_ids == [bus.id]
    assert stored(session) == recount(session)

    listening.accept_theme(
        session=session,
        strategy=world.strategy,
        voice=voice,
        theme_id=park.id,  # type: ignore[arg-type]
        actor=officer,
        expected_version=voice.version,
    )
    session.commit()
    assert stored(session) == recount(session)

    first = listening_bulk.start_transaction(session=session, actor=officer, note="import")
    listening_bulk.insert_voices(
        session=session,
        strategy=world.strategy,
        exercise=world.exercise,
        rows=[
            {"text": "More buses", "kind": "idea", "area_id": world.area.id, "theme_ids": [bus.id, park.id]},
            {"text": "Quiet streets", "kind": "strength", "faith": "Sikh", "disability": "Disabled"},
        ],
        transaction_id=first,
    )
    session.commit()
    assert stored(session) == recount(session)

    delete_record(session=session, record=voice, actor=officer, expected_version=voice.version)
    session.commit()
    assert stored(session) == recount(session)


def test_counts_stay_equal_to_a_recount_over_many_random_writes(session: Session, world: World) -> None:
    officer = world.users["officer"]
    second = make_area(session, place=world.place, actor=world.users["admin"], name="Southfield")
    exercise = make_exercise(session, strategy=world.strategy, actor=officer, areas=[world.area])
    themes = [t.id for t in session.exec(select(Theme).where(col(Theme.place_id).is_(None)).limit(5)).all()]
    areas: list[int | None] = [None, world.area.id, second.id]
    ages = [None, *PROFILE_FIELDS["age_band"][1]]
    rng = random.Random(2026)
    voices: list[Voice] = []
    for _ in range(60):
        values = {
            "area_id": rng.choice(areas),
            "theme_ids": rng.sample(themes, rng.randint(0, 3)),
            "age_band": rng.choice(ages),
        }
        move = rng.random()
        if not voices or move < 0.45:
            voices.append(
                listening.create_voice(
                    session=session,
                    strategy=world.strategy,
                    exercise=exercise,
                    actor=officer,
                    form=form(**values),
                )
            )
        elif move < 0.85:
            voice = rng.choice(voices)
            listening.update_voice(
                session=session,
                strategy=world.strategy,
                voice=voice,
                actor=officer,
                form=form(**values),
                expected_version=voice.version,
            )
        else:
            voice = voices.pop(rng.randrange(len(voices)))
            delete_record(session=session, record=voice, actor=officer, expected_version=voice.version)
        if rng.random() < 0.5:
            session.commit()
    session.commit()
    expected = recount(session)
    assert stored(session) == expected
    assert sum(n for (s, facet, _, _), n in expected.items() if facet == "all" and s == world.strategy.id) > 5

    voice_counts.rebuild(session.connection(), [world.strategy.id])  # type: ignore[list-item]
    assert stored(session) == expected, "counting again from scratch gives the same counts"


def test_a_voice_whose_version_check_fails_changes_no_count(session: Session, world: World) -> None:
    before = stored(session)
    voice = world.voice
    try:
        listening.update_voice(
            session=session,
            strategy=world.strategy,
            voice=voice,
            actor=world.users["officer"],
            form=form(age_band="65+"),
            expected_version=voice.version - 1,
        )
    except Exception as error:
        assert type(error).__name__ == "VersionConflict"
    else:
        raise AssertionError("a stale version is refused")
    session.rollback()
    assert stored(session) == before == recount(session)


def test_the_voices_list_counts_from_the_voice_counts_as_a_recount_would(
    session: Session, world: World
) -> None:
    officer = world.users["officer"]
    second = make_area(session, place=world.place, actor=world.users["admin"], name="Southfield")
    themes = session.exec(select(Theme).where(col(Theme.place_id).is_(None)).limit(3)).all()
    rng = random.Random(7)
    for _ in range(40):
        listening.create_voice(
            session=session,
            strategy=world.strategy,
            exercise=world.exercise,
            actor=officer,
            form=form(
                area_id=rng.choice([None, world.area.id, second.id]),
                theme_ids=[t.id for t in rng.sample(themes, rng.randint(0, 2))],
            ),
        )
    session.commit()
    voices = session.exec(select(Voice).where(Voice.strategy_id == world.strategy.id)).all()
    for theme_id in [None, *(t.id for t in themes)]:
        for area_id, no_area in [(None, False), (world.area.id, False), (second.id, False), (None, True)]:
            filters = VoiceFilters(theme_id=theme_id, area_id=area_id, no_area=no_area)
            expected = [
                v
                for v in voices
                if (theme_id is None or theme_id in v.theme_ids)
                and (area_id is None or v.area_id == area_id)
                and (not no_area or v.area_id is None)
            ]
            page = voice_list.list_voices(session=session, strategy=world.strategy, filters=filters)
            assert page.total == len(expected), (theme_id, area_id, no_area)
            newest = sorted((v.id for v in expected), reverse=True)[: voice_list.PAGE_SIZE]
            assert [v.id for v in page.voices] == newest
