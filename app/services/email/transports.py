"""How an email leaves: through an SMTP relay, through GOV.UK Notify, or (in development) into the log."""

import logging
import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid, parseaddr

from notifications_python_client.notifications import NotificationsAPIClient

from app.config import Settings

logger = logging.getLogger("cohesion.email")


@dataclass(frozen=True)
class Email:
    recipient: str
    subject: str
    body: str


class EmailNotConfigured(Exception):
    """The settings name a way to send email without what it needs."""


def send(email: Email, settings: Settings) -> None:
    """Send one email the way the settings say; raises on any failure, so the outbox tries again later."""
    if settings.email_backend == "smtp":
        _send_smtp(email, settings)
    elif settings.email_backend == "notify":
        _send_notify(email, settings)
    else:
        logger.info("Email to %s: %s\n%s", email.recipient, email.subject, email.body)


def _send_smtp(email: Email, settings: Settings) -> None:
    message = EmailMessage()
    message["From"] = settings.email_from
    message["To"] = email.recipient
    message["Subject"] = email.subject
    message["Date"] = formatdate(localtime=False)
    domain = parseaddr(settings.email_from)[1].rpartition("@")[2] or "localhost"
    message["Message-ID"] = make_msgid(domain=domain)
    message.set_content(email.body)
    context = ssl.create_default_context()
    timeout = settings.smtp_timeout_seconds
    if settings.smtp_security == "ssl":
        client: smtplib.SMTP = smtplib.SMTP_SSL(
            settings.smtp_host, settings.smtp_port, timeout=timeout, context=context
        )
    else:
        client = smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=timeout)
    with client:
        if settings.smtp_security == "starttls":
            client.starttls(context=context)
        if settings.smtp_username:
            client.login(settings.smtp_username, settings.smtp_password or "")
        client.send_message(message)


def _send_notify(email: Email, settings: Settings) -> None:
    """GOV.UK Notify sends from a template: one with a ((subject)) and a ((body)) placeholder carries every
    message the toolkit writes."""
    if not settings.notify_api_key or not settings.notify_template_id:
        raise EmailNotConfigured("Set COHESION_NOTIFY_API_KEY and COHESION_NOTIFY_TEMPLATE_ID")
    client = NotificationsAPIClient(settings.notify_api_key, base_url=settings.notify_base_url)  # type: ignore[no-untyped-call]
    client.send_email_notification(  # type: ignore[no-untyped-call]
        email_address=email.recipient,
        template_id=settings.notify_template_id,
        personalisation={"subject": email.subject, "body": email.body},
    )
