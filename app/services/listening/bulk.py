"""Writing many voices at once (survey import, demo data) without one ORM object per row.

The rows, their first versions, their theme index and any Place Standard scores are written with batched
core INSERTs under one version transaction, exactly as the one-at-a-time write path would have left them:
the history of an imported voice starts with "created", by the person who imported it, and the voice counts
(``voice_counts``) take the new voices in the same transaction.
"""

from typing import Any

from sqlalchemy import Table, func, insert, select, text, update
from sqlmodel import Session, SQLModel

from app.models import (
    PROFILE_FIELDS,
    ListeningExercise,
    ScoreSet,
    Strategy,
    Transaction,
    User,
    Voice,
    VoiceTheme,
    utcnow,
    version_class,
)
from app.services.listening import voice_counts
from app.services.listening.redaction import redact


def start_transaction(*, session: Session, actor: User | None, note: str) -> int:
    """One version transaction for a whole batch of writes."""
    table = Transaction.__table__
    return int(
        session.execute(
            insert(table).returning(table.c.id),
            [
                {
                    "actor_id": actor.id if actor else None,
                    "note": note,
                    "issued_at": utcnow().replace(tzinfo=None),
                }
            ],
        ).scalar_one()
    )


def set_transaction_note(*, session: Session, transaction_id: int, note: str) -> None:
    table = Transaction.__table__
    session.execute(update(table).where(table.c.id == transaction_id).values(note=note))


def reserve_ids(*, session: Session, table: Table, count: int) -> list[int]:
    """Primary keys for ``count`` new rows, so that a batch is written with plain INSERTs and its versions
    and index rows can name the ids. (``INSERT ... RETURNING`` in parameter order makes SQLite run one
    statement per row.) PostgreSQL takes them from the table's sequence; SQLite continues from the largest
    id, which is safe because a writing transaction holds SQLite's write lock from its start."""
    if count == 0:
        return []
    if session.get_bind().dialect.name == "postgresql":
        sequence = f"pg_get_serial_sequence('\"{table.name}\"', 'id')"
        return list(
            session.execute(
                text(f"SELECT nextval({sequence}) FROM generate_series(1, :count)"),  # noqa: S608 - a table name
                {"count": count},
            ).scalars()
        )
    first = int(session.execute(select(func.coalesce(func.max(table.c.id), 0))).scalar_one()) + 1
    return list(range(first, first + count))


def _first_versions(
    rows: list[dict[str, Any]], ids: list[int], table: Any, transaction_id: int
) -> list[dict[str, Any]]:
    keys = [key for key in rows[0] if key in table.c and key != "version"] if rows else []
    fixed = {"transaction_id": transaction_id, "end_transaction_id": None, "operation_type": 0}
    return [
        {key: row[key] for key in keys} | {"id": record_id} | fixed
        for record_id, row in zip(ids, rows, strict=True)
    ]


def insert_voices(
    *,
    session: Session,
    strategy: Strategy,
    exercise: ListeningExercise,
    rows: list[dict[str, Any]],
    transaction_id: int,
) -> int:
    """Insert parsed rows (text, kind, area_id, theme_ids, profile fields, optional ``scores``) as voices.
    Text is redacted here, as on every other way in."""
    now = utcnow()
    voices = []
    for parsed in rows:
        redacted = redact(parsed["text"])
        voices.append(
            {
                "place_id": strategy.place_id,
                "strategy_id": strategy.id,
                "exercise_id": exercise.id,
                "version": 1,
                "text": redacted.text,
                "kind": parsed["kind"],
                "area_id": parsed.get("area_id"),
                "theme_ids": sorted(parsed.get("theme_ids") or []),
                "redactions": sorted({removal.kind for removal in redacted.removed}),
                "created_at": now,
                **{field: parsed.get(field) for field in PROFILE_FIELDS},
            }
        )
    ids = _insert_first_versions(session, Voice, voices, transaction_id)
    links = [
        {"voice_id": voice_id, "theme_id": theme_id, "place_id": strategy.place_id, "area_id": row["area_id"]}
        for voice_id, row in zip(ids, voices, strict=True)
        for theme_id in row["theme_ids"]
    ]
    if links:
        session.execute(insert(VoiceTheme.__table__), links)  # type: ignore[attr-defined]
    voice_counts.add_voices(session.connection(), voices)
    scores = [
        {
            "place_id": strategy.place_id,
            "strategy_id": strategy.id,
            "exercise_id": exercise.id,
            "area_id": row["area_id"],
            "basis": "respondent",
            "respondents": 1,
            "scores": parsed["scores"],
            "version": 1,
        }
        for row, parsed in zip(voices, rows, strict=True)
        if parsed.get("scores")
    ]
    if scores:
        _insert_first_versions(session, ScoreSet, scores, transaction_id)
    return len(ids)


def _insert_first_versions(
    session: Session, model: type[SQLModel], rows: list[dict[str, Any]], transaction_id: int
) -> list[int]:
    """Insert ``rows`` of ``model`` under ids reserved for them (each row is given its ``id``), and their
    first versions under ``transaction_id``; returns the ids."""
    table = model.__table__  # type: ignore[attr-defined]
    ids = reserve_ids(session=session, table=table, count=len(rows))
    for record_id, row in zip(ids, rows, strict=True):
        row["id"] = record_id
    session.execute(insert(table), rows)
    versions = version_class(model).__table__
    session.execute(insert(versions), _first_versions(rows, ids, versions, transaction_id))
    return ids
