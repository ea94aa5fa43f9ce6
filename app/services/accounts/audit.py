"""The audit log: who exported what, published what, created or revoked a token, and when; and every
security action of an administrator (a user created, deactivated or reactivated, a role given or removed, a
place or area added or changed), including those made with the ``cohesion`` command, which have no actor.

Changes to records are not repeated here: each one is a version with its actor and time (the history)."""

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from app.models import AuditEvent, Place, User


def record_event(
    *, session: Session, actor: User | None, place: Place | None, action: str, detail: str
) -> None:
    """Add one event to the request's transaction (it is kept only if the request succeeds)."""
    session.add(
        AuditEvent(
            actor_id=actor.id if actor is not None else None,
            place_id=place.id if place is not None else None,
            action=action,
            detail=detail[:500],
        )
    )
    session.flush()


def record_own_event(*, session: Session, user: User, action: str, detail: str) -> None:
    """An event of someone's own account (their password, sign-in, codes, tokens or choices): they are its
    actor, and it belongs to no place."""
    record_event(session=session, actor=user, place=None, action=action, detail=detail)


# Accounts are erased, never deleted, so an event without an actor was made with the ``cohesion`` command.
COMMAND_LINE = "The cohesion command"


@dataclass(frozen=True)
class AuditLine:
    occurred_at: datetime
    actor_name: str
    place_name: str | None
    action: str
    detail: str


def recent_events(*, session: Session, place: Place | None = None, limit: int = 200) -> list[AuditLine]:
    statement = (
        select(AuditEvent, User.name, Place.name)
        .outerjoin(User, col(User.id) == col(AuditEvent.actor_id))
        .outerjoin(Place, col(Place.id) == col(AuditEvent.place_id))
        .order_by(col(AuditEvent.occurred_at).desc(), col(AuditEvent.id).desc())
        .limit(limit)
    )
    if place is not None:
        statement = statement.where(AuditEvent.place_id == place.id)
    return [
        AuditLine(
            occurred_at=event.occurred_at,
            actor_name=actor_name or COMMAND_LINE,
            place_name=place_name,
            action=event.action,
            detail=event.detail,
        )
        for event, actor_name, place_name in session.exec(statement).all()
    ]
