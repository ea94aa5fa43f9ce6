"""Listening stage: Place Standard scores, survey import, analysis and who we have heard from."""

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from starlette.datastructures import UploadFile

from app.deps import CurrentUser, DraftReadableStrategy, EditableStrategy, SessionDep, StrategyAccess
from app.forms import FormState, form_fields, parse_form
from app.models import ListeningExercise, VoiceKind
from app.schemas.listening import ScoreForm
from app.services import disclosure, listening, listening_analysis, scores, survey_import
from app.templating import render
from app.web import FormDataDep, redirect, stage_context, strategy_ids, url

router = APIRouter(prefix="/places/{place_slug}/strategies/{strategy_slug}/listening")


# --- Analysis ------------------------------------------------------------------------------------------


@router.get("/analysis/", name="listening.analysis")
def analysis(request: Request, session: SessionDep, ctx: DraftReadableStrategy) -> HTMLResponse:
    grid = listening_analysis.theme_area_grid(session=session, strategy=ctx.strategy)
    return render(
        request,
        "listening/analysis.html",
        stage_context(
            ctx,
            grid=grid,
            top=listening_analysis.top_themes_by_area(grid),
            no_area=listening_analysis.NO_AREA,
        ),
    )


@router.get("/heard/", name="listening.heard")
def heard(request: Request, session: SessionDep, ctx: DraftReadableStrategy) -> HTMLResponse:
    return render(
        request,
        "listening/heard.html",
        stage_context(
            ctx,
            areas=listening_analysis.who_we_heard_from(session=session, strategy=ctx.strategy),
            minimum=disclosure.MINIMUM,
        ),
    )


# --- Place Standard scores -----------------------------------------------------------------------------


@router.get("/scores/", name="listening.scores")
def scores_page(request: Request, session: SessionDep, ctx: DraftReadableStrategy) -> HTMLResponse:
    return render(
        request,
        "listening/scores.html",
        stage_context(
            ctx, compasses=scores.compasses(session=session, strategy=ctx.strategy, place=ctx.place)
        ),
    )


def _score_page(
    request: Request,
    session: SessionDep,
    ctx: StrategyAccess,
    exercise: ListeningExercise,
    state: FormState[ScoreForm],
    score_values: dict[str, str],
    score_errors: dict[str, str],
    status: int = 200,
) -> HTMLResponse:
    themes = scores.place_standard_themes(session=session)
    options = {
        "area_id": [(str(a.id), a.name) for a in listening.place_areas(session=session, place=ctx.place)],
        "basis": [("respondent", "One respondent"), ("group", "A group: these are averages")],
    }
    return render(
        request,
        "listening/score_form.html",
        stage_context(
            ctx,
            exercise=exercise,
            fields=form_fields(ScoreForm, state.values, state.errors, options),
            errors={**state.errors, **score_errors},
            score_inputs=[
                (
                    f"score-{t.slug}",
                    t.name,
                    score_values.get(f"score-{t.slug}", ""),
                    score_errors.get(f"score-{t.slug}"),
                )
                for t in themes
            ],
        ),
        status_code=status,
    )


@router.get("/exercises/{exercise_id}/scores/new", name="listening.new_scores")
def new_scores(
    request: Request, session: SessionDep, ctx: EditableStrategy, exercise_id: int
) -> HTMLResponse:
    exercise = listening.get_exercise(session=session, strategy=ctx.strategy, exercise_id=exercise_id)
    return _score_page(
        request, session, ctx, exercise, FormState(values={"basis": "respondent", "respondents": "1"}), {}, {}
    )


@router.post("/exercises/{exercise_id}/scores/new", name="listening.create_scores")
def create_scores(
    request: Request,
    session: SessionDep,
    user: CurrentUser,
    ctx: EditableStrategy,
    exercise_id: int,
    form: FormDataDep,
) -> Response:
    exercise = listening.get_exercise(session=session, strategy=ctx.strategy, exercise_id=exercise_id)
    state = parse_form(ScoreForm, form)
    values, errors = scores.parse_scores(form, scores.place_standard_themes(session=session))
    if state.data is not None and not errors:
        try:
            scores.create_score_set(
                session=session,
                strategy=ctx.strategy,
                exercise=exercise,
                actor=user,
                form=state.data,
                scores=values,
            )
        except scores.ScoreError as problem:
            state.errors.update(problem.errors)
        else:
            return redirect(
                request, url(request, "listening.scores", **strategy_ids(ctx)), flash="Scores saved"
            )
    typed = {k: str(v) for k, v in form.items() if k.startswith("score-")}
    return _score_page(request, session, ctx, exercise, state, typed, errors, status=400)


# --- Survey import -------------------------------------------------------------------------------------


def _upload_page(
    request: Request, ctx: StrategyAccess, exercise: ListeningExercise, error: str | None, status: int = 200
) -> HTMLResponse:
    return render(
        request,
        "listening/upload.html",
        stage_context(ctx, exercise=exercise, errors={"file": error} if error else {}),
        status_code=status,
    )


@router.get("/exercises/{exercise_id}/import", name="listening.upload_form")
def upload_form(
    request: Request, session: SessionDep, ctx: EditableStrategy, exercise_id: int
) -> HTMLResponse:
    exercise = listening.get_exercise(session=session, strategy=ctx.strategy, exercise_id=exercise_id)
    return _upload_page(request, ctx, exercise, None)


@router.post("/exercises/{exercise_id}/import", name="listening.upload")
def upload(
    request: Request,
    session: SessionDep,
    user: CurrentUser,
    ctx: EditableStrategy,
    exercise_id: int,
    form: FormDataDep,
) -> Response:
    exercise = listening.get_exercise(session=session, strategy=ctx.strategy, exercise_id=exercise_id)
    file = form.get("file")
    if not isinstance(file, UploadFile) or not file.filename:
        return _upload_page(request, ctx, exercise, "Select a CSV file", status=400)
    try:
        stored = survey_import.store_upload(
            session=session,
            place=ctx.place,
            exercise=exercise,
            user=user,
            filename=file.filename,
            stream=file.file,  # type: ignore[arg-type]
            size=file.size,
        )
    except survey_import.UploadRefused as problem:
        return _upload_page(request, ctx, exercise, problem.message, status=400)
    return redirect(
        request,
        url(request, "listening.mapping", exercise_id=exercise.id, token=stored.token, **strategy_ids(ctx)),
    )


def _mapping_page(
    request: Request,
    ctx: StrategyAccess,
    exercise: ListeningExercise,
    upload: Any,
    *,
    header: list[str],
    mapping: dict[str, str],
    default_kind: str,
    errors: dict[str, str],
    check: survey_import.CheckResult | None = None,
    status: int = 200,
) -> HTMLResponse:
    return render(
        request,
        "listening/mapping.html",
        stage_context(
            ctx,
            exercise=exercise,
            upload=upload,
            header=header,
            targets=survey_import.TARGETS,
            mapping=mapping,
            default_kind=default_kind,
            kinds=[(k.value, k.label) for k in VoiceKind],
            errors=errors,
            check=check,
            preview_keys=["Row", *mapping.keys()],
            target_labels=dict(survey_import.TARGETS),
        ),
        status_code=status,
    )


@router.get("/exercises/{exercise_id}/import/{token}/", name="listening.mapping")
def mapping_form(
    request: Request, session: SessionDep, ctx: EditableStrategy, exercise_id: int, token: str
) -> HTMLResponse:
    exercise = listening.get_exercise(session=session, strategy=ctx.strategy, exercise_id=exercise_id)
    upload = survey_import.get_upload(session=session, exercise=exercise, token=token)
    try:
        header = survey_import.open_upload(session=session, upload=upload).header
    except survey_import.UploadRefused as problem:
        return _upload_page(request, ctx, exercise, problem.message, status=400)
    return _mapping_page(
        request,
        ctx,
        exercise,
        upload,
        header=header,
        mapping=survey_import.guess_mapping(header),
        default_kind="concern",
        errors={},
    )


@router.post("/exercises/{exercise_id}/import/{token}/", name="listening.check_import")
def check_import(
    request: Request,
    session: SessionDep,
    user: CurrentUser,
    ctx: EditableStrategy,
    exercise_id: int,
    token: str,
    form: FormDataDep,
) -> Response:
    """Check every row with the chosen mapping; import only when asked and when no row has a problem."""
    exercise = listening.get_exercise(session=session, strategy=ctx.strategy, exercise_id=exercise_id)
    upload = survey_import.get_upload(session=session, exercise=exercise, token=token)
    raw = {key.removeprefix("map-"): str(value) for key, value in form.items() if key.startswith("map-")}
    default_kind = str(form.get("default_kind") or "concern")
    try:
        header = survey_import.open_upload(session=session, upload=upload).header
        mapping, errors = survey_import.clean_mapping(raw, header)
        if default_kind not in VoiceKind.__members__:
            errors["default_kind"] = "Select a kind"
        check = None
        if not errors:
            check = survey_import.check_upload(
                session=session, place=ctx.place, upload=upload, mapping=mapping, default_kind=default_kind
            )
        if check is not None and check.ok and form.get("action") == "import":
            count = survey_import.import_upload(
                session=session,
                strategy=ctx.strategy,
                exercise=exercise,
                place=ctx.place,
                upload=upload,
                mapping=mapping,
                default_kind=default_kind,
                actor=user,
            )
            return redirect(
                request,
                url(request, "listening.show_exercise", exercise_id=exercise.id, **strategy_ids(ctx)),
                flash=f"{count:,} responses imported",
            )
    except survey_import.UploadRefused as problem:
        return _upload_page(request, ctx, exercise, problem.message, status=400)
    return _mapping_page(
        request,
        ctx,
        exercise,
        upload,
        header=header,
        mapping=mapping,
        default_kind=default_kind,
        errors=errors,
        check=check,
        status=200 if check is not None and check.ok else 400,
    )
