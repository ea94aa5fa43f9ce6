"""Fictional review comments on the first demo place's action plan: one open, one resolved with a reply."""

from sqlmodel import Session, col, select

from app.models import Action, ReviewComment, Strategy, User
from app.models.base import id_of
from app.services import review


def seed_review(session: Session, *, strategy: Strategy, facilitator: User, officer: User) -> None:
    """Skipped when the strategy already has comments or no actions yet (safe to run again).

    Commits between steps: a version records one actor per database transaction, and the demo history
    should show the facilitator writing and the officer replying and resolving."""
    if session.exec(select(ReviewComment.id).where(ReviewComment.strategy_id == strategy.id)).first():
        return
    actions = list(
        session.exec(select(Action).where(Action.strategy_id == strategy.id).order_by(col(Action.id))).all()
    )
    if len(actions) < 3:
        return
    session.commit()  # the demo data so far, written by the admin
    review.add_comment(
        session=session,
        strategy=strategy,
        actor=facilitator,
        target_kind="action",
        target_id=id_of(actions[2]),
        body="The youth club is at risk. Is there a fallback if the youth workers are not recruited by "
        "October? Other places have used detached youth work in the meantime.",
    )
    resolved = review.add_comment(
        session=session,
        strategy=strategy,
        actor=facilitator,
        target_kind="action",
        target_id=id_of(actions[0]),
        body="Could the passes also cover bus fares? Half of the people we heard from said cost keeps "
        "them from events.",
    )
    session.commit()
    review.add_reply(
        session=session,
        strategy=strategy,
        actor=officer,
        comment_id=id_of(resolved),
        body="Yes: the leisure team has agreed a bus fare top-up with the operator from July.",
    )
    session.commit()
    review.resolve(
        session=session,
        strategy=strategy,
        actor=officer,
        comment_id=id_of(resolved),
        expected_version=resolved.version,
    )
