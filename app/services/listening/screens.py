"""What the listening stage's pages show, each read in one call: the router names the page and renders it."""

from dataclasses import dataclass

from sqlmodel import Session

from app.models import Action, ListeningExercise, Place, Strategy, Strength, Struggle, Theme, Voice
from app.models.base import id_of
from app.schemas.listening import QueueFilters, VoiceFilters
from app.services import review_threads
from app.services.listening import theming
from app.services.listening.analysis import ThemeAreaGrid, theme_area_grid, top_themes_by_area
from app.services.listening.redaction import redaction_message
from app.services.listening.service import (
    exercise_choices,
    get_exercise,
    get_voice,
    list_exercises,
    place_areas,
)
from app.services.listening.themes import place_themes
from app.services.listening.theming import (
    QueuePage,
    QueueRow,
    SuggestedTheme,
    list_queue,
    suggestions_for,
    suggestions_for_voices,
)
from app.services.listening.voice_list import VoicePage, list_voices
from app.services.mapping.lists import evidence_for_voice
from app.services.outputs.maps import WardMap
from app.services.outputs.place_maps import voices_map
from app.services.plan.service import actions_answering, get_action, thread_of

RECENT_SHOWN = 20  # the exercise's newest voices offered themes beside its add-a-voice form


@dataclass(frozen=True)
class AnalysisScreen:
    """The analysis page (``listening/analysis.html``): voices by theme and area, each area's most
    mentioned themes, and the map of voices for every 1,000 residents of each ward."""

    grid: ThemeAreaGrid
    top: list[tuple[int, str, list[tuple[Theme, int]]]]
    voices_map: WardMap | None


def analysis_screen(*, session: Session, strategy: Strategy) -> AnalysisScreen:
    grid = theme_area_grid(session=session, strategy=strategy)
    return AnalysisScreen(
        grid=grid,
        top=top_themes_by_area(grid),
        voices_map=voices_map(session=session, strategy=strategy, heard=grid.heard),
    )


@dataclass(frozen=True)
class ExerciseScreen:
    """An exercise's page around its add-a-voice form (``listening/exercise.html``; its voice panel alone
    for htmx): the exercise's voices with themes suggested for the newest unthemed ones, the voice just
    added with what was removed from it and its suggestions, its areas' names, and the review comments open
    on it."""

    recent: VoicePage
    recent_suggestions: dict[int, list[SuggestedTheme]]
    added: Voice | None
    added_message: str | None
    suggestions: list[SuggestedTheme]
    area_names: list[str]
    review: review_threads.Panel


def exercise_screen(
    *, session: Session, strategy: Strategy, place: Place, exercise: ListeningExercise, added: Voice | None
) -> ExerciseScreen:
    recent = list_voices(session=session, strategy=strategy, filters=VoiceFilters(exercise_id=exercise.id))
    unthemed = [voice for voice in recent.voices[:RECENT_SHOWN] if not voice.theme_ids and voice is not added]
    areas = {id_of(area): area.name for area in place_areas(session=session, place=place)}
    return ExerciseScreen(
        recent=recent,
        recent_suggestions=suggestions_for_voices(session=session, place=place, voices=unthemed),
        added=added,
        added_message=redaction_message(added.redactions) if added else None,
        suggestions=suggestions_for(session=session, place=place, voice=added) if added else [],
        area_names=[name for area_id, name in areas.items() if area_id in (exercise.area_ids or [])],
        review=review_threads.panel(
            session=session, strategy=strategy, kind="listening_exercise", target_id=id_of(exercise)
        ),
    )


@dataclass(frozen=True)
class VoiceScreen:
    """A voice's page (``listening/voice.html``): what was said and where, what was removed from it, the
    themes suggested for it, what it is evidence for, the actions that answer those struggles, and the
    review comments open on it."""

    voice: Voice
    exercise: ListeningExercise
    area_name: str | None
    theme_names: list[str]
    redaction: str | None
    suggestions: list[SuggestedTheme]
    evidence_for: tuple[list[Strength], list[Struggle]]
    answered_by: list[Action]
    review: review_threads.Panel


def voice_screen(*, session: Session, strategy: Strategy, place: Place, voice_id: int) -> VoiceScreen:
    voice = get_voice(session=session, strategy=strategy, voice_id=voice_id)
    areas = {id_of(area): area.name for area in place_areas(session=session, place=place)}
    themes = {id_of(theme): theme.name for theme in place_themes(session=session, place=place)}
    evidence_for = evidence_for_voice(session=session, voice=voice)
    return VoiceScreen(
        voice=voice,
        exercise=get_exercise(session=session, strategy=strategy, exercise_id=voice.exercise_id),
        area_name=areas.get(voice.area_id) if voice.area_id else None,
        theme_names=[themes.get(theme_id, "") for theme_id in voice.theme_ids or []],
        redaction=redaction_message(voice.redactions),
        suggestions=suggestions_for(session=session, place=place, voice=voice),
        evidence_for=evidence_for,
        answered_by=actions_answering(
            session=session, strategy=strategy, struggle_ids=[id_of(s) for s in evidence_for[1]]
        ),
        review=review_threads.panel(session=session, strategy=strategy, kind="voice", target_id=voice_id),
    )


@dataclass(frozen=True)
class VoicesScreen:
    """What people said (``listening/voices.html``; its results alone for htmx): one page of voices as
    ``filters`` find them, the action whose evidence they are when the list is narrowed to one, and the
    exercises to filter by."""

    result: VoicePage
    filters: VoiceFilters
    behind: Action | None
    exercises: list[tuple[str, str]]


def voices_screen(*, session: Session, strategy: Strategy, filters: VoiceFilters) -> VoicesScreen:
    """``filters.action_id``: only the voices behind that action, through the struggles it and its priority
    answer."""
    action_id = filters.action_id
    behind = (
        get_action(session=session, strategy=strategy, action_id=action_id) if action_id is not None else None
    )
    only = tuple(thread_of(session=session, strategy=strategy, action=behind).voice_ids) if behind else None
    return VoicesScreen(
        result=list_voices(session=session, strategy=strategy, filters=filters, only=only),
        filters=filters,
        behind=behind,
        exercises=[(str(id_of(e)), e.title) for e, _ in list_exercises(session=session, strategy=strategy)],
    )


@dataclass(frozen=True)
class QueueScreen:
    """The "needs themes" queue (``listening/queue.html``; its list alone for htmx): one page of voices with
    their suggestions as ``filters`` find them, the filters as a query string's values, and the areas and
    exercises to filter by."""

    result: QueuePage
    filters: QueueFilters
    query: dict[str, int | str]
    areas: list[tuple[str, str]]
    area_names: dict[int, str]
    exercises: list[tuple[str, str]]


def queue_screen(*, session: Session, strategy: Strategy, place: Place, filters: QueueFilters) -> QueueScreen:
    areas = place_areas(session=session, place=place)
    chosen = (("exercise", filters.exercise_id), ("area", filters.area_id), ("kind", filters.kind))
    return QueueScreen(
        result=list_queue(session=session, strategy=strategy, place=place, filters=filters),
        filters=filters,
        query={key: value for key, value in chosen if value is not None},
        areas=[(str(id_of(area)), area.name) for area in areas],
        area_names={id_of(area): area.name for area in areas},
        exercises=[
            (str(exercise_id), title)
            for exercise_id, title in exercise_choices(session=session, strategy=strategy)
        ],
    )


@dataclass(frozen=True)
class QueueRowScreen:
    """One voice's row of the queue as it is now (``listening/_queue_row.html``), with the queue's progress:
    its suggestions while it has no theme, the names of its themes and of the place's areas."""

    row: QueueRow
    theme_names: list[str]
    area_names: dict[int, str]
    progress: theming.Progress


def queue_row_screen(*, session: Session, strategy: Strategy, place: Place, voice_id: int) -> QueueRowScreen:
    voice = get_voice(session=session, strategy=strategy, voice_id=voice_id)
    suggestions = [] if voice.theme_ids else suggestions_for(session=session, place=place, voice=voice)
    themes = {id_of(theme): theme.name for theme in place_themes(session=session, place=place)}
    return QueueRowScreen(
        row=QueueRow(voice, suggestions),
        theme_names=[themes.get(theme_id, "") for theme_id in voice.theme_ids],
        area_names={id_of(area): area.name for area in place_areas(session=session, place=place)},
        progress=theming.progress(session=session, strategy=strategy),
    )
