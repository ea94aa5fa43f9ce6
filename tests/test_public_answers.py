"""The residents' pages' answers kept in memory (app/public_answers.py), driven as ASGI with a page of our
own, so that what reaches the app while an answer is worked out again can be held and counted."""

import asyncio
from collections.abc import Iterator
from typing import Any

import pytest

from app import public_answers
from app.public_answers import PublicAnswerMiddleware
from app.security import PUBLIC_CACHE

PATH = "/p/brindle-vale/what-we-are-doing/"


class Page:
    """An app that answers the residents' page, with the validator it is given, and can be held open."""

    def __init__(self) -> None:
        self.calls = 0
        self.etag = '"one"'
        self.hold: asyncio.Event | None = None

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        self.calls += 1
        if self.hold is not None:
            await self.hold.wait()
        headers = dict(scope["headers"])
        if headers.get(b"if-none-match") == self.etag.encode():
            await send(
                {"type": "http.response.start", "status": 304, "headers": [(b"etag", self.etag.encode())]}
            )
            await send({"type": "http.response.body", "body": b""})
            return
        body = f"page {self.etag}".encode()
        await send(
            {
                "type": "http.response.start",
                "status": 200,
                "headers": [
                    (b"content-type", b"text/html; charset=utf-8"),
                    (b"content-length", str(len(body)).encode()),
                    (b"cache-control", PUBLIC_CACHE.encode()),
                    (b"etag", self.etag.encode()),
                    (b"last-modified", b"Fri, 04 Dec 2026 10:00:00 GMT"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})


async def _get(app: Any, headers: list[tuple[bytes, bytes]] | None = None) -> tuple[int, bytes]:
    scope = {
        "type": "http",
        "method": "GET",
        "path": PATH,
        "root_path": "",
        "query_string": b"",
        "headers": headers or [],
    }
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    await app(scope, receive, send)
    return sent[0]["status"], b"".join(m.get("body", b"") for m in sent[1:])


@pytest.fixture(autouse=True)
def _empty() -> Iterator[None]:
    public_answers.forget()
    yield
    public_answers.forget()


def test_while_one_request_works_a_page_out_again_the_others_are_given_the_answer_kept(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    page = Page()
    app = PublicAnswerMiddleware(page)

    async def scenario() -> None:
        assert await _get(app) == (200, b'page "one"')
        monkeypatch.setattr(public_answers, "FRESH_SECONDS", 0.0)  # the kept answer is now out of date
        page.hold, page.etag = asyncio.Event(), '"two"'
        refreshing = asyncio.create_task(_get(app))
        await asyncio.sleep(0)
        assert page.calls == 2, "one request goes through to the app"
        # Without the answer kept, these would wait behind the held request: a timeout, not a hang.
        others = await asyncio.wait_for(asyncio.gather(*(_get(app) for _ in range(20))), timeout=10)
        assert others == [(200, b'page "one"')] * 20, "the rest are given the answer kept, at once"
        assert page.calls == 2
        page.hold.set()
        assert await refreshing == (200, b'page "two"')
        page.hold = None
        assert await _get(app) == (200, b'page "two"'), "then the new answer, worked out once more"

    asyncio.run(scenario())


def test_a_failed_refresh_lets_the_next_request_try_again(monkeypatch: pytest.MonkeyPatch) -> None:
    page = Page()
    app = PublicAnswerMiddleware(page)

    async def broken(scope: Any, receive: Any, send: Any) -> None:
        page.calls += 1
        raise RuntimeError("the database went away")

    async def scenario() -> None:
        assert (await _get(app))[0] == 200
        monkeypatch.setattr(public_answers, "FRESH_SECONDS", 0.0)
        with pytest.raises(RuntimeError):
            await _get(PublicAnswerMiddleware(broken))
        assert page.calls == 2
        page.etag = '"two"'
        assert await _get(app) == (200, b'page "two"'), "not stuck giving the old answer"

    asyncio.run(scenario())


def test_a_304_to_the_refresh_keeps_the_answer_for_another_moment(monkeypatch: pytest.MonkeyPatch) -> None:
    page = Page()
    app = PublicAnswerMiddleware(page)

    async def scenario() -> None:
        assert (await _get(app))[0] == 200
        await asyncio.sleep(1.0)
        monkeypatch.setattr(public_answers, "FRESH_SECONDS", 0.0)
        assert await _get(app, [(b"if-none-match", b'"one"')]) == (304, b"")
        assert page.calls == 2
        # Kept a second ago and renewed just now: fresh only if the 304 renewed it.
        monkeypatch.setattr(public_answers, "FRESH_SECONDS", 0.8)
        assert await _get(app) == (200, b'page "one"')
        assert page.calls == 2, "the answer kept is good for another moment"

    asyncio.run(scenario())
