"""Commands of ``cohesion`` that send email: ``send-reminders`` (weekly) and ``send-email`` (the outbox)."""

import argparse
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine
from sqlalchemy.orm import sessionmaker
from sqlmodel import Session

from app.config import Settings, get_settings
from app.db import make_engine, make_session_factory, short_write

if TYPE_CHECKING:
    from app.services.email.outbox import Delivery


def _links(settings: Settings, engine: Engine) -> Callable[..., str]:
    from app.main import create_app
    from app.web import absolute_links

    # The app's routes give the links in the emails.
    return absolute_links(create_app(settings, engine=engine), settings.base_url)


def _deliver(factory: sessionmaker[Session], settings: Settings, link_for: Callable[..., str]) -> "Delivery":
    """Answer any password reset request still waiting, then send what is due in the outbox."""
    from app.services.accounts.passwords import answer_reset_requests
    from app.services.email.outbox import deliver_pending

    answer_reset_requests(factory=factory, link_for=link_for, settings=settings)
    return deliver_pending(factory=factory, settings=settings)


def cmd_send_reminders(args: argparse.Namespace) -> int:
    from app.services.email.notifications import send_weekly_summaries

    settings = get_settings()
    engine = make_engine(settings.database_url)
    try:
        factory = make_session_factory(engine)
        link_for = _links(settings, engine)
        today = date.fromisoformat(args.today) if args.today else date.today()
        with short_write(factory) as session:
            run = send_weekly_summaries(session=session, link_for=link_for, today=today)
        delivery = _deliver(factory, settings, link_for)
    finally:
        engine.dispose()
    print(f"Weekly summaries written for {run.emails} of {run.people} people.")
    print(f"Sent {delivery.sent} emails; {delivery.failed} could not be sent and will be tried again.")
    return 0 if delivery.failed == 0 else 1


def cmd_send_email(args: argparse.Namespace) -> int:
    settings = get_settings()
    engine = make_engine(settings.database_url)
    try:
        delivery = _deliver(make_session_factory(engine), settings, _links(settings, engine))
    finally:
        engine.dispose()
    print(f"Sent {delivery.sent} emails; {delivery.failed} could not be sent and will be tried again.")
    return 0 if delivery.failed == 0 else 1


def add_commands(commands: "argparse._SubParsersAction[Any]") -> None:
    reminders = commands.add_parser(
        "send-reminders",
        help="email each officer their weekly summary (overdue updates, milestones due soon, and review "
        "comments for those who chose a weekly summary), then send any email still waiting (run weekly)",
    )
    reminders.add_argument("--today", help="the day to write the summary for, as YYYY-MM-DD (default today)")
    reminders.set_defaults(func=cmd_send_reminders)
    outbox = commands.add_parser(
        "send-email",
        help="send email that is waiting, such as messages that failed before (run every few minutes)",
    )
    outbox.set_defaults(func=cmd_send_email)
