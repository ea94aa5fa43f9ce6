"""The tension log: entries, what they name, and the audit of every view.

Rules enforced here:
- "what happened", the short description and the actions taken are redacted before storage, as a voice is;
- areas, related struggles and earlier entries named by a form must belong to the place; anything else is
  a field error;
- an entry links to earlier entries of the same rumour only when it is a rumour, never to itself or to a
  later entry;
- an entry's areas are indexed in ``TensionEntryArea`` whenever it is written (``index_areas``);
- every view of an entry is written to the audit log, in a short write of its own (``record_view``).
Who may call these is decided in app/services/access.py; the routers take a place access that has passed it.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import delete, func, insert
from sqlalchemy.orm import sessionmaker
from sqlmodel import Session, col, select

from app.db import short_write
from app.errors import FieldError, NotFound
from app.forms import form_from_values
from app.models import (
    Area,
    Place,
    Strategy,
    Struggle,
    TensionCategory,
    TensionEntry,
    TensionEntryArea,
    User,
)
from app.models.base import id_of
from app.schemas.tensions import LogFilters, TensionEntryForm
from app.services.access import PlaceAccess
from app.services.accounts import audit
from app.services.listening.redaction import Removal, redact
from app.services.records.versioning import create_record, save_record

PAGE_SIZE = 50


class EntryNotFound(NotFound):
    """No such entry in this place's log."""


@dataclass(frozen=True)
class SavedEntry:
    entry: TensionEntry
    removed: list[Removal]


def _ids_in(session: Session, model: Any, ids: Sequence[int], *where: Any) -> set[int]:
    if not ids:
        return set()
    return set(session.exec(select(model.id).where(col(model.id).in_(ids), *where)).all())


def _entry_values(
    session: Session, place: Place, form: TensionEntryForm, entry_id: int | None
) -> tuple[dict[str, Any], list[Removal]]:
    if _ids_in(session, Area, form.area_ids, Area.place_id == place.id) != set(form.area_ids):
        raise FieldError("area_ids", "Select areas from the list")
    if _ids_in(session, Struggle, form.struggle_ids, Struggle.place_id == place.id) != set(form.struggle_ids):
        raise FieldError("struggle_ids", "Select struggles from the list")
    earlier = set(form.earlier_entry_ids)
    if earlier and form.category is not TensionCategory.rumour:
        raise FieldError("earlier_entry_ids", "Only a rumour or misinformation links to earlier entries")
    if entry_id is not None and entry_id in earlier:
        raise FieldError("earlier_entry_ids", "An entry cannot be an earlier entry of itself")
    found = _ids_in(
        session,
        TensionEntry,
        sorted(earlier),
        TensionEntry.place_id == place.id,
        col(TensionEntry.observed_on) <= form.observed_on,
    )
    if found != earlier:
        raise FieldError("earlier_entry_ids", "Select earlier entries of this place from the list")
    what = redact(form.what_happened)
    title = redact(form.title)
    actions = redact(form.actions_taken) if form.actions_taken else None
    values = {
        "observed_on": form.observed_on,
        "title": title.text,
        "category": form.category.value,
        "area_ids": sorted(set(form.area_ids)),
        "what_happened": what.text,
        "source": form.source.value,
        "evidence_type": form.evidence_type.value,
        "spread": form.spread.value,
        "impact": form.impact,
        "police_reference": form.police_reference,
        "struggle_ids": sorted(set(form.struggle_ids)),
        "actions_taken": actions.text if actions is not None else None,
        "status": form.status.value,
        "follow_up_on": form.follow_up_on,
        "earlier_entry_ids": sorted(earlier),
    }
    removed = [*title.removed, *what.removed, *(actions.removed if actions is not None else [])]
    return values, removed


def restored_entry(session: Session, record: TensionEntry, values: dict[str, Any]) -> dict[str, Any]:
    place = session.get(Place, record.place_id)
    if place is None:
        raise EntryNotFound(record.id)
    found, _ = _entry_values(session, place, form_from_values(TensionEntryForm, values), record.id)
    return found


def index_areas(session: Session, entry: TensionEntry) -> None:
    """Bring ``TensionEntryArea`` into step with the entry's areas and date (also after a restore)."""
    session.execute(delete(TensionEntryArea).where(col(TensionEntryArea.entry_id) == entry.id))
    if entry.area_ids:
        session.execute(
            insert(TensionEntryArea),
            [
                {
                    "entry_id": entry.id,
                    "area_id": area_id,
                    "place_id": entry.place_id,
                    "observed_on": entry.observed_on,
                }
                for area_id in sorted(set(entry.area_ids))
            ],
        )


def create_entry(*, session: Session, place: Place, actor: User, form: TensionEntryForm) -> SavedEntry:
    values, removed = _entry_values(session, place, form, None)
    entry = create_record(
        session=session, actor=actor, note=form.note, record=TensionEntry(place_id=id_of(place), **values)
    )
    index_areas(session, entry)
    return SavedEntry(entry, removed)


def update_entry(
    *,
    session: Session,
    place: Place,
    entry: TensionEntry,
    actor: User,
    form: TensionEntryForm,
    expected_version: int | None,
) -> SavedEntry:
    values, removed = _entry_values(session, place, form, id_of(entry))
    save_record(
        session=session,
        record=entry,
        actor=actor,
        changes=values,
        expected_version=expected_version,
        note=form.note,
    )
    index_areas(session, entry)
    return SavedEntry(entry, removed)


def get_entry(*, session: Session, place: Place, entry_id: int) -> TensionEntry:
    entry = session.exec(
        select(TensionEntry).where(TensionEntry.id == entry_id, TensionEntry.place_id == place.id)
    ).first()
    if entry is None:
        raise EntryNotFound(entry_id)
    return entry


@dataclass(frozen=True)
class LogPage:
    entries: list[TensionEntry]
    total: int
    page: int
    pages: int


def list_entries(*, session: Session, place: Place, filters: LogFilters) -> LogPage:
    """One page of the log, newest first. Filtered by an area, it reads that area's index rows
    (``TensionEntryArea``) in date order, so it costs what the area's entries cost, not the whole log."""
    where: list[Any] = [TensionEntry.place_id == place.id]
    if filters.status:
        where.append(TensionEntry.status == filters.status)
    if filters.category:
        where.append(TensionEntry.category == filters.category)
    order: tuple[Any, ...]
    if filters.area_id is not None:
        link = TensionEntryArea
        in_area = (link.area_id == filters.area_id, link.place_id == place.id)
        counted = select(func.count()).select_from(link).where(*in_area)
        if filters.status or filters.category:
            counted = counted.join(TensionEntry, col(TensionEntry.id) == col(link.entry_id)).where(*where)
        total = session.exec(counted).one()
        statement = (
            select(TensionEntry).join(link, col(link.entry_id) == col(TensionEntry.id)).where(*in_area)
        )
        order = (col(link.observed_on).desc(), col(link.entry_id).desc())
    else:
        total = session.exec(select(func.count()).select_from(TensionEntry).where(*where)).one()
        statement = select(TensionEntry)
        order = (col(TensionEntry.observed_on).desc(), col(TensionEntry.id).desc())
    entries = list(
        session.exec(
            statement.where(*where).order_by(*order).offset((filters.page - 1) * PAGE_SIZE).limit(PAGE_SIZE)
        ).all()
    )
    pages = max(1, -(-total // PAGE_SIZE))
    return LogPage(entries=entries, total=total, page=filters.page, pages=pages)


def area_names(*, session: Session, place: Place) -> dict[int, str]:
    rows = session.exec(select(Area.id, Area.name).where(Area.place_id == place.id).order_by(Area.name))
    return {int(area_id): name for area_id, name in rows.all() if area_id is not None}


def struggle_choices(*, session: Session, place: Place) -> list[tuple[str, str]]:
    """The struggles of the place's strategies, each named with its strategy."""
    rows = session.exec(
        select(Struggle.id, Struggle.title, Strategy.title)
        .join(Strategy, col(Strategy.id) == col(Struggle.strategy_id))
        .where(Struggle.place_id == place.id)
        .order_by(col(Strategy.start_date).desc(), col(Struggle.title))
    ).all()
    return [(str(struggle_id), f"{title} ({strategy})") for struggle_id, title, strategy in rows]


def earlier_rumour_choices(
    *, session: Session, place: Place, before: date | None, exclude: int | None, chosen: Sequence[int] = ()
) -> list[tuple[str, str]]:
    """Rumour entries to link a returning rumour to: the latest 30, and any already chosen."""
    statement = select(col(TensionEntry.id), col(TensionEntry.title), col(TensionEntry.observed_on)).where(
        TensionEntry.place_id == place.id, TensionEntry.category == TensionCategory.rumour.value
    )
    if before is not None:
        statement = statement.where(col(TensionEntry.observed_on) <= before)
    latest = session.exec(statement.order_by(col(TensionEntry.observed_on).desc()).limit(30)).all()
    extra = session.exec(statement.where(col(TensionEntry.id).in_(list(chosen)))).all() if chosen else []
    seen: dict[int, tuple[str, date]] = {}
    for entry_id, title, observed in [*latest, *extra]:
        if entry_id is not None and entry_id != exclude:
            seen[int(entry_id)] = (title, observed)
    return [
        (str(entry_id), f"{title} ({observed.day} {observed:%B %Y})")
        for entry_id, (title, observed) in sorted(seen.items(), key=lambda item: item[1][1], reverse=True)
    ]


def linked_entries(*, session: Session, place: Place, entry: TensionEntry) -> list[TensionEntry]:
    """Earlier entries this one names, and later entries that name it (the rumour came back)."""
    earlier = list(
        session.exec(
            select(TensionEntry).where(
                TensionEntry.place_id == place.id, col(TensionEntry.id).in_(entry.earlier_entry_ids or [])
            )
        ).all()
    )
    later = [
        other
        for other in session.exec(
            select(TensionEntry).where(
                TensionEntry.place_id == place.id,
                TensionEntry.category == TensionCategory.rumour.value,
                col(TensionEntry.observed_on) >= entry.observed_on,
                TensionEntry.id != entry.id,
            )
        ).all()
        if id_of(entry) in (other.earlier_entry_ids or [])
    ]
    return sorted([*earlier, *later], key=lambda other: (other.observed_on, id_of(other)))


def struggle_titles(*, session: Session, ids: Sequence[int]) -> list[str]:
    if not ids:
        return []
    return list(session.exec(select(Struggle.title).where(col(Struggle.id).in_(list(ids)))).all())


def entries_for_struggle(*, session: Session, access: PlaceAccess, struggle: Struggle) -> list[TensionEntry]:
    """The log entries attached to a struggle as evidence, for those who read the log; none for others.
    Only ids and struggle lists are read to find them, whatever the size of the log."""
    if not access.can_read_tensions:
        return []
    ids = [
        entry_id
        for entry_id, struggle_ids in session.exec(
            select(TensionEntry.id, TensionEntry.struggle_ids).where(
                TensionEntry.place_id == struggle.place_id
            )
        ).all()
        if struggle.id in (struggle_ids or [])
    ]
    if not ids:
        return []
    return list(
        session.exec(
            select(TensionEntry)
            .where(col(TensionEntry.id).in_(ids))
            .order_by(col(TensionEntry.observed_on).desc())
        ).all()
    )


def record_view(
    *, factory: sessionmaker[Session], access: PlaceAccess, what: str, action: str = "tension_view"
) -> None:
    """The audit row for a view of the log's records, committed on its own before the page is sent: a GET
    is a read, and what was seen is kept even if the page then fails to render."""
    with short_write(factory) as audit_session:
        audit.record_event(
            session=audit_session,
            actor=audit_session.get(User, access.user.id),
            place=audit_session.get(Place, access.place.id),
            action=action,
            detail=what,
        )
