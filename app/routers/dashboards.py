"""Dashboards: a strategy for councillors from its published editions, and the facilitator overview of all
their places with one shared indicator compared across them."""

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import HTMLResponse

from app.services.outputs import comparison, dashboard_screens, overview
from app.views import OverviewView, PublishedView
from app.web import screen_context

router = APIRouter()


@router.get("/places/{place_slug}/strategies/{strategy_slug}/dashboard", name="dashboards.councillor")
def councillor(view: PublishedView) -> HTMLResponse:
    """Every member may read it; it shows published editions only, never drafts."""
    screen = dashboard_screens.councillor_screen(**view.of, today=date.today())
    return view.page("dashboards/councillor.html", **screen_context(screen))


@router.get("/overview/", name="dashboards.overview")
def facilitator_overview(view: OverviewView, filters: Annotated[overview.Filters, Query()]) -> HTMLResponse:
    screen = dashboard_screens.overview_screen(
        session=view.session, user=view.user, today=date.today(), filters=filters
    )
    return view.page("dashboards/overview.html", **screen_context(screen))


@router.get("/overview/indicators/{library_key}", name="dashboards.compare_indicator")
def compare_indicator(view: OverviewView, library_key: str) -> HTMLResponse:
    found = comparison.compare_indicator(session=view.session, user=view.user, key=library_key)
    return view.page("dashboards/compare_indicator.html", comparison=found)
