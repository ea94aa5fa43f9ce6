"""Sign-in: argon2id password hashes, server-side sessions and login throttling."""

import hashlib
import secrets
import threading
from datetime import datetime, timedelta

from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher
from sqlalchemy import delete, func, update
from sqlalchemy.exc import OperationalError
from sqlmodel import Session, col, select

from app.config import Settings
from app.models import LoginAttempt, User, UserSession, utcnow

_hasher = PasswordHash((Argon2Hasher(),))
# Verifying against this when no account matches keeps the timing of a wrong email and a wrong password alike.
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))
SESSION_TOUCH_INTERVAL = timedelta(minutes=1)
# Sign-in attempts are personal data: kept a day (to look into an attack), far longer than throttling needs.
LOGIN_ATTEMPTS_KEPT = timedelta(days=1)


class LoginThrottled(Exception):
    """Too many failed attempts for this email address recently."""


class InvalidCredentials(Exception):
    """The email address and password do not match an active account."""


# Each argon2id hash takes 64 MiB while it runs. Without a limit a burst of sign-ins (one per thread of the
# worker's pool) could take gigabytes; past the limit a sign-in waits its turn instead.
HASHES_AT_ONCE = 2
_hashing = threading.BoundedSemaphore(HASHES_AT_ONCE)


def hash_password(password: str) -> str:
    with _hashing:
        return _hasher.hash(password)


def verify_password(password: str, password_hash: str) -> bool:
    with _hashing:
        return _hasher.verify(password, password_hash)


def normalise_email(email: str) -> str:
    return email.strip().lower()


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def recent_failures(*, session: Session, email: str, settings: Settings) -> int:
    since = utcnow() - timedelta(minutes=settings.login_lockout_minutes)
    count = session.exec(
        select(func.count())
        .select_from(LoginAttempt)
        .where(
            LoginAttempt.email == email,
            col(LoginAttempt.attempted_at) >= since,
            col(LoginAttempt.succeeded).is_(False),
        )
    ).one()
    return int(count)


def authenticate(*, session: Session, email: str, password: str, settings: Settings) -> User:
    """The active user with this email and password.

    After ``login_max_failures`` failures for an email address within ``login_lockout_minutes``, every
    further attempt is refused for that long, whether or not the account exists or the password is right,
    so the answer never reveals which email addresses have accounts.
    """
    email = normalise_email(email)
    if recent_failures(session=session, email=email, settings=settings) >= settings.login_max_failures:
        raise LoginThrottled(email)
    user = session.exec(select(User).where(User.email == email)).first()
    valid = verify_password(password, user.password_hash if user else _DUMMY_HASH)
    ok = bool(user and valid and user.active)
    session.add(LoginAttempt(email=email, succeeded=ok))
    session.flush()
    if not ok or user is None:
        raise InvalidCredentials(email)
    return user


def start_session(*, session: Session, user: User) -> str:
    """A new session with a fresh random token (never reuse one from before sign-in)."""
    token = secrets.token_urlsafe(32)
    session.add(UserSession(token_hash=_token_hash(token), user_id=user.id))  # type: ignore[arg-type]
    session.flush()
    return token


def user_for_token(*, session: Session, token: str, settings: Settings) -> User | None:
    """The signed-in user, or None when the session is unknown, revoked, idle too long or too old."""
    row = session.exec(
        select(UserSession, User)
        .join(User, col(User.id) == col(UserSession.user_id))
        .where(UserSession.token_hash == _token_hash(token))
    ).first()
    if row is None:
        return None
    user_session, user = row
    now = utcnow()
    if (
        user_session.revoked_at is not None
        or not user.active
        or now - user_session.last_seen_at > timedelta(minutes=settings.session_idle_minutes)
        or now - user_session.created_at > timedelta(hours=settings.session_max_hours)
    ):
        return None
    if now - user_session.last_seen_at > SESSION_TOUCH_INTERVAL:
        _touch(session, user_session, now)
    return user


def _touch(session: Session, user_session: UserSession, now: datetime) -> None:
    """Note that the session is in use, at most once a minute, without ever failing the request.

    A GET reads in a SQLite read transaction, which may not start writing once another request has written
    since it began ("database is locked", whatever the busy timeout). Only the idle time-out depends on the
    touch, and the next request a minute on tries again, so a refused touch is let go."""
    try:
        with session.begin_nested():
            session.execute(
                update(UserSession).where(col(UserSession.id) == user_session.id).values(last_seen_at=now)
            )
    except OperationalError:
        return


def revoke_session(*, session: Session, token: str) -> None:
    session.execute(
        update(UserSession)
        .where(col(UserSession.token_hash) == _token_hash(token), col(UserSession.revoked_at).is_(None))
        .values(revoked_at=utcnow())
    )


def revoke_user_sessions(*, session: Session, user: User) -> None:
    """Sign a user out everywhere (deactivation, role change by an admin)."""
    session.execute(
        update(UserSession)
        .where(col(UserSession.user_id) == user.id, col(UserSession.revoked_at).is_(None))
        .values(revoked_at=utcnow())
    )


def delete_old_login_attempts(*, session: Session, settings: Settings) -> int:
    """Delete sign-in attempts older than ``LOGIN_ATTEMPTS_KEPT`` (never any that throttling still counts);
    returns how many went. ``cohesion cleanup`` runs this, and ``cohesion serve`` when it starts."""
    keep = max(LOGIN_ATTEMPTS_KEPT, timedelta(minutes=settings.login_lockout_minutes))
    result = session.execute(delete(LoginAttempt).where(col(LoginAttempt.attempted_at) < utcnow() - keep))
    return int(getattr(result, "rowcount", 0) or 0)
