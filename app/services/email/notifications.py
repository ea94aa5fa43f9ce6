"""Who hears about what: new review comments and replies, resolved comments and the weekly summary.

Each person chooses: straight away (an email per event), weekly (events wait for the weekly summary) or
never. Everything here only writes to the outbox or keeps a notice for later; nothing is sent in the
transaction (services/email/outbox.py)."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from sqlmodel import Session, col, select

from app.models import (
    Membership,
    NotificationPreference,
    PendingNotice,
    Place,
    ReviewComment,
    Role,
    Strategy,
    User,
    utcnow,
)
from app.services.email import messages
from app.services.email.outbox import queue_email
from app.services.plan import service as plan
from app.services.progress import service as progress

MILESTONES_AHEAD = timedelta(days=14)


def _tell(session: Session, *, user: User, message: messages.Message, notice: str) -> None:
    if user.notifications == NotificationPreference.immediate:
        queue_email(session=session, recipient=user.email, subject=message.subject, body=message.body)
    elif user.notifications == NotificationPreference.weekly:
        session.add(PendingNotice(user_id=user.id, text=notice))  # type: ignore[arg-type]
        session.flush()


def _comment_link(
    link_for: messages.LinkFor, place: Place, strategy: Strategy, comment: ReviewComment
) -> str:
    return link_for(
        "review.target",
        place_slug=place.slug,
        strategy_slug=strategy.slug,
        target_kind=comment.target_kind,
        target_id=comment.target_id,
    )


def _officers(session: Session, place: Place, *, but: User) -> list[User]:
    return list(
        session.exec(
            select(User)
            .join(Membership, col(Membership.user_id) == col(User.id))
            .where(
                Membership.place_id == place.id,
                Membership.role == Role.officer.value,
                col(User.active).is_(True),
                User.id != but.id,
            )
            .order_by(col(User.id))
        ).all()
    )


def _excerpt(comment: ReviewComment) -> str:
    return comment.body if len(comment.body) <= 300 else comment.body[:297] + "…"


def comment_added(
    *,
    session: Session,
    comment: ReviewComment,
    strategy: Strategy,
    about: str,
    actor: User,
    link_for: messages.LinkFor,
) -> None:
    """A new comment tells every active officer of its place but its author."""
    place = session.get(Place, strategy.place_id)
    assert place is not None
    excerpt = _excerpt(comment)
    link = _comment_link(link_for, place, strategy, comment)
    for officer in _officers(session, place, but=actor):
        message = messages.new_comment(
            name=officer.name, author=actor.name, about=about, place=place.name, excerpt=excerpt, link=link
        )
        _tell(
            session,
            user=officer,
            message=message,
            notice=f"{actor.name} commented on {about} in {place.name}",
        )


def reply_added(
    *,
    session: Session,
    reply: ReviewComment,
    strategy: Strategy,
    about: str,
    actor: User,
    link_for: messages.LinkFor,
) -> None:
    """A reply tells everyone who has written in its conversation and every active officer of the place,
    but not the person replying."""
    place = session.get(Place, strategy.place_id)
    assert place is not None
    writers = {
        author_id
        for author_id in session.exec(
            select(ReviewComment.author_id).where(
                (col(ReviewComment.id) == reply.parent_id) | (col(ReviewComment.parent_id) == reply.parent_id)
            )
        ).all()
        if author_id is not None and author_id != actor.id
    }
    people = {officer.id: officer for officer in _officers(session, place, but=actor)}
    missing = writers - set(people)
    if missing:
        for person in session.exec(
            select(User).where(col(User.id).in_(missing), col(User.active).is_(True))
        ).all():
            people[person.id] = person
    excerpt = _excerpt(reply)
    link = _comment_link(link_for, place, strategy, reply)
    for person_id in sorted(people, key=lambda key: key or 0):
        person = people[person_id]
        message = messages.new_reply(
            name=person.name, author=actor.name, about=about, place=place.name, excerpt=excerpt, link=link
        )
        _tell(
            session, user=person, message=message, notice=f"{actor.name} replied on {about} in {place.name}"
        )


def comment_resolved(
    *,
    session: Session,
    comment: ReviewComment,
    strategy: Strategy,
    about: str,
    actor: User,
    link_for: messages.LinkFor,
) -> None:
    """A resolved comment tells its author, unless they resolved it themselves."""
    author = session.get(User, comment.author_id) if comment.author_id else None
    if author is None or author.id == actor.id or not author.active:
        return
    place = session.get(Place, strategy.place_id)
    assert place is not None
    message = messages.comment_resolved(
        name=author.name,
        resolver=actor.name,
        about=about,
        place=place.name,
        link=_comment_link(link_for, place, strategy, comment),
    )
    _tell(session, user=author, message=message, notice=f"{actor.name} resolved your comment on {about}")


def _place_lines(session: Session, place: Place, today: date) -> tuple[list[str], list[str]]:
    """Overdue updates and milestones due within two weeks, for every strategy of a place."""
    overdue: list[str] = []
    milestones: list[str] = []
    strategies = session.exec(
        select(Strategy).where(Strategy.place_id == place.id).order_by(col(Strategy.id))
    ).all()
    for strategy in strategies:
        for action, due in progress.overdue_actions(session=session, strategy=strategy, today=today):
            overdue.append(f"{action.title} ({place.name}): an update was due on {due.day} {due:%B %Y}")
        for action in plan.list_actions(session=session, strategy=strategy):
            if action.status in progress.CLOSED:
                continue
            for milestone in action.milestones:
                due = date.fromisoformat(milestone["due"])
                if not milestone.get("done") and today <= due <= today + MILESTONES_AHEAD:
                    title = milestone["title"]
                    milestones.append(
                        f"{title}, for {action.title} ({place.name}): due on {due.day} {due:%B %Y}"
                    )
    return overdue, milestones


@dataclass(frozen=True)
class SummaryRun:
    emails: int
    people: int


def send_weekly_summaries(*, session: Session, link_for: messages.LinkFor, today: date) -> SummaryRun:
    """One email to each person who has something to hear about: overdue updates and milestones due soon
    in the places where they are an officer, and the notices kept for those who chose a weekly summary.
    Anyone who chose never gets nothing. Run weekly (``cohesion send-reminders``)."""
    officer_places: dict[int, list[Place]] = defaultdict(list)
    for membership, place in session.exec(
        select(Membership, Place)
        .join(Place, col(Place.id) == col(Membership.place_id))
        .where(Membership.role == Role.officer.value)
        .order_by(col(Place.name))
    ).all():
        officer_places[membership.user_id].append(place)
    notices: dict[int, list[PendingNotice]] = defaultdict(list)
    for notice in session.exec(
        select(PendingNotice).where(col(PendingNotice.sent_at).is_(None)).order_by(col(PendingNotice.id))
    ).all():
        notices[notice.user_id].append(notice)
    place_lines: dict[int, tuple[list[str], list[str]]] = {}
    users = session.exec(
        select(User)
        .where(col(User.active).is_(True), User.notifications != NotificationPreference.none.value)
        .order_by(col(User.id))
    ).all()
    emails = 0
    for user in users:
        overdue: list[str] = []
        due_soon: list[str] = []
        for place in officer_places.get(user.id or 0, []):
            if place.id not in place_lines:
                place_lines[place.id or 0] = _place_lines(session, place, today)
            overdue += place_lines[place.id or 0][0]
            due_soon += place_lines[place.id or 0][1]
        kept = notices.get(user.id or 0, [])
        sections = [
            messages.DigestSection(heading, lines)
            for heading, lines in (
                ("Updates overdue", overdue),
                ("Milestones due in the next two weeks", due_soon),
                ("Review comments", [notice.text for notice in kept]),
            )
            if lines
        ]
        if not sections:
            continue
        message = messages.weekly_summary(
            name=user.name, sections=sections, settings_link=link_for("account.show")
        )
        queue_email(session=session, recipient=user.email, subject=message.subject, body=message.body)
        now = utcnow()
        for notice in kept:
            notice.sent_at = now
            session.add(notice)
        emails += 1
    session.flush()
    return SummaryRun(emails=emails, people=len(users))
