"""Writing many voices at once (survey import, demo data) without one ORM object per row.

The rows, their first versions, their theme index and any Place Standard scores are written with batched
core INSERTs under one version transaction, exactly as the one-at-a-time write path would have left them:
the history of an imported voice starts with "created", by the person who imported it.
"""

from typing import Any

from sqlalchemy import insert, update
from sqlmodel import Session

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
from app.services.redaction import redact


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


def _first_version(row: dict[str, Any], record_id: int, table: Any, transaction_id: int) -> dict[str, Any]:
    values = {key: value for key, value in row.items() if key in table.c and key != "version"}
    return {
        **values,
        "id": record_id,
        "transaction_id": transaction_id,
        "end_transaction_id": None,
        "operation_type": 0,
    }


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
    voice_table = Voice.__table__  # type: ignore[attr-defined]
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
    ids = (
        session.execute(insert(voice_table).returning(voice_table.c.id, sort_by_parameter_order=True), voices)
        .scalars()
        .all()
    )
    voice_versions = version_class(Voice).__table__
    session.execute(
        insert(voice_versions),
        [
            _first_version(row, voice_id, voice_versions, transaction_id)
            for voice_id, row in zip(ids, voices, strict=True)
        ],
    )
    links = [
        {"voice_id": voice_id, "theme_id": theme_id, "place_id": strategy.place_id, "area_id": row["area_id"]}
        for voice_id, row in zip(ids, voices, strict=True)
        for theme_id in row["theme_ids"]
    ]
    if links:
        session.execute(insert(VoiceTheme.__table__), links)  # type: ignore[attr-defined]
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
        score_table = ScoreSet.__table__  # type: ignore[attr-defined]
        score_ids = (
            session.execute(
                insert(score_table).returning(score_table.c.id, sort_by_parameter_order=True), scores
            )
            .scalars()
            .all()
        )
        score_versions = version_class(ScoreSet).__table__
        session.execute(
            insert(score_versions),
            [
                _first_version(row, score_id, score_versions, transaction_id)
                for score_id, row in zip(score_ids, scores, strict=True)
            ],
        )
    return len(ids)
