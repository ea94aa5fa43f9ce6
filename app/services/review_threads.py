"""Reading review comments: a strategy's threads (a top-level comment with its replies and what it is
about), how many are open and resolved, and the panel a record's page shows. Comments are written in
``review``."""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, col, func, select

from app.models import CommentStatus, ReviewComment, Strategy, User
from app.services.records.history import FORMER_USER
from app.services.review import Target, describe_targets


@dataclass(frozen=True)
class Entry:
    comment: ReviewComment
    author: str


@dataclass(frozen=True)
class Thread:
    """A top-level comment with its replies, oldest reply first."""

    comment: ReviewComment
    author: str
    replies: list[Entry]
    target: Target

    @property
    def is_open(self) -> bool:
        return self.comment.status == CommentStatus.open.value


@dataclass(frozen=True)
class Panel:
    """What a record's page shows: how many comments on it are open, and where to read them."""

    kind: str
    target_id: int
    open: int


def _authors(session: Session, comments: Iterable[ReviewComment]) -> dict[int, str]:
    ids = {c.author_id for c in comments if c.author_id is not None}
    if not ids:
        return {}
    return dict(session.exec(select(User.id, User.name).where(col(User.id).in_(ids))).all())  # type: ignore[arg-type]


def _top_level(strategy: Strategy, kind: str | None = None, target_id: int | None = None) -> list[Any]:
    """Which comments are the strategy's top-level ones (replies are not), of one target when both
    ``kind`` and ``target_id`` are given."""
    where = [ReviewComment.strategy_id == strategy.id, col(ReviewComment.parent_id).is_(None)]
    if kind is not None and target_id is not None:
        where += [ReviewComment.target_kind == kind, ReviewComment.target_id == target_id]
    return where


def threads(
    *,
    session: Session,
    strategy: Strategy,
    status: CommentStatus | None = None,
    kind: str | None = None,
    target_id: int | None = None,
    newest_first: bool = True,
) -> list[Thread]:
    """Top-level comments of the strategy (or of one target) with their replies; open ones first."""
    statement = select(ReviewComment).where(*_top_level(strategy, kind, target_id))
    if status is not None:
        statement = statement.where(ReviewComment.status == status.value)
    order = col(ReviewComment.id).desc() if newest_first else col(ReviewComment.id)
    tops = list(session.exec(statement.order_by(order)).all())
    if not tops:
        return []
    replies = list(
        session.exec(
            select(ReviewComment)
            .where(col(ReviewComment.parent_id).in_([c.id for c in tops]))
            .order_by(col(ReviewComment.id))
        ).all()
    )
    names = _authors(session, [*tops, *replies])
    by_parent: dict[int, list[Entry]] = {}
    for reply in replies:
        by_parent.setdefault(reply.parent_id, []).append(  # type: ignore[arg-type]
            Entry(comment=reply, author=names.get(reply.author_id or 0, FORMER_USER))
        )
    targets = describe_targets(
        session=session, strategy=strategy, keys={(c.target_kind, c.target_id) for c in tops}
    )
    result = [
        Thread(
            comment=top,
            author=names.get(top.author_id or 0, FORMER_USER),
            replies=by_parent.get(top.id, []),  # type: ignore[arg-type]
            target=targets[(top.target_kind, top.target_id)],
        )
        for top in tops
    ]
    return sorted(result, key=lambda thread: not thread.is_open)  # stable: keeps the order within each


def open_threads(*, session: Session, strategy: Strategy) -> list[Thread]:
    """The strategy's open comments, newest first, with their replies and what they are about."""
    return threads(session=session, strategy=strategy, status=CommentStatus.open)


def status_counts(*, session: Session, strategy: Strategy) -> dict[str, int]:
    """How many top-level comments of the strategy are open and resolved."""
    rows = session.exec(
        select(ReviewComment.status, func.count()).where(*_top_level(strategy)).group_by(ReviewComment.status)
    ).all()
    counts = {status.value: 0 for status in CommentStatus}
    counts.update({status: int(count) for status, count in rows})
    return counts


def open_count(
    *, session: Session, strategy: Strategy, kind: str | None = None, target_id: int | None = None
) -> int:
    """Open comments of the strategy, or of one target when ``kind`` and ``target_id`` are given."""
    statement = (
        select(func.count())
        .select_from(ReviewComment)
        .where(*_top_level(strategy, kind, target_id), ReviewComment.status == CommentStatus.open.value)
    )
    return int(session.exec(statement).one())


def panel(*, session: Session, strategy: Strategy, kind: str, target_id: int) -> Panel:
    """For a record's page (``review/_panel.html``): the open comments on it and where to read them."""
    return Panel(
        kind=kind,
        target_id=target_id,
        open=open_count(session=session, strategy=strategy, kind=kind, target_id=target_id),
    )
