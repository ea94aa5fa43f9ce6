"""One versioning mechanism for every record: the write path and 409 (history in plain English is
``app.services.records.history``).

Every change to a versioned record goes through ``save_record`` (a restore too,
``app.services.records.restore``),
which
- refuses a save based on an older version (``VersionConflict``, shown as 409) both when the form's hidden
  ``version`` is stale and when another request wins a race between check and write (``version_id_col``);
- records who made the change and their note on the version transaction.
"""

from collections.abc import Mapping, Sequence
from typing import Any, TypeVar

from sqlalchemy import bindparam, insert, update
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import Session, func, select

from app.errors import NotFound, Refused
from app.models import Strategy, Transaction, User, Versioned, version_class
from app.models.base import ACTOR_KEY, NOTE_KEY, id_of, utcnow
from app.services.records import kinds

R = TypeVar("R", bound=Versioned)


class VersionConflict(Exception):
    """The record changed since the form was loaded; the user must merge by hand."""

    def __init__(self, record: Versioned, submitted: Mapping[str, Any]) -> None:
        super().__init__(f"{type(record).__name__} {getattr(record, 'id', None)} changed")
        self.record = record
        self.submitted = dict(submitted)


class VersionNotFound(NotFound):
    """No such version of this record."""


def check_version(
    record: Versioned, expected_version: int | None, submitted: Mapping[str, Any] | None = None
) -> None:
    """Refused (``VersionConflict``) when the record moved on since ``expected_version`` (None: not asked)."""
    if expected_version is not None and expected_version != record.version:
        raise VersionConflict(record, submitted or {})


def _flush(session: Session, record: Versioned, submitted: Mapping[str, Any]) -> None:
    try:
        session.flush()
    except StaleDataError:
        # Another request saved between our check and our write. This request's transaction is
        # spent: roll it back so the page can show the version that won.
        session.rollback()
        raise VersionConflict(record, submitted) from None


def stamp_change(*, session: Session, actor: User | None, note: str | None = None) -> None:
    """Who makes the changes in this transaction (None for the command line), and why."""
    session.info[ACTOR_KEY] = actor.id if actor is not None else None
    session.info[NOTE_KEY] = (note or "").strip() or None


def save_record(
    *,
    session: Session,
    record: R,
    actor: User | None,
    changes: Mapping[str, Any],
    expected_version: int | None,
    note: str | None = None,
) -> R:
    """Apply ``changes`` and flush them as one new version.

    Refused (``VersionConflict``) when the record moved on since ``expected_version``."""
    check_version(record, expected_version, changes)
    stamp_change(session=session, actor=actor, note=note)
    for name, value in changes.items():
        setattr(record, name, value)
    session.add(record)
    _flush(session, record, changes)
    return record


def save_records(
    *,
    session: Session,
    changes: Sequence[tuple[R, Mapping[str, Any], int | None]],
    actor: User,
    note: str | None = None,
) -> None:
    """``save_record`` for many records of one kind: each (record, changes, expected version) becomes a new
    version of its record, all under one version transaction with the actor and note. All or none: a stale
    record refuses the whole batch (``VersionConflict`` names it), both when its expected version is old
    and when another request saved it first.

    Written as three batched statements (the records, the closing of their current versions, the new
    versions) rather than one ORM flush per record, whose version bookkeeping reads each record's history
    with a query of its own: the rows left behind are the ones a flush would leave. The records in the
    session are updated to match, as saved; writes that count records (voice counts) are the caller's."""
    if not changes:
        return
    for record, changed, expected in changes:
        check_version(record, expected, changed)
    model = type(changes[0][0])
    if any(type(record) is not model for record, _values, _expected in changes):
        raise TypeError("save_records takes records of one kind")
    session.flush()
    table = model.__table__  # type: ignore[attr-defined]
    versions = version_class(model).__table__
    names = sorted({name for _record, changed, _expected in changes for name in changed})
    transaction_id = session.execute(
        insert(Transaction.__table__).returning(Transaction.__table__.c.id),
        [
            {
                "actor_id": actor.id,
                "note": (note or "").strip() or None,
                "issued_at": utcnow().replace(tzinfo=None),
            }
        ],
    ).scalar_one()
    rows = [
        {"_id": record.id, "_was": record.version, "_now": record.version + 1}
        | {name: changed.get(name, getattr(record, name)) for name in names}
        for record, changed, _expected in changes
    ]
    written = session.execute(
        update(table)
        .where(table.c.id == bindparam("_id"), table.c.version == bindparam("_was"))
        .values(version=bindparam("_now"), **{name: bindparam(name) for name in names}),
        rows,
        execution_options={"synchronize_session": False},
    )
    if written.rowcount != len(rows):  # type: ignore[attr-defined]
        session.rollback()
        raise VersionConflict(changes[0][0], changes[0][1])
    session.execute(
        update(versions)
        .where(
            versions.c.id == bindparam("_id"),
            versions.c.end_transaction_id.is_(None),
            versions.c.transaction_id < transaction_id,
        )
        .values(end_transaction_id=transaction_id),
        [{"_id": record.id} for record, _values, _expected in changes],
        execution_options={"synchronize_session": False},
    )
    for (record, _values, _expected), row in zip(changes, rows, strict=True):
        for name in names:
            set_committed_value(record, name, row[name])
        set_committed_value(record, "version", row["_now"])
    copied = [c.key for c in versions.c if c.key in table.c and c.key != "version"]
    session.execute(
        insert(versions),
        [
            {key: getattr(record, key) for key in copied}
            | {"transaction_id": transaction_id, "end_transaction_id": None, "operation_type": 1}
            for record, _values, _expected in changes
        ],
    )


class RecordInUse(Refused):
    """Other records depend on this one; it cannot be deleted until they are removed or changed."""

    status = 409

    def __init__(self, dependents: list[str]) -> None:
        super().__init__(
            [f"This cannot be deleted while other records depend on it: {', '.join(dependents)}."]
        )
        self.dependents = dependents


def dependents_of(*, session: Session, record: Versioned) -> list[str]:
    """Versioned records that point at ``record`` through a foreign key, as "3 updates"."""
    table = type(record).__table__  # type: ignore[attr-defined]
    found = []
    for spec in kinds.KINDS:
        other = spec.model.__table__  # type: ignore[attr-defined]
        for foreign_key in other.foreign_keys:
            if foreign_key.column.table is not table:
                continue
            count = session.exec(
                select(func.count()).select_from(other).where(foreign_key.parent == record.id)
            ).one()
            if count:
                found.append(f"{count} {spec.noun}{'' if count == 1 else 's'}")
    return found


def delete_record(
    *, session: Session, record: Versioned, actor: User, expected_version: int | None, note: str | None = None
) -> None:
    """Delete a record; its history stays, ending in a "deleted" version.

    Refused (``RecordInUse``) while other records depend on it, since the database would otherwise remove or
    unlink them without a version; refused (``VersionConflict``) when it changed since the page was loaded."""
    check_version(record, expected_version)
    found = dependents_of(session=session, record=record)
    if found:
        raise RecordInUse(found)
    stamp_change(session=session, actor=actor, note=note)
    session.delete(record)
    _flush(session, record, {})


def create_record(*, session: Session, record: R, actor: User | None, note: str | None = None) -> R:
    stamp_change(session=session, actor=actor, note=note)
    session.add(record)
    session.flush()
    return record


def create_in_strategy(
    model: type[R],
    *,
    session: Session,
    strategy: Strategy,
    actor: User | None,
    note: str | None = None,
    **fields: Any,
) -> R:
    """A new ``model`` record of ``strategy`` (and so of its place), written by ``create_record``."""
    record = model(**{"place_id": strategy.place_id, "strategy_id": id_of(strategy), **fields})
    return create_record(session=session, record=record, actor=actor, note=note)
