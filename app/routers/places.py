"""Your places, a place, and its strategies."""

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from app.deps import CurrentUser, EditablePlace, OptionalUser, ReadablePlace, SessionDep
from app.forms import FormState, form_fields, initial_values, parse_form
from app.models import Strategy, StrategyStatus
from app.schemas import StrategyForm
from app.services import access, review, strategies
from app.services.access import PlaceAccess
from app.services.accounts import admin
from app.services.records import editions
from app.services.records.versioning import VersionConflict, field_comparison
from app.templating import render
from app.web import FormDataDep, expected_version, redirect, url

router = APIRouter()


@router.get("/", name="home")
def home(request: Request, user: OptionalUser) -> Response:
    target = "places.index" if user else "auth.login_form"
    return RedirectResponse(url(request, target), status_code=303)


@router.get("/places/", name="places.index")
def index(request: Request, session: SessionDep, user: CurrentUser) -> HTMLResponse:
    places = access.list_user_places(session=session, user=user)
    return render(request, "places/index.html", {"places": places, "nav_active": "places"})


@router.get("/places/{place_slug}/", name="places.show")
def show(request: Request, session: SessionDep, place: ReadablePlace) -> HTMLResponse:
    return render(
        request,
        "places/show.html",
        {
            "access": place,
            "place": place.place,
            "strategies": strategies.list_strategies(session=session, place=place.place),
            "areas": admin.list_areas(session=session, place=place.place),
            "nav_active": "places",
        },
    )


@router.get("/places/{place_slug}/strategies/{strategy_slug}/", name="strategies.show")
def show_strategy(
    request: Request, session: SessionDep, place: ReadablePlace, strategy_slug: str
) -> HTMLResponse:
    strategy = strategies.get_strategy(session=session, place=place.place, strategy_slug=strategy_slug)
    return render(
        request,
        "strategies/show.html",
        {
            "access": place,
            "place": place.place,
            "strategy": strategy,
            "status_label": StrategyStatus(strategy.status).label,
            "stages": editions.stage_statuses(session=session, strategy=strategy),
            "open_comments": (
                review.open_count(session=session, strategy=strategy) if place.can_comment else 0
            ),
            "nav_active": "places",
        },
    )


def _edit_page(
    request: Request,
    place: PlaceAccess,
    strategy: Strategy,
    state: FormState[StrategyForm],
    *,
    version: int,
    conflict: VersionConflict | None = None,
    status: int = 200,
) -> HTMLResponse:
    return render(
        request,
        "strategies/edit.html",
        {
            "access": place,
            "place": place.place,
            "strategy": strategy,
            "fields": form_fields(StrategyForm, state.values, state.errors),
            "errors": state.errors,
            "version": version,
            "comparison": field_comparison(conflict.record, conflict.submitted) if conflict else None,
            "nav_active": "places",
        },
        status_code=status,
    )


@router.get("/places/{place_slug}/strategies/{strategy_slug}/edit", name="strategies.edit_form")
def edit_form(
    request: Request, session: SessionDep, place: EditablePlace, strategy_slug: str
) -> HTMLResponse:
    strategy = strategies.get_strategy(session=session, place=place.place, strategy_slug=strategy_slug)
    state: FormState[StrategyForm] = FormState(values=initial_values(StrategyForm, strategy))
    return _edit_page(request, place, strategy, state, version=strategy.version)


@router.post("/places/{place_slug}/strategies/{strategy_slug}/edit", name="strategies.edit")
def edit(
    request: Request,
    session: SessionDep,
    user: CurrentUser,
    place: EditablePlace,
    strategy_slug: str,
    form: FormDataDep,
) -> Response:
    strategy = strategies.get_strategy(session=session, place=place.place, strategy_slug=strategy_slug)
    state = parse_form(StrategyForm, form)
    loaded = expected_version(form)
    if state.data is None:
        return _edit_page(request, place, strategy, state, version=loaded or strategy.version, status=400)
    try:
        strategies.update_strategy(
            session=session, strategy=strategy, actor=user, form=state.data, expected_version=loaded
        )
    except VersionConflict as conflict:
        return _edit_page(
            request, place, strategy, state, version=strategy.version, conflict=conflict, status=409
        )
    return redirect(
        request,
        url(request, "strategies.show", place_slug=place.place.slug, strategy_slug=strategy.slug),
        flash="Strategy saved",
    )
