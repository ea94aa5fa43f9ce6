"""The weekly picture: each ward's level with its reason beside the suggested level, the levels over time
as a chart with its table, and setting a level (officers holding the tension log)."""

from datetime import UTC, datetime

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from app.deps import CurrentUser, SessionDep, TensionEditablePlace, TensionReadablePlace
from app.form_pages import FormPage, show, submit
from app.forms import FormState, initial_values
from app.models import Area
from app.schemas.tensions import WeeklyLevelForm
from app.services.access import PlaceAccess
from app.services.tensions import chart, picture
from app.templating import render
from app.web import FormDataDep, expected_version, int_or_none, url

router = APIRouter(prefix="/places/{place_slug}/tensions/picture")


def _today() -> datetime:
    return datetime.now(UTC)


@router.get("/", name="tensions.picture")
def weekly_picture(
    request: Request,
    session: SessionDep,
    place: TensionReadablePlace,
    week: str | None = None,
    area: str | None = None,
) -> HTMLResponse:
    chosen_week = picture.read_week(week, today=_today().date())
    found = picture.weekly_picture(session=session, place=place.place, week=chosen_week)
    ward = picture.get_area(session=session, place=place.place, area_id=int_or_none(area)) if area else None
    over_time = {
        "Whole place": picture.levels_over_time(
            session=session, place=place.place, area=None, until=chosen_week
        )
    }
    if ward is not None:
        over_time[ward.name] = picture.levels_over_time(
            session=session, place=place.place, area=ward, until=chosen_week
        )
    weeks = [week_start for week_start, _ in over_time["Whole place"]]
    series = [
        chart.LevelSeries(name, [level.level if level is not None else None for _, level in levels])
        for name, levels in over_time.items()
    ]
    return render(
        request,
        "tensions/picture.html",
        {
            "access": place,
            "place": place.place,
            "picture": found,
            "ward": ward,
            "weeks": weeks,
            "series": series,
            "svg": chart.levels_svg(
                title=f"Tension levels in {place.place.name}", weeks=weeks, series=series
            ),
            "summary": chart.levels_summary(weeks=weeks, series=series),
            "nav_active": "places",
        },
    )


def _level_page(place: PlaceAccess, area: Area | None, week: str) -> FormPage[WeeklyLevelForm]:
    return FormPage(
        template="tensions/level_form.html",
        form=WeeklyLevelForm,
        context={"access": place, "place": place.place, "area": area, "week": week, "nav_active": "places"},
    )


@router.get("/{week}/level", name="tensions.level_form")
def level_form(
    request: Request, session: SessionDep, place: TensionEditablePlace, week: str, area: str | None = None
) -> HTMLResponse:
    week_start = picture.read_week(week, today=_today().date())
    ward = picture.get_area(session=session, place=place.place, area_id=int_or_none(area)) if area else None
    level = picture.get_level(session=session, place=place.place, area=ward, week=week_start)
    found = picture.weekly_picture(session=session, place=place.place, week=week_start)
    row = next(
        (r for r in found.rows if ward is not None and r.area is not None and r.area.id == ward.id), None
    )
    suggestion = (row or found.place_row).suggestion
    values = (
        initial_values(WeeklyLevelForm, level) if level is not None else {"level": suggestion.level.value}
    )
    return show(
        request,
        _level_page(place, ward, week_start.isoformat()),
        FormState(values=values),
        version=level.version if level is not None else None,
        week_start=week_start,
        suggestion=suggestion,
    )


@router.post("/{week}/level", name="tensions.set_level")
def set_level(
    request: Request,
    session: SessionDep,
    user: CurrentUser,
    place: TensionEditablePlace,
    week: str,
    form: FormDataDep,
    area: str | None = None,
) -> Response:
    week_start = picture.read_week(week, today=_today().date())
    ward = picture.get_area(session=session, place=place.place, area_id=int_or_none(area)) if area else None
    level = picture.get_level(session=session, place=place.place, area=ward, week=week_start)

    def save(data: WeeklyLevelForm) -> str:
        picture.set_level(
            session=session,
            place=place.place,
            area=ward,
            week=week_start,
            actor=user,
            form=data,
            expected_version=expected_version(form) if level is not None else None,
        )
        return (
            url(request, "tensions.picture", place_slug=place.place.slug) + f"?week={week_start.isoformat()}"
        )

    return submit(
        request,
        _level_page(place, ward, week_start.isoformat()),
        form,
        save=save,
        flash="Level saved",
        session=session,
        current_version=level.version if level is not None else None,
        week_start=week_start,
        suggestion=None,
    )
