"""Progress stage: updates on actions, indicator figures and their curves, the overview, You said we did."""

from datetime import date
from typing import Any

from fastapi import APIRouter
from fastapi.responses import HTMLResponse, Response
from sqlmodel import Session
from starlette.datastructures import UploadFile

from app.deps import StrategyAccess
from app.errors import FieldError
from app.form_pages import FormPage
from app.forms import FormState
from app.models import Action, Indicator
from app.schemas.progress import FiguresImportForm, MeasurementForm, StoryForm, UpdateForm
from app.services.outputs import said_did as said_did_service
from app.services.plan import indicators as plan_indicators
from app.services.plan import service as plan
from app.services.progress import curve, figures_import
from app.services.progress import service as progress
from app.text import plural
from app.views import EditView, StageEdit, StageView
from app.web import stage_context

router = APIRouter(prefix="/places/{place_slug}/strategies/{strategy_slug}/progress")


@router.get("/", name="progress.index")
def index(view: StageView) -> HTMLResponse:
    overview = progress.overview(**view.of, today=date.today())
    return view.page("progress/index.html", overview=overview)


@router.get("/you-said-we-did/", name="progress.said_did")
def said_did(view: StageView) -> HTMLResponse:
    drafts = said_did_service.drafts(**view.of)
    return view.page("progress/said_did.html", areas=said_did_service.said_did(drafts))


# --- Updates -------------------------------------------------------------------------------------------


def _update_page(ctx: StrategyAccess, action: Action) -> FormPage[UpdateForm]:
    return FormPage(
        template="progress/update_form.html",
        form=UpdateForm,
        context=stage_context(ctx, action=action),
        options=lambda: {"milestones_done": progress.open_milestones(action)},
    )


@router.get("/actions/{action_id}/updates/new", name="progress.new_update")
def new_update(view: EditView, action_id: int) -> HTMLResponse:
    action = plan.get_action(**view.of, action_id=action_id)
    values = {"status": action.status, "percent_complete": str(action.percent_complete)}
    return view.show(_update_page(view.ctx, action), FormState(values=values))


@router.post("/actions/{action_id}/updates/new", name="progress.create_update")
def create_update(write: StageEdit, action_id: int) -> Response:
    action = plan.get_action(**write.of, action_id=action_id)

    def save(data: UpdateForm) -> str:
        progress.create_update(**write.by, action=action, form=data)
        return write.url("plan.show_action", action_id=action_id) + "#updates"

    return write.submit(_update_page(write.ctx, action), save=save, flash="Update saved")


# --- Indicators: curve, figures and story --------------------------------------------------------------


def _indicator(session: Session, ctx: StrategyAccess, indicator_id: int) -> Indicator:
    return plan_indicators.get_indicator(session=session, strategy=ctx.strategy, indicator_id=indicator_id)


@router.get("/indicators/{indicator_id}/", name="progress.indicator")
def indicator(view: StageView, indicator_id: int) -> HTMLResponse:
    record = _indicator(view.session, view.ctx, indicator_id)
    measurements = progress.measurements_of(session=view.session, indicator=record)
    result, svg = progress.curve_of(record, measurements)
    return view.page(
        "progress/indicator.html",
        indicator=record,
        measurements=measurements,
        curve=result,
        svg=svg,
        rule=curve.RULE,
    )


def _measurement_page(ctx: StrategyAccess, record: Indicator) -> FormPage[MeasurementForm]:
    return FormPage(
        template="progress/measurement_form.html",
        form=MeasurementForm,
        context=stage_context(ctx, indicator=record),
    )


@router.get("/indicators/{indicator_id}/measurements/new", name="progress.new_measurement")
def new_measurement(view: EditView, indicator_id: int) -> HTMLResponse:
    record = _indicator(view.session, view.ctx, indicator_id)
    state = FormState[MeasurementForm](values={"source": record.data_source or ""})
    return view.show(_measurement_page(view.ctx, record), state)


@router.post("/indicators/{indicator_id}/measurements/new", name="progress.create_measurement")
def create_measurement(write: StageEdit, indicator_id: int) -> Response:
    """A figure dated before the baseline is refused by its confirm box until that is ticked."""
    record = _indicator(write.session, write.ctx, indicator_id)

    def save(data: MeasurementForm) -> str:
        progress.create_measurement(**write.by, indicator=record, form=data)
        return write.url("progress.indicator", indicator_id=indicator_id)

    return write.submit(_measurement_page(write.ctx, record), save=save, flash="Figure saved")


def _story_page(ctx: StrategyAccess, record: Indicator) -> FormPage[StoryForm]:
    return FormPage(
        template="progress/story_form.html", form=StoryForm, context=stage_context(ctx, indicator=record)
    )


@router.get("/indicators/{indicator_id}/story", name="progress.story_form")
def story_form(view: EditView, indicator_id: int) -> HTMLResponse:
    record = _indicator(view.session, view.ctx, indicator_id)
    return view.show_saved(_story_page(view.ctx, record), record)


@router.post("/indicators/{indicator_id}/story", name="progress.save_story")
def save_story(write: StageEdit, indicator_id: int) -> Response:
    record = _indicator(write.session, write.ctx, indicator_id)
    return write.submit_edit(
        _story_page(write.ctx, record),
        record=record,
        update=lambda data, version: progress.save_story(
            session=write.session, indicator=record, actor=write.user, form=data, expected_version=version
        ),
        then=write.url("progress.indicator", indicator_id=indicator_id),
        flash="Story behind the curve saved",
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
def import_figures_form(view: EditView, indicator_id: int) -> HTMLResponse:
    record = _indicator(view.session, view.ctx, indicator_id)
    return view.show(_import_page(view.ctx, record), FormState(values={}))


@router.post("/indicators/{indicator_id}/figures/import", name="progress.import_figures")
def import_figures(write: StageEdit, indicator_id: int) -> Response:
    """Pasted text or an uploaded CSV file; every row is checked and all are saved, or none."""
    record = _indicator(write.session, write.ctx, indicator_id)

    def save(data: FiguresImportForm) -> Response:
        # The upload is not a form-model field, and the pasted text is read as sent: row numbers in the
        # problems count every line.
        upload = write.form.get("file")
        pasted = str(write.form.get("figures") or "")
        if isinstance(upload, UploadFile) and upload.filename:
            stream: Any = upload.file
        elif pasted.strip():
            stream = figures_import.text_stream(pasted)
        else:
            raise FieldError("figures", "Paste the figures or choose a CSV file")
        saved = figures_import.import_figures(
            **write.by, indicator=record, stream=stream, confirm_history=data.confirm_history
        )
        # The flash counts what was saved.
        target = write.url("progress.indicator", indicator_id=indicator_id)
        return write.redirect(target, flash=f"{plural(len(saved), 'figure')} saved")

    return write.submit(_import_page(write.ctx, record), save=save, refused=_row_problems)
