"""What a place's page and a strategy's page show, each read in one call: the router names the page and
renders it."""

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session

from app.models import Area, Strategy, StrategyStatus, WeeklyLevel
from app.services import review_threads
from app.services.access import PlaceAccess
from app.services.accounts.admin import list_areas
from app.services.records.editions import StageStatus, stage_statuses
from app.services.strategies import list_strategies
from app.services.tensions.picture import Picture, published_place_level, week_of, weekly_picture


@dataclass(frozen=True)
class PlaceScreen:
    """A place (``places/show.html``): its strategies and areas, the tension level it has published, and
    this week's picture for those who read the tension log."""

    strategies: list[Strategy]
    areas: list[Area]
    published_level: WeeklyLevel | None
    tension_picture: Picture | None


def place_screen(*, session: Session, access: PlaceAccess, today: date) -> PlaceScreen:
    place = access.place
    return PlaceScreen(
        strategies=list_strategies(session=session, place=place),
        areas=list_areas(session=session, place=place),
        published_level=published_place_level(session=session, place=place),
        tension_picture=weekly_picture(session=session, place=place, week=week_of(today))
        if access.can_read_tensions
        else None,
    )


@dataclass(frozen=True)
class StrategyScreen:
    """A strategy's task list (``strategies/show.html``): its status, each stage's state, and how many review
    comments are open (for those who comment)."""

    status_label: str
    stages: list[StageStatus]
    open_comments: int


def strategy_screen(*, session: Session, access: PlaceAccess, strategy: Strategy) -> StrategyScreen:
    return StrategyScreen(
        status_label=StrategyStatus(strategy.status).label,
        stages=stage_statuses(session=session, strategy=strategy, drafts=access.can_read_drafts),
        open_comments=review_threads.open_count(session=session, strategy=strategy)
        if access.can_comment
        else 0,
    )
