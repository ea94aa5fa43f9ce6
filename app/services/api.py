"""Read-only queries for the JSON API: one page at a time, counted and cut in SQL.

Every query starts from what the access dependencies already settled: the user's own memberships for the
list of places (as in ``access.list_user_places``), and a strategy inside a place the user may read for
everything below it. Children (an action's updates, an indicator's measurements) are loaded for the whole
page in one query per kind, never one per item.
"""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlmodel import Session, col, func, select

from app.models import (
    Action,
    ActionUpdate,
    Edition,
    Indicator,
    ListeningExercise,
    Measurement,
    Membership,
    Place,
    Priority,
    Role,
    Strategy,
    Strength,
    Struggle,
    User,
    Voice,
)
from app.models.base import id_of

T = TypeVar("T")
R = TypeVar("R", ListeningExercise, Voice, Strength, Struggle, Priority)


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T]
    total: int


def _paged(session: Session, statement: Any, page: int, page_size: int) -> Page[Any]:
    """One page of an ordered statement, and how many rows all pages hold."""
    total = session.exec(select(func.count()).select_from(statement.order_by(None).subquery())).one()
    rows = session.exec(statement.offset((page - 1) * page_size).limit(page_size)).all()
    return Page(items=list(rows), total=int(total))


def list_places(*, session: Session, user: User, page: int, page_size: int) -> Page[tuple[Place, Role]]:
    """The places the user is a member of, by name, with their role in each."""
    statement = (
        select(Place, Membership.role)
        .join(Membership, col(Membership.place_id) == col(Place.id))
        .where(Membership.user_id == user.id)
        .order_by(col(Place.name), col(Place.id))
    )
    rows = _paged(session, statement, page, page_size)
    return Page(items=[(place, Role(role)) for place, role in rows.items], total=rows.total)


def list_strategies(*, session: Session, place: Place, page: int, page_size: int) -> Page[Strategy]:
    """Newest first."""
    statement = (
        select(Strategy)
        .where(Strategy.place_id == place.id)
        .order_by(col(Strategy.start_date).desc(), col(Strategy.id).desc())
    )
    return _paged(session, statement, page, page_size)


def list_records(
    *, session: Session, strategy: Strategy, model: type[R], page: int, page_size: int
) -> Page[R]:
    """A strategy's records of one kind, in the order they were added (priorities in their set order)."""
    statement = select(model).where(model.strategy_id == strategy.id)
    if model is Priority:
        statement = statement.order_by(col(Priority.position))
    return _paged(session, statement.order_by(col(model.id)), page, page_size)


def _by_parent(rows: Sequence[Any], parent: str) -> dict[int, list[Any]]:
    grouped: dict[int, list[Any]] = defaultdict(list)
    for row in rows:
        grouped[getattr(row, parent)].append(row)
    return grouped


def list_actions(
    *, session: Session, strategy: Strategy, page: int, page_size: int
) -> Page[tuple[Action, list[ActionUpdate]]]:
    """Actions in the order they were added, each with its updates, oldest period first."""
    statement = select(Action).where(Action.strategy_id == strategy.id).order_by(col(Action.id))
    actions: Page[Action] = _paged(session, statement, page, page_size)
    updates = session.exec(
        select(ActionUpdate)
        .where(
            ActionUpdate.strategy_id == strategy.id,
            col(ActionUpdate.action_id).in_([action.id for action in actions.items]),
        )
        .order_by(col(ActionUpdate.period_end), col(ActionUpdate.id))
    ).all()
    by_action = _by_parent(updates, "action_id")
    return Page(items=[(a, by_action.get(id_of(a), [])) for a in actions.items], total=actions.total)


def list_indicators(
    *, session: Session, strategy: Strategy, page: int, page_size: int
) -> Page[tuple[Indicator, list[Measurement]]]:
    """Indicators in the order they were added, each with its measurements, oldest first."""
    statement = select(Indicator).where(Indicator.strategy_id == strategy.id).order_by(col(Indicator.id))
    indicators: Page[Indicator] = _paged(session, statement, page, page_size)
    measurements = session.exec(
        select(Measurement)
        .where(
            Measurement.strategy_id == strategy.id,
            col(Measurement.indicator_id).in_([indicator.id for indicator in indicators.items]),
        )
        .order_by(col(Measurement.measured_on), col(Measurement.id))
    ).all()
    by_indicator = _by_parent(measurements, "indicator_id")
    return Page(items=[(i, by_indicator.get(id_of(i), [])) for i in indicators.items], total=indicators.total)


def list_editions(*, session: Session, strategy: Strategy, page: int, page_size: int) -> Page[Edition]:
    """Newest first."""
    statement = (
        select(Edition)
        .where(Edition.strategy_id == strategy.id)
        .order_by(col(Edition.published_at).desc(), col(Edition.id).desc())
    )
    return _paged(session, statement, page, page_size)
