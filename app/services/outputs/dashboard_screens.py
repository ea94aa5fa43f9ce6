"""What the dashboards show, each read in one call: the router names the page and renders it."""

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session

from app.models import Strategy, User, WeeklyLevel
from app.services.outputs.dashboards import Dashboard, councillor_dashboard
from app.services.outputs.maps import WardMap
from app.services.outputs.overview import Filters, Overview, facilitator_overview
from app.services.outputs.place_maps import published_actions_map
from app.services.outputs.summary import CouncillorExtras, councillor_extras
from app.services.tensions.picture import published_place_levels


@dataclass(frozen=True)
class CouncillorScreen:
    """The councillors' dashboard (``dashboards/councillor.html``), from published editions only: its
    sections, the summary and "you said, we did" beside them, and the map of the published plan's actions."""

    dashboard: Dashboard
    extras: CouncillorExtras
    actions_map: WardMap | None


def councillor_screen(*, session: Session, strategy: Strategy, today: date) -> CouncillorScreen:
    board = councillor_dashboard(session=session, strategy=strategy)
    return CouncillorScreen(
        dashboard=board,
        extras=councillor_extras(session=session, strategy=strategy, board=board, today=today),
        actions_map=published_actions_map(session=session, strategy=strategy),
    )


@dataclass(frozen=True)
class OverviewScreen:
    """The facilitator overview (``dashboards/overview.html``): a page of the places the user facilitates,
    and the place-wide tension level an officer of each has published (as councillors see it; never an
    entry of the log)."""

    overview: Overview
    tension_levels: dict[int, WeeklyLevel]


def overview_screen(*, session: Session, user: User, today: date, filters: Filters) -> OverviewScreen:
    found = facilitator_overview(session=session, user=user, today=today, filters=filters)
    return OverviewScreen(
        overview=found,
        tension_levels=published_place_levels(
            session=session, place_ids=[row.place.id for row in found.rows]
        ),
    )
