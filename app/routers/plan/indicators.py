"""Action plan stage: indicators, and the library of standard cohesion indicators."""

from fastapi import APIRouter
from fastapi.responses import HTMLResponse, Response

from app.errors import FieldError
from app.form_pages import FormPage
from app.forms import FormState
from app.models import Indicator, Polarity
from app.routers import choices
from app.schemas.plan import IndicatorForm
from app.services.plan import indicators as plan_indicators
from app.services.plan import screens
from app.views import EditView, StageEdit, StageRead, StageView
from app.web import screen_context, stage_context

router = APIRouter(prefix="/places/{place_slug}/strategies/{strategy_slug}/plan/indicators")

WRONG_WAY = (
    "The target goes the opposite way to the baseline for an indicator where {better}. Tick "
    "“Yes, the target is meant to go that way” if it is right, or change it."
)


@router.get("/", name="plan.indicators")
def indicators(view: StageView) -> HTMLResponse:
    current = plan_indicators.list_indicators(**view.of)
    library = plan_indicators.library_not_added(current)
    return view.page("plan/indicators.html", indicators=current, library=library)


@router.post("/library/{key}", name="plan.add_library_indicator")
def add_library_indicator(write: StageEdit, key: str) -> Response:
    indicator = plan_indicators.add_from_library(**write.by, key=key)
    return write.redirect(
        write.url("plan.show_indicator", indicator_id=indicator.id),
        flash=f"{indicator.name} added. Set its baseline and target next.",
    )


def _indicator_page(view: StageRead, indicator: Indicator | None) -> FormPage[IndicatorForm]:
    return FormPage(
        template="plan/indicator_form.html",
        form=IndicatorForm,
        context=stage_context(view.ctx, indicator=indicator),
        options=lambda: {"priority_id": choices.priorities(view), "action_ids": choices.actions(view)},
    )


def _confirming_direction(data: IndicatorForm) -> FieldError:
    """The wrong-way target asks for the confirm box, which the form offers only with this error."""
    better = "higher is better" if data.polarity == Polarity.higher_is_better else "lower is better"
    return FieldError("confirm_direction", WRONG_WAY.format(better=better))


@router.get("/new", name="plan.new_indicator")
def new_indicator(view: EditView) -> HTMLResponse:
    state = FormState[IndicatorForm](values={"unit": "%", "kind": "performance"})
    return view.show(_indicator_page(view, None), state)


@router.post("/new", name="plan.create_indicator")
def create_indicator(write: StageEdit) -> Response:
    def save(data: IndicatorForm) -> str:
        try:
            indicator = plan_indicators.create_indicator(**write.by, form=data)
        except plan_indicators.TargetDirection:
            raise _confirming_direction(data) from None
        return write.url("plan.show_indicator", indicator_id=indicator.id)

    return write.submit(_indicator_page(write, None), save=save, flash="Indicator saved")


@router.get("/{indicator_id}/", name="plan.show_indicator")
def show_indicator(view: StageView, indicator_id: int) -> HTMLResponse:
    screen = screens.indicator_screen(**view.of, indicator_id=indicator_id)
    return view.page("plan/indicator.html", **screen_context(screen))


@router.get("/{indicator_id}/edit", name="plan.edit_indicator_form")
def edit_indicator_form(view: EditView, indicator_id: int) -> HTMLResponse:
    indicator = plan_indicators.get_indicator(**view.of, indicator_id=indicator_id)
    return view.show_saved(_indicator_page(view, indicator), indicator, confirm_direction=False)


@router.post("/{indicator_id}/edit", name="plan.edit_indicator")
def edit_indicator(write: StageEdit, indicator_id: int) -> Response:
    indicator = plan_indicators.get_indicator(**write.of, indicator_id=indicator_id)

    def update(data: IndicatorForm, version: int | None) -> None:
        try:
            plan_indicators.update_indicator(
                **write.by, indicator=indicator, form=data, expected_version=version
            )
        except plan_indicators.TargetDirection:
            raise _confirming_direction(data) from None

    return write.submit_edit(
        _indicator_page(write, indicator),
        record=indicator,
        update=update,
        then=write.url("plan.show_indicator", indicator_id=indicator_id),
        flash="Indicator saved",
    )
