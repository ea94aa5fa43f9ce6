"""Notifications end to end through a real SMTP server: a new review comment tells the place's officers, a
resolved comment tells its author, and the weekly summary lists overdue updates, milestones due soon and
the comments kept for it. Each person chooses straight away, weekly or never."""

from datetime import date, timedelta

import pytest
from sqlmodel import Session, col, select

from app.config import Settings
from app.models import NotificationPreference, OutboundEmail, PendingNotice, ReviewComment, Role
from app.services.email import notifications, outbox
from app.services.email.messages import LinkFor
from tests.conftest import World
from tests.factories import make_membership, make_user
from tests.pages import check_page
from tests.smtp_inbox import Inbox, body, inbox, smtp_server, smtp_settings

__all__ = ["inbox", "smtp_server"]


@pytest.fixture
def settings(smtp_server: Inbox) -> Settings:
    return smtp_settings(smtp_server)


def _base(world: World) -> str:
    return f"/places/{world.place.slug}/strategies/{world.strategy.slug}"


def _comment_on_action(client_for, world: World, text: str = "Who will run the passes?") -> str:  # type: ignore[no-untyped-def]
    url = f"{_base(world)}/comments/on/action/{world.action.id}/"
    assert client_for("facilitator").post_form(url, {"body": text}).status_code == 303
    return url


def test_a_new_comment_tells_the_officers_and_resolving_it_tells_its_author(
    client_for, world: World, inbox: Inbox, session: Session
) -> None:
    second = make_user(session, email="second.officer@example.test", name="Sam Second")
    make_membership(session, user=second, place=world.place, role=Role.officer)
    session.commit()
    url = _comment_on_action(client_for, world)
    [message] = inbox.to("officer@example.test")
    assert message["Subject"] == f"New review comment on the action “{world.action.title}” (Northmoor)"
    assert message["From"] == "Cohesion Strategy Toolkit <toolkit@example.test>"
    text = body(message)
    assert f"Femi Facilitator commented on the action “{world.action.title}” in Northmoor:" in text
    assert "“Who will run the passes?”" in text
    assert f"http://testserver{url}" in text
    assert len(inbox.to("second.officer@example.test")) == 1
    assert inbox.to("facilitator@example.test") == [], "the author is not told of their own comment"
    assert inbox.to("councillor@example.test") == [] and inbox.to("other@example.test") == []

    comment = session.exec(select(ReviewComment)).one()
    session.refresh(comment)
    response = client_for("officer").post_form(
        f"{_base(world)}/comments/{comment.id}/resolve", {"version": str(comment.version)}
    )
    assert response.status_code == 303
    [resolved] = inbox.to("facilitator@example.test")
    assert (
        resolved["Subject"]
        == f"Your review comment on the action “{world.action.title}” was resolved (Northmoor)"
    )
    assert "Olu Officer resolved your comment" in body(resolved)
    assert session.exec(select(OutboundEmail).where(col(OutboundEmail.sent_at).is_(None))).all() == []


def test_weekly_and_never_hold_back_the_email(
    client_for, world: World, inbox: Inbox, session: Session
) -> None:
    officer = client_for("officer")
    page = check_page(officer.get("/account/notifications"))
    assert page.checked("notifications") == ["immediate"]
    assert officer.post_form("/account/notifications", {"notifications": "weekly"}).status_code == 303
    assert "In a weekly summary" in check_page(officer.get("/account/")).text("#details")
    _comment_on_action(client_for, world)
    assert inbox.to("officer@example.test") == []
    [kept] = session.exec(select(PendingNotice)).all()
    assert kept.text == f"Femi Facilitator commented on the action “{world.action.title}” in Northmoor"

    assert officer.post_form("/account/notifications", {"notifications": "none"}).status_code == 303
    _comment_on_action(client_for, world, "A second question")
    assert inbox.to("officer@example.test") == []
    assert len(session.exec(select(PendingNotice)).all()) == 1
    refused = check_page(officer.post_form("/account/notifications", {"notifications": "hourly"}))
    assert refused.errors == ["Select when should we email you about review comments?"]


def _links(name: str, **params: object) -> str:
    return f"http://testserver/{name}/" + "/".join(str(v) for v in params.values())


def test_weekly_summary_lists_overdue_updates_due_milestones_and_kept_comments(
    world: World, inbox: Inbox, session: Session, settings: Settings, session_factory
) -> None:
    today = date(2026, 11, 2)
    action = world.action
    action.milestones = [
        {"title": "Venue booked", "due": (today + timedelta(days=5)).isoformat(), "done": False},
        {"title": "Flyers printed", "due": (today + timedelta(days=3)).isoformat(), "done": True},
        {"title": "Evaluation", "due": (today + timedelta(days=60)).isoformat(), "done": False},
    ]
    session.add(action)
    officer = world.users["officer"]
    officer.notifications = NotificationPreference.weekly
    session.add(officer)
    # Only this officer hears: the place's other officers (the tension log's persona variants) choose never.
    for user in world.users.values():
        if user.id != officer.id:
            user.notifications = NotificationPreference.none
            session.add(user)
    notice = "Femi Facilitator commented on the action “X” in Northmoor"
    session.add(PendingNotice(user_id=officer.id, text=notice))  # type: ignore[arg-type]
    session.commit()
    link_for: LinkFor = _links
    run = notifications.send_weekly_summaries(session=session, link_for=link_for, today=today)
    session.commit()
    assert run.emails == 1
    delivery = outbox.deliver_pending(factory=session_factory, settings=settings)
    assert (delivery.sent, delivery.failed) == (1, 0)
    [summary] = inbox.to("officer@example.test")
    assert summary["Subject"] == "Your weekly summary from the Cohesion Strategy Toolkit"
    text = body(summary)
    assert f"Updates overdue\n- {action.title} (Northmoor): an update was due on 1 August 2026" in text
    assert (
        f"Milestones due in the next two weeks\n- Venue booked, for {action.title} (Northmoor): due on 7 November 2026"
        in text
    )
    assert "Flyers printed" not in text and "Evaluation" not in text
    assert "Review comments\n- Femi Facilitator commented on the action “X” in Northmoor" in text
    assert inbox.to("other@example.test") == [] and inbox.to("facilitator@example.test") == []
    # Kept notices go once.
    notifications.send_weekly_summaries(session=session, link_for=link_for, today=today)
    session.commit()
    outbox.deliver_pending(factory=session_factory, settings=settings)
    assert "Review comments" not in body(inbox.to("officer@example.test")[1])


def test_email_that_cannot_be_sent_waits_and_is_tried_again(
    world: World, inbox: Inbox, session: Session, session_factory, settings: Settings
) -> None:
    outbox.queue_email(session=session, recipient="officer@example.test", subject="Hello", body="Hello there")
    session.commit()
    unreachable = settings.model_copy(update={"smtp_port": 9})
    delivery = outbox.deliver_pending(factory=session_factory, settings=unreachable)
    assert (delivery.sent, delivery.failed) == (0, 1)
    row = session.exec(select(OutboundEmail)).one()
    session.refresh(row)
    assert row.sent_at is None and row.attempts == 1 and row.last_error
    # Not due again yet: nothing is sent twice by deliverers running close together.
    assert outbox.deliver_pending(factory=session_factory, settings=settings).sent == 0
    row.next_attempt_at = row.created_at
    session.add(row)
    session.commit()
    assert outbox.deliver_pending(factory=session_factory, settings=settings).sent == 1
    assert [m["Subject"] for m in inbox.to("officer@example.test")] == ["Hello"]


def test_a_request_that_rolls_back_sends_nothing(
    world: World, inbox: Inbox, session: Session, session_factory, settings: Settings
) -> None:
    outbox.queue_email(session=session, recipient="officer@example.test", subject="Never", body="Never sent")
    session.rollback()
    assert outbox.deliver_pending(factory=session_factory, settings=settings).sent == 0
    assert inbox.to("officer@example.test") == []


def test_a_reply_tells_the_conversation_and_the_officers_but_not_its_writer(
    client_for, world: World, inbox: Inbox, session: Session
) -> None:
    _comment_on_action(client_for, world)
    assert len(inbox.to("officer@example.test")) == 1
    comment = session.exec(select(ReviewComment)).one()
    response = client_for("officer").post_form(
        f"{_base(world)}/comments/{comment.id}/reply", {"body": "The youth service will."}
    )
    assert response.status_code == 303
    [reply] = inbox.to("facilitator@example.test")
    assert reply["Subject"] == f"New reply on the action “{world.action.title}” (Northmoor)"
    text = body(reply)
    assert (
        f"Olu Officer replied to a review comment on the action “{world.action.title}” in Northmoor:" in text
    )
    assert "“The youth service will.”" in text
    assert len(inbox.to("officer@example.test")) == 1, "the person replying is not told of their own reply"

    response = client_for("facilitator").post_form(
        f"{_base(world)}/comments/{comment.id}/reply", {"body": "Thank you."}
    )
    assert response.status_code == 303
    assert len(inbox.to("officer@example.test")) == 2
    assert len(inbox.to("facilitator@example.test")) == 1
    assert inbox.to("councillor@example.test") == [] and inbox.to("other@example.test") == []
