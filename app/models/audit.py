"""Audit: every export and every other event that is not a record change (record changes are in history)."""

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from app.models.base import utcnow


class AuditEvent(SQLModel, table=True):
    __tablename__ = "audit_event"
    __table_args__ = (sa.Index("ix_audit_event_place_id_occurred_at", "place_id", "occurred_at"),)

    id: int | None = Field(default=None, sa_type=sa.BigInteger, primary_key=True)
    occurred_at: datetime = Field(default_factory=utcnow, index=True)
    actor_id: int | None = Field(default=None, foreign_key="user_account.id", ondelete="SET NULL", index=True)
    place_id: int | None = Field(default=None, foreign_key="place.id", ondelete="CASCADE")
    # "export", "publish", "api_token_created", "api_token_revoked", ...
    action: str = Field(sa_type=sa.String(40))
    detail: str = Field(default="", sa_type=sa.String(500))
