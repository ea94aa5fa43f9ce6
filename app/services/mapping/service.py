"""Strengths and struggles: records, their evidence and their confirmed matches.

Rules enforced here:
- areas, themes, exercises and voices named by a form or a link must belong to the strategy's place (and
  voices and exercises to the strategy); anything else is refused as a field error;
- evidence is changed only through ``_save``, which keeps ``EvidenceLink`` in step with ``voice_ids``;
- a match says "this strength could help with this struggle"; both must be of the same strategy.
"""

from collections.abc import Sequence
from typing import Any, TypeVar

from sqlalchemy import delete, insert
from sqlmodel import Session, col

from app.errors import FieldError, NotFound
from app.forms import form_from_values
from app.models import (
    EvidenceLink,
    ListeningExercise,
    Place,
    Strategy,
    Strength,
    Struggle,
    User,
    Voice,
)
from app.models.base import id_of
from app.schemas.mapping import StrengthForm, StruggleForm, parse_sources, sources_text
from app.services.listening.themes import place_themes
from app.services.records.queries import checked_areas, checked_ids, get_by_id, get_scoped
from app.services.records.versioning import create_in_strategy, save_record

# A restore passes an earlier version's values through the edit's own form and checks: the ``restored_*``
# functions are the kinds' restore checks, named in app/services/records/kinds.py.


def _strategy_of(session: Session, record: Strength | Struggle) -> Strategy:
    return get_by_id(session, Strategy, record.strategy_id, missing=MappingNotFound)


def restored_strength(session: Session, record: Strength, values: dict[str, Any]) -> dict[str, Any]:
    return _strength_values(session, _strategy_of(session, record), form_from_values(StrengthForm, values))


def restored_struggle(session: Session, record: Struggle, values: dict[str, Any]) -> dict[str, Any]:
    strategy = _strategy_of(session, record)
    form = form_from_values(
        StruggleForm, {**values, "data_sources": sources_text(values.get("data_sources") or [])}
    )
    # The strengths that could help are matched on their own page, which takes only the strategy's.
    helping = checked_ids(
        session,
        Strength,
        values.get("strength_ids") or [],
        Strength.strategy_id == strategy.id,
        field="strength_ids",
        message="Select strengths of this strategy",
    )
    return {**_struggle_values(session, strategy, form), "strength_ids": helping}


R = TypeVar("R", bound=Strength | Struggle)


class MappingNotFound(NotFound):
    """No such strength or struggle in this strategy."""


def _kind(record: Strength | Struggle) -> str:
    return "strength" if isinstance(record, Strength) else "struggle"


# --- Checking what a form names ------------------------------------------------------------------------


def _checked_voices(session: Session, strategy: Strategy, voice_ids: Sequence[int]) -> list[int]:
    return checked_ids(
        session,
        Voice,
        voice_ids,
        Voice.strategy_id == strategy.id,
        field="voice_ids",
        message="Evidence must be voices heard in this strategy",
    )


def _check(session: Session, strategy: Strategy, form: StrengthForm | StruggleForm) -> dict[str, list[int]]:
    """The areas, themes, exercises and voices the form names, each in order without repeats."""
    area_ids = checked_areas(session, strategy.place_id, form.area_ids)
    themes = {t.id for t in place_themes(session=session, place=place_of(session, strategy))}
    if not set(form.theme_ids) <= themes:
        raise FieldError("theme_ids", "Select themes from the list")
    exercise_ids = checked_ids(
        session,
        ListeningExercise,
        form.exercise_ids,
        ListeningExercise.strategy_id == strategy.id,
        field="exercise_ids",
        message="Select exercises from the list",
    )
    return {
        "area_ids": area_ids,
        "theme_ids": sorted(set(form.theme_ids)),
        "exercise_ids": exercise_ids,
        "voice_ids": _checked_voices(session, strategy, form.voice_ids),
    }


def place_of(session: Session, strategy: Strategy) -> Place:
    place = session.get(Place, strategy.place_id)
    assert place is not None
    return place


def index_evidence(session: Session, record: Strength | Struggle) -> None:
    """Bring ``EvidenceLink`` into step with ``record.voice_ids`` (also for records written in bulk)."""
    kind = _kind(record)
    session.execute(
        delete(EvidenceLink).where(
            col(EvidenceLink.record_kind) == kind, col(EvidenceLink.record_id) == record.id
        )
    )
    if record.voice_ids:
        session.execute(
            insert(EvidenceLink),
            [
                {"record_kind": kind, "record_id": record.id, "voice_id": v, "place_id": record.place_id}
                for v in record.voice_ids
            ],
        )


def _create(
    session: Session,
    strategy: Strategy,
    model: type[R],
    actor: User,
    note: str | None,
    values: dict[str, Any],
) -> R:
    record = create_in_strategy(model, session=session, strategy=strategy, actor=actor, note=note, **values)
    index_evidence(session, record)
    return record


def _save(
    session: Session,
    record: R,
    actor: User,
    changes: dict[str, Any],
    expected_version: int | None,
    note: str | None,
) -> R:
    save_record(
        session=session,
        record=record,
        actor=actor,
        changes=changes,
        expected_version=expected_version,
        note=note,
    )
    index_evidence(session, record)
    return record


# --- Strengths -----------------------------------------------------------------------------------------


def _strength_values(session: Session, strategy: Strategy, form: StrengthForm) -> dict[str, Any]:
    return {
        "name": form.name,
        "kind": form.kind.value,
        "status": form.status.value,
        "organisation": form.organisation,
        "description": form.description,
        **_check(session, strategy, form),
    }


def create_strength(*, session: Session, strategy: Strategy, actor: User, form: StrengthForm) -> Strength:
    return _create(session, strategy, Strength, actor, form.note, _strength_values(session, strategy, form))


def update_strength(
    *,
    session: Session,
    strategy: Strategy,
    strength: Strength,
    actor: User,
    form: StrengthForm,
    expected_version: int | None,
) -> Strength:
    return _save(
        session, strength, actor, _strength_values(session, strategy, form), expected_version, form.note
    )


# --- Struggles -----------------------------------------------------------------------------------------


def _struggle_values(session: Session, strategy: Strategy, form: StruggleForm) -> dict[str, Any]:
    return {
        "title": form.title,
        "severity": form.severity,
        "trend": form.trend.value,
        "description": form.description,
        "groups_affected": form.groups_affected,
        "data_sources": parse_sources(form.data_sources),
        **_check(session, strategy, form),
    }


def create_struggle(*, session: Session, strategy: Strategy, actor: User, form: StruggleForm) -> Struggle:
    return _create(session, strategy, Struggle, actor, form.note, _struggle_values(session, strategy, form))


def update_struggle(
    *,
    session: Session,
    strategy: Strategy,
    struggle: Struggle,
    actor: User,
    form: StruggleForm,
    expected_version: int | None,
) -> Struggle:
    return _save(
        session, struggle, actor, _struggle_values(session, strategy, form), expected_version, form.note
    )


def get_strength(*, session: Session, strategy: Strategy, strength_id: int) -> Strength:
    return get_scoped(
        session, Strength, strength_id, Strength.strategy_id == strategy.id, missing=MappingNotFound
    )


def get_struggle(*, session: Session, strategy: Strategy, struggle_id: int) -> Struggle:
    return get_scoped(
        session, Struggle, struggle_id, Struggle.strategy_id == strategy.id, missing=MappingNotFound
    )


# --- Evidence picker -----------------------------------------------------------------------------------


def attach_voice(
    *,
    session: Session,
    strategy: Strategy,
    record: R,
    voice_id: int,
    actor: User,
    expected_version: int | None,
) -> R:
    _checked_voices(session, strategy, [voice_id])
    if voice_id in record.voice_ids:
        return record
    return _save(
        session,
        record,
        actor,
        {"voice_ids": sorted({*record.voice_ids, voice_id})},
        expected_version,
        "Added a voice as evidence",
    )


def detach_voice(
    *, session: Session, record: R, voice_id: int, actor: User, expected_version: int | None
) -> R:
    if voice_id not in record.voice_ids:
        return record
    return _save(
        session,
        record,
        actor,
        {"voice_ids": [v for v in record.voice_ids if v != voice_id]},
        expected_version,
        "Removed a voice from the evidence",
    )


# --- Matches (which strengths a struggle is offered: app/services/mapping/overlap.py) -------------------


def confirm_match(
    *,
    session: Session,
    strategy: Strategy,
    struggle: Struggle,
    strength_id: int,
    actor: User,
    expected_version: int | None,
) -> Struggle:
    strength = get_strength(session=session, strategy=strategy, strength_id=strength_id)
    ids = sorted({*struggle.strength_ids, id_of(strength)})
    return _save(
        session,
        struggle,
        actor,
        {"strength_ids": ids},
        expected_version,
        f"Confirmed that {strength.name} could help",
    )


def remove_match(
    *,
    session: Session,
    strategy: Strategy,
    struggle: Struggle,
    strength_id: int,
    actor: User,
    expected_version: int | None,
) -> Struggle:
    return _save(
        session,
        struggle,
        actor,
        {"strength_ids": [i for i in struggle.strength_ids if i != strength_id]},
        expected_version,
        "Removed a strength that could help",
    )
