"""Queries every stage's services write alike: one record by id within its strategy or place, the records a
list of ids names, and the check that every id a form names is there.

``where`` is any further condition, usually the scope: ``Strength.strategy_id == strategy.id`` or
``Area.place_id == place.id``, so another strategy's or place's record is simply not there.
"""

from collections.abc import Collection
from typing import Any, Protocol, TypeVar

from sqlmodel import Session, col, select

from app.errors import FieldError, NotFound
from app.models import Area


class _Identified(Protocol):
    id: int | None


M = TypeVar("M", bound=_Identified)


def get_by_id(session: Session, model: type[M], record_id: int, *, missing: type[NotFound]) -> M:
    """The ``model`` row with this primary key (a record's strategy or place, say); ``missing`` if none."""
    record = session.get(model, record_id)
    if record is None:
        raise missing(record_id)
    return record


def get_scoped(session: Session, model: type[M], record_id: int, *where: Any, missing: type[NotFound]) -> M:
    """The ``model`` row with this id that also meets ``where``; ``missing`` (a 404) otherwise."""
    record = session.exec(select(model).where(col(model.id) == record_id, *where)).first()
    if record is None:
        raise missing(record_id)
    return record


def rows_with_ids(
    session: Session, model: type[M], ids: Collection[int], *where: Any, order_by: Any = None
) -> list[M]:
    """The ``model`` rows whose ids are in ``ids`` and that meet ``where``; no query when there are no ids."""
    if not ids:
        return []
    statement = select(model).where(col(model.id).in_(ids), *where)
    if order_by is not None:
        statement = statement.order_by(order_by)
    return list(session.exec(statement).all())


def ids_found(session: Session, model: type[M], ids: Collection[int], *where: Any) -> set[int]:
    """Which of ``ids`` name a ``model`` row that meets ``where``; no query when there are no ids."""
    if not ids:
        return set()
    found = session.exec(select(col(model.id)).where(col(model.id).in_(ids), *where)).all()
    return {record_id for record_id in found if record_id is not None}  # a stored row's id is never None


def checked_ids(
    session: Session, model: type[M], ids: Collection[int], *where: Any, field: str, message: str
) -> list[int]:
    """``ids`` in order without repeats, when every one names a ``model`` row that meets ``where``; else a
    field error on ``field`` saying ``message``."""
    found = ids_found(session, model, ids, *where)
    if found != set(ids):
        raise FieldError(field, message)
    return sorted(found)


def checked_areas(session: Session, place_id: int, area_ids: Collection[int]) -> list[int]:
    """``checked_ids`` for the areas a form names, which must be the place's."""
    return checked_ids(
        session,
        Area,
        area_ids,
        Area.place_id == place_id,
        field="area_ids",
        message="Select areas from the list",
    )
