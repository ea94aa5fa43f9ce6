"""Editions: a named, frozen state of one stage of a strategy, read from the version tables.

An edition stores only the id of the last change it includes (``transaction_id``). The stage as it was then
is every version row of the stage's records that was valid at that transaction: created at or before it, and
not ended (``end_transaction_id``) at or before it, and not a deletion. Later edits, restores and deletes
write new version rows and end old ones after that transaction, so an edition never changes.
"""

from collections.abc import Hashable
from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, func, select

from app.errors import NotFound
from app.models import (
    Edition,
    Place,
    Strategy,
    Transaction,
    User,
    version_class,
)
from app.services.accounts import audit
from app.services.records import kinds
from app.services.records.history import (
    FORMER_USER,
)
from app.services.records.queries import get_scoped
from app.stages import STAGES, Stage

STAGE_BY_SLUG = {stage.slug: stage for stage in STAGES}
_DELETED = 2


class EditionNotFound(NotFound):
    """No such edition or stage in this strategy."""


class NothingToPublish(Exception):
    """The stage has no records yet."""


class DecisionInFuture(Exception):
    """The decision date is after today, and the decision was not marked as still to come."""


def get_stage(slug: str) -> Stage:
    stage = STAGE_BY_SLUG.get(slug)
    if stage is None:
        raise EditionNotFound(slug)
    return stage


def latest_change(*, session: Session) -> tuple[Hashable, ...]:
    """The latest version transaction and the latest edition anywhere, each with its time (which tells
    apart databases that reuse numbers). Every change to a strategy's records is a new transaction and
    publishing is a new edition, so what is kept by a key holding this is worked out again after any
    change. Two index lookups."""
    transaction = session.exec(
        select(Transaction.id, Transaction.issued_at).order_by(col(Transaction.id).desc()).limit(1)
    ).first()
    edition = session.exec(
        select(Edition.id, Edition.published_at).order_by(col(Edition.id).desc()).limit(1)
    ).first()
    return (tuple(transaction or ()), tuple(edition or ()))


def latest_transaction_id(*, session: Session) -> int:
    return int(session.exec(select(func.max(Transaction.id))).one() or 0)


def records_at(
    *, session: Session, strategy: Strategy, stage: str, transaction_id: int | None
) -> dict[str, list[Any]]:
    """The stage's records as they were at ``transaction_id`` (as they are now when it is None), by kind.

    Rows are version rows: they have the same attributes as the records."""
    get_stage(stage)
    result: dict[str, list[Any]] = {}
    for kind in kinds.BY_STAGE[stage]:
        V = version_class(kind.model)
        statement = select(V).where(V.strategy_id == strategy.id, V.operation_type != _DELETED)
        if transaction_id is None:
            statement = statement.where(V.end_transaction_id.is_(None))
        else:
            statement = statement.where(
                V.transaction_id <= transaction_id,
                sa.or_(V.end_transaction_id.is_(None), V.end_transaction_id > transaction_id),
            )
        result[kind.name] = list(session.exec(statement.order_by(V.id)).all())
    return result


def has_records(*, session: Session, strategy: Strategy, stage: str) -> bool:
    """Whether the stage has any record (read from the strategy index: no counting of a place's voices)."""
    for kind in kinds.BY_STAGE[stage]:
        column = kind.model.strategy_id  # type: ignore[attr-defined]
        if session.exec(select(column).where(column == strategy.id).limit(1)).first() is not None:
            return True
    return False


def changed_since(*, session: Session, strategy: Strategy, stage: str, transaction_id: int) -> bool:
    """Whether any record of the stage was created, changed, restored or deleted after ``transaction_id``.

    Asked as "the strategy's latest version", which every database answers from the end of the
    (strategy, transaction) index. Asked as "any version after", PostgreSQL may scan the whole version table:
    it expects many of a strategy's versions to be later than an old edition when there are none."""
    for kind in kinds.BY_STAGE[stage]:
        V = version_class(kind.model)
        latest = session.exec(select(func.max(V.transaction_id)).where(V.strategy_id == strategy.id)).one()
        if latest is not None and latest > transaction_id:
            return True
    return False


def publish_edition(
    *,
    session: Session,
    strategy: Strategy,
    stage: str,
    actor: User,
    title: str,
    note: str | None,
    decided_on: date | None,
    decision_to_come: bool = False,
) -> Edition:
    """Freeze the stage as it is now under a title. Refused (``NothingToPublish``) for an empty stage, and
    (``DecisionInFuture``) for a decision dated after publication unless it is marked as still to come."""
    get_stage(stage)
    if decided_on is not None and decided_on > date.today() and not decision_to_come:
        raise DecisionInFuture(decided_on)
    if session.get_bind().dialect.name == "postgresql":
        # Wait for writes already under way and hold new ones until this commits, so no change with an
        # earlier transaction id can appear after the edition is taken. (SQLite writes one at a time.)
        session.execute(sa.text('LOCK TABLE "transaction" IN SHARE MODE'))
    if not has_records(session=session, strategy=strategy, stage=stage):
        raise NothingToPublish(stage)
    number = session.exec(
        select(func.max(Edition.number)).where(Edition.strategy_id == strategy.id, Edition.stage == stage)
    ).one()
    edition = Edition(
        place_id=strategy.place_id,
        strategy_id=strategy.id,  # type: ignore[arg-type]
        stage=stage,
        number=(number or 0) + 1,
        title=title.strip(),
        note=(note or "").strip() or None,
        decided_on=decided_on,
        decision_to_come=decided_on is not None and decision_to_come and decided_on > date.today(),
        transaction_id=latest_transaction_id(session=session),
        published_by_id=actor.id,
    )
    session.add(edition)
    session.flush()
    place = session.get(Place, strategy.place_id)
    audit.record_event(
        session=session,
        actor=actor,
        place=place,
        action="publish",
        detail=f"{STAGE_BY_SLUG[stage].title}: edition {edition.number}, “{edition.title}” "
        f"({strategy.title})",
    )
    return edition


def list_editions(*, session: Session, strategy: Strategy, stage: str | None = None) -> list[Edition]:
    """Newest first."""
    statement = select(Edition).where(Edition.strategy_id == strategy.id)
    if stage is not None:
        statement = statement.where(Edition.stage == stage)
    statement = statement.order_by(col(Edition.published_at).desc(), col(Edition.id).desc())
    return list(session.exec(statement).all())


def get_edition(*, session: Session, strategy: Strategy, edition_id: int) -> Edition:
    return get_scoped(
        session, Edition, edition_id, Edition.strategy_id == strategy.id, missing=EditionNotFound
    )


def latest_editions(*, session: Session, strategy: Strategy) -> dict[str, Edition]:
    """The latest edition of each stage that has one."""
    latest: dict[str, Edition] = {}
    for edition in list_editions(session=session, strategy=strategy):
        latest.setdefault(edition.stage, edition)
    return latest


def publisher_name(*, session: Session, edition: Edition) -> str:
    user = session.get(User, edition.published_by_id) if edition.published_by_id else None
    return user.name if user is not None else FORMER_USER


# --- Stage status on the strategy's task list ------------------------------------------------------------


@dataclass(frozen=True)
class StageStatus:
    stage: Stage
    status: str  # "Not started", "In progress", "Published", "Changed since last edition"
    latest: Edition | None

    @property
    def label(self) -> str:
        if self.status == "Published" and self.latest is not None:
            return f"Published {self.latest.published_at.day} {self.latest.published_at:%b %Y}"
        return self.status


def stage_statuses(*, session: Session, strategy: Strategy, drafts: bool = True) -> list[StageStatus]:
    """Each stage's state on the task list. Without ``drafts`` (a councillor) a published stage reads
    "Published" whatever happened since: changes to drafts are not theirs to see."""
    latest = latest_editions(session=session, strategy=strategy)
    statuses = []
    for stage in STAGES:
        edition = latest.get(stage.slug)
        if edition is not None and not drafts:
            status = "Published"
        elif edition is not None:
            changed = changed_since(
                session=session, strategy=strategy, stage=stage.slug, transaction_id=edition.transaction_id
            )
            status = "Changed since last edition" if changed else "Published"
        else:
            started = has_records(session=session, strategy=strategy, stage=stage.slug)
            status = "In progress" if started else "Not started"
        statuses.append(StageStatus(stage=stage, status=status, latest=edition))
    return statuses
