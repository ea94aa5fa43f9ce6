"""Your places, a place, and its strategies."""

from datetime import UTC, datetime

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from app import form_pages, views
from app.deps import CurrentUser, OptionalUser, SessionDep
from app.models import StrategyStatus
from app.schemas import StrategyForm
from app.services import access, review, strategies
from app.services.accounts import admin
from app.services.records import editions
from app.services.tensions import picture as tension_picture
from app.templating import render
from app.web import stage_context, url

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
def show(view: views.PlaceView) -> HTMLResponse:
    session, place = view.session, view.place
    return view.page(
        "places/show.html",
        strategies=strategies.list_strategies(session=session, place=place),
        areas=admin.list_areas(session=session, place=place),
        published_level=tension_picture.published_place_level(session=session, place=place),
        tension_picture=tension_picture.weekly_picture(
            session=session, place=place, week=tension_picture.week_of(datetime.now(UTC).date())
        )
        if view.access.can_read_tensions
        else None,
    )


@router.get("/places/{place_slug}/strategies/{strategy_slug}/", name="strategies.show")
def show_strategy(view: views.PublishedView) -> HTMLResponse:
    place, strategy = view.ctx.access, view.strategy
    return view.page(
        "strategies/show.html",
        status_label=StrategyStatus(strategy.status).label,
        stages=editions.stage_statuses(session=view.session, strategy=strategy, drafts=place.can_read_drafts),
        open_comments=review.open_count(session=view.session, strategy=strategy) if place.can_comment else 0,
    )


def _edit_page(view: views.StageRead) -> form_pages.FormPage[StrategyForm]:
    return form_pages.FormPage(
        template="strategies/edit.html", form=StrategyForm, context=stage_context(view.ctx)
    )


@router.get("/places/{place_slug}/strategies/{strategy_slug}/edit", name="strategies.edit_form")
def edit_form(view: views.EditView) -> HTMLResponse:
    return view.show_saved(_edit_page(view), view.strategy)


@router.post("/places/{place_slug}/strategies/{strategy_slug}/edit", name="strategies.edit")
def edit(write: views.StageEdit) -> Response:
    strategy = write.strategy
    return write.submit_edit(
        _edit_page(write),
        record=strategy,
        update=lambda data, version: strategies.update_strategy(
            session=write.session, strategy=strategy, actor=write.user, form=data, expected_version=version
        ),
        then=write.url("strategies.show"),
        flash="Strategy saved",
    )
