"""Review comments: targets only in the same strategy, threads with replies, resolving with versions."""

from collections.abc import Callable

import pytest
from sqlmodel import Session

from app.models import CommentStatus, ReviewComment
from app.models.base import id_of
from app.services import review, review_threads
from app.services.records import history as record_history
from app.services.records.versioning import VersionConflict
from tests.conftest import World


def _comment(
    session: Session, world: World, kind: str = "action", target_id: int | None = None, body: str = "Why?"
) -> ReviewComment:
    return review.add_comment(
        session=session,
        strategy=world.strategy,
        actor=world.users["facilitator"],
        target_kind=kind,
        target_id=id_of(world.action) if target_id is None else target_id,
        body=body,
    )


def test_comments_on_an_action_and_an_edition_are_open(session: Session, world: World) -> None:
    on_action = _comment(session, world, body="  Who leads this with the faith forum?  ")
    on_edition = _comment(session, world, kind="edition", target_id=id_of(world.edition), body="Dates?")
    assert on_action.body == "Who leads this with the faith forum?"
    assert on_action.status == CommentStatus.open.value
    assert on_action.place_id == world.place.id
    assert review_threads.open_count(session=session, strategy=world.strategy) == 2
    action_id = id_of(world.action)
    assert (
        review_threads.open_count(
            session=session, strategy=world.strategy, kind="action", target_id=action_id
        )
        == 1
    )
    panel = review_threads.panel(
        session=session, strategy=world.strategy, kind="edition", target_id=id_of(world.edition)
    )
    assert (panel.kind, panel.open) == ("edition", 1)
    threads = review_threads.open_threads(session=session, strategy=world.strategy)
    assert [t.comment.id for t in threads] == [on_edition.id, on_action.id]  # newest first
    assert (threads[1].target.noun, threads[1].target.title) == ("action", world.action.title)
    assert threads[0].target.title == f"Edition 1: {world.edition.title}"
    assert threads[0].author == "Femi Facilitator"
    assert review_threads.open_count(session=session, strategy=world.other_strategy) == 0


@pytest.mark.parametrize(
    ("kind", "target"),
    [
        ("voice", lambda w: id_of(w.other_voice)),  # another place's record
        ("action", lambda w: 10**8),  # no such record
        ("edition", lambda w: 10**8),
        ("strategy", lambda w: id_of(w.strategy)),  # not a record of a stage
        ("review_comment", lambda w: 1),
        ("nonsense", lambda w: 1),
    ],
)
def test_a_target_outside_the_strategy_is_not_found(
    session: Session, world: World, kind: str, target: Callable[[World], int]
) -> None:
    with pytest.raises(review.ReviewNotFound):
        _comment(session, world, kind=kind, target_id=target(world))
    assert review_threads.open_count(session=session, strategy=world.strategy) == 0


def test_another_strategys_comment_is_not_found(session: Session, world: World) -> None:
    comment = _comment(session, world)
    with pytest.raises(review.ReviewNotFound):
        review.get_comment(session=session, strategy=world.other_strategy, comment_id=id_of(comment))
    with pytest.raises(review.ReviewNotFound):
        review.add_reply(
            session=session,
            strategy=world.other_strategy,
            actor=world.users["other_place_officer"],
            comment_id=id_of(comment),
            body="Mine now",
        )


def test_reply_resolve_and_reopen_are_versions_with_their_actor(session: Session, world: World) -> None:
    officer = world.users["officer"]
    strategy = world.strategy
    comment = _comment(session, world)
    session.commit()
    reply = review.add_reply(
        session=session, strategy=strategy, actor=officer, comment_id=id_of(comment), body="The forum leads."
    )
    # A reply to a reply joins the same thread.
    second = review.add_reply(
        session=session, strategy=strategy, actor=officer, comment_id=id_of(reply), body="Agreed in May."
    )
    assert reply.parent_id == comment.id and second.parent_id == comment.id
    assert (reply.target_kind, reply.target_id) == ("action", world.action.id)
    session.commit()
    review.resolve(
        session=session,
        strategy=strategy,
        actor=officer,
        comment_id=id_of(comment),
        expected_version=comment.version,
    )
    session.commit()
    assert review_threads.open_count(session=session, strategy=strategy) == 0
    assert review_threads.status_counts(session=session, strategy=strategy) == {"open": 0, "resolved": 1}
    [thread] = review_threads.threads(session=session, strategy=strategy)
    assert not thread.is_open
    assert [(e.author, e.comment.body) for e in thread.replies] == [
        ("Olu Officer", "The forum leads."),
        ("Olu Officer", "Agreed in May."),
    ]
    entries = record_history.history(session=session, record=comment)
    assert entries[0].changes == ["Status changed from Open to Resolved"]
    assert (entries[0].actor_name, entries[1].actor_name) == ("Olu Officer", "Femi Facilitator")

    with pytest.raises(review.ReviewNotFound):  # a reply has no status of its own
        review.resolve(
            session=session, strategy=strategy, actor=officer, comment_id=id_of(reply), expected_version=None
        )
    with pytest.raises(VersionConflict):
        review.reopen(
            session=session,
            strategy=strategy,
            actor=officer,
            comment_id=id_of(comment),
            expected_version=comment.version - 1,
        )
    review.reopen(
        session=session,
        strategy=strategy,
        actor=officer,
        comment_id=id_of(comment),
        expected_version=comment.version,
    )
    assert (
        review_threads.open_count(
            session=session, strategy=strategy, kind="action", target_id=id_of(world.action)
        )
        == 1
    )


def test_a_removed_target_is_described_not_refused(session: Session, world: World) -> None:
    indicator = ("indicator", id_of(world.indicator))
    targets = review.describe_targets(
        session=session, strategy=world.strategy, keys=[indicator, ("action", 10**8)]
    )
    assert targets[indicator].exists
    gone = targets[("action", 10**8)]
    assert not gone.exists
    assert gone.title == f"Action {10**8} (removed)"
