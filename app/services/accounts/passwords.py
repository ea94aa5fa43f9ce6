"""Passwords: change one, reset a forgotten one by email, and invite people to choose their own.

Reset and invitation links carry a random token; only its SHA-256 is stored, so a copy of the database
opens no account. A link works once, and a newer link of the same kind replaces any older one."""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlencode

from sqlalchemy import delete, func, update
from sqlalchemy.orm import sessionmaker
from sqlmodel import Session, col, select

from app.config import Settings
from app.db import EMAIL_QUEUED, short_write
from app.errors import FieldError, NotFound
from app.models import LinkPurpose, OneTimeLink, ResetRequest, User, UserSession, utcnow
from app.schemas.account import InviteForm, NewPasswordForm, PasswordChangeForm
from app.services.accounts import audit
from app.services.accounts.admin import check_email_unused
from app.services.accounts.auth import hash_password, normalise_email, revoke_user_sessions, verify_password
from app.services.email import messages
from app.services.email.outbox import queue_email

RESET_WINDOW = timedelta(hours=1)


class LinkUnusable(Exception):
    """The link is unknown, used already, replaced by a newer one, or out of date."""


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def has_password(user: User) -> bool:
    """An invited person has no password until they follow their invitation."""
    return bool(user.password_hash)


def change_password(
    *, session: Session, user: User, form: PasswordChangeForm, keep_session_token: str | None
) -> None:
    """Needs the current password; every other signed-in session of the account ends."""
    if not has_password(user) or not verify_password(form.current_password, user.password_hash):
        raise FieldError("current_password", "Your current password is not right")
    user.password_hash = hash_password(form.new_password)
    session.add(user)
    query = update(UserSession).where(
        col(UserSession.user_id) == user.id, col(UserSession.revoked_at).is_(None)
    )
    if keep_session_token:
        query = query.where(col(UserSession.token_hash) != _hash(keep_session_token))
    session.execute(query.values(revoked_at=utcnow()))
    audit.record_own_event(
        session=session, user=user, action="password_changed", detail="Changed their password"
    )


def _new_link(session: Session, *, user: User, purpose: LinkPurpose, lifetime: timedelta) -> str:
    now = utcnow()
    session.execute(
        update(OneTimeLink)
        .where(
            col(OneTimeLink.user_id) == user.id,
            col(OneTimeLink.purpose) == purpose.value,
            col(OneTimeLink.used_at).is_(None),
        )
        .values(used_at=now)
    )
    token = secrets.token_urlsafe(32)
    session.add(
        OneTimeLink(
            user_id=user.id,  # type: ignore[arg-type]
            purpose=purpose.value,
            token_hash=_hash(token),
            created_at=now,
            expires_at=now + lifetime,
        )
    )
    session.flush()
    return token


def _with_token(page: str, token: str) -> str:
    # In the query string, which request logs leave out (they record paths only).
    return f"{page}?{urlencode({'token': token})}"


def request_reset(*, session: Session, email: str) -> None:
    """Ask for a reset link for ``email``. This only writes the request, the same row whether or not the
    address has an account, so the answer takes as long either way; the request is answered after the
    response by ``answer_reset_requests``, and the person asking is told the same thing either way."""
    email = normalise_email(email)
    session.add(ResetRequest(email_hash=_hash(email), email=email))
    session.flush()
    session.info[EMAIL_QUEUED] = True  # the response's background task answers it


CLAIM = 20


def _answer(
    session: Session, request: ResetRequest, *, link_for: messages.LinkFor, settings: Settings
) -> None:
    """Email a reset link if the address belongs to an active account that has not been sent more than
    ``reset_emails_per_hour`` in the hour up to this request."""
    recent = session.exec(
        select(func.count())
        .select_from(ResetRequest)
        .where(
            ResetRequest.email_hash == request.email_hash,
            col(ResetRequest.id) <= request.id,
            col(ResetRequest.requested_at) > request.requested_at - RESET_WINDOW,
        )
    ).one()
    user = session.exec(select(User).where(User.email == request.email)).first()
    if user is None or not user.active or recent > settings.reset_emails_per_hour:
        return
    minutes = settings.reset_link_minutes
    token = _new_link(session, user=user, purpose=LinkPurpose.reset, lifetime=timedelta(minutes=minutes))
    message = messages.password_reset(
        name=user.name, link=_with_token(link_for("auth.reset_form"), token), minutes=minutes
    )
    queue_email(session=session, recipient=user.email, subject=message.subject, body=message.body)


def answer_reset_requests(
    *, factory: sessionmaker[Session], link_for: messages.LinkFor, settings: Settings
) -> int:
    """Answer every waiting reset request, a few at a time, each batch claimed in a transaction of its own
    (two deliverers never answer the same request); the address is then forgotten, and requests older than
    the rate limit's hour are deleted. Returns how many were answered."""
    answered = 0
    while True:
        with short_write(factory) as session:
            waiting = session.exec(
                select(ResetRequest)
                .where(col(ResetRequest.answered_at).is_(None))
                .order_by(col(ResetRequest.id))
                .limit(CLAIM)
                .with_for_update(skip_locked=True)
            ).all()
            now = utcnow()
            for request in waiting:
                _answer(session, request, link_for=link_for, settings=settings)
                request.email = None
                request.answered_at = now
                session.add(request)
            session.execute(
                delete(ResetRequest).where(
                    col(ResetRequest.answered_at).is_not(None),
                    col(ResetRequest.requested_at) < now - RESET_WINDOW,
                )
            )
        answered += len(waiting)
        if len(waiting) < CLAIM:
            return answered


@dataclass(frozen=True)
class OpenLink:
    link: OneTimeLink
    user: User

    @property
    def purpose(self) -> LinkPurpose:
        return LinkPurpose(self.link.purpose)


def open_link(*, session: Session, token: str, lock: bool = False) -> OpenLink:
    """The unused, unexpired link with this token and its active account; ``LinkUnusable`` otherwise."""
    query = select(OneTimeLink, User).join(User, col(User.id) == col(OneTimeLink.user_id))
    query = query.where(OneTimeLink.token_hash == _hash(token))
    if lock:
        query = query.with_for_update(of=OneTimeLink)  # type: ignore[arg-type]
    row = session.exec(query).first()
    if row is None:
        raise LinkUnusable()
    link, user = row
    if link.used_at is not None or link.expires_at <= utcnow() or not user.active:
        raise LinkUnusable()
    return OpenLink(link=link, user=user)


def use_link(*, session: Session, token: str, form: NewPasswordForm) -> User:
    """Set the password from a reset or invitation link, once. Every session of the account ends, so
    whoever knew the old password is signed out."""
    found = open_link(session=session, token=token, lock=True)
    found.link.used_at = utcnow()
    session.add(found.link)
    user = found.user
    user.password_hash = hash_password(form.new_password)
    session.add(user)
    revoke_user_sessions(session=session, user=user)
    detail = (
        "Chose a password from their invitation"
        if found.purpose is LinkPurpose.invite
        else ("Reset their password from an emailed link")
    )
    audit.record_own_event(session=session, user=user, action="password_reset", detail=detail)
    session.flush()
    return user


def _send_invitation(
    session: Session,
    *,
    user: User,
    actor: User | None,
    link_for: messages.LinkFor,
    settings: Settings,
    detail: str,
) -> None:
    """Email ``user`` a new invitation link (any earlier one stops working), and log it as ``detail``."""
    token = _new_link(
        session, user=user, purpose=LinkPurpose.invite, lifetime=timedelta(days=settings.invitation_days)
    )
    message = messages.invitation(
        name=user.name,
        inviter=actor.name if actor else "An administrator",
        link=_with_token(link_for("auth.reset_form"), token),
        days=settings.invitation_days,
    )
    queue_email(session=session, recipient=user.email, subject=message.subject, body=message.body)
    audit.record_event(session=session, actor=actor, place=None, action="user_invited", detail=detail)


def invite_user(
    *, session: Session, actor: User, form: InviteForm, link_for: messages.LinkFor, settings: Settings
) -> User:
    """A new account without a password, and an email whose link lets its owner choose one."""
    check_email_unused(session=session, email=form.email)
    user = User(name=form.name, email=form.email, password_hash="", is_admin=form.is_admin)
    session.add(user)
    session.flush()
    detail = f"Invited {user.name} ({user.email})" + (", as an administrator" if user.is_admin else "")
    _send_invitation(session, user=user, actor=actor, link_for=link_for, settings=settings, detail=detail)
    return user


def resend_invitation(
    *, session: Session, actor: User, user: User, link_for: messages.LinkFor, settings: Settings
) -> None:
    """Only for an active account that has not chosen a password yet; the earlier link stops working."""
    if has_password(user) or not user.active:
        raise NotFound(user.id)  # the button is only offered to people still invited
    detail = f"Sent {user.name} ({user.email}) a new invitation"
    _send_invitation(session, user=user, actor=actor, link_for=link_for, settings=settings, detail=detail)


def remove_old_links(*, session: Session) -> int:
    """Links that ended more than a week ago; ``cohesion cleanup`` runs this."""
    cutoff = utcnow() - timedelta(days=7)
    result = session.execute(delete(OneTimeLink).where(col(OneTimeLink.expires_at) < cutoff))
    session.execute(delete(ResetRequest).where(col(ResetRequest.requested_at) < utcnow() - RESET_WINDOW))
    return int(getattr(result, "rowcount", 0) or 0)
