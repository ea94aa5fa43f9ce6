"""Listening stage: exercises (with adding voices to one) and the place's themes. Officers and facilitators
only; councillors see summaries later. The voices themselves are in ``listening_voices``."""

from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from starlette.datastructures import FormData

from app.deps import CurrentUser, DraftReadableStrategy, EditableStrategy, SessionDep, StrategyAccess
from app.errors import FieldError
from app.forms import FormState, form_fields, initial_values, parse_form
from app.models import PROFILE_FIELDS, ListeningExercise, ListeningMethod, Voice
from app.routers.listening.voices import area_options, voice_panel
from app.schemas.listening import ExerciseForm, ThemeForm, VoiceForm
from app.services import review
from app.services.listening import service as listening
from app.services.records.versioning import VersionConflict, field_comparison
from app.templating import is_fragment_request, render
from app.web import FormDataDep, expected_version, int_or_none, redirect, stage_context, strategy_ids, url

router = APIRouter(prefix="/places/{place_slug}/strategies/{strategy_slug}/listening")


def _date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


@router.get("/", name="listening.index")
def index(
    request: Request,
    session: SessionDep,
    ctx: DraftReadableStrategy,
    method: str | None = None,
    area: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
) -> HTMLResponse:
    filters = listening.ExerciseFilters(
        method=method if method in ListeningMethod.__members__ else None,
        area_id=int_or_none(area),
        date_from=_date(date_from),
        date_to=_date(date_to),
    )
    return render(
        request,
        "listening/index.html",
        stage_context(
            ctx,
            exercises=listening.list_exercises(session=session, strategy=ctx.strategy, filters=filters),
            filters=filters,
            methods=[(m.value, m.label) for m in ListeningMethod],
            areas=area_options(session, ctx),
            method_labels={m.value: m.label for m in ListeningMethod},
        ),
        partial="listening/_exercise_rows.html",
    )


# --- Exercises -----------------------------------------------------------------------------------------


def _exercise_page(
    request: Request,
    session: SessionDep,
    ctx: StrategyAccess,
    state: FormState[ExerciseForm],
    *,
    exercise: ListeningExercise | None,
    profile_values: dict[str, str],
    profile_errors: dict[str, str],
    version: int | None = None,
    comparison: list[tuple[str, str, str]] | None = None,
    status: int = 200,
) -> HTMLResponse:
    errors = {**state.errors, **profile_errors}
    profile_groups = [
        (
            field,
            label,
            [
                (
                    f"profile-{field}-{i}",
                    group,
                    profile_values.get(f"profile-{field}-{i}", ""),
                    profile_errors.get(f"profile-{field}-{i}"),
                )
                for i, group in enumerate(groups)
            ],
        )
        for field, (label, groups) in PROFILE_FIELDS.items()
    ]
    return render(
        request,
        "listening/exercise_form.html",
        stage_context(
            ctx,
            exercise=exercise,
            fields=form_fields(
                ExerciseForm, state.values, state.errors, {"area_ids": area_options(session, ctx)}
            ),
            errors=errors,
            profile_groups=profile_groups,
            profile_open=bool(profile_values) or bool(profile_errors),
            version=version,
            comparison=comparison,
        ),
        status_code=status,
    )


def _profile_values(raw: FormData | dict[str, Any]) -> dict[str, str]:
    return {k: str(v) for k, v in raw.items() if k.startswith("profile-") and str(v).strip()}


@router.get("/exercises/new", name="listening.new_exercise")
def new_exercise(request: Request, session: SessionDep, ctx: EditableStrategy) -> HTMLResponse:
    return _exercise_page(
        request, session, ctx, FormState(values={}), exercise=None, profile_values={}, profile_errors={}
    )


@router.post("/exercises/new", name="listening.create_exercise")
def create_exercise(
    request: Request, session: SessionDep, user: CurrentUser, ctx: EditableStrategy, form: FormDataDep
) -> Response:
    state = parse_form(ExerciseForm, form)
    profile, profile_errors = listening.parse_profile(form)
    if state.data is not None and not profile_errors:
        try:
            exercise = listening.create_exercise(
                session=session, strategy=ctx.strategy, actor=user, form=state.data, profile=profile
            )
        except FieldError as problem:
            state.errors[problem.field] = problem.message
        else:
            return redirect(
                request,
                url(request, "listening.show_exercise", exercise_id=exercise.id, **strategy_ids(ctx)),
                flash="Listening exercise saved",
            )
    return _exercise_page(
        request,
        session,
        ctx,
        state,
        exercise=None,
        profile_values=_profile_values(form),
        profile_errors=profile_errors,
        status=400,
    )


@router.get("/exercises/{exercise_id}/", name="listening.show_exercise")
def show_exercise(
    request: Request, session: SessionDep, ctx: DraftReadableStrategy, exercise_id: int
) -> HTMLResponse:
    exercise = listening.get_exercise(session=session, strategy=ctx.strategy, exercise_id=exercise_id)
    return render(
        request, "listening/exercise.html", _exercise_context(session, ctx, exercise, FormState(values={}))
    )


def _exercise_context(
    session: SessionDep,
    ctx: StrategyAccess,
    exercise: ListeningExercise,
    state: FormState[VoiceForm],
    added: Voice | None = None,
) -> dict[str, Any]:
    """Everything the exercise page shows, so a form sent back with errors shows the whole page again."""
    return stage_context(
        ctx,
        exercise=exercise,
        **voice_panel(session, ctx, exercise, state, added=added),
        method_label=ListeningMethod(exercise.method).label,
        review=review.panel(
            session=session, strategy=ctx.strategy, kind="listening_exercise", target_id=exercise.id or 0
        ),
        area_names=[
            name for value, name in area_options(session, ctx) if int(value) in (exercise.area_ids or [])
        ],
        profile_rows=[
            (PROFILE_FIELDS[f][0], groups)
            for f, groups in (exercise.profile or {}).items()
            if f in PROFILE_FIELDS
        ],
    )


@router.get("/exercises/{exercise_id}/edit", name="listening.edit_exercise_form")
def edit_exercise_form(
    request: Request, session: SessionDep, ctx: EditableStrategy, exercise_id: int
) -> HTMLResponse:
    exercise = listening.get_exercise(session=session, strategy=ctx.strategy, exercise_id=exercise_id)
    values = initial_values(ExerciseForm, exercise)
    profile_values = {
        f"profile-{field}-{i}": str((exercise.profile or {}).get(field, {}).get(group, ""))
        for field, (_, groups) in PROFILE_FIELDS.items()
        for i, group in enumerate(groups)
        if (exercise.profile or {}).get(field, {}).get(group)
    }
    return _exercise_page(
        request,
        session,
        ctx,
        FormState(values=values),
        exercise=exercise,
        profile_values=profile_values,
        profile_errors={},
        version=exercise.version,
    )


@router.post("/exercises/{exercise_id}/edit", name="listening.edit_exercise")
def edit_exercise(
    request: Request,
    session: SessionDep,
    user: CurrentUser,
    ctx: EditableStrategy,
    exercise_id: int,
    form: FormDataDep,
) -> Response:
    exercise = listening.get_exercise(session=session, strategy=ctx.strategy, exercise_id=exercise_id)
    state = parse_form(ExerciseForm, form)
    profile, profile_errors = listening.parse_profile(form)
    loaded = expected_version(form)
    if state.data is not None and not profile_errors:
        try:
            listening.update_exercise(
                session=session,
                strategy=ctx.strategy,
                exercise=exercise,
                actor=user,
                form=state.data,
                profile=profile,
                expected_version=loaded,
            )
        except FieldError as problem:
            state.errors[problem.field] = problem.message
        except VersionConflict as conflict:
            return _exercise_page(
                request,
                session,
                ctx,
                state,
                exercise=exercise,
                profile_values=_profile_values(form),
                profile_errors={},
                version=exercise.version,
                comparison=field_comparison(conflict.record, conflict.submitted, session),
                status=409,
            )
        else:
            return redirect(
                request,
                url(request, "listening.show_exercise", exercise_id=exercise.id, **strategy_ids(ctx)),
                flash="Listening exercise saved",
            )
    return _exercise_page(
        request,
        session,
        ctx,
        state,
        exercise=exercise,
        profile_values=_profile_values(form),
        profile_errors=profile_errors,
        version=loaded or exercise.version,
        status=400,
    )


@router.post("/exercises/{exercise_id}/voices", name="listening.add_voice")
def add_voice(
    request: Request,
    session: SessionDep,
    user: CurrentUser,
    ctx: EditableStrategy,
    exercise_id: int,
    form: FormDataDep,
) -> Response:
    """Add one voice. With htmx, answer with the panel (a fresh form, the voice just added and its suggested
    themes) so several can be added in a row; without JavaScript, redirect back to the exercise."""
    exercise = listening.get_exercise(session=session, strategy=ctx.strategy, exercise_id=exercise_id)
    state = parse_form(VoiceForm, form)
    voice: Voice | None = None
    if state.data is not None:
        try:
            voice = listening.create_voice(
                session=session, strategy=ctx.strategy, exercise=exercise, actor=user, form=state.data
            )
        except FieldError as problem:
            state.errors[problem.field] = problem.message
    if voice is not None and not is_fragment_request(request):
        message = listening.redaction_message(voice.redactions)
        return redirect(
            request,
            url(request, "listening.show_voice", voice_id=voice.id, **strategy_ids(ctx)),
            flash="Voice added. " + (message or "Nothing personal was found to remove."),
        )
    panel_state = FormState[VoiceForm](values={}) if voice is not None else state
    context = _exercise_context(session, ctx, exercise, panel_state, added=voice)
    return render(
        request,
        "listening/exercise.html",
        context,
        partial="listening/_voice_panel.html",
        status_code=200 if voice is not None else 400,
    )


# --- Themes --------------------------------------------------------------------------------------------


def _themes_page(
    request: Request, session: SessionDep, ctx: StrategyAccess, state: FormState[ThemeForm], status: int = 200
) -> HTMLResponse:
    themes = listening.place_themes(session=session, place=ctx.place)
    groups = [
        ("Place Standard themes", [t for t in themes if t.kind == "place_standard"]),
        ("Cohesion themes", [t for t in themes if t.kind == "cohesion"]),
        (f"{ctx.place.name}'s own themes", [t for t in themes if t.place_id is not None]),
    ]
    return render(
        request,
        "listening/themes.html",
        stage_context(
            ctx, groups=groups, fields=form_fields(ThemeForm, state.values, state.errors), errors=state.errors
        ),
        status_code=status,
    )


@router.get("/themes/", name="listening.themes")
def themes(request: Request, session: SessionDep, ctx: DraftReadableStrategy) -> HTMLResponse:
    return _themes_page(request, session, ctx, FormState(values={}))


@router.post("/themes/", name="listening.add_theme")
def add_theme(request: Request, session: SessionDep, ctx: EditableStrategy, form: FormDataDep) -> Response:
    state = parse_form(ThemeForm, form)
    if state.data is not None:
        try:
            theme = listening.add_place_theme(
                session=session, place=ctx.place, name=state.data.name, keywords=state.data.keywords
            )
        except FieldError as problem:
            state.errors[problem.field] = problem.message
        else:
            return redirect(
                request,
                url(request, "listening.themes", **strategy_ids(ctx)),
                flash=f"Theme {theme.name} added",
            )
    return _themes_page(request, session, ctx, state, status=400)
