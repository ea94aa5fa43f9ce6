"""A real SMTP server on the loopback address (aiosmtpd), for tests that check the email the app sends."""

import re
import socket
import threading
from collections.abc import Iterator
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from app.config import Settings
from tests.conftest import TEST_SECRET


class Inbox:
    """What the server received, as parsed messages, in order."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.port = 0
        self._lock = threading.Lock()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = message_from_bytes(envelope.content, policy=default)
        assert isinstance(message, EmailMessage)
        with self._lock:
            self.messages.append(message)
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list[EmailMessage]:
        with self._lock:
            return [m for m in self.messages if m["To"] == address]

    def clear(self) -> None:
        with self._lock:
            self.messages.clear()


def body(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain",))
    assert part is not None
    return str(part.get_content()).replace("\r\n", "\n")


def first_link(message: EmailMessage) -> str:
    found = re.search(r"https?://\S+", body(message))
    assert found, body(message)
    return found.group(0)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="session")
def smtp_server() -> Iterator[Inbox]:
    inbox = Inbox()
    inbox.port = _free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=inbox.port)
    controller.start()
    yield inbox
    controller.stop()


@pytest.fixture
def inbox(smtp_server: Inbox) -> Inbox:
    smtp_server.clear()
    return smtp_server


def smtp_settings(inbox: Inbox, **extra: Any) -> Settings:
    return Settings(
        env="test",
        secret_key=TEST_SECRET,
        DATABASE_URL="sqlite://",
        base_url="http://testserver",
        email_backend="smtp",
        smtp_host="127.0.0.1",
        smtp_port=inbox.port,
        smtp_security="none",
        email_from="Cohesion Strategy Toolkit <toolkit@example.test>",
        **extra,
    )
