"""Strengths and struggles stage: the overview with candidates from listening, and the area × theme grid."""

from datetime import UTC, datetime

from fastapi import APIRouter
from fastapi.responses import HTMLResponse, Response

from app.models import StrengthKind, StrengthStatus
from app.routers import choices
from app.routers.mapping.strengths_and_struggles import KINDS
from app.services.mapping import candidates, screens
from app.services.mapping import service as mapping
from app.views import StageEdit, StageView
from app.web import screen_context

router = APIRouter(prefix="/places/{place_slug}/strategies/{strategy_slug}/mapping")


@router.get("/", name="mapping.index")
def index(view: StageView) -> HTMLResponse:
    screen = screens.overview_screen(**view.of)
    return view.page("mapping/index.html", kinds=KINDS, **screen_context(screen))


@router.post("/candidates/{key}/dismiss", name="mapping.dismiss_candidate")
def dismiss(write: StageEdit, key: str) -> Response:
    if candidates.get_candidate(**write.of, key=key) is None:
        raise mapping.MappingNotFound(key)
    candidates.dismiss_candidate(**write.of, key=key)
    return write.redirect(
        write.url("mapping.index") + "#candidates", flash="Candidate dismissed; it will not be offered again"
    )


@router.get("/grid/", name="mapping.grid")
def grid(view: StageView, kind: str | None = None, status: str | None = None) -> HTMLResponse:
    screen = screens.grid_screen(
        **view.of, access=view.ctx.access, kind=kind, status=status, today=datetime.now(UTC).date()
    )
    return view.page(
        "mapping/grid.html",
        kinds=choices.labelled(StrengthKind),
        statuses=choices.labelled(StrengthStatus),
        **screen_context(screen),
    )
