"""Email through GOV.UK Notify: the official client posts each message to Notify's API, signed with the
service's key. Notify itself is not reachable from the tests, so a local HTTP server stands in for it and
checks what a real Notify would: the path, the signed token for this service, and the template's fields."""

import json
import threading
import uuid
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import jwt
import pytest

from app.config import Settings
from app.services.email.transports import Email, EmailNotConfigured, send

SERVICE_ID = str(uuid.uuid4())
SECRET = str(uuid.uuid4())
TEMPLATE_ID = str(uuid.uuid4())


class NotifyStandIn(BaseHTTPRequestHandler):
    received: list[dict[str, Any]] = []

    def do_POST(self) -> None:
        length = int(self.headers["Content-Length"])
        payload = json.loads(self.rfile.read(length))
        token = self.headers["Authorization"].removeprefix("Bearer ")
        claims = jwt.decode(token, SECRET, algorithms=["HS256"])
        NotifyStandIn.received.append({"path": self.path, "issuer": claims["iss"], "payload": payload})
        body = json.dumps({"id": str(uuid.uuid4())}).encode()
        self.send_response(201)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        return


@pytest.fixture
def notify() -> Iterator[str]:
    NotifyStandIn.received = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), NotifyStandIn)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_an_email_goes_to_notify_through_one_template(notify: str) -> None:
    settings = Settings(
        env="test",
        DATABASE_URL="sqlite://",
        email_backend="notify",
        notify_api_key=f"cohesion_test-{SERVICE_ID}-{SECRET}",
        notify_template_id=TEMPLATE_ID,
        notify_base_url=notify,
    )
    send(Email(recipient="officer@example.test", subject="Hello", body="Line one\n\nLine two"), settings)
    assert NotifyStandIn.received == [
        {
            "path": "/v2/notifications/email",
            "issuer": SERVICE_ID,
            "payload": {
                "email_address": "officer@example.test",
                "template_id": TEMPLATE_ID,
                "personalisation": {"subject": "Hello", "body": "Line one\n\nLine two"},
            },
        }
    ]


def test_notify_without_its_settings_is_refused() -> None:
    settings = Settings(env="test", DATABASE_URL="sqlite://", email_backend="notify")
    with pytest.raises(EmailNotConfigured):
        send(Email(recipient="a@example.test", subject="s", body="b"), settings)
