"""Dashboards: a strategy for councillors from its published editions, and the facilitator overview of all
their places with one shared indicator compared across them."""

from datetime import date

from fastapi import APIRouter
from fastapi.responses import HTMLResponse

from app.services.outputs import comparison, dashboards, overview, place_maps, summary
from app.services.tensions import picture as tension_picture
from app.views import OverviewView, PublishedView

router = APIRouter()


@router.get("/places/{place_slug}/strategies/{strategy_slug}/dashboard", name="dashboards.councillor")
def councillor(view: PublishedView) -> HTMLResponse:
    """Every member may read it; it shows published editions only, never drafts."""
    board = dashboards.councillor_dashboard(**view.of)
    extras = summary.councillor_extras(**view.of, board=board, today=date.today())
    return view.page(
        "dashboards/councillor.html",
        dashboard=board,
        extras=extras,
        actions_map=place_maps.published_actions_map(**view.of),
    )


@router.get("/overview/", name="dashboards.overview")
def facilitator_overview(
    view: OverviewView,
    q: str | None = None,
    stage: str | None = None,
    stage_status: str | None = None,
    overdue: str | None = None,
    sort: str | None = None,
    order: str | None = None,
    page: str | None = None,
) -> HTMLResponse:
    filters = overview.parse_filters(
        q=q, stage=stage, stage_status=stage_status, overdue=overdue, sort=sort, order=order, page=page
    )
    found = overview.facilitator_overview(
        session=view.session, user=view.user, today=date.today(), filters=filters
    )
    return view.page(
        "dashboards/overview.html",
        overview=found,
        # Only levels an officer has shared (published), as councillors see them; never an entry.
        tension_levels=tension_picture.published_place_levels(
            session=view.session, place_ids=[row.place.id for row in found.rows]
        ),
    )


@router.get("/overview/indicators/{library_key}", name="dashboards.compare_indicator")
def compare_indicator(view: OverviewView, library_key: str) -> HTMLResponse:
    found = comparison.compare_indicator(session=view.session, user=view.user, key=library_key)
    return view.page("dashboards/compare_indicator.html", comparison=found)
