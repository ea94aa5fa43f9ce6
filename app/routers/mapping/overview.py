"""Strengths and struggles stage: the overview with candidates from listening, and the area × theme grid."""

from datetime import UTC, datetime

from fastapi import APIRouter
from fastapi.responses import HTMLResponse, Response

from app.models import StrengthKind, StrengthStatus
from app.routers import choices
from app.routers.mapping.strengths_and_struggles import KINDS
from app.services.mapping import candidates, overlap
from app.services.mapping import lists as mapping_lists
from app.services.mapping import service as mapping
from app.services.outputs import place_maps
from app.services.tensions import picture as tension_picture
from app.views import StageEdit, StageView

router = APIRouter(prefix="/places/{place_slug}/strategies/{strategy_slug}/mapping")


@router.get("/", name="mapping.index")
def index(view: StageView) -> HTMLResponse:
    strengths, struggles = mapping_lists.overview_counts(**view.of)
    return view.page(
        "mapping/index.html",
        strength_count=strengths,
        struggle_count=len(struggles),
        candidates=candidates.candidate_list(**view.of),
        kinds=KINDS,
        struggles_map=place_maps.struggles_map(**view.of, struggles=struggles),
    )


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
    kind = kind if kind in StrengthKind.__members__ else None
    status = status if status in StrengthStatus.__members__ else None
    result = overlap.grid(**view.of, strength_kind=kind, strength_status=status)
    return view.page(
        "mapping/grid.html",
        grid=result,
        # Each ward's current tension level, for people given the tension log; None hides the row.
        ward_levels=tension_picture.current_ward_levels(
            session=view.session, place=view.place, today=datetime.now(UTC).date()
        )
        if view.ctx.access.can_read_tensions
        else None,
        kind=kind,
        status=status,
        kinds=choices.labelled(StrengthKind),
        statuses=choices.labelled(StrengthStatus),
    )
