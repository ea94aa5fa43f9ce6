"""Commands of ``cohesion`` that send email: ``send-reminders`` (weekly) and ``send-email`` (the outbox)."""

import argparse
from datetime import date
from typing import Any

from app.config import get_settings
from app.db import make_engine, make_session_factory, short_write


def cmd_send_reminders(args: argparse.Namespace) -> int:
    from app.main import create_app
    from app.services.email.notifications import send_weekly_summaries
    from app.services.email.outbox import deliver_pending
    from app.web import absolute_links

    settings = get_settings()
    engine = make_engine(settings.database_url)
    try:
        factory = make_session_factory(engine)
        # The app's routes give the links in the emails.
        link_for = absolute_links(create_app(settings, engine=engine), settings.base_url)
        today = date.fromisoformat(args.today) if args.today else date.today()
        with short_write(factory) as session:
            run = send_weekly_summaries(session=session, link_for=link_for, today=today)
        delivery = deliver_pending(factory=factory, settings=settings)
    finally:
        engine.dispose()
    print(f"Weekly summaries written for {run.emails} of {run.people} people.")
    print(f"Sent {delivery.sent} emails; {delivery.failed} could not be sent and will be tried again.")
    return 0 if delivery.failed == 0 else 1


def cmd_send_email(args: argparse.Namespace) -> int:
    from app.services.email.outbox import deliver_pending

    settings = get_settings()
    engine = make_engine(settings.database_url)
    try:
        delivery = deliver_pending(factory=make_session_factory(engine), settings=settings)
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
