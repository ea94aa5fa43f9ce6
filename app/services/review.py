"""Review comments: facilitators comment on any record or edition; officers reply, resolve and reopen them.

A comment is a record like any other: the comment, each reply and each change of status is a version with
who made it (``create_record`` / ``save_record``), so a comment's history page shows "Status changed from Open
to Resolved". A comment's target is a record of one of the strategy's stages (a kind in
``kinds.STAGE_KINDS``) or an edition, always of the same strategy; anything else is not found.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, col, func, select

from app.errors import NotFound
from app.models import CommentStatus, Edition, ReviewComment, Strategy, User, Versioned
from app.models.base import id_of
from app.services.email import notifications
from app.services.email.messages import LinkFor
from app.services.records import kinds
from app.services.records.edition_records import record_heading
from app.services.records.history import FORMER_USER
from app.services.records.kind_types import Kind
from app.services.records.queries import get_scoped, rows_with_ids
from app.services.records.versioning import create_in_strategy, save_record

EDITION = "edition"
# Every record kind a comment may be on: the stages' kinds.
TARGET_KINDS: dict[str, Kind] = {kind.name: kind for kind in kinds.STAGE_KINDS}


class ReviewNotFound(NotFound):
    """No such comment, or no such target (kind or record) in this strategy."""


@dataclass(frozen=True)
class Target:
    """What a comment is about, as the pages name it."""

    kind: str
    id: int
    noun: str
    title: str
    stage: str
    exists: bool = True

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.id}"


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


def _noun(kind: str) -> str:
    if kind == EDITION:
        return "edition"
    spec = kinds.find(kind)
    return spec.noun if spec is not None else kind.replace("_", " ")


def _stage(kind: str) -> str:
    """The stage a kind of record belongs to ("" for an edition, whose stage is its own)."""
    return (TARGET_KINDS[kind].stage or "") if kind in TARGET_KINDS else ""


def _described(kind: str, row: Edition | Versioned) -> Target:
    if isinstance(row, Edition):
        title, stage = f"Edition {row.number}: {row.title}", row.stage
    else:
        title, stage = record_heading(kind, row), _stage(kind)
    return Target(kind=kind, id=id_of(row), noun=_noun(kind), title=title, stage=stage)


def describe_targets(
    *, session: Session, strategy: Strategy, keys: Iterable[tuple[str, int]]
) -> dict[tuple[str, int], Target]:
    """Each (kind, id) as a Target, one query per kind; one that is gone (or was never there) is marked
    ``exists=False``."""
    wanted: dict[str, set[int]] = {}
    for kind, target_id in keys:
        wanted.setdefault(kind, set()).add(target_id)
    found: dict[tuple[str, int], Target] = {}
    for kind, ids in wanted.items():
        if kind != EDITION and kind not in TARGET_KINDS:
            continue
        model: type[Edition | Versioned] = Edition if kind == EDITION else TARGET_KINDS[kind].model
        for row in rows_with_ids(session, model, ids, model.strategy_id == strategy.id):  # type: ignore[union-attr]
            found[(kind, id_of(row))] = _described(kind, row)
    return {
        (kind, target_id): found.get(
            (kind, target_id),
            Target(
                kind=kind,
                id=target_id,
                noun=_noun(kind),
                title=f"{_noun(kind).capitalize()} {target_id} (removed)",
                stage=_stage(kind),
                exists=False,
            ),
        )
        for kind, ids in wanted.items()
        for target_id in ids
    }


def get_target(*, session: Session, strategy: Strategy, kind: str, target_id: int) -> Target:
    """The record or edition a comment may be on, in this strategy; ``ReviewNotFound`` otherwise."""
    if kind != EDITION and kind not in TARGET_KINDS:
        raise ReviewNotFound(kind)
    target = describe_targets(session=session, strategy=strategy, keys=[(kind, target_id)])[(kind, target_id)]
    if not target.exists:
        raise ReviewNotFound(f"{kind} {target_id}")
    return target


def get_comment(*, session: Session, strategy: Strategy, comment_id: int) -> ReviewComment:
    return get_scoped(
        session, ReviewComment, comment_id, ReviewComment.strategy_id == strategy.id, missing=ReviewNotFound
    )


# --- Writing ---------------------------------------------------------------------------------------------


def _about(target: Target) -> str:
    return f"the {target.noun} “{target.title}”"


def _write_comment(
    session: Session,
    strategy: Strategy,
    actor: User,
    *,
    target_kind: str,
    target_id: int,
    body: str,
    parent_id: int | None = None,
) -> ReviewComment:
    return create_in_strategy(
        ReviewComment,
        session=session,
        strategy=strategy,
        actor=actor,
        target_kind=target_kind,
        target_id=target_id,
        parent_id=parent_id,
        body=body.strip(),
        author_id=actor.id,
    )


def _about_comment(session: Session, strategy: Strategy, comment: ReviewComment) -> str:
    """What a comment is on, as an email says it, even when the record has since been removed."""
    key = (comment.target_kind, comment.target_id)
    return _about(describe_targets(session=session, strategy=strategy, keys=[key])[key])


def add_comment(
    *,
    session: Session,
    strategy: Strategy,
    actor: User,
    target_kind: str,
    target_id: int,
    body: str,
    link_for: LinkFor | None = None,
) -> ReviewComment:
    """A new open comment on a record or edition of this strategy; with ``link_for``, the place's officers
    are told (services/email/notifications.py)."""
    target = get_target(session=session, strategy=strategy, kind=target_kind, target_id=target_id)
    comment = _write_comment(
        session, strategy, actor, target_kind=target.kind, target_id=target.id, body=body
    )
    if link_for is not None:
        notifications.comment_added(
            session=session,
            comment=comment,
            strategy=strategy,
            about=_about(target),
            actor=actor,
            link_for=link_for,
        )
    return comment


def add_reply(
    *,
    session: Session,
    strategy: Strategy,
    actor: User,
    comment_id: int,
    body: str,
    link_for: LinkFor | None = None,
) -> ReviewComment:
    """A reply joins the thread of the comment it answers (a reply to a reply joins the same thread); with
    ``link_for``, the conversation's writers and the place's officers are told."""
    parent = get_comment(session=session, strategy=strategy, comment_id=comment_id)
    if parent.parent_id is not None:
        parent = get_comment(session=session, strategy=strategy, comment_id=parent.parent_id)
    reply = _write_comment(
        session,
        strategy,
        actor,
        target_kind=parent.target_kind,
        target_id=parent.target_id,
        body=body,
        parent_id=parent.id,
    )
    if link_for is not None:
        notifications.reply_added(
            session=session,
            reply=reply,
            strategy=strategy,
            about=_about_comment(session, strategy, parent),
            actor=actor,
            link_for=link_for,
        )
    return reply


def _set_status(
    *,
    session: Session,
    strategy: Strategy,
    actor: User,
    comment_id: int,
    status: CommentStatus,
    expected_version: int | None,
) -> ReviewComment:
    comment = get_comment(session=session, strategy=strategy, comment_id=comment_id)
    if comment.parent_id is not None:
        raise ReviewNotFound(comment_id)  # a reply has no status of its own: its thread has
    return save_record(
        session=session,
        record=comment,
        actor=actor,
        changes={"status": status.value},
        expected_version=expected_version,
    )


def resolve(
    *,
    session: Session,
    strategy: Strategy,
    actor: User,
    comment_id: int,
    expected_version: int | None,
    link_for: LinkFor | None = None,
) -> ReviewComment:
    """Mark a thread resolved; refused (``VersionConflict``) if it changed since the page was loaded. With
    ``link_for``, the comment's author is told."""
    comment = _set_status(
        session=session,
        strategy=strategy,
        actor=actor,
        comment_id=comment_id,
        status=CommentStatus.resolved,
        expected_version=expected_version,
    )
    if link_for is not None:
        notifications.comment_resolved(
            session=session,
            comment=comment,
            strategy=strategy,
            about=_about_comment(session, strategy, comment),
            actor=actor,
            link_for=link_for,
        )
    return comment


def reopen(
    *, session: Session, strategy: Strategy, actor: User, comment_id: int, expected_version: int | None
) -> ReviewComment:
    return _set_status(
        session=session,
        strategy=strategy,
        actor=actor,
        comment_id=comment_id,
        status=CommentStatus.open,
        expected_version=expected_version,
    )


# --- Reading ---------------------------------------------------------------------------------------------


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
