"""Find any versioned record by kind and id, inside a place the user may already see."""

from dataclasses import dataclass

from sqlmodel import Session, select

from app.errors import NotFound
from app.models import Place, Strategy, User, Versioned, version_class
from app.models.base import id_of
from app.services.records import history as record_history
from app.services.records import kinds, versioning
from app.services.records.history import HistoryEntry


class RecordNotFound(NotFound):
    """No record of that kind and id in this place."""


@dataclass(frozen=True)
class RecordPage:
    """Where a record is shown: a route name and its path parameters besides the place's slug."""

    route: str
    params: dict[str, str | int]


def record_page(*, session: Session, kind: str, record: Versioned) -> RecordPage:
    """The page a record is shown on (an area's is its place's page), for the link back from its history."""
    page = kinds.BY_NAME[kind].page
    params = page.params(id_of(record))
    if not page.in_strategy:
        return RecordPage(route=page.route, params=params)
    strategy = record if isinstance(record, Strategy) else session.get(Strategy, record.strategy_id)  # type: ignore[attr-defined]
    if strategy is None:
        raise RecordNotFound(record.id)
    return RecordPage(route=page.route, params={"strategy_slug": strategy.slug, **params})


def get_record(*, session: Session, place: Place, kind: str, record_id: int) -> Versioned:
    """Every versioned record carries ``place_id``, so another place's record is simply not found."""
    spec = kinds.find(kind)
    if spec is None:
        raise RecordNotFound(kind)
    model = spec.model
    record = session.exec(
        select(model).where(model.id == record_id, model.place_id == place.id)  # type: ignore[attr-defined]
    ).first()
    if record is None:
        raise RecordNotFound(record_id)
    return record


def record_title(record: Versioned, noun: str | None = None) -> str:
    """A record's own title or name, else its kind and id ("Comment 12")."""
    for attribute in ("title", "name", "outcome"):
        value = getattr(record, attribute, None)
        if isinstance(value, str) and value:
            return value
    if noun is None:
        try:
            noun = kinds.of(record).noun
        except LookupError:
            noun = type(record).__name__
    return f"{noun[:1].upper()}{noun[1:]} {getattr(record, 'id', '')}"


@dataclass(frozen=True)
class DeletedHistory:
    title: str
    entries: list[HistoryEntry]


def deleted_history(*, session: Session, place: Place, kind: str, record_id: int) -> DeletedHistory:
    """The history of a record that no longer exists in this place (it was deleted)."""
    spec = kinds.find(kind)
    if spec is None:
        raise RecordNotFound(kind)
    entries = record_history.history_by_id(session=session, kind=kind, record_id=record_id, place_id=place.id)  # type: ignore[arg-type]
    if not entries:
        raise RecordNotFound(record_id)
    V = version_class(spec.model)
    last = session.exec(
        select(V).where(V.id == record_id, V.place_id == place.id).order_by(V.transaction_id.desc()).limit(1)
    ).first()
    return DeletedHistory(
        title=record_title(last, spec.noun) if last is not None else spec.noun, entries=entries
    )


@dataclass(frozen=True)
class HistoryScreen:
    """A record's history page: the record (``None`` once it is deleted), its title, every version with a
    sentence per change, where the record itself is shown (``None`` once deleted), and whether it may be
    deleted."""

    record: Versioned | None
    title: str
    entries: list[HistoryEntry]
    shown_on: RecordPage | None = None
    deletable: bool = False


def history_screen(*, session: Session, place: Place, kind: str, record_id: int) -> HistoryScreen:
    """The history of a live record, or of a deleted one from its kept history."""
    try:
        record = get_record(session=session, place=place, kind=kind, record_id=record_id)
    except RecordNotFound:
        deleted = deleted_history(session=session, place=place, kind=kind, record_id=record_id)
        return HistoryScreen(record=None, title=deleted.title, entries=deleted.entries)
    return HistoryScreen(
        record=record,
        title=record_title(record),
        entries=record_history.history(session=session, record=record),
        shown_on=record_page(session=session, kind=kind, record=record),
        deletable=is_deletable(kind),
    )


def is_deletable(kind: str) -> bool:
    """Kinds that belong to a stage can be deleted; places, areas and strategies cannot."""
    spec = kinds.find(kind)
    return spec is not None and spec.stage is not None


def get_deletable_record(*, session: Session, place: Place, kind: str, record_id: int) -> Versioned:
    if not is_deletable(kind):
        raise RecordNotFound(kind)
    return get_record(session=session, place=place, kind=kind, record_id=record_id)


@dataclass(frozen=True)
class AfterDelete:
    stage: str
    strategy_slug: str


def delete_record(
    *, session: Session, record: Versioned, actor: User, expected_version: int | None
) -> AfterDelete:
    """Delete a stage record (history kept); where to go afterwards: the stage's page."""
    stage = kinds.of(record).stage
    strategy = session.get(Strategy, record.strategy_id)  # type: ignore[attr-defined]
    if stage is None or strategy is None:
        raise RecordNotFound(record.id)
    versioning.delete_record(session=session, record=record, actor=actor, expected_version=expected_version)
    return AfterDelete(stage=stage, strategy_slug=strategy.slug)
