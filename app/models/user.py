"""People, what they may do in which place, and their sign-in sessions."""

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from app.models.account import NotificationPreference
from app.models.base import Labelled, StrEnumType, utcnow


class Role(Labelled):
    officer = "officer", "Officer"
    facilitator = "facilitator", "Facilitator"
    councillor = "councillor", "Councillor"


class User(SQLModel, table=True):
    __tablename__ = "user_account"

    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(sa_type=sa.String(254), unique=True, index=True)
    name: str = Field(sa_type=sa.String(200))
    password_hash: str = Field(sa_type=sa.String(255))
    is_admin: bool = Field(default=False)
    active: bool = Field(default=True)
    created_at: datetime = Field(default_factory=utcnow)
    # Base32 secret of the authenticator app; enrolment is finished once ``totp_enabled_at`` is set.
    totp_secret: str | None = Field(default=None, sa_type=sa.String(64))
    totp_enabled_at: datetime | None = Field(default=None)
    # The last 30-second step a code was accepted for, so one code cannot sign in twice.
    totp_last_step: int | None = Field(default=None, sa_type=sa.BigInteger)
    notifications: NotificationPreference = Field(
        default=NotificationPreference.immediate, sa_type=StrEnumType(NotificationPreference, 20)
    )


class Membership(SQLModel, table=True):
    __tablename__ = "membership"
    __table_args__ = (sa.UniqueConstraint("user_id", "place_id"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user_account.id", ondelete="CASCADE", index=True)
    place_id: int = Field(foreign_key="place.id", ondelete="CASCADE", index=True)
    role: str = Field(sa_type=sa.String(20))
    # The tension log: a sensitive capability an administrator gives separately from the role.
    tension_log: bool = Field(default=False, sa_column_kwargs={"server_default": sa.false()})


class UserSession(SQLModel, table=True):
    """A signed-in browser. The cookie holds a random token; only its SHA-256 is stored."""

    __tablename__ = "user_session"

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(sa_type=sa.String(64), unique=True, index=True)
    user_id: int = Field(foreign_key="user_account.id", ondelete="CASCADE", index=True)
    created_at: datetime = Field(default_factory=utcnow)
    last_seen_at: datetime = Field(default_factory=utcnow)
    revoked_at: datetime | None = Field(default=None)
    # Shown on the account page so people can tell their sessions apart.
    user_agent: str | None = Field(default=None, sa_type=sa.String(300))
    client_address: str | None = Field(default=None, sa_type=sa.String(64))
    # Password accepted, authenticator code still to come: such a session signs nobody in.
    awaiting_second_factor: bool = Field(default=False)
    second_factor_failures: int = Field(default=0)


class LoginAttempt(SQLModel, table=True):
    """One sign-in attempt, kept for throttling whether or not the account exists, and to look into attacks.

    Throttling counts recent failures by email address and by client address, each through its own index."""

    __tablename__ = "login_attempt"
    __table_args__ = (
        sa.Index("ix_login_attempt_email_attempted_at", "email", "attempted_at"),
        sa.Index("ix_login_attempt_client_address_attempted_at", "client_address", "attempted_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(sa_type=sa.String(254))
    # The address the request came from (as uvicorn's proxy headers settings report it); None when unknown.
    client_address: str | None = Field(default=None, sa_type=sa.String(64))
    attempted_at: datetime = Field(default_factory=utcnow)
    succeeded: bool = Field(default=False)


class ApiToken(SQLModel, table=True):
    """A personal API token, sent as ``Authorization: Bearer``. Only its SHA-256 is stored."""

    __tablename__ = "api_token"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user_account.id", ondelete="CASCADE", index=True)
    name: str = Field(sa_type=sa.String(100))
    token_hash: str = Field(sa_type=sa.String(64), unique=True, index=True)
    # The first characters of the token, shown on the account page so a user can tell tokens apart.
    prefix: str = Field(sa_type=sa.String(12))
    created_at: datetime = Field(default_factory=utcnow)
    last_used_at: datetime | None = Field(default=None)
    revoked_at: datetime | None = Field(default=None)
