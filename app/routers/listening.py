"""Listening stage: exercises and voices. Officers and facilitators only; councillors see summaries later."""

from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from starlette.datastructures import FormData

from app.deps import CurrentUser, DraftReadableStrategy, EditableStrategy, SessionDep, StrategyAccess
from app.forms import FormState, form_fields, initial_values, parse_form
from app.models import PROFILE_FIELDS, Action, ListeningExercise, ListeningMethod, Voice, VoiceKind
from app.schemas.listening import ExerciseForm, ThemeForm, VoiceForm
from app.services import listening, mapping, plan, review
from app.services.versioning import VersionConflict, field_comparison
from app.templating import is_fragment_request, render
from app.web import FormDataDep, expected_version, int_or_none, redirect, stage_context, strategy_ids, url

router = APIRouter(prefix="/places/{place_slug}/strategies/{strategy_slug}/listening")


def _date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _area_options(session: SessionDep, ctx: StrategyAccess) -> list[tuple[str, str]]:
    return [(str(a.id), a.name) for a in listening.place_areas(session=session, place=ctx.place)]


def _theme_options(session: SessionDep, ctx: StrategyAccess) -> list[tuple[str, str]]:
    return [(str(t.id), t.name) for t in listening.place_themes(session=session, place=ctx.place)]


def _profile_options(field: str) -> list[tuple[str, str]]:
    return [(group, group) for group in PROFILE_FIELDS[field][1]]


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
            areas=_area_options(session, ctx),
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
                ExerciseForm, state.values, state.errors, {"area_ids": _area_options(session, ctx)}
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
        except listening.InvalidChoice as problem:
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
        **_voice_panel(session, ctx, exercise, state, added=added),
        method_label=ListeningMethod(exercise.method).label,
        review=review.panel(
            session=session, strategy=ctx.strategy, kind="listening_exercise", target_id=exercise.id or 0
        ),
        area_names=[
            name for value, name in _area_options(session, ctx) if int(value) in (exercise.area_ids or [])
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
        except listening.InvalidChoice as problem:
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


# --- Voices --------------------------------------------------------------------------------------------


def _voice_fields(session: SessionDep, ctx: StrategyAccess, state: FormState[VoiceForm]) -> dict[str, Any]:
    return form_fields(
        VoiceForm,
        state.values,
        state.errors,
        {
            "area_id": _area_options(session, ctx),
            "theme_ids": _theme_options(session, ctx),
            "age_band": _profile_options("age_band"),
            "ethnic_group": _profile_options("ethnic_group"),
            "gender": _profile_options("gender"),
        },
    )


def _voice_panel(
    session: SessionDep,
    ctx: StrategyAccess,
    exercise: ListeningExercise,
    state: FormState[VoiceForm],
    added: Voice | None = None,
) -> dict[str, Any]:
    recent = listening.list_voices(
        session=session, strategy=ctx.strategy, filters=listening.VoiceFilters(exercise_id=exercise.id)
    )
    return {
        "voice_fields": _voice_fields(session, ctx, state),
        "voice_errors": state.errors,
        "recent": recent,
        "added": added,
        "added_message": listening.redaction_message(added.redactions) if added else None,
        "suggestions": listening.suggestions_for(session=session, place=ctx.place, voice=added)
        if added
        else [],
        "kind_labels": {k.value: k.label for k in VoiceKind},
    }


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
        except listening.InvalidChoice as problem:
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


@router.get("/voices/", name="listening.voices")
def voices(
    request: Request,
    session: SessionDep,
    ctx: DraftReadableStrategy,
    theme: str | None = None,
    area: str | None = None,
    kind: str | None = None,
    exercise: str | None = None,
    q: str | None = None,
    page: str | None = None,
    action: str | None = None,
) -> HTMLResponse:
    behind: Action | None = None
    if int_or_none(action) is not None:
        behind = plan.get_action(session=session, strategy=ctx.strategy, action_id=int_or_none(action) or 0)
    filters = listening.VoiceFilters(
        theme_id=int_or_none(theme),
        area_id=int_or_none(area),
        kind=kind if kind in VoiceKind.__members__ else None,
        exercise_id=int_or_none(exercise),
        search=(q or "").strip()[:200] or None,
        page=int_or_none(page) or 1,
        no_area=area == "none",
        voice_ids=tuple(plan.thread_of(session=session, strategy=ctx.strategy, action=behind).voice_ids)
        if behind
        else None,
    )
    result = listening.list_voices(session=session, strategy=ctx.strategy, filters=filters)
    exercises = listening.list_exercises(session=session, strategy=ctx.strategy)
    return render(
        request,
        "listening/voices.html",
        stage_context(
            ctx,
            result=result,
            filters=filters,
            behind=behind,
            themes=_theme_options(session, ctx),
            areas=_area_options(session, ctx),
            kinds=[(k.value, k.label) for k in VoiceKind],
            exercises=[(str(e.id), e.title) for e, _ in exercises],
            kind_labels={k.value: k.label for k in VoiceKind},
            area_names=dict(_area_options(session, ctx)),
            query=dict(request.query_params),
        ),
        partial="listening/_voice_results.html",
    )


@router.get("/voices/{voice_id}/", name="listening.show_voice")
def show_voice(
    request: Request, session: SessionDep, ctx: DraftReadableStrategy, voice_id: int
) -> HTMLResponse:
    voice = listening.get_voice(session=session, strategy=ctx.strategy, voice_id=voice_id)
    exercise = listening.get_exercise(session=session, strategy=ctx.strategy, exercise_id=voice.exercise_id)
    themes = dict(_theme_options(session, ctx))
    return render(
        request,
        "listening/voice.html",
        stage_context(
            ctx,
            voice=voice,
            exercise=exercise,
            kind_label=VoiceKind(voice.kind).label,
            area_name=dict(_area_options(session, ctx)).get(str(voice.area_id)) if voice.area_id else None,
            theme_names=[themes.get(str(t), "") for t in voice.theme_ids or []],
            redaction=listening.redaction_message(voice.redactions),
            suggestions=listening.suggestions_for(session=session, place=ctx.place, voice=voice),
            evidence_for=(evidence := mapping.evidence_for_voice(session=session, voice=voice)),
            answered_by=plan.actions_answering(
                session=session,
                strategy=ctx.strategy,
                struggle_ids=[s.id for s in evidence[1] if s.id is not None],
            ),
            review=review.panel(session=session, strategy=ctx.strategy, kind="voice", target_id=voice_id),
        ),
    )


def _voice_edit_page(
    request: Request,
    session: SessionDep,
    ctx: StrategyAccess,
    voice: Voice,
    state: FormState[VoiceForm],
    *,
    version: int,
    status: int = 200,
    comparison: list[tuple[str, str, str]] | None = None,
) -> HTMLResponse:
    return render(
        request,
        "listening/voice_form.html",
        stage_context(
            ctx,
            voice=voice,
            fields=_voice_fields(session, ctx, state),
            errors=state.errors,
            version=version,
            comparison=comparison,
        ),
        status_code=status,
    )


@router.get("/voices/{voice_id}/edit", name="listening.edit_voice_form")
def edit_voice_form(
    request: Request, session: SessionDep, ctx: EditableStrategy, voice_id: int
) -> HTMLResponse:
    voice = listening.get_voice(session=session, strategy=ctx.strategy, voice_id=voice_id)
    return _voice_edit_page(
        request,
        session,
        ctx,
        voice,
        FormState(values=initial_values(VoiceForm, voice)),
        version=voice.version,
    )


@router.post("/voices/{voice_id}/edit", name="listening.edit_voice")
def edit_voice(
    request: Request,
    session: SessionDep,
    user: CurrentUser,
    ctx: EditableStrategy,
    voice_id: int,
    form: FormDataDep,
) -> Response:
    voice = listening.get_voice(session=session, strategy=ctx.strategy, voice_id=voice_id)
    state = parse_form(VoiceForm, form)
    loaded = expected_version(form)
    if state.data is not None:
        try:
            listening.update_voice(
                session=session,
                strategy=ctx.strategy,
                voice=voice,
                actor=user,
                form=state.data,
                expected_version=loaded,
            )
        except listening.InvalidChoice as problem:
            state.errors[problem.field] = problem.message
        except VersionConflict as conflict:
            return _voice_edit_page(
                request,
                session,
                ctx,
                voice,
                state,
                version=voice.version,
                status=409,
                comparison=field_comparison(conflict.record, conflict.submitted, session),
            )
        else:
            return redirect(
                request,
                url(request, "listening.show_voice", voice_id=voice.id, **strategy_ids(ctx)),
                flash="Voice saved",
            )
    return _voice_edit_page(request, session, ctx, voice, state, version=loaded or voice.version, status=400)


@router.post("/voices/{voice_id}/themes/{theme_id}/accept", name="listening.accept_theme")
def accept_theme(
    request: Request,
    session: SessionDep,
    user: CurrentUser,
    ctx: EditableStrategy,
    voice_id: int,
    theme_id: int,
    form: FormDataDep,
) -> Response:
    voice = listening.get_voice(session=session, strategy=ctx.strategy, voice_id=voice_id)
    target = str(form.get("next") or "")
    back = (
        target
        if target.startswith("/places/")
        else url(request, "listening.show_voice", voice_id=voice_id, **strategy_ids(ctx))
    )
    try:
        listening.accept_theme(
            session=session,
            strategy=ctx.strategy,
            voice=voice,
            theme_id=theme_id,
            actor=user,
            expected_version=expected_version(form),
        )
    except listening.InvalidChoice:
        return redirect(request, back, flash="That theme is not available here", warning=True)
    except VersionConflict:
        return redirect(
            request,
            url(request, "listening.show_voice", voice_id=voice_id, **strategy_ids(ctx)),
            flash="Someone else changed this voice; check its themes and try again",
            warning=True,
        )
    return redirect(request, back, flash="Theme added")


@router.post("/voices/{voice_id}/themes/{theme_id}/reject", name="listening.reject_theme")
def reject_theme(
    request: Request, session: SessionDep, ctx: EditableStrategy, voice_id: int, theme_id: int
) -> Response:
    voice = listening.get_voice(session=session, strategy=ctx.strategy, voice_id=voice_id)
    try:
        listening.reject_theme(session=session, strategy=ctx.strategy, voice=voice, theme_id=theme_id)
    except listening.InvalidChoice:
        return redirect(
            request,
            url(request, "listening.show_voice", voice_id=voice_id, **strategy_ids(ctx)),
            flash="That theme is not available here",
            warning=True,
        )
    return redirect(
        request,
        url(request, "listening.show_voice", voice_id=voice_id, **strategy_ids(ctx)),
        flash="Suggestion dismissed; it will not be suggested for this voice again",
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
        except listening.InvalidChoice as problem:
            state.errors[problem.field] = problem.message
        else:
            return redirect(
                request,
                url(request, "listening.themes", **strategy_ids(ctx)),
                flash=f"Theme {theme.name} added",
            )
    return _themes_page(request, session, ctx, state, status=400)
