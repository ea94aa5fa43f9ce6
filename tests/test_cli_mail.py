"""``cohesion send-reminders``: the weekly summary for every officer, sent through a real SMTP server."""

from collections.abc import Iterator
from pathlib import Path

import pytest

from app import cli
from app.config import get_settings
from tests.smtp_inbox import Inbox, body, inbox, smtp_server

__all__ = ["inbox", "smtp_server"]


@pytest.fixture
def demo_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, inbox: Inbox) -> Iterator[str]:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    for name, value in {
        "DATABASE_URL": url,
        "COHESION_EMAIL_BACKEND": "smtp",
        "COHESION_SMTP_HOST": "127.0.0.1",
        "COHESION_SMTP_PORT": str(inbox.port),
        "COHESION_SMTP_SECURITY": "none",
        "COHESION_BASE_URL": "https://cohesion.example.test",
    }.items():
        monkeypatch.setenv(name, value)
    get_settings.cache_clear()
    assert cli.main(["migrate"]) == 0
    assert cli.main(["seed", "--demo"]) == 0
    yield url
    get_settings.cache_clear()


def test_send_reminders_emails_each_officer_their_summary(
    demo_database: str, inbox: Inbox, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    assert cli.main(["send-reminders", "--today", "2027-09-01"]) == 0
    out = capsys.readouterr().out
    assert "Sent " in out and "0 could not be sent" in out
    [summary] = inbox.to("officer@demo.test")
    text = body(summary)
    assert text.startswith("Hello ")
    assert "Updates overdue\n- " in text
    assert "https://cohesion.example.test/account/" in text
    assert inbox.to("councillor@demo.test") == [], "councillors are not officers"
    assert cli.main(["send-email"]) == 0
    assert len(inbox.to("officer@demo.test")) == 1, "nothing is sent twice"
