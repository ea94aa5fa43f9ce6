"""Listening stage: exercises (with adding voices to one) and the place's themes. Officers and facilitators
only; councillors see summaries later. The voices themselves are in ``listening_voices``."""

from collections.abc import Mapping
from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import HTMLResponse, Response
from starlette.datastructures import FormData

from app.form_pages import FormPage, show
from app.forms import FormState, parse_form
from app.models import ListeningExercise, ListeningMethod, Voice
from app.routers import choices
from app.routers.listening.voices import voice_options
from app.schemas.listening import (
    ExerciseFilters,
    ExerciseForm,
    ThemeForm,
    VoiceForm,
    parse_profile,
    profile_inputs,
    profile_rows,
    profile_saved,
    profile_typed,
)
from app.services.listening import screens
from app.services.listening import service as listening
from app.services.listening.redaction import redaction_message
from app.services.listening.themes import add_place_theme, place_themes
from app.templating import is_fragment_request
from app.views import EditView, StageEdit, StageRead, StageView
from app.web import screen_context, stage_context

router = APIRouter(prefix="/places/{place_slug}/strategies/{strategy_slug}/listening")


@router.get("/", name="listening.index")
def index(view: StageView, filters: Annotated[ExerciseFilters, Query()]) -> HTMLResponse:
    return view.page(
        "listening/index.html",
        exercises=listening.list_exercises(**view.of, filters=filters),
        filters=filters,
        methods=choices.labelled(ListeningMethod),
        areas=choices.areas(view),
        partial="listening/_exercise_rows.html",
    )


# --- Exercises -----------------------------------------------------------------------------------------


def _exercise_page(
    view: StageRead,
    exercise: ListeningExercise | None,
    profile_values: Mapping[str, str],
    profile_errors: Mapping[str, str] | None = None,
) -> FormPage[ExerciseForm]:
    """The exercise form; who took part is one input a group, read outside the form model."""
    profile_errors = profile_errors or {}
    return FormPage(
        template="listening/exercise_form.html",
        form=ExerciseForm,
        context=stage_context(
            view.ctx,
            exercise=exercise,
            profile_groups=profile_inputs(profile_values, profile_errors),
            profile_open=bool(profile_values) or bool(profile_errors),
        ),
        options=lambda: {"area_ids": choices.areas(view)},
    )


def _read_exercise(
    view: StageRead, exercise: ListeningExercise | None, form: FormData
) -> tuple[FormPage[ExerciseForm], FormState[ExerciseForm], dict[str, dict[str, int]]]:
    """The form as sent, with the who-took-part counts' errors among the fields', so a count typed wrong
    stops the save as a field does."""
    state = parse_form(ExerciseForm, form)
    profile, profile_errors = parse_profile(form)
    state.errors.update(profile_errors)
    return _exercise_page(view, exercise, profile_typed(form), profile_errors), state, profile


@router.get("/exercises/new", name="listening.new_exercise")
def new_exercise(view: EditView) -> HTMLResponse:
    return view.show(_exercise_page(view, None, {}), FormState(values={}))


@router.post("/exercises/new", name="listening.create_exercise")
def create_exercise(write: StageEdit) -> Response:
    page, state, profile = _read_exercise(write, None, write.form)

    def save(data: ExerciseForm) -> str:
        exercise = listening.create_exercise(**write.by, form=data, profile=profile)
        return write.url("listening.show_exercise", exercise_id=exercise.id)

    return write.submit(page, save=save, flash="Listening exercise saved", parsed=state)


def _voices_page(
    view: StageRead, exercise: ListeningExercise, added: Voice | None = None
) -> FormPage[VoiceForm]:
    """The exercise with its form to add a voice; an htmx view.request gets only the voice panel."""

    def more() -> dict[str, Any]:
        return screen_context(
            screens.exercise_screen(**view.of, place=view.place, exercise=exercise, added=added)
        )

    return FormPage(
        template="listening/exercise.html",
        partial="listening/_voice_panel.html",
        form=VoiceForm,
        context=stage_context(
            view.ctx,
            exercise=exercise,
            profile_rows=profile_rows(exercise.profile),
        ),
        options=lambda: voice_options(view),
        more=more,
    )


@router.get("/exercises/{exercise_id}/", name="listening.show_exercise")
def show_exercise(view: StageView, exercise_id: int) -> HTMLResponse:
    exercise = listening.get_exercise(**view.of, exercise_id=exercise_id)
    return view.show(_voices_page(view, exercise), FormState(values={}))


@router.get("/exercises/{exercise_id}/edit", name="listening.edit_exercise_form")
def edit_exercise_form(view: EditView, exercise_id: int) -> HTMLResponse:
    exercise = listening.get_exercise(**view.of, exercise_id=exercise_id)
    page = _exercise_page(view, exercise, profile_saved(exercise.profile))
    return view.show_saved(page, exercise)


@router.post("/exercises/{exercise_id}/edit", name="listening.edit_exercise")
def edit_exercise(write: StageEdit, exercise_id: int) -> Response:
    exercise = listening.get_exercise(**write.of, exercise_id=exercise_id)
    page, state, profile = _read_exercise(write, exercise, write.form)
    return write.submit_edit(
        page,
        record=exercise,
        update=lambda data, version: listening.update_exercise(
            **write.by, exercise=exercise, form=data, profile=profile, expected_version=version
        ),
        then=write.url("listening.show_exercise", exercise_id=exercise_id),
        flash="Listening exercise saved",
        parsed=state,
    )


@router.post("/exercises/{exercise_id}/voices", name="listening.add_voice")
def add_voice(write: StageEdit, exercise_id: int) -> Response:
    """Add one voice. With htmx, answer with the panel (a fresh form, the voice just added and its suggested
    themes) so several can be added in a row; without JavaScript, redirect back to the exercise."""
    exercise = listening.get_exercise(**write.of, exercise_id=exercise_id)

    def save(data: VoiceForm) -> Response:
        voice = listening.create_voice(**write.by, exercise=exercise, form=data)
        if is_fragment_request(write.request):
            page = _voices_page(write, exercise, added=voice)
            return show(write.request, page, FormState(values={}))
        message = redaction_message(voice.redactions)
        return write.redirect(
            write.url("listening.show_voice", voice_id=voice.id),
            flash="Voice added. " + (message or "Nothing personal was found to remove."),
        )

    return write.submit(_voices_page(write, exercise), save=save)


# --- Themes --------------------------------------------------------------------------------------------


def _themes_page(view: StageRead) -> FormPage[ThemeForm]:
    """The place's themes, with a form to add one of its own."""

    def more() -> dict[str, Any]:
        themes = place_themes(session=view.session, place=view.place)
        return {
            "groups": [
                ("Place Standard themes", [t for t in themes if t.kind == "place_standard"]),
                ("Cohesion themes", [t for t in themes if t.kind == "cohesion"]),
                (f"{view.place.name}'s own themes", [t for t in themes if t.place_id is not None]),
            ]
        }

    return FormPage(
        template="listening/themes.html", form=ThemeForm, context=stage_context(view.ctx), more=more
    )


@router.get("/themes/", name="listening.themes")
def themes(view: StageView) -> HTMLResponse:
    return view.show(_themes_page(view), FormState(values={}))


@router.post("/themes/", name="listening.add_theme")
def add_theme(write: StageEdit) -> Response:
    def save(data: ThemeForm) -> Response:
        theme = add_place_theme(
            session=write.session, place=write.ctx.place, name=data.name, keywords=data.keywords
        )
        return write.redirect(write.url("listening.themes"), flash=f"Theme {theme.name} added")

    return write.submit(_themes_page(write), save=save)
