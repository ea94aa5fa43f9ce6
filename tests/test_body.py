"""The request body is read whole, within its limits, before the app (and any transaction) starts."""

import asyncio
from typing import Any

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.types import Message, Receive, Scope, Send

from app.body import RequestBodyMiddleware
from tests.reliability import run_async


class Recorder:
    """The app behind the middleware: notes whether it ran and what body it was given."""

    def __init__(self) -> None:
        self.called = False
        self.body = b""
        self.parts = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        self.called = True
        while True:
            message = await receive()
            self.body += message.get("body", b"")
            self.parts += 1
            if not message.get("more_body", False):
                break
        await PlainTextResponse("ok")(scope, receive, send)


def _refuse(request: Request, status: int) -> Response:
    return PlainTextResponse(f"refused {status}", status_code=status)


def _middleware(app: Recorder, **options: Any) -> RequestBodyMiddleware:
    settings: dict[str, Any] = {"refuse": _refuse, "max_form_bytes": 1000, "max_upload_bytes": 5000}
    settings.update(options)
    return RequestBodyMiddleware(app, **settings)


def _scope(method: str = "POST", headers: dict[str, str] | None = None) -> Scope:
    return {
        "type": "http",
        "method": method,
        "path": "/form",
        "query_string": b"",
        "headers": [(k.lower().encode(), v.encode()) for k, v in (headers or {}).items()],
        "state": {},
    }


def _run(
    middleware: RequestBodyMiddleware, scope: Scope, parts: list[bytes], delay: float = 0.0
) -> tuple[int, int]:
    """Send ``parts`` (``delay`` seconds apart); return the status answered and how many parts were read."""
    sent: list[Message] = []
    read = 0

    async def receive() -> Message:
        nonlocal read
        if read >= len(parts):
            await asyncio.sleep(3600)
        if delay:
            await asyncio.sleep(delay)
        read += 1
        return {"type": "http.request", "body": parts[read - 1], "more_body": read < len(parts)}

    async def send(message: Message) -> None:
        sent.append(message)

    run_async(middleware(scope, receive, send))
    start = next(m for m in sent if m["type"] == "http.response.start")
    return int(start["status"]), read


def test_a_body_is_read_whole_then_replayed_to_the_app() -> None:
    app = Recorder()
    body = [b"a" * 300, b"b" * 300, b"c" * 100]
    status, _read = _run(_middleware(app), _scope(headers={"content-length": "700"}), body)
    assert status == 200
    assert app.body == b"".join(body)


def test_a_large_upload_is_replayed_in_parts_from_the_spool() -> None:
    app = Recorder()
    middleware = _middleware(app, max_upload_bytes=300_000)
    headers = {"content-type": "multipart/form-data; boundary=x"}
    status, _read = _run(middleware, _scope(headers=headers), [b"z" * 100_000] * 2)
    assert status == 200
    assert app.body == b"z" * 200_000 and app.parts > 1


def test_a_declared_length_over_the_limit_is_refused_before_reading() -> None:
    app = Recorder()
    status, read = _run(_middleware(app), _scope(headers={"content-length": "1001"}), [b"x" * 1001])
    assert (status, read, app.called) == (413, 0, False)


def test_uploads_have_their_own_larger_limit() -> None:
    app = Recorder()
    headers = {"content-type": "multipart/form-data; boundary=x", "content-length": "4000"}
    status, _read = _run(_middleware(app), _scope(headers=headers), [b"x" * 4000])
    assert status == 200 and app.called
    headers["content-length"] = "5001"
    assert _run(_middleware(Recorder()), _scope(headers=headers), [b"x" * 5001])[0] == 413


def test_a_body_without_a_length_is_cut_off_at_the_limit() -> None:
    app = Recorder()
    status, read = _run(_middleware(app), _scope(), [b"x" * 600, b"x" * 600, b"x" * 600])
    assert (status, read, app.called) == (413, 2, False)


def test_a_garbled_length_is_a_bad_request() -> None:
    app = Recorder()
    status, _read = _run(_middleware(app), _scope(headers={"content-length": "12abc"}), [b"x"])
    assert (status, app.called) == (400, False)


def test_a_client_that_pauses_too_long_is_answered_408_and_the_app_never_starts() -> None:
    app = Recorder()
    middleware = _middleware(app, idle_timeout=0.05)
    status, _read = _run(middleware, _scope(headers={"content-length": "3"}), [b"a", b"b", b"c"], delay=0.2)
    assert (status, app.called) == (408, False)


def test_a_trickle_is_cut_off_at_its_time_allowance_though_each_part_is_prompt() -> None:
    app = Recorder()
    middleware = _middleware(app, idle_timeout=1.0, base_timeout=0.3, min_rate=1_000_000)
    parts = [b"x"] * 50
    status, read = _run(middleware, _scope(headers={"content-length": "50"}), parts, delay=0.02)
    assert (status, app.called) == (408, False)
    assert read < 50


def test_safe_methods_pass_straight_through() -> None:
    app = Recorder()
    status, _read = _run(_middleware(app), _scope("GET", {"content-length": "5000"}), [b""])
    assert status == 200 and app.called
