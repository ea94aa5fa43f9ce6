"""Your signed-in sessions: where you are signed in, and signing out everywhere else."""

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import update
from sqlmodel import Session, col, select

from app.config import Settings
from app.models import User, UserSession, utcnow
from app.services.accounts import audit


@dataclass(frozen=True)
class SignedIn:
    browser: str
    address: str
    signed_in_at: datetime
    last_seen_at: datetime
    current: bool


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


BROWSERS = (("Edg/", "Microsoft Edge"), ("Firefox/", "Firefox"), ("Chrome/", "Chrome"), ("Safari/", "Safari"))
SYSTEMS = (
    ("Windows", "Windows"),
    ("iPhone", "iPhone"),
    ("iPad", "iPad"),
    ("Android", "Android"),
    ("Mac OS X", "Mac"),
    ("Linux", "Linux"),
)


def describe_browser(user_agent: str | None) -> str:
    """'Firefox on Windows' from a User-Agent header, or 'Unknown browser'."""
    if not user_agent:
        return "Unknown browser"
    browser = next((name for mark, name in BROWSERS if mark in user_agent), "Unknown browser")
    system = next((name for mark, name in SYSTEMS if mark in user_agent), None)
    return f"{browser} on {system}" if system else browser


def list_sessions(
    *, session: Session, user: User, current_token: str | None, settings: Settings
) -> list[SignedIn]:
    """The user's sessions still in force, this one first, then the most recently used."""
    now = utcnow()
    rows = session.exec(
        select(UserSession).where(
            UserSession.user_id == user.id,
            col(UserSession.revoked_at).is_(None),
            col(UserSession.awaiting_second_factor).is_(False),
            col(UserSession.last_seen_at) > now - timedelta(minutes=settings.session_idle_minutes),
            col(UserSession.created_at) > now - timedelta(hours=settings.session_max_hours),
        )
    ).all()
    current_hash = _hash(current_token) if current_token else None
    found = [
        SignedIn(
            browser=describe_browser(row.user_agent),
            address=row.client_address or "Unknown",
            signed_in_at=row.created_at,
            last_seen_at=row.last_seen_at,
            current=row.token_hash == current_hash,
        )
        for row in rows
    ]
    return sorted(found, key=lambda s: (not s.current, -s.last_seen_at.timestamp()))


def sign_out_others(*, session: Session, user: User, current_token: str | None) -> int:
    """End every session of this user but the one making the request; answers how many ended."""
    query = update(UserSession).where(
        col(UserSession.user_id) == user.id, col(UserSession.revoked_at).is_(None)
    )
    if current_token:
        query = query.where(col(UserSession.token_hash) != _hash(current_token))
    result = session.execute(query.values(revoked_at=utcnow()))
    ended = int(getattr(result, "rowcount", 0) or 0)
    audit.record_own_event(
        session=session,
        user=user,
        action="signed_out_others",
        detail=f"Signed out of {ended} other session{'s' if ended != 1 else ''}",
    )
    return ended
