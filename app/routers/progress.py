"""Progress stage: updates on actions, indicator figures and their curves, the overview, You said we did."""

from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from starlette.datastructures import UploadFile

from app.deps import CurrentUser, DraftReadableStrategy, EditableStrategy, SessionDep, StrategyAccess
from app.errors import FieldError
from app.form_pages import FormPage, show, submit, submit_edit
from app.forms import FormState, initial_values
from app.models import Action, Indicator
from app.schemas.progress import FiguresImportForm, MeasurementForm, StoryForm, UpdateForm
from app.services.outputs import said_did as said_did_service
from app.services.plan import indicators as plan_indicators
from app.services.plan import service as plan
from app.services.progress import curve, figures_import
from app.services.progress import service as progress
from app.templating import render
from app.web import FormDataDep, redirect, stage_context, strategy_ids, url

router = APIRouter(prefix="/places/{place_slug}/strategies/{strategy_slug}/progress")


@router.get("/", name="progress.index")
def index(request: Request, session: SessionDep, ctx: DraftReadableStrategy) -> HTMLResponse:
    return render(
        request,
        "progress/index.html",
        stage_context(
            ctx,
            overview=progress.overview(session=session, strategy=ctx.strategy, today=date.today()),
        ),
    )


@router.get("/you-said-we-did/", name="progress.said_did")
def said_did(request: Request, session: SessionDep, ctx: DraftReadableStrategy) -> HTMLResponse:
    return render(
        request,
        "progress/said_did.html",
        stage_context(
            ctx,
            areas=said_did_service.said_did(said_did_service.drafts(session=session, strategy=ctx.strategy)),
        ),
    )


# --- Updates -------------------------------------------------------------------------------------------


def _update_page(ctx: StrategyAccess, action: Action) -> FormPage[UpdateForm]:
    return FormPage(
        template="progress/update_form.html",
        form=UpdateForm,
        context=stage_context(ctx, action=action),
        options=lambda: {"milestones_done": progress.open_milestones(action)},
    )


@router.get("/actions/{action_id}/updates/new", name="progress.new_update")
def new_update(request: Request, session: SessionDep, ctx: EditableStrategy, action_id: int) -> HTMLResponse:
    action = plan.get_action(session=session, strategy=ctx.strategy, action_id=action_id)
    values = {"status": action.status, "percent_complete": str(action.percent_complete)}
    return show(request, _update_page(ctx, action), FormState(values=values))


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

    def save(data: UpdateForm) -> str:
        progress.create_update(session=session, strategy=ctx.strategy, action=action, actor=user, form=data)
        return url(request, "plan.show_action", action_id=action_id, **strategy_ids(ctx)) + "#updates"

    return submit(request, _update_page(ctx, action), form, save=save, flash="Update saved")


# --- Indicators: curve, figures and story --------------------------------------------------------------


@router.get("/indicators/{indicator_id}/", name="progress.indicator")
def indicator(
    request: Request, session: SessionDep, ctx: DraftReadableStrategy, indicator_id: int
) -> HTMLResponse:
    record = plan_indicators.get_indicator(session=session, strategy=ctx.strategy, indicator_id=indicator_id)
    measurements = progress.measurements_of(session=session, indicator=record)
    result, svg = progress.curve_of(record, measurements)
    return render(
        request,
        "progress/indicator.html",
        stage_context(
            ctx, indicator=record, measurements=measurements, curve=result, svg=svg, rule=curve.RULE
        ),
    )


def _measurement_page(ctx: StrategyAccess, record: Indicator) -> FormPage[MeasurementForm]:
    return FormPage(
        template="progress/measurement_form.html",
        form=MeasurementForm,
        context=stage_context(ctx, indicator=record),
    )


@router.get("/indicators/{indicator_id}/measurements/new", name="progress.new_measurement")
def new_measurement(
    request: Request, session: SessionDep, ctx: EditableStrategy, indicator_id: int
) -> HTMLResponse:
    record = plan_indicators.get_indicator(session=session, strategy=ctx.strategy, indicator_id=indicator_id)
    state = FormState[MeasurementForm](values={"source": record.data_source or ""})
    return show(request, _measurement_page(ctx, record), state)


@router.post("/indicators/{indicator_id}/measurements/new", name="progress.create_measurement")
def create_measurement(
    request: Request,
    session: SessionDep,
    user: CurrentUser,
    ctx: EditableStrategy,
    indicator_id: int,
    form: FormDataDep,
) -> Response:
    """A figure dated before the baseline is refused by its confirm box until that is ticked."""
    record = plan_indicators.get_indicator(session=session, strategy=ctx.strategy, indicator_id=indicator_id)

    def save(data: MeasurementForm) -> str:
        progress.create_measurement(
            session=session, strategy=ctx.strategy, indicator=record, actor=user, form=data
        )
        return url(request, "progress.indicator", indicator_id=indicator_id, **strategy_ids(ctx))

    return submit(request, _measurement_page(ctx, record), form, save=save, flash="Figure saved")


def _story_page(ctx: StrategyAccess, record: Indicator) -> FormPage[StoryForm]:
    return FormPage(
        template="progress/story_form.html", form=StoryForm, context=stage_context(ctx, indicator=record)
    )


@router.get("/indicators/{indicator_id}/story", name="progress.story_form")
def story_form(
    request: Request, session: SessionDep, ctx: EditableStrategy, indicator_id: int
) -> HTMLResponse:
    record = plan_indicators.get_indicator(session=session, strategy=ctx.strategy, indicator_id=indicator_id)
    state = FormState[StoryForm](values=initial_values(StoryForm, record))
    return show(request, _story_page(ctx, record), state, version=record.version)


@router.post("/indicators/{indicator_id}/story", name="progress.save_story")
def save_story(
    request: Request,
    session: SessionDep,
    user: CurrentUser,
    ctx: EditableStrategy,
    indicator_id: int,
    form: FormDataDep,
) -> Response:
    record = plan_indicators.get_indicator(session=session, strategy=ctx.strategy, indicator_id=indicator_id)

    return submit_edit(
        request,
        _story_page(ctx, record),
        form,
        record=record,
        update=lambda data, version: progress.save_story(
            session=session, indicator=record, actor=user, form=data, expected_version=version
        ),
        then=url(request, "progress.indicator", indicator_id=indicator_id, **strategy_ids(ctx)),
        flash="Story behind the curve saved",
        session=session,
    )


# --- Many figures at once ------------------------------------------------------------------------------


def _import_page(ctx: StrategyAccess, record: Indicator) -> FormPage[FiguresImportForm]:
    return FormPage(
        template="progress/figures_import.html",
        form=FiguresImportForm,
        context=stage_context(ctx, indicator=record, problems=[]),
    )


def _row_problems(refusal: FieldError) -> dict[str, list[tuple[int, str]]]:
    return {"problems": refusal.problems if isinstance(refusal, figures_import.FiguresRefused) else []}


@router.get("/indicators/{indicator_id}/figures/import", name="progress.import_figures_form")
def import_figures_form(
    request: Request, session: SessionDep, ctx: EditableStrategy, indicator_id: int
) -> HTMLResponse:
    record = plan_indicators.get_indicator(session=session, strategy=ctx.strategy, indicator_id=indicator_id)
    return show(request, _import_page(ctx, record), FormState(values={}))


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
    record = plan_indicators.get_indicator(session=session, strategy=ctx.strategy, indicator_id=indicator_id)

    def save(data: FiguresImportForm) -> Response:
        # The upload is not a form-model field, and the pasted text is read as sent: row numbers in the
        # problems count every line.
        upload = form.get("file")
        pasted = str(form.get("figures") or "")
        if isinstance(upload, UploadFile) and upload.filename:
            stream: Any = upload.file
        elif pasted.strip():
            stream = figures_import.text_stream(pasted)
        else:
            raise FieldError("figures", "Paste the figures or choose a CSV file")
        saved = figures_import.import_figures(
            session=session,
            strategy=ctx.strategy,
            indicator=record,
            actor=user,
            stream=stream,
            confirm_history=data.confirm_history,
        )
        # The flash counts what was saved.
        return redirect(
            request,
            url(request, "progress.indicator", indicator_id=indicator_id, **strategy_ids(ctx)),
            flash=f"{len(saved)} figure{'' if len(saved) == 1 else 's'} saved",
        )

    return submit(request, _import_page(ctx, record), form, save=save, refused=_row_problems)
