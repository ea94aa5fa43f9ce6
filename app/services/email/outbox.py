"""An outbox: email is written in the transaction of what caused it and sent after that has committed.

A request that resets a password or adds a comment only adds rows here; nothing is sent while its
transaction is open, so a request that rolls back sends nothing, and a slow mail server never holds a
database lock. After the commit, ``deliver_pending`` sends what is due (the request's background task, and
``cohesion send-reminders`` for anything left over). Each row is claimed before it is sent, with a lease
that is also the time of the next try, so two deliverers never send the same row; a failure is kept on the
row and tried again later. Only a crash in the instant between a server accepting a message and the row
being marked sent can send one twice."""

import logging
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy.orm import sessionmaker
from sqlmodel import Session, col, select

from app.config import Settings
from app.db import EMAIL_QUEUED, short_write
from app.models import OutboundEmail, utcnow
from app.services.email.transports import Email, send

logger = logging.getLogger("cohesion.email")

BATCH = 20
# Waits before each further try; the last repeats until MAX_ATTEMPTS.
RETRY_AFTER = (timedelta(minutes=5), timedelta(minutes=30), timedelta(hours=2), timedelta(hours=6))
MAX_ATTEMPTS = 10


def queue_email(*, session: Session, recipient: str, subject: str, body: str) -> OutboundEmail:
    """Write an email to send once this transaction commits."""
    row = OutboundEmail(recipient=recipient, subject=subject[:300], body=body)
    session.add(row)
    session.flush()
    session.info[EMAIL_QUEUED] = True
    return row


@dataclass(frozen=True)
class Delivery:
    sent: int
    failed: int


def _claim(session: Session) -> list[tuple[int, Email]]:
    now = utcnow()
    rows = session.exec(
        select(OutboundEmail)
        .where(
            col(OutboundEmail.sent_at).is_(None),
            col(OutboundEmail.next_attempt_at) <= now,
            col(OutboundEmail.attempts) < MAX_ATTEMPTS,
        )
        .order_by(col(OutboundEmail.id))
        .limit(BATCH)
        .with_for_update(skip_locked=True)
    ).all()
    claimed = []
    for row in rows:
        row.next_attempt_at = now + RETRY_AFTER[min(row.attempts, len(RETRY_AFTER) - 1)]
        row.attempts += 1
        session.add(row)
        claimed.append((row.id or 0, Email(recipient=row.recipient, subject=row.subject, body=row.body)))
    return claimed


def deliver_pending(*, factory: sessionmaker[Session], settings: Settings) -> Delivery:
    """Send every email that is due, in batches, each claimed in a short transaction before it is sent."""
    sent = failed = 0
    while True:
        with short_write(factory) as session:
            claimed = _claim(session)
        if not claimed:
            return Delivery(sent=sent, failed=failed)
        for row_id, email in claimed:
            try:
                send(email, settings)
            except Exception as problem:
                failed += 1
                logger.warning("Could not send email %s: %s", row_id, type(problem).__name__)
                with short_write(factory) as session:
                    row = session.get(OutboundEmail, row_id)
                    if row is not None:
                        row.last_error = f"{type(problem).__name__}: {problem}"[:500]
                        session.add(row)
                continue
            sent += 1
            with short_write(factory) as session:
                row = session.get(OutboundEmail, row_id)
                if row is not None:
                    row.sent_at = utcnow()
                    row.last_error = None
                    session.add(row)
