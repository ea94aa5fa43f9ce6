"""Shared model pieces: the naming convention, the versioning set-up and the Versioned mixin.

Every record a user edits inherits ``Versioned``: SQLAlchemy-Continuum keeps one version row per change
(with its default validity strategy, so ``end_transaction_id`` gives "as it was at transaction T" in one
query), and the ``version`` column is SQLAlchemy's ``version_id_col``, the counter that refuses a save based
on an older version. The counter itself is not versioned, so restoring an old version never rewinds it.
"""

from datetime import UTC, datetime
from typing import Any, ClassVar

import sqlalchemy as sa
from sqlalchemy.orm import declared_attr
from sqlalchemy_continuum import make_versioned, versioning_manager
from sqlalchemy_continuum.plugins.base import Plugin
from sqlalchemy_continuum.transaction import TransactionBase, TransactionFactory
from sqlmodel import Field, SQLModel

SQLModel.metadata.naming_convention = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

ACTOR_KEY = "cohesion_actor_id"
NOTE_KEY = "cohesion_change_note"


def utcnow() -> datetime:
    """Now, in UTC, time-zone aware (SQLModel stores aware datetimes as UTC)."""
    return datetime.now(UTC)


class _ChangeTransactionFactory(TransactionFactory):  # type: ignore[misc]
    """Continuum's transaction row, with who made the change and their optional note."""

    def create_class(self, manager: Any) -> Any:
        class Transaction(manager.declarative_base, TransactionBase):  # type: ignore[misc,name-defined]
            __tablename__ = "transaction"
            __versioning_manager__ = manager

            id = sa.Column(sa.BigInteger, primary_key=True, autoincrement=True)
            actor_id = sa.Column(
                sa.Integer, sa.ForeignKey("user_account.id", ondelete="SET NULL"), index=True, nullable=True
            )
            note = sa.Column(sa.String(500), nullable=True)

        return Transaction


class _ActorPlugin(Plugin):  # type: ignore[misc]
    """Copies the actor and note that the write path put on the session onto the transaction row."""

    def transaction_args(self, uow: Any, session: Any) -> dict[str, Any]:
        return {"actor_id": session.info.get(ACTOR_KEY), "note": session.info.get(NOTE_KEY)}


versioning_manager.transaction_cls = _ChangeTransactionFactory()
make_versioned(user_cls=None, plugins=[_ActorPlugin()])


class Versioned(SQLModel):
    """Mixin for every user-edited record: full history plus optimistic concurrency."""

    __versioned__: ClassVar[dict[str, Any]] = {"exclude": ["version"]}
    # Human labels for the history page, field name -> label; fields not listed are not shown.
    __history_labels__: ClassVar[dict[str, str]] = {}

    id: int | None = Field(default=None, primary_key=True)
    # Every record carries its place, so access checks and per-place queries need no joins.
    place_id: int = Field(foreign_key="place.id", ondelete="CASCADE", index=True)
    version: int = Field(default=1, nullable=False)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:
        return {"version_id_col": cls.__table__.c.version}  # type: ignore[attr-defined]


def id_of(record: Any) -> int:
    """The primary key of a saved record (typed as int: a flushed row always has one)."""
    value = record.id
    if not isinstance(value, int):
        raise ValueError(f"{type(record).__name__} has not been saved yet")
    return value
