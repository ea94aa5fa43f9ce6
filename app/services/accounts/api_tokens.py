"""Personal API tokens: created and revoked by their owner, sent as ``Authorization: Bearer``.

A token is a random secret shown once, when it is created. Only its SHA-256 is stored, with its first
characters so the owner can tell tokens apart. A token stops working at once when it is revoked or when its
owner's account is deactivated.
"""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from sqlmodel import Session, col, select

from app.errors import NotFound
from app.models import ApiToken, User, utcnow
from app.services.accounts import audit

TOKEN_START = "cst_"  # noqa: S105 (not a secret: every token starts so, to be recognised in a leak)
PREFIX_LENGTH = 12  # "cst_" and 8 random characters: enough to tell tokens apart, useless to an attacker
USE_TOUCH_INTERVAL = timedelta(minutes=1)


class TokenNotFound(NotFound):
    """No such token, or it belongs to someone else: both answer 404."""


class TokenRejected(Exception):
    """The bearer token cannot be used; the message says why, for the 401 answer."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class NewToken:
    """A token just created: ``secret`` is the only time the plain token exists outside the client."""

    token: ApiToken
    secret: str


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _record(session: Session, user: User, token: ApiToken, action: str) -> None:
    """The audit event of a token's creation or revocation, naming it as its owner sees it listed."""
    audit.record_own_event(
        session=session, user=user, action=action, detail=f"API token “{token.name}” ({token.prefix}…)"
    )


def create_token(*, session: Session, user: User, name: str) -> NewToken:
    secret = TOKEN_START + secrets.token_urlsafe(32)
    token = ApiToken(
        user_id=user.id,  # type: ignore[arg-type]
        name=name.strip(),
        token_hash=_hash(secret),
        prefix=secret[:PREFIX_LENGTH],
    )
    session.add(token)
    session.flush()
    _record(session, user, token, "api_token_created")
    return NewToken(token=token, secret=secret)


def list_tokens(*, session: Session, user: User) -> list[ApiToken]:
    """The user's tokens, newest first, revoked ones included (they say when they were revoked)."""
    return list(
        session.exec(
            select(ApiToken)
            .where(ApiToken.user_id == user.id)
            .order_by(col(ApiToken.created_at).desc(), col(ApiToken.id).desc())
        ).all()
    )


def revoke_token(*, session: Session, user: User, token_id: int) -> ApiToken:
    """Revoke one of the user's own tokens; someone else's token is not found. Revoking twice is harmless."""
    token = session.exec(select(ApiToken).where(ApiToken.id == token_id, ApiToken.user_id == user.id)).first()
    if token is None:
        raise TokenNotFound(token_id)
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        session.add(token)
        session.flush()
        _record(session, user, token, "api_token_revoked")
    return token


def authenticate_token(*, session: Session, secret: str) -> User:
    """The active owner of a token that is not revoked, else ``TokenRejected`` saying why.

    ``last_used_at`` is written at most once a minute, so a busy client does not write on every request."""
    row = session.exec(
        select(ApiToken, User)
        .join(User, col(User.id) == col(ApiToken.user_id))
        .where(ApiToken.token_hash == _hash(secret))
    ).first()
    if row is None:
        raise TokenRejected("The API token is not recognised. Check it was copied in full.")
    token, user = row
    if token.revoked_at is not None:
        raise TokenRejected("This API token has been revoked. Create a new one on your account page.")
    if not user.active:
        raise TokenRejected("The account this API token belongs to has been deactivated.")
    now = utcnow()
    if token.last_used_at is None or now - token.last_used_at > USE_TOUCH_INTERVAL:
        token.last_used_at = now
        session.add(token)
    return user
