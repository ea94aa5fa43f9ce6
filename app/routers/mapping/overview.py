"""Strengths and struggles stage: the overview with candidates from listening, and the area × theme grid."""

from datetime import UTC, datetime

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from app.deps import DraftReadableStrategy, EditableStrategy, SessionDep
from app.models import StrengthKind, StrengthStatus
from app.services.mapping import candidates
from app.services.mapping import service as mapping
from app.services.outputs import place_maps
from app.services.tensions import picture as tension_picture
from app.templating import render
from app.web import redirect, stage_context, url

router = APIRouter(prefix="/places/{place_slug}/strategies/{strategy_slug}/mapping")


@router.get("/", name="mapping.index")
def index(request: Request, session: SessionDep, ctx: DraftReadableStrategy) -> HTMLResponse:
    strengths, struggles = mapping.overview_counts(session=session, strategy=ctx.strategy)
    return render(
        request,
        "mapping/index.html",
        stage_context(
            ctx,
            strength_count=strengths,
            struggle_count=len(struggles),
            candidates=candidates.candidate_list(session=session, strategy=ctx.strategy),
            struggles_map=place_maps.struggles_map(
                session=session, strategy=ctx.strategy, struggles=struggles
            ),
        ),
    )


@router.post("/candidates/{key}/dismiss", name="mapping.dismiss_candidate")
def dismiss(request: Request, session: SessionDep, ctx: EditableStrategy, key: str) -> Response:
    if candidates.get_candidate(session=session, strategy=ctx.strategy, key=key) is None:
        raise mapping.MappingNotFound(key)
    candidates.dismiss_candidate(session=session, strategy=ctx.strategy, key=key)
    return redirect(
        request,
        url(request, "mapping.index", place_slug=ctx.place.slug, strategy_slug=ctx.strategy.slug)
        + "#candidates",
        flash="Candidate dismissed; it will not be offered again",
    )


@router.get("/grid/", name="mapping.grid")
def grid(
    request: Request,
    session: SessionDep,
    ctx: DraftReadableStrategy,
    kind: str | None = None,
    status: str | None = None,
) -> HTMLResponse:
    kind = kind if kind in StrengthKind.__members__ else None
    status = status if status in StrengthStatus.__members__ else None
    result = mapping.grid(session=session, strategy=ctx.strategy, strength_kind=kind, strength_status=status)
    return render(
        request,
        "mapping/grid.html",
        stage_context(
            ctx,
            grid=result,
            # Each ward's current tension level, for people given the tension log; None hides the row.
            ward_levels=tension_picture.current_ward_levels(
                session=session, place=ctx.place, today=datetime.now(UTC).date()
            )
            if ctx.access.can_read_tensions
            else None,
            kind=kind,
            status=status,
            kinds=[(k.value, k.label) for k in StrengthKind],
            statuses=[(s.value, s.label) for s in StrengthStatus],
        ),
    )
