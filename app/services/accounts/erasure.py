"""Erasing a person: their name and email address go, the history of what they did stays.

An erased account keeps its row (so history, editions and comments still point at it) but holds nothing
personal: the name is "Former user" and the email address a unique placeholder under the reserved
``.invalid`` domain, which is also how an erased account is recognised (``is_erased``; no extra column), and
history shows it as "former user". It cannot sign in: its sessions, memberships, API tokens and sign-in
attempts are deleted. The survey files they uploaded and did not import are deleted too: they are
residents' words before redaction.
"""

import secrets

from sqlalchemy import delete
from sqlmodel import Session, col

from app.errors import NotFound
from app.models import (
    ApiToken,
    LoginAttempt,
    Membership,
    OneTimeLink,
    OutboundEmail,
    PendingNotice,
    RecoveryCode,
    User,
    UserSession,
)
from app.services.accounts import audit
from app.services.accounts.admin import get_user
from app.services.accounts.auth import hash_password
from app.services.listening import survey_import
from app.services.records.history import ERASED_EMAIL_DOMAIN, is_erased

ERASED_NAME = "Former user"


class CannotErase(Exception):
    """This account may not be erased (already erased, or the administrator's own)."""


def get_erasable_user(*, session: Session, user_id: int) -> User:
    """The account to erase; an account already erased is not found (there is nothing left to erase)."""
    user = get_user(session=session, user_id=user_id)
    if is_erased(user):
        raise NotFound(user_id)
    return user


def erase_refusal(*, user: User, actor: User | None) -> str | None:
    """Why ``actor`` may not erase ``user``, or None. An administrator cannot erase their own account, so an
    installation is never left without the person who started the erasure."""
    if is_erased(user):
        return "This account has already been erased"
    if actor is not None and actor.id == user.id:
        return "You cannot erase your own account"
    return None


def erase_user(*, session: Session, user: User, actor: User | None) -> User:
    """Anonymise ``user`` everywhere and remove what lets them act; keep their history as "former user".

    ``actor`` is the administrator doing it (None from the command line)."""
    refusal = erase_refusal(user=user, actor=actor)
    if refusal is not None:
        raise CannotErase(refusal)
    user_id = user.id
    old_email = user.email
    user.name = ERASED_NAME
    user.email = f"erased-{user_id}@{ERASED_EMAIL_DOMAIN}"
    # A random password nobody knows: the hash stays valid, so sign-in fails in the usual way.
    user.password_hash = hash_password(secrets.token_urlsafe(32))
    user.active = False
    user.is_admin = False
    user.totp_secret = user.totp_enabled_at = user.totp_last_step = None
    session.add(user)
    for model in (UserSession, Membership, ApiToken, OneTimeLink, RecoveryCode, PendingNotice):
        session.execute(delete(model).where(col(model.user_id) == user_id))
    session.execute(delete(LoginAttempt).where(col(LoginAttempt.email) == old_email))
    session.execute(delete(OutboundEmail).where(col(OutboundEmail.recipient) == old_email))
    survey_import.delete_uploads_of(session=session, user=user)
    audit.record_event(
        session=session, actor=actor, place=None, action="user_erased", detail=f"User #{user_id} erased"
    )
    session.flush()
    return user
