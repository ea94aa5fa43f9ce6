"""What accounts need beyond a password: one-time links, second factors, single sign-on and email."""

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from app.models.base import Labelled, utcnow


class LinkPurpose(Labelled):
    reset = "reset", "Password reset"
    invite = "invite", "Invitation"


class NotificationPreference(Labelled):
    immediate = "immediate", "Straight away"
    weekly = "weekly", "In a weekly summary"
    none = "none", "Never"


class OneTimeLink(SQLModel, table=True):
    """A password reset or invitation link. The link holds a random token; only its SHA-256 is stored."""

    __tablename__ = "one_time_link"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user_account.id", ondelete="CASCADE", index=True)
    purpose: str = Field(sa_type=sa.String(20))
    token_hash: str = Field(sa_type=sa.String(64), unique=True)
    created_at: datetime = Field(default_factory=utcnow)
    expires_at: datetime
    used_at: datetime | None = Field(default=None)


class RecoveryCode(SQLModel, table=True):
    """A one-time code that stands in for the authenticator app; only its SHA-256 is stored."""

    __tablename__ = "recovery_code"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user_account.id", ondelete="CASCADE", index=True)
    code_hash: str = Field(sa_type=sa.String(64))
    used_at: datetime | None = Field(default=None)


class AccountPolicy(SQLModel, table=True):
    """Installation-wide sign-in rules an administrator sets (one row)."""

    __tablename__ = "account_policy"

    id: int | None = Field(default=None, primary_key=True)
    require_two_factor: bool = Field(default=False)
    updated_at: datetime = Field(default_factory=utcnow)


class SingleSignOnRequest(SQLModel, table=True):
    """A sign-in sent to the identity provider and not yet back: what the answer must match."""

    __tablename__ = "single_sign_on_request"

    id: int | None = Field(default=None, primary_key=True)
    state_hash: str = Field(sa_type=sa.String(64), unique=True)
    nonce: str = Field(sa_type=sa.String(100))
    code_verifier: str = Field(sa_type=sa.String(128))
    next_url: str | None = Field(default=None, sa_type=sa.String(2000))
    created_at: datetime = Field(default_factory=utcnow)
    used_at: datetime | None = Field(default=None)


class OutboundEmail(SQLModel, table=True):
    """An email written in the transaction of what caused it, and sent only after that has committed."""

    __tablename__ = "outbound_email"
    __table_args__ = (sa.Index("ix_outbound_email_sent_at_next_attempt_at", "sent_at", "next_attempt_at"),)

    id: int | None = Field(default=None, primary_key=True)
    recipient: str = Field(sa_type=sa.String(254))
    subject: str = Field(sa_type=sa.String(300))
    body: str = Field(sa_type=sa.Text)
    created_at: datetime = Field(default_factory=utcnow)
    next_attempt_at: datetime = Field(default_factory=utcnow)
    attempts: int = Field(default=0)
    sent_at: datetime | None = Field(default=None)
    last_error: str | None = Field(default=None, sa_type=sa.String(500))


class PendingNotice(SQLModel, table=True):
    """A notification kept for someone's weekly summary."""

    __tablename__ = "pending_notice"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user_account.id", ondelete="CASCADE", index=True)
    text: str = Field(sa_type=sa.Text)
    created_at: datetime = Field(default_factory=utcnow)
    sent_at: datetime | None = Field(default=None)


class ResetRequest(SQLModel, table=True):
    """One request for a password reset link, whether or not the address has an account: counted to limit
    how many links one address can be sent. Asking only writes this row, so every request does the same
    work and takes as long; the request is answered after the response (``passwords.answer_reset_requests``),
    which then forgets the address and keeps only its hash, until the row is an hour old and deleted."""

    __tablename__ = "reset_request"
    __table_args__ = (sa.Index("ix_reset_request_email_hash_requested_at", "email_hash", "requested_at"),)

    id: int | None = Field(default=None, primary_key=True)
    email_hash: str = Field(sa_type=sa.String(64))
    requested_at: datetime = Field(default_factory=utcnow)
    email: str | None = Field(default=None, sa_type=sa.String(320))  # until answered
    answered_at: datetime | None = Field(default=None)
