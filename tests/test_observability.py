"""Structured logs: one JSON object per line, each with the request's id, and never a secret or what residents
said: no voice text, password, API token, session cookie or query string."""

import io
import json
import logging
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from app.deps import SESSION_COOKIE
from app.observability import REQUEST_ID_HEADER, JsonFormatter, log_config
from app.services.accounts import api_tokens
from tests.conftest import World
from tests.factories import TEST_PASSWORD

VOICE_TEXT = "The Quillfeather Lane youth club keeps kids off the street"
WRONG_PASSWORD = "wrong-Kumquat-Password-991"
QUERY_SECRET = "QuerySecretMarmalade42"


class Captured:
    def __init__(self) -> None:
        self.stream = io.StringIO()

    @property
    def text(self) -> str:
        return self.stream.getvalue()

    def lines(self) -> list[dict[str, object]]:
        return [json.loads(line) for line in self.text.splitlines()]

    def access(self) -> list[dict[str, object]]:
        return [line for line in self.lines() if line["logger"] == "cohesion.access"]


@pytest.fixture
def logs() -> Iterator[Captured]:
    """What the app logs at INFO and above, formatted as ``cohesion serve`` formats it."""
    captured = Captured()
    handler = logging.StreamHandler(captured.stream)
    handler.setFormatter(JsonFormatter())
    app_logger = logging.getLogger("cohesion")
    level = app_logger.level
    app_logger.setLevel(logging.INFO)
    logging.getLogger().addHandler(handler)
    yield captured
    logging.getLogger().removeHandler(handler)
    app_logger.setLevel(level)


def test_logs_hold_no_voice_text_password_token_or_session(  # type: ignore[no-untyped-def]
    app, client_for, world: World, session: Session, logs: Captured
) -> None:
    officer = client_for("officer")
    session_token = officer.cookies[SESSION_COOKIE]
    add_voice = app.url_path_for(
        "listening.add_voice",
        place_slug=world.place.slug,
        strategy_slug=world.strategy.slug,
        exercise_id=str(world.exercise.id),
    )
    saved = officer.post_form(add_voice, {"text": VOICE_TEXT, "kind": "strength"})
    assert saved.status_code in (200, 303), saved.text
    refused = officer.post_form(add_voice, {"text": VOICE_TEXT, "kind": "no-such-kind"})
    assert refused.status_code == 400

    anonymous = client_for("anonymous")
    wrong = anonymous.post_form("/login", {"email": "officer@example.test", "password": WRONG_PASSWORD})
    assert wrong.status_code == 400
    right = anonymous.post_form("/login", {"email": "officer@example.test", "password": TEST_PASSWORD})
    assert right.status_code == 303
    new_session = right.cookies[SESSION_COOKIE]

    token = api_tokens.create_token(session=session, user=world.users["officer"], name="Logs test").secret
    session.commit()
    api = TestClient(app)
    assert api.get(app.url_path_for("api.places"), headers={"Authorization": f"Bearer {token}"}).is_success
    forged = "cst_ForgedTokenPumpernickel"
    assert (
        api.get(app.url_path_for("api.places"), headers={"Authorization": f"Bearer {forged}"}).status_code
        == 401
    )
    assert officer.get(f"/places/?search={QUERY_SECRET}").status_code == 200

    text = logs.text
    for secret in (
        VOICE_TEXT,
        "Quillfeather",
        WRONG_PASSWORD,
        TEST_PASSWORD,
        token,
        forged,
        session_token,
        new_session,
    ):
        assert secret not in text
    assert QUERY_SECRET not in text, "query strings are never logged"
    assert "csrf" not in text.lower()

    lines = logs.lines()
    assert lines, "the requests were logged"
    for line in lines:
        assert isinstance(line["request_id"], str) and line["request_id"]
        assert {"timestamp", "level", "logger", "message"} <= set(line)
    access = logs.access()
    assert [(a["method"], a["status"]) for a in access][:4] == [
        ("POST", saved.status_code),
        ("POST", 400),
        ("POST", 400),
        ("POST", 303),
    ]
    assert all(isinstance(a["duration_ms"], float) for a in access)
    assert access[-1]["path"] == "/places/"
    assert len({a["request_id"] for a in access}) == len(access), "every request has its own id"


def test_the_request_id_is_returned_and_a_sane_incoming_one_kept(
    client_for, world: World, logs: Captured
) -> None:  # type: ignore[no-untyped-def]
    officer = client_for("officer")
    made = officer.get("/places/")
    assert len(made.headers[REQUEST_ID_HEADER]) == 32
    kept = officer.get("/places/", headers={REQUEST_ID_HEADER: "lb-7f3a9c-0001"})
    assert kept.headers[REQUEST_ID_HEADER] == "lb-7f3a9c-0001"
    for insane in ("x" * 200, "id with spaces", "<script>"):
        replaced = officer.get("/places/", headers={REQUEST_ID_HEADER: insane})
        assert replaced.headers[REQUEST_ID_HEADER] != insane
    ids = [line["request_id"] for line in logs.access()]
    assert ids[:2] == [made.headers[REQUEST_ID_HEADER], "lb-7f3a9c-0001"]


def test_an_unexpected_error_is_logged_with_the_request_id(app, logs: Captured) -> None:  # type: ignore[no-untyped-def]
    def broken() -> None:
        raise RuntimeError("something broke")

    app.add_api_route("/broken-for-test", broken, name="broken_for_test")
    response = TestClient(app, raise_server_exceptions=False).get(
        "/broken-for-test?password=hunter2", headers={REQUEST_ID_HEADER: "trace-broken-0001"}
    )
    assert response.status_code == 500
    assert "something broke" not in response.text
    error = next(line for line in logs.lines() if line["level"] == "ERROR")
    assert error["request_id"] == "trace-broken-0001"
    assert "RuntimeError: something broke" in str(error["exception"])
    access = logs.access()
    assert access[-1]["status"] == 500 and access[-1]["request_id"] == "trace-broken-0001"
    assert "hunter2" not in logs.text


def test_the_serve_log_config_writes_json_and_drops_uvicorns_access_log() -> None:
    config = log_config()
    assert config["formatters"]["json"]["()"] == "app.observability.JsonFormatter"
    assert config["loggers"]["uvicorn.access"]["handlers"] == []
    record = logging.LogRecord("uvicorn.error", logging.INFO, __file__, 1, "Started %s", ("x",), None)
    line = json.loads(JsonFormatter().format(record))
    assert line["message"] == "Started x" and line["request_id"] is None
