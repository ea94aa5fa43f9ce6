"""Each worker works on a few requests at once; the rest wait their turn, and one kept waiting too long is
told the service is busy."""

import asyncio
from pathlib import Path

import anyio
import anyio.to_thread
import httpx
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.types import Receive, Scope, Send

from app import capacity, db
from app.capacity import CapacityMiddleware


class _Work:
    """An app that counts the requests it is working on at once and finishes each when told to."""

    def __init__(self) -> None:
        self.now = 0
        self.most = 0
        self.go = asyncio.Event()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        self.now += 1
        self.most = max(self.most, self.now)
        if scope["path"] != "/healthz":
            await self.go.wait()
        self.now -= 1
        await PlainTextResponse("done")(scope, receive, send)


def _busy(request: Request) -> Response:
    return PlainTextResponse("busy", status_code=503, headers={"Retry-After": "30"})


def _client(app: CapacityMiddleware) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test")


def test_no_more_than_the_limit_are_worked_on_at_once_and_the_rest_wait_their_turn() -> None:
    async def scene() -> tuple[list[int], int]:
        work = _Work()
        async with _client(CapacityMiddleware(work, busy=_busy, at_once=3, wait=5)) as client:
            asked = [asyncio.create_task(client.get(f"/p/{n}/")) for n in range(12)]
            await asyncio.sleep(0.1)
            waiting_most = work.most
            work.go.set()
            answers = await asyncio.gather(*asked)
        assert waiting_most == 3
        return [answer.status_code for answer in answers], work.most

    statuses, most = asyncio.run(scene())
    assert statuses == [200] * 12
    assert most == 3


def test_a_request_kept_waiting_too_long_is_told_the_service_is_busy() -> None:
    async def scene() -> tuple[httpx.Response, httpx.Response, httpx.Response]:
        work = _Work()
        async with _client(CapacityMiddleware(work, busy=_busy, at_once=1, wait=0.2)) as client:
            first = asyncio.create_task(client.get("/places/"))
            await asyncio.sleep(0.05)
            turned_away = await client.get("/places/")
            health = await client.get("/healthz")  # not counted: answered while the place is taken
            work.go.set()
            await first
            later = await client.get("/places/")
        return turned_away, health, later

    turned_away, health, later = asyncio.run(scene())
    assert (turned_away.status_code, turned_away.headers["retry-after"]) == (503, "30")
    assert health.status_code == 200
    assert later.status_code == 200


def test_every_request_let_in_has_its_connections_and_a_thread(tmp_path: Path) -> None:
    # Two connections for each request at once, and fewer requests than threads: a request that has been
    # let in never waits for a connection or a thread held by one that has not.
    assert db.POOL_CONNECTIONS >= 2 * capacity.REQUESTS_AT_ONCE

    async def threads() -> float:
        return anyio.to_thread.current_default_thread_limiter().total_tokens

    assert anyio.run(threads) > capacity.REQUESTS_AT_ONCE
    for url in (f"sqlite:///{tmp_path / 'pooled.db'}", "postgresql+psycopg://nobody@127.0.0.1:1/none"):
        pool = db.make_engine(url).pool
        assert pool.size() + pool._max_overflow >= db.POOL_CONNECTIONS  # type: ignore[attr-defined]
