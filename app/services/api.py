"""Read-only queries for the JSON API: one page at a time, counted and cut in SQL; an edition with its
records.

Every query starts from what the access dependencies already settled: the user's own memberships for the
list of places (as in ``access.list_user_places``), and a strategy inside a place the user may read for
everything below it. Children (an action's updates, an indicator's measurements) are loaded for the whole
page in one query per kind, never one per item.
"""

from collections import defaultdict
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlmodel import Session, col, func, select

from app.models import (
    Action,
    ActionUpdate,
    Edition,
    Indicator,
    Measurement,
    Membership,
    Place,
    Priority,
    Role,
    Strategy,
    User,
    Versioned,
)
from app.services.records import edition_records, editions
from app.services.records.edition_records import ShownKind

T = TypeVar("T")
Record = dict[str, Any]  # a record's columns and their values


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
    *, session: Session, strategy: Strategy, model: type[Versioned], page: int, page_size: int
) -> Page[Record]:
    """A strategy's records of one kind, in the order they were added (priorities in their set order), each
    as its columns' values: the API answers with values, and reading them without building ORM records
    makes a page of 50 actions with their 200 updates about a quarter quicker."""
    table = model.__table__  # type: ignore[attr-defined]
    statement = select(*table.columns).where(table.c.strategy_id == strategy.id)
    if model is Priority:
        statement = statement.order_by(table.c.position)
    found = _paged(session, statement.order_by(table.c.id), page, page_size)
    return Page(items=[dict(row._mapping) for row in found.items], total=found.total)


def _with_children(
    session: Session,
    strategy: Strategy,
    parents: Page[Record],
    child: type[Versioned],
    parent_id: str,
    order: str,
) -> Page[tuple[Record, list[Record]]]:
    """Each record of the page with its children of one kind (as values), by ``order`` then id: one query
    for the page."""
    table = child.__table__  # type: ignore[attr-defined]
    children = session.exec(
        select(*table.columns)
        .where(
            table.c.strategy_id == strategy.id,
            table.c[parent_id].in_([parent["id"] for parent in parents.items]),
        )
        .order_by(table.c[order], table.c.id)
    ).all()
    grouped: dict[int, list[Record]] = defaultdict(list)
    for row in children:
        values = dict(row._mapping)
        grouped[values[parent_id]].append(values)
    return Page(items=[(p, grouped.get(p["id"], [])) for p in parents.items], total=parents.total)


def list_actions(
    *, session: Session, strategy: Strategy, page: int, page_size: int
) -> Page[tuple[Record, list[Record]]]:
    """Actions in the order they were added, each with its updates, oldest period first."""
    actions = list_records(session=session, strategy=strategy, model=Action, page=page, page_size=page_size)
    return _with_children(session, strategy, actions, ActionUpdate, "action_id", "period_end")


def list_indicators(
    *, session: Session, strategy: Strategy, page: int, page_size: int
) -> Page[tuple[Record, list[Record]]]:
    """Indicators in the order they were added, each with its measurements, oldest first."""
    indicators = list_records(
        session=session, strategy=strategy, model=Indicator, page=page, page_size=page_size
    )
    return _with_children(session, strategy, indicators, Measurement, "indicator_id", "measured_on")


def list_editions(*, session: Session, strategy: Strategy, page: int, page_size: int) -> Page[Edition]:
    """Newest first."""
    statement = (
        select(Edition)
        .where(Edition.strategy_id == strategy.id)
        .order_by(col(Edition.published_at).desc(), col(Edition.id).desc())
    )
    return _paged(session, statement, page, page_size)


@dataclass(frozen=True)
class EditionDetail:
    """An edition with its stage's records as they were when it was published, each kind's records shown as
    the edition's page shows them (``personal``: with what residents said, for those who read drafts)."""

    edition: Edition
    published_by: str
    kinds: list[ShownKind]


def edition_detail(*, session: Session, strategy: Strategy, edition_id: int, personal: bool) -> EditionDetail:
    edition = editions.get_edition(session=session, strategy=strategy, edition_id=edition_id)
    records = editions.records_at(
        session=session, strategy=strategy, stage=edition.stage, transaction_id=edition.transaction_id
    )
    return EditionDetail(
        edition=edition,
        published_by=editions.publisher_name(session=session, edition=edition),
        kinds=edition_records.show_records(session=session, records=records, personal=personal),
    )
