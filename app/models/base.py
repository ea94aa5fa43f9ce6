"""Shared model pieces: the naming convention, the versioning set-up and the Versioned mixin.

Every record a user edits inherits ``Versioned``: SQLAlchemy-Continuum keeps one version row per change
(with its default validity strategy, so ``end_transaction_id`` gives "as it was at transaction T" in one
query), and the ``version`` column is SQLAlchemy's ``version_id_col``, the counter that refuses a save based
on an older version. The counter itself is not versioned, so restoring an old version never rewinds it.
"""

from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, ClassVar, Self

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


class Labelled(StrEnum):
    """A choice stored as its value and shown in words: each member is declared with both, so a member
    cannot be added without its label (``on_track = "on_track", "On track"``)."""

    _label: str

    def __new__(cls, value: str, label: str = "") -> Self:
        # Called once for each member as the class is made (a lookup by value, ``ActionStatus("on_track")``,
        # does not come here); the default is only there so that type checkers accept such a lookup.
        if not label:
            raise TypeError(f"{cls.__name__}.{value} needs its label")
        member = str.__new__(cls, value)
        member._value_ = value
        member._label = label
        return member

    @property
    def label(self) -> str:
        """The member in words, as pages show it."""
        return self._label

    @classmethod
    def label_of(cls, value: Any) -> str:
        """The label of the member whose value ``value`` is; the value itself when no member has it (a
        value stored before its choice was renamed is still shown, as it was stored)."""
        try:
            return cls(value).label
        except ValueError:
            return str(value)


class StrEnumType(sa.types.TypeDecorator[StrEnum]):
    """A column holding a ``StrEnum``, stored as the member's value in a plain VARCHAR: the same column and
    data as a string column (no migration), but the model attribute is the enum, so pages can say
    ``action.status.label`` instead of looking the label up. A StrEnum member equals its value, so
    comparisons and queries with plain strings keep working."""

    impl = sa.String
    cache_ok = True

    def __init__(self, enum: type[StrEnum], length: int) -> None:
        super().__init__(length)
        self.enum = enum

    def process_bind_param(self, value: Any, dialect: sa.Dialect) -> str | None:
        # Bound as plain text, unchecked: a filter with an unknown value from a query string matches nothing
        # rather than failing; what is stored was checked by its form.
        return None if value is None else str(value)

    def process_result_value(self, value: Any, dialect: sa.Dialect) -> StrEnum | None:
        return None if value is None else self.enum(value)

    @property
    def python_type(self) -> type[StrEnum]:
        return self.enum


class Versioned(SQLModel):
    """Mixin for every user-edited record: full history plus optimistic concurrency."""

    __versioned__: ClassVar[dict[str, Any]] = {"exclude": ["version"]}
    # What each field is called on history pages, and the rest of what every page knows about a versioned
    # record, is its kind's entry in app/services/records/kinds.py.

    def __setattr__(self, name: str, value: Any) -> None:
        # A value set on an enum column becomes its member at once, not only after a reload, so a page
        # rendered from a record just built from a form (the 400 page) can read ``.label`` as well. A value
        # that is no member is left as it is, for the form's check to refuse. (SQLModel stores what it is
        # given, so an SQLAlchemy "set" event cannot do this.)
        if isinstance(value, str):
            table = getattr(type(self), "__table__", None)
            column = None if table is None else table.c.get(name)
            if column is not None and isinstance(column.type, StrEnumType):
                value = column.type.enum._value2member_map_.get(value, value)
        super().__setattr__(name, value)

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
