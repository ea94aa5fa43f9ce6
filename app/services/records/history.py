"""A record's history in plain English: every version as sentences ("Status changed from On track to At
risk"), with the ids in it shown as the names they stand for; the same values for editions, exports and the
409 comparison. Reads only: changes go through ``app.services.records.versioning``."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import Session, SQLModel, col, select

from app.models import Transaction, User, Versioned, version_class
from app.models.base import Labelled, id_of
from app.services.records import kinds, values
from app.services.records.kind_types import Kind

FORMER_USER = "former user"
# An erased account (app/services/accounts/erasure.py) keeps its row; its placeholder address is how it
# is known.
ERASED_EMAIL_DOMAIN = "erased.invalid"  # RFC 2606: .invalid can never be a real address


def is_erased(user: User) -> bool:
    return user.email.endswith("@" + ERASED_EMAIL_DOMAIN)


_NAME_ATTRIBUTES = ("name", "title", "outcome", "text")


def _lookups(spec: Kind) -> dict[str, type[SQLModel]]:
    """Every labelled field that names other rows by id: the declared lists, and foreign keys to another
    kind's table, so no history sentence says "Priority set to 13"."""
    found: dict[str, type[SQLModel]] = dict(spec.lookups)
    table = spec.model.__table__  # type: ignore[attr-defined]
    models = {other.model.__table__: other.model for other in kinds.KINDS}  # type: ignore[attr-defined]
    for name in spec.labels:
        column = table.c.get(name)
        if column is None or name in found:
            continue
        for foreign_key in column.foreign_keys:
            if foreign_key.column.table in models:
                found[name] = models[foreign_key.column.table]
    return found


def _ids_in(value: Any) -> set[int]:
    if isinstance(value, list):
        return {v for v in value if isinstance(v, int) and not isinstance(v, bool)}
    if isinstance(value, int) and not isinstance(value, bool):
        return {value}
    return set()


def _names_of(session: Session, model: type[SQLModel], ids: set[int]) -> dict[int, str]:
    """The names of rows by id; a row deleted since keeps its name from its history, marked deleted."""
    attribute = next(a for a in _NAME_ATTRIBUTES if hasattr(model, a))
    found = session.exec(
        select(model.id, getattr(model, attribute)).where(col(model.id).in_(ids))  # type: ignore[attr-defined]
    ).all()
    names = {int(i): _short(str(n)) for i, n in found}
    missing = ids - names.keys()
    if missing and issubclass(model, Versioned):
        VersionCls = version_class(model)
        kept = session.exec(
            select(VersionCls.id, getattr(VersionCls, attribute))  # type: ignore[call-overload]
            .where(col(VersionCls.id).in_(missing))
            .order_by(VersionCls.transaction_id)
        ).all()
        # In transaction order, so the name it had last wins.
        names.update({int(i): f"{_short(str(n))} (deleted)" for i, n in kept if n is not None})
    return names


def _names(session: Session, spec: Kind, rows: Sequence[Any]) -> dict[tuple[str, int], str]:
    """Names for every id that the lookup fields of ``rows`` mention, in one query per field."""
    names: dict[tuple[str, int], str] = {}
    for name, model in _lookups(spec).items():
        ids: set[int] = set()
        for row in rows:
            ids |= _ids_in(getattr(row, name, None))
        if ids:
            names.update({(name, i): n for i, n in _names_of(session, model, ids).items()})
    return names


def deleted_references(*, session: Session, kind: str, name: str, value: Any) -> list[str]:
    """The names of the records that field ``name`` of a ``kind`` refers to in ``value`` and that have
    been deleted since: why an earlier version can no longer be restored as it was."""
    model = _lookups(kinds.BY_NAME[kind]).get(name)
    ids = _ids_in(value)
    if model is None or not ids:
        return []
    live = set(session.exec(select(model.id).where(col(model.id).in_(ids))).all())  # type: ignore[attr-defined]
    gone = ids - live
    if not gone:
        return []
    names = _names_of(session, model, gone)
    return [names[i].removesuffix(" (deleted)") if i in names else f"#{i}" for i in sorted(gone)]


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


_Name = values.Name


def _display(name: str, value: Any, names: Mapping[tuple[str, int], str]) -> Any:
    """A value with the ids in it as the names they stand for, lists of names joined."""
    if isinstance(value, list) and any(isinstance(item, dict) for item in value):
        return value  # milestones or risks: ``values`` lists them
    if isinstance(value, list):
        parts = []
        for item in value:
            if isinstance(item, dict):
                parts.append(", ".join(str(v) for v in item.values()))
            elif isinstance(item, int) and (name, item) in names:
                parts.append(names[(name, item)])
            else:
                parts.append(f"#{item}" if isinstance(item, int) else str(item))
        return (
            _Name("; ".join(parts) if any(isinstance(i, dict) for i in value) else ", ".join(parts)) or None
        )
    if isinstance(value, int) and not isinstance(value, bool) and (name, value) in names:
        return _Name(names[(name, value)])
    return value


@dataclass(frozen=True)
class HistoryEntry:
    number: int
    transaction_id: int
    issued_at: datetime
    actor_name: str
    note: str | None
    operation: str  # "created", "changed" or "deleted"
    changes: list[str]
    values: dict[str, str]
    is_current: bool


def _shown(spec: Kind, name: str, value: Any, names: Mapping[tuple[str, int], str]) -> str:
    """A field's value as pages give it: ids as the names they stand for, choices by label, in words."""
    return values.text(_display(name, value, names), spec.choices.get(name), spec.formats.get(name))


def describe_change(
    label: str, old: Any, new: Any, choices: type[Labelled] | None = None, kind: str | None = None
) -> str:
    """One plain-English sentence for one field: set, changed or removed. Typed text is quoted, so the
    sentence reads where it ends."""

    def shown(value: Any) -> str:
        return values.text(value, choices, kind, quoted=True)

    if old in (None, "", [], {}) and new not in (None, "", [], {}):
        return f"{label} set to {shown(new)}"
    if new in (None, "", [], {}):
        return f"{label} removed (was {shown(old)})"
    return f"{label} changed from {shown(old)} to {shown(new)}"


def _operation_name(operation_type: int) -> str:
    return {0: "created", 1: "changed", 2: "deleted"}.get(operation_type, "changed")


def history(*, session: Session, record: Versioned) -> list[HistoryEntry]:
    """Every version of ``record``, newest first, each with a sentence per changed field."""
    return history_by_id(
        session=session, kind=kinds.of(record).name, record_id=id_of(record), place_id=record.place_id
    )


def history_by_id(*, session: Session, kind: str, record_id: int, place_id: int) -> list[HistoryEntry]:
    """The history of a record of ``kind`` in a place, whether or not the record still exists (a deleted
    record keeps its history; its last version is the deletion). Empty when there is no such record."""
    spec = kinds.BY_NAME[kind]
    labels = spec.labels
    VersionCls = version_class(spec.model)
    rows = session.exec(
        select(VersionCls, Transaction, User)  # type: ignore[call-overload]
        .join(Transaction, Transaction.id == VersionCls.transaction_id)
        .outerjoin(User, col(User.id) == Transaction.actor_id)
        .where(VersionCls.id == record_id, VersionCls.place_id == place_id)
        .order_by(VersionCls.transaction_id)
    ).all()
    entries: list[HistoryEntry] = []
    previous: Any = None
    names = _names(session, spec, [row[0] for row in rows])
    for number, (version, transaction, actor) in enumerate(rows, start=1):
        changes = _changes(spec, labels, previous, version, names)
        entries.append(
            HistoryEntry(
                number=number,
                transaction_id=transaction.id,
                issued_at=transaction.issued_at,
                actor_name=actor.name if actor is not None and not is_erased(actor) else FORMER_USER,
                note=transaction.note,
                operation=_operation_name(version.operation_type),
                changes=changes,
                values={
                    label: _shown(spec, name, getattr(version, name), names) for name, label in labels.items()
                },
                is_current=version.end_transaction_id is None,
            )
        )
        previous = version
    entries.reverse()
    return entries


def _changes(
    spec: Kind,
    labels: Mapping[str, str],
    old_row: Any,
    new_row: Any,
    names: Mapping[tuple[str, int], str],
) -> list[str]:
    changes = []
    for name, label in labels.items():
        old = _display(name, getattr(old_row, name), names) if old_row is not None else None
        new = _display(name, getattr(new_row, name), names)
        if old != new:
            changes.append(describe_change(label, old, new, spec.choices.get(name), spec.formats.get(name)))
    return changes


Names = dict[tuple[str, int], str]


def lookup_names(*, session: Session, kind: str, rows: Sequence[Any]) -> Names:
    """The names of every record the rows' lookup fields mention, for ``record_values`` and
    ``record_items`` to share (one query per field, instead of one per field for each)."""
    return _names(session, kinds.BY_NAME[kind], rows)


def record_values(
    *,
    session: Session,
    kind: str,
    rows: Sequence[Any],
    hidden: frozenset[str] = frozenset(),
    names: Names | None = None,
) -> list[dict[str, str]]:
    """Each row (a record or a version of one) as label -> value in plain English, ids shown by name.
    Fields named in ``hidden`` are left out."""
    spec = kinds.BY_NAME[kind]
    labels = {n: label for n, label in spec.labels.items() if n not in hidden}
    if names is None:
        names = _names(session, spec, rows)
    return [
        {label: _shown(spec, name, getattr(row, name), names) for name, label in labels.items()}
        for row in rows
    ]


def record_items(
    *,
    session: Session,
    kind: str,
    rows: Sequence[Any],
    hidden: frozenset[str] = frozenset(),
    names: Names | None = None,
) -> list[dict[str, list[str]]]:
    """For each row, the fields that hold several things (milestones, areas, scores) as lists of lines, so
    a page can show them as lists; ``record_values`` gives the same fields as one line."""
    spec = kinds.BY_NAME[kind]
    if names is None:
        names = _names(session, spec, rows)
    found = []
    for row in rows:
        lists: dict[str, list[str]] = {}
        for name, label in spec.labels.items():
            if name in hidden:
                continue
            raw = getattr(row, name)
            if isinstance(raw, list) and not any(isinstance(item, dict) for item in raw):
                raw = [_display(name, item, names) for item in raw]
            listed = values.items(raw, spec.formats.get(name))
            if listed:
                lists[label] = listed
        found.append(lists)
    return found


def record_changes(
    *,
    session: Session,
    kind: str,
    pairs: Sequence[tuple[Any, Any]],
    hidden: frozenset[str] = frozenset(),
) -> list[list[str]]:
    """For each (older, newer) pair of versions of one record, a sentence per changed field."""
    spec = kinds.BY_NAME[kind]
    labels = {n: label for n, label in spec.labels.items() if n not in hidden}
    names = _names(session, spec, [row for pair in pairs for row in pair])
    return [_changes(spec, labels, old, new, names) for old, new in pairs]


def field_comparison(
    record: Versioned, submitted: Mapping[str, Any], session: Session | None = None
) -> list[tuple[str, str, str]]:
    """(label, latest saved value, value the user submitted) for the 409 page, changed fields first."""
    spec = kinds.of(record)
    names = _names(session, spec, [record, _Submitted(submitted)]) if session is not None else {}
    rows = []
    for name, label in spec.labels.items():
        if name not in submitted:
            continue
        saved = _shown(spec, name, getattr(record, name), names)
        rows.append((label, saved, _shown(spec, name, submitted[name], names)))
    return sorted(rows, key=lambda row: row[1] == row[2])


class _Submitted:
    """Submitted values read like a record's attributes."""

    def __init__(self, values: Mapping[str, Any]) -> None:
        self._values = values

    def __getattr__(self, name: str) -> Any:
        return self._values.get(name)
