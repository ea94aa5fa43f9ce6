"""Review comments: facilitators comment on any record or edition; officers reply, resolve and reopen them.

A comment is a record like any other: the comment, each reply and each change of status is a version with
who made it (``create_record`` / ``save_record``), so a comment's history page shows "Status changed from Open
to Resolved". A comment's target is a record of one of the strategy's stages (a kind in
``kinds.STAGE_KINDS``) or an edition, always of the same strategy; anything else is not found. Comments
are read as threads in ``review_threads``.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from sqlmodel import Session

from app.errors import NotFound
from app.models import CommentStatus, Edition, ReviewComment, Strategy, User, Versioned
from app.models.base import id_of
from app.services.email import notifications
from app.services.email.messages import LinkFor
from app.services.records import kinds
from app.services.records.edition_records import record_heading
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
