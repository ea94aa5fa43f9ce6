"""The weekly picture: each ward's level with its reason beside the suggested level, the levels over time
as a chart with its table, and setting a level (officers holding the tension log)."""

from datetime import UTC, date, datetime

from fastapi import APIRouter
from fastapi.responses import HTMLResponse, Response

from app.form_pages import FormPage
from app.forms import FormState, initial_values
from app.models import Area
from app.schemas.tensions import WeeklyLevelForm
from app.services.tensions import picture, screens
from app.views import PlaceRead, TensionEdit, TensionEditView, TensionView
from app.web import int_or_none, screen_context

router = APIRouter(prefix="/places/{place_slug}/tensions/picture")


def _today() -> datetime:
    return datetime.now(UTC)


def _week_and_ward(view: PlaceRead, week: str | None, area: str | None) -> tuple[date, Area | None]:
    """The week asked for (this week when none is), and the ward when one is named."""
    week_start = picture.read_week(week, today=_today().date())
    ward = picture.get_area(**view.of, area_id=int_or_none(area)) if area else None
    return week_start, ward


@router.get("/", name="tensions.picture")
def weekly_picture(view: TensionView, week: str | None = None, area: str | None = None) -> HTMLResponse:
    chosen_week, ward = _week_and_ward(view, week, area)
    screen = screens.picture_screen(**view.of, week=chosen_week, ward=ward)
    return view.page("tensions/picture.html", **screen_context(screen))


def _level_page(view: PlaceRead, area: Area | None, week: date) -> FormPage[WeeklyLevelForm]:
    return FormPage(
        template="tensions/level_form.html",
        form=WeeklyLevelForm,
        context={
            "access": view.access,
            "place": view.place,
            "area": area,
            "week": week.isoformat(),
            "week_start": week,
            "nav_active": "places",
        },
    )


@router.get("/{week}/level", name="tensions.level_form")
def level_form(view: TensionEditView, week: str, area: str | None = None) -> HTMLResponse:
    week_start, ward = _week_and_ward(view, week, area)
    level = picture.get_level(**view.of, area=ward, week=week_start)
    found = picture.weekly_picture(**view.of, week=week_start)
    row = next(
        (r for r in found.rows if ward is not None and r.area is not None and r.area.id == ward.id), None
    )
    suggestion = (row or found.place_row).suggestion
    values = (
        initial_values(WeeklyLevelForm, level) if level is not None else {"level": suggestion.level.value}
    )
    version = level.version if level is not None else None
    page = _level_page(view, ward, week_start)
    return view.show(page, FormState(values=values), version=version, suggestion=suggestion)


@router.post("/{week}/level", name="tensions.set_level")
def set_level(write: TensionEdit, week: str, area: str | None = None) -> Response:
    week_start, ward = _week_and_ward(write, week, area)
    level = picture.get_level(**write.of, area=ward, week=week_start)

    def save(data: WeeklyLevelForm) -> str:
        version = write.version if level is not None else None
        picture.set_level(**write.by, area=ward, week=week_start, form=data, expected_version=version)
        return write.url("tensions.picture") + f"?week={week_start.isoformat()}"

    return write.submit(
        _level_page(write, ward, week_start),
        save=save,
        flash="Level saved",
        current_version=level.version if level is not None else None,
        suggestion=None,
    )
