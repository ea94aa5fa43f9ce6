"""A form sent twice saves once: each form carries a one-time token, and the first POST with it keeps it.

The token is claimed inside the request's own transaction, before anything is saved, and the place the
request then sent the browser is written in the same transaction: so the token is kept exactly when what the
form saved is kept. A second POST with the token finds it and is sent where the first went. Two at once are
ordered by the database: on PostgreSQL the second claim waits on the first's uncommitted row and then sees
it; on SQLite the write transactions themselves take turns."""

import re
from datetime import timedelta
from typing import TypeGuard

from sqlalchemy import delete, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col, select

from app.models import FormSubmission, utcnow

TOKEN_RE = re.compile(r"[A-Za-z0-9_-]{16,64}")
KEPT_FOR = timedelta(days=1)


def is_form_token(value: object) -> TypeGuard[str]:
    return isinstance(value, str) and TOKEN_RE.fullmatch(value) is not None


def claim_token(*, session: Session, token: str) -> str | None:
    """Keep ``token`` for this request. If a POST with it has already saved, nothing is claimed and the
    answer is where that POST sent the browser. A token whose earlier POST saved nothing (the form came back
    with errors) may be used again."""
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    claim = (
        dialect.insert(FormSubmission)
        .values(token=token, submitted_at=utcnow())
        .on_conflict_do_nothing(index_elements=["token"])
    )
    if session.execute(claim).rowcount == 1:  # type: ignore[attr-defined]
        return None
    # Locked, so that two resendings of a form that saved nothing still take turns.
    return session.exec(
        select(FormSubmission.location).where(FormSubmission.token == token).with_for_update()
    ).one()


def record_location(*, session: Session, token: str, location: str) -> None:
    """Where the POST that claimed ``token`` sent the browser, once it has saved."""
    session.execute(
        update(FormSubmission).where(col(FormSubmission.token) == token).values(location=location[:2000])
    )


def remove_old_tokens(*, session: Session) -> int:
    """Tokens older than a day: a form kept open longer than that is sent as a new one."""
    cutoff = utcnow() - KEPT_FOR
    result = session.execute(delete(FormSubmission).where(col(FormSubmission.submitted_at) < cutoff))
    return int(result.rowcount)  # type: ignore[attr-defined]
