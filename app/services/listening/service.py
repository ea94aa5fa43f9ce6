"""Listening stage: exercises, voices and their themes.

Rules enforced here:
- every record belongs to the strategy's place, and areas, themes and exercises named in a form must be of
  that place (or shared themes); anything else is refused as a field error;
- voice text is redacted before it is stored, and the kinds removed are kept on the voice;
- a voice's themes are changed only through ``_set_themes``, which keeps ``VoiceTheme`` in step.
"""

from collections.abc import Sequence
from typing import Any

from sqlalchemy import delete, func, insert
from sqlmodel import Session, col, select

from app.errors import FieldError, NotFound
from app.forms import form_from_values
from app.models import (
    PROFILE_FIELDS,
    Area,
    ListeningExercise,
    Place,
    Strategy,
    ThemeDecision,
    User,
    Voice,
    VoiceTheme,
)
from app.models.base import id_of
from app.schemas.listening import ExerciseFilters, ExerciseForm, VoiceForm
from app.services.listening import voice_counts  # noqa: F401  its listener counts every voice written here
from app.services.listening.redaction import redact
from app.services.listening.themes import check_themes
from app.services.records.versioning import create_record, save_record

# A restore passes an earlier version's values through the edit's own form and checks: the ``restored_*``
# functions are the kinds' restore checks, named in app/services/records/kinds.py.


def _place_of(session: Session, owner: Strategy | ListeningExercise | Voice) -> Place:
    place = session.get(Place, owner.place_id)
    if place is None:
        raise ListeningNotFound(owner.place_id)
    return place


def restored_exercise(session: Session, record: ListeningExercise, values: dict[str, Any]) -> dict[str, Any]:
    form = form_from_values(ExerciseForm, values)
    return _exercise_values(
        session=session, place=_place_of(session, record), form=form, profile=values.get("profile")
    )


def restored_voice(session: Session, record: Voice, values: dict[str, Any]) -> dict[str, Any]:
    form = form_from_values(VoiceForm, values)
    found, removed = _voice_values(session=session, place=_place_of(session, record), form=form)
    found["redactions"] = sorted(set(record.redactions or []) | set(removed))
    return found


def voice_themes_in_step(session: Session, record: Voice) -> None:
    _set_themes(session=session, voice=record, theme_ids=record.theme_ids)


class ListeningNotFound(NotFound):
    """No such exercise or voice in this strategy."""


# --- Lookups -------------------------------------------------------------------------------------------


def place_areas(*, session: Session, place: Place) -> list[Area]:
    return list(session.exec(select(Area).where(Area.place_id == place.id).order_by(col(Area.name))).all())


def _check_areas(*, session: Session, place: Place, area_ids: Sequence[int]) -> list[int]:
    if not area_ids:
        return []
    found = set(
        session.exec(select(Area.id).where(Area.place_id == place.id, col(Area.id).in_(area_ids))).all()
    )
    if found != set(area_ids):
        raise FieldError("area_ids", "Select areas from the list")
    return sorted(area_ids)


# --- Exercises -----------------------------------------------------------------------------------------


def list_exercises(
    *, session: Session, strategy: Strategy, filters: ExerciseFilters | None = None
) -> list[tuple[ListeningExercise, int]]:
    """Exercises with their number of voices, newest first."""
    filters = filters or ExerciseFilters()
    voices = select(func.count()).where(Voice.exercise_id == ListeningExercise.id).scalar_subquery()
    statement = select(ListeningExercise, voices).where(ListeningExercise.strategy_id == strategy.id)
    if filters.method:
        statement = statement.where(ListeningExercise.method == filters.method)
    if filters.date_from:
        statement = statement.where(col(ListeningExercise.start_date) >= filters.date_from)
    if filters.date_to:
        statement = statement.where(col(ListeningExercise.start_date) <= filters.date_to)
    rows = session.exec(statement.order_by(col(ListeningExercise.start_date).desc())).all()
    result = [(exercise, int(count)) for exercise, count in rows]
    if filters.area_id is not None:
        result = [(e, n) for e, n in result if filters.area_id in (e.area_ids or [])]
    return result


def exercise_choices(*, session: Session, strategy: Strategy) -> list[tuple[int, str]]:
    """The strategy's exercises as (id, title), newest first, for a filter: no counts of their voices."""
    rows = session.exec(
        select(ListeningExercise.id, ListeningExercise.title)
        .where(ListeningExercise.strategy_id == strategy.id)
        .order_by(col(ListeningExercise.start_date).desc())
    ).all()
    return [(int(exercise_id or 0), title) for exercise_id, title in rows]


def get_exercise(*, session: Session, strategy: Strategy, exercise_id: int) -> ListeningExercise:
    exercise = session.exec(
        select(ListeningExercise).where(
            ListeningExercise.id == exercise_id, ListeningExercise.strategy_id == strategy.id
        )
    ).first()
    if exercise is None:
        raise ListeningNotFound(exercise_id)
    return exercise


def _exercise_values(
    *, session: Session, place: Place, form: ExerciseForm, profile: dict[str, Any] | None
) -> dict[str, Any]:
    return {
        "title": form.title,
        "method": form.method.value,
        "start_date": form.start_date,
        "end_date": form.end_date,
        "area_ids": _check_areas(session=session, place=place, area_ids=form.area_ids),
        "partners": form.partners,
        "participants": form.participants,
        "profile": profile or None,
        "consent_basis": form.consent_basis.value,
        "notes": form.notes,
    }


def create_exercise(
    *, session: Session, strategy: Strategy, actor: User, form: ExerciseForm, profile: dict[str, Any] | None
) -> ListeningExercise:
    values = _exercise_values(session=session, place=_place_of(session, strategy), form=form, profile=profile)
    exercise = ListeningExercise(place_id=strategy.place_id, strategy_id=strategy.id, **values)  # type: ignore[arg-type]
    return create_record(session=session, record=exercise, actor=actor, note=form.note)


def update_exercise(
    *,
    session: Session,
    strategy: Strategy,
    exercise: ListeningExercise,
    actor: User,
    form: ExerciseForm,
    profile: dict[str, Any] | None,
    expected_version: int | None,
) -> ListeningExercise:
    values = _exercise_values(session=session, place=_place_of(session, strategy), form=form, profile=profile)
    return save_record(
        session=session,
        record=exercise,
        actor=actor,
        changes=values,
        expected_version=expected_version,
        note=form.note,
    )


# --- Voices --------------------------------------------------------------------------------------------


def get_voice(*, session: Session, strategy: Strategy, voice_id: int) -> Voice:
    voice = session.exec(select(Voice).where(Voice.id == voice_id, Voice.strategy_id == strategy.id)).first()
    if voice is None:
        raise ListeningNotFound(voice_id)
    return voice


def _set_themes(*, session: Session, voice: Voice, theme_ids: list[int]) -> None:
    session.execute(delete(VoiceTheme).where(col(VoiceTheme.voice_id) == voice.id))
    if theme_ids:
        session.execute(
            insert(VoiceTheme),
            [
                {"voice_id": voice.id, "theme_id": t, "place_id": voice.place_id, "area_id": voice.area_id}
                for t in theme_ids
            ],
        )


def _voice_values(*, session: Session, place: Place, form: VoiceForm) -> tuple[dict[str, Any], list[str]]:
    if form.area_id is not None:
        _check_areas(session=session, place=place, area_ids=[form.area_id])
    themes = check_themes(session=session, place=place, theme_ids=form.theme_ids)
    result = redact(form.text)
    if not result.text.strip():
        raise FieldError("text", "Enter what was said")
    profile = {field: getattr(form, field) for field in _VOICE_FORM_PROFILE}
    for field, value in profile.items():
        _check_profile_value(field, value)
    values = {
        "text": result.text,
        "kind": form.kind.value,
        "area_id": form.area_id,
        "theme_ids": themes,
        **profile,
    }
    return values, sorted({removal.kind for removal in result.removed})


# The profile fields a voice's own form asks for (an import may give the others).
_VOICE_FORM_PROFILE = ("age_band", "ethnic_group", "gender")


def _check_profile_value(field: str, value: str | None) -> None:
    if value is not None and value not in PROFILE_FIELDS[field][1]:
        label = PROFILE_FIELDS[field][0].lower()
        raise FieldError(field, "Choose " + label + " from the list")


def create_voice(
    *, session: Session, strategy: Strategy, exercise: ListeningExercise, actor: User, form: VoiceForm
) -> Voice:
    """Redact, then save a new voice with its themes. ``voice.redactions`` says what was removed."""
    values, removed = _voice_values(session=session, place=_place_of(session, strategy), form=form)
    voice = Voice(
        place_id=strategy.place_id,
        strategy_id=id_of(strategy),
        exercise_id=id_of(exercise),
        redactions=removed,
        **values,
    )
    create_record(session=session, record=voice, actor=actor, note=form.note)
    _set_themes(session=session, voice=voice, theme_ids=voice.theme_ids)
    return voice


def update_voice(
    *,
    session: Session,
    strategy: Strategy,
    voice: Voice,
    actor: User,
    form: VoiceForm,
    expected_version: int | None,
) -> Voice:
    """Edited text is checked for personal details again before it is saved."""
    values, removed = _voice_values(session=session, place=_place_of(session, strategy), form=form)
    values["redactions"] = sorted(set(voice.redactions or []) | set(removed))
    save_record(
        session=session,
        record=voice,
        actor=actor,
        changes=values,
        expected_version=expected_version,
        note=form.note,
    )
    _set_themes(session=session, voice=voice, theme_ids=voice.theme_ids)
    return voice


# --- Theme suggestions ---------------------------------------------------------------------------------


def accept_theme(
    *,
    session: Session,
    strategy: Strategy,
    voice: Voice,
    theme_id: int,
    actor: User,
    expected_version: int | None,
) -> Voice:
    place = _place_of(session, strategy)
    check_themes(session=session, place=place, theme_ids=[theme_id])
    theme_ids = sorted(set(voice.theme_ids or []) | {theme_id})
    save_record(
        session=session,
        record=voice,
        actor=actor,
        changes={"theme_ids": theme_ids},
        expected_version=expected_version,
        note="Accepted a suggested theme",
    )
    _set_themes(session=session, voice=voice, theme_ids=theme_ids)
    return voice


def reject_theme(*, session: Session, strategy: Strategy, voice: Voice, theme_id: int) -> None:
    place = _place_of(session, strategy)
    check_themes(session=session, place=place, theme_ids=[theme_id])
    exists = session.exec(
        select(ThemeDecision).where(ThemeDecision.voice_id == voice.id, ThemeDecision.theme_id == theme_id)
    ).first()
    if exists is None:
        session.add(ThemeDecision(voice_id=voice.id, theme_id=theme_id, place_id=place.id))  # type: ignore[arg-type]
        session.flush()
