"""Your places, a place, and its strategies."""

from datetime import UTC, datetime

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from app import form_pages, views
from app.deps import CurrentUser, OptionalUser, SessionDep
from app.schemas import StrategyForm
from app.services import access, place_screens, strategies
from app.templating import render
from app.web import screen_context, stage_context, url

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
    screen = place_screens.place_screen(
        session=view.session, access=view.access, today=datetime.now(UTC).date()
    )
    return view.page("places/show.html", **screen_context(screen))


@router.get("/places/{place_slug}/strategies/{strategy_slug}/", name="strategies.show")
def show_strategy(view: views.PublishedView) -> HTMLResponse:
    screen = place_screens.strategy_screen(
        session=view.session, access=view.ctx.access, strategy=view.strategy
    )
    return view.page("strategies/show.html", **screen_context(screen))


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
