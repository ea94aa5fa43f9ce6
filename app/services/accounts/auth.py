"""Sign-in: argon2id password hashes, server-side sessions and login throttling."""

import hashlib
import secrets
import threading
from datetime import datetime, timedelta

from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher
from sqlalchemy import ColumnElement, Engine, delete, func, text, update
from sqlalchemy.exc import OperationalError
from sqlmodel import Session, col, select

from app.config import Settings
from app.db import WRITE_OPTION
from app.models import LoginAttempt, User, UserSession, utcnow

_hasher = PasswordHash((Argon2Hasher(),))
# Verifying against this when no account matches keeps the timing of a wrong email and a wrong password alike.
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))
SESSION_TOUCH_INTERVAL = timedelta(minutes=1)
# request.client.host is an IPv4 or IPv6 address; the column bounds anything longer a server might report.
CLIENT_ADDRESS_LENGTH = 64


class LoginThrottled(Exception):
    """Too many failed attempts recently for this email address, or from this client address."""

    def __init__(self, *, by_address: bool) -> None:
        super().__init__("client address" if by_address else "email address")
        self.by_address = by_address


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


def _recent_failures(session: Session, criterion: ColumnElement[bool], settings: Settings) -> int:
    since = utcnow() - timedelta(minutes=settings.login_lockout_minutes)
    count = session.exec(
        select(func.count())
        .select_from(LoginAttempt)
        .where(criterion, col(LoginAttempt.attempted_at) >= since, col(LoginAttempt.succeeded).is_(False))
    ).one()
    return int(count)


def _advisory_key(kind: str, value: str) -> int:
    digest = hashlib.sha256(f"{kind}:{value}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


def _take_turn(session: Session, *, email: str, client_address: str | None) -> None:
    """Wait until no other sign-in for this email address, or from this client address, is in flight, and
    hold both until this transaction ends: otherwise parallel guesses each count the failures committed
    before any of them and all get checked.

    On PostgreSQL, transaction-scoped advisory locks, always the email's first, so two sign-ins can never
    each hold what the other waits for. SQLite needs none: a POST's transaction holds the database's one
    write lock from BEGIN IMMEDIATE, and one that began as a read may not write after another has."""
    if session.get_bind().dialect.name != "postgresql":
        return
    keys = [_advisory_key("email", email)]
    if client_address is not None:
        keys.append(_advisory_key("client", client_address))
    for key in keys:
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})


def authenticate(
    *, session: Session, email: str, password: str, client_address: str | None, settings: Settings
) -> User:
    """The active user with this email and password.

    After ``login_max_failures`` failures for an email address, or ``login_max_failures_per_address`` from
    one client address (across all email addresses), within ``login_lockout_minutes``, every further attempt
    is refused for that long, whether or not the account exists or the password is right, so the answer
    never reveals which email addresses have accounts. The limits hold however many attempts arrive at once:
    sign-ins for one email or from one address take turns, and each attempt is recorded as a failure before
    its password is checked, so no more than the limit are ever checked.
    """
    email = normalise_email(email)
    address = client_address[:CLIENT_ADDRESS_LENGTH] if client_address else None
    _take_turn(session, email=email, client_address=address)
    if _recent_failures(session, col(LoginAttempt.email) == email, settings) >= settings.login_max_failures:
        raise LoginThrottled(by_address=False)
    if (
        address is not None
        and _recent_failures(session, col(LoginAttempt.client_address) == address, settings)
        >= settings.login_max_failures_per_address
    ):
        raise LoginThrottled(by_address=True)
    attempt = LoginAttempt(email=email, client_address=address, succeeded=False)
    session.add(attempt)
    session.flush()
    user = session.exec(select(User).where(User.email == email)).first()
    # An invited person has no password until they follow their invitation: nothing matches it.
    valid = verify_password(password, user.password_hash if user and user.password_hash else _DUMMY_HASH)
    if user is None or not user.password_hash or not valid or not user.active:
        raise InvalidCredentials(email)
    attempt.succeeded = True
    session.flush()
    return user


def start_session(
    *,
    session: Session,
    user: User,
    user_agent: str | None = None,
    client_address: str | None = None,
    awaiting_second_factor: bool = False,
) -> str:
    """A new session with a fresh random token (never reuse one from before sign-in). One still
    ``awaiting_second_factor`` signs nobody in: it only lets its browser enter the authenticator code."""
    token = secrets.token_urlsafe(32)
    session.add(
        UserSession(
            token_hash=_token_hash(token),
            user_id=user.id,  # type: ignore[arg-type]
            user_agent=user_agent[:300] if user_agent else None,
            client_address=client_address[:CLIENT_ADDRESS_LENGTH] if client_address else None,
            awaiting_second_factor=awaiting_second_factor,
        )
    )
    session.flush()
    return token


def session_for_token(*, session: Session, token: str) -> tuple[UserSession, User] | None:
    """The session with this token and its user, whatever state either is in; None for an unknown token."""
    return session.exec(
        select(UserSession, User)
        .join(User, col(User.id) == col(UserSession.user_id))
        .where(UserSession.token_hash == _token_hash(token))
    ).first()


def user_for_token(*, session: Session, token: str, settings: Settings) -> User | None:
    """The signed-in user, or None when the session is unknown, revoked, idle too long or too old."""
    row = session_for_token(session=session, token=token)
    if row is None:
        return None
    user_session, user = row
    now = utcnow()
    if (
        user_session.revoked_at is not None
        or user_session.awaiting_second_factor
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

    On SQLite, a request that only reads (a GET) writes the note in a short transaction of its own on
    another connection, committed at once: written in the request's read transaction it would hold
    SQLite's one write lock until the request ended, so every other writer waited for a page to render, and
    a write the page makes on its own connection (the audit row of a download) waited for its own request
    until the busy timeout. Only the idle time-out depends on the touch, and the next request a minute on
    tries again, so a refused touch is let go."""
    statement = update(UserSession).where(col(UserSession.id) == user_session.id).values(last_seen_at=now)
    bind = session.get_bind()
    try:
        if (
            isinstance(bind, Engine)
            and bind.dialect.name == "sqlite"
            and not session.connection().get_execution_options().get(WRITE_OPTION, False)
        ):
            with Session(bind) as own:
                own.connection(execution_options={WRITE_OPTION: True})
                own.execute(statement)
                own.commit()
            return
        with session.begin_nested():
            session.execute(statement)
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
    """Delete sign-in attempts older than ``login_attempts_kept_days`` (90 by default, long enough to look
    into an attack; never any that throttling still counts); returns how many went. ``cohesion cleanup``
    runs this."""
    keep = max(
        timedelta(days=settings.login_attempts_kept_days), timedelta(minutes=settings.login_lockout_minutes)
    )
    result = session.execute(delete(LoginAttempt).where(col(LoginAttempt.attempted_at) < utcnow() - keep))
    return int(getattr(result, "rowcount", 0) or 0)
