"""Across the stages: editions (frozen states of a stage) and review comments."""

from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from app.models.base import Labelled, Versioned, utcnow


class Edition(SQLModel, table=True):
    """A named, frozen state of one stage of a strategy.

    Nothing is copied: ``transaction_id`` is the last change the edition includes, and the stage as it was
    then is read from the version tables (rows valid at that transaction). An edition is never edited."""

    __tablename__ = "edition"
    __table_args__ = (
        sa.UniqueConstraint("strategy_id", "stage", "number"),
        sa.Index("ix_edition_strategy_id_stage_published_at", "strategy_id", "stage", "published_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    place_id: int = Field(foreign_key="place.id", ondelete="CASCADE", index=True)
    strategy_id: int = Field(foreign_key="strategy.id", ondelete="CASCADE")
    stage: str = Field(sa_type=sa.String(20))
    number: int
    title: str = Field(sa_type=sa.String(200))
    note: str | None = Field(default=None, sa_type=sa.Text)
    decided_on: date | None = None
    # A decision date after publication is a meeting yet to be held, and says so.
    decision_to_come: bool = Field(default=False, sa_column_kwargs={"server_default": sa.false()})
    transaction_id: int = Field(sa_type=sa.BigInteger)
    published_by_id: int | None = Field(default=None, foreign_key="user_account.id", ondelete="SET NULL")
    published_at: datetime = Field(default_factory=utcnow)


class CommentStatus(Labelled):
    open = "open", "Open"
    resolved = "resolved", "Resolved"


class ReviewComment(Versioned, table=True):
    """A facilitator's comment on a record or an edition, or a reply to one; resolved by an officer."""

    __tablename__ = "review_comment"
    __table_args__ = (
        sa.Index("ix_review_comment_target", "strategy_id", "target_kind", "target_id"),
        sa.Index("ix_review_comment_strategy_id_status", "strategy_id", "status"),
    )

    strategy_id: int = Field(foreign_key="strategy.id", ondelete="CASCADE")
    # A registered record kind ("action", "voice", ...) or "edition".
    target_kind: str = Field(sa_type=sa.String(30))
    target_id: int
    parent_id: int | None = Field(
        default=None, foreign_key="review_comment.id", ondelete="CASCADE", index=True
    )
    body: str = Field(sa_type=sa.Text)
    status: str = Field(default=CommentStatus.open.value, sa_type=sa.String(20))
    author_id: int | None = Field(default=None, foreign_key="user_account.id", ondelete="SET NULL")
    created_at: datetime = Field(default_factory=utcnow)
