"""Progress stage: updates on actions, indicator figures and their curves, the overview, You said we did."""

from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from starlette.datastructures import UploadFile

from app.deps import CurrentUser, DraftReadableStrategy, EditableStrategy, SessionDep, StrategyAccess
from app.errors import FieldError
from app.forms import FormState, form_fields, initial_values, parse_form
from app.models import Action, ActionStatus, Indicator
from app.schemas.progress import MeasurementForm, StoryForm, UpdateForm
from app.services.plan import service as plan
from app.services.progress import curve, figures_import
from app.services.progress import service as progress
from app.services.records.versioning import VersionConflict, field_comparison
from app.templating import render
from app.web import FormDataDep, expected_version, redirect, stage_context, strategy_ids, url

router = APIRouter(prefix="/places/{place_slug}/strategies/{strategy_slug}/progress")


@router.get("/", name="progress.index")
def index(request: Request, session: SessionDep, ctx: DraftReadableStrategy) -> HTMLResponse:
    return render(
        request,
        "progress/index.html",
        stage_context(
            ctx,
            overview=progress.overview(session=session, strategy=ctx.strategy, today=date.today()),
            status_labels={s.value: s.label for s in ActionStatus},
        ),
    )


@router.get("/you-said-we-did/", name="progress.said_did")
def said_did(request: Request, session: SessionDep, ctx: DraftReadableStrategy) -> HTMLResponse:
    return render(
        request,
        "progress/said_did.html",
        stage_context(ctx, areas=progress.you_said_we_did(session=session, strategy=ctx.strategy)),
    )


# --- Updates -------------------------------------------------------------------------------------------


def _update_page(
    request: Request, ctx: StrategyAccess, action: Action, state: FormState[UpdateForm], status: int = 200
) -> HTMLResponse:
    return render(
        request,
        "progress/update_form.html",
        stage_context(
            ctx,
            action=action,
            fields=form_fields(UpdateForm, state.values, state.errors),
            errors=state.errors,
        ),
        status_code=status,
    )


@router.get("/actions/{action_id}/updates/new", name="progress.new_update")
def new_update(request: Request, session: SessionDep, ctx: EditableStrategy, action_id: int) -> HTMLResponse:
    action = plan.get_action(session=session, strategy=ctx.strategy, action_id=action_id)
    values = {"status": action.status, "percent_complete": str(action.percent_complete)}
    return _update_page(request, ctx, action, FormState(values=values))


@router.post("/actions/{action_id}/updates/new", name="progress.create_update")
def create_update(
    request: Request,
    session: SessionDep,
    user: CurrentUser,
    ctx: EditableStrategy,
    action_id: int,
    form: FormDataDep,
) -> Response:
    action = plan.get_action(session=session, strategy=ctx.strategy, action_id=action_id)
    state = parse_form(UpdateForm, form)
    if state.data is None:
        return _update_page(request, ctx, action, state, status=400)
    try:
        progress.create_update(
            session=session, strategy=ctx.strategy, action=action, actor=user, form=state.data
        )
    except FieldError as problem:
        state.errors[problem.field] = problem.message
        return _update_page(request, ctx, action, state, status=400)
    return redirect(
        request,
        url(request, "plan.show_action", action_id=action_id, **strategy_ids(ctx)) + "#updates",
        flash="Update saved",
    )


# --- Indicators: curve, figures and story --------------------------------------------------------------


@router.get("/indicators/{indicator_id}/", name="progress.indicator")
def indicator(
    request: Request, session: SessionDep, ctx: DraftReadableStrategy, indicator_id: int
) -> HTMLResponse:
    record = plan.get_indicator(session=session, strategy=ctx.strategy, indicator_id=indicator_id)
    measurements = progress.measurements_of(session=session, indicator=record)
    result, svg = progress.curve_of(record, measurements)
    return render(
        request,
        "progress/indicator.html",
        stage_context(
            ctx, indicator=record, measurements=measurements, curve=result, svg=svg, rule=curve.RULE
        ),
    )


def _measurement_page(
    request: Request,
    ctx: StrategyAccess,
    record: Indicator,
    state: FormState[MeasurementForm],
    status: int = 200,
) -> HTMLResponse:
    return render(
        request,
        "progress/measurement_form.html",
        stage_context(
            ctx,
            indicator=record,
            fields=form_fields(MeasurementForm, state.values, state.errors),
            errors=state.errors,
        ),
        status_code=status,
    )


@router.get("/indicators/{indicator_id}/measurements/new", name="progress.new_measurement")
def new_measurement(
    request: Request, session: SessionDep, ctx: EditableStrategy, indicator_id: int
) -> HTMLResponse:
    record = plan.get_indicator(session=session, strategy=ctx.strategy, indicator_id=indicator_id)
    return _measurement_page(request, ctx, record, FormState(values={"source": record.data_source or ""}))


@router.post("/indicators/{indicator_id}/measurements/new", name="progress.create_measurement")
def create_measurement(
    request: Request,
    session: SessionDep,
    user: CurrentUser,
    ctx: EditableStrategy,
    indicator_id: int,
    form: FormDataDep,
) -> Response:
    record = plan.get_indicator(session=session, strategy=ctx.strategy, indicator_id=indicator_id)
    state = parse_form(MeasurementForm, form)
    if state.data is None:
        return _measurement_page(request, ctx, record, state, status=400)
    try:
        progress.create_measurement(
            session=session, strategy=ctx.strategy, indicator=record, actor=user, form=state.data
        )
    except FieldError as problem:
        state.errors[problem.field] = problem.message
        return _measurement_page(request, ctx, record, state, status=400)
    return redirect(
        request,
        url(request, "progress.indicator", indicator_id=indicator_id, **strategy_ids(ctx)),
        flash="Figure saved",
    )


def _story_page(
    request: Request,
    ctx: StrategyAccess,
    record: Indicator,
    state: FormState[StoryForm],
    *,
    version: int,
    comparison: list[tuple[str, str, str]] | None = None,
    status: int = 200,
) -> HTMLResponse:
    return render(
        request,
        "progress/story_form.html",
        stage_context(
            ctx,
            indicator=record,
            fields=form_fields(StoryForm, state.values, state.errors),
            errors=state.errors,
            version=version,
            comparison=comparison,
        ),
        status_code=status,
    )


@router.get("/indicators/{indicator_id}/story", name="progress.story_form")
def story_form(
    request: Request, session: SessionDep, ctx: EditableStrategy, indicator_id: int
) -> HTMLResponse:
    record = plan.get_indicator(session=session, strategy=ctx.strategy, indicator_id=indicator_id)
    return _story_page(
        request, ctx, record, FormState(values=initial_values(StoryForm, record)), version=record.version
    )


@router.post("/indicators/{indicator_id}/story", name="progress.save_story")
def save_story(
    request: Request,
    session: SessionDep,
    user: CurrentUser,
    ctx: EditableStrategy,
    indicator_id: int,
    form: FormDataDep,
) -> Response:
    record = plan.get_indicator(session=session, strategy=ctx.strategy, indicator_id=indicator_id)
    state = parse_form(StoryForm, form)
    loaded = expected_version(form)
    if state.data is None:
        return _story_page(request, ctx, record, state, version=loaded or record.version, status=400)
    try:
        progress.save_story(
            session=session, indicator=record, actor=user, form=state.data, expected_version=loaded
        )
    except VersionConflict as conflict:
        return _story_page(
            request,
            ctx,
            record,
            state,
            version=record.version,
            status=409,
            comparison=field_comparison(conflict.record, conflict.submitted, session),
        )
    return redirect(
        request,
        url(request, "progress.indicator", indicator_id=indicator_id, **strategy_ids(ctx)),
        flash="Story behind the curve saved",
    )


# --- Many figures at once ------------------------------------------------------------------------------


def _import_page(
    request: Request,
    ctx: StrategyAccess,
    record: Indicator,
    *,
    pasted: str = "",
    confirm: bool = False,
    message: str | None = None,
    problems: list[tuple[int, str]] | None = None,
    status: int = 200,
) -> HTMLResponse:
    return render(
        request,
        "progress/figures_import.html",
        stage_context(
            ctx,
            indicator=record,
            pasted=pasted,
            confirm=confirm,
            problems=problems or [],
            errors={"figures": message} if message else {},
        ),
        status_code=status,
    )


@router.get("/indicators/{indicator_id}/figures/import", name="progress.import_figures_form")
def import_figures_form(
    request: Request, session: SessionDep, ctx: EditableStrategy, indicator_id: int
) -> HTMLResponse:
    record = plan.get_indicator(session=session, strategy=ctx.strategy, indicator_id=indicator_id)
    return _import_page(request, ctx, record)


@router.post("/indicators/{indicator_id}/figures/import", name="progress.import_figures")
def import_figures(
    request: Request,
    session: SessionDep,
    user: CurrentUser,
    ctx: EditableStrategy,
    indicator_id: int,
    form: FormDataDep,
) -> Response:
    """Pasted text or an uploaded CSV file; every row is checked and all are saved, or none."""
    record = plan.get_indicator(session=session, strategy=ctx.strategy, indicator_id=indicator_id)
    pasted = str(form.get("figures") or "")
    upload = form.get("file")
    confirm = form.get("confirm_history") == "on"
    if isinstance(upload, UploadFile) and upload.filename:
        stream: Any = upload.file
    elif pasted.strip():
        stream = figures_import.text_stream(pasted)
    else:
        return _import_page(
            request, ctx, record, message="Paste the figures or choose a CSV file", status=400
        )
    try:
        saved = figures_import.import_figures(
            session=session,
            strategy=ctx.strategy,
            indicator=record,
            actor=user,
            stream=stream,
            confirm_history=confirm,
        )
    except figures_import.FiguresRefused as problem:
        return _import_page(
            request,
            ctx,
            record,
            pasted=pasted,
            confirm=confirm,
            message=problem.message,
            problems=problem.problems,
            status=400,
        )
    return redirect(
        request,
        url(request, "progress.indicator", indicator_id=indicator_id, **strategy_ids(ctx)),
        flash=f"{len(saved)} figure{'' if len(saved) == 1 else 's'} saved",
    )
