"""How many requests each worker works on at once; the rest wait their turn at the door.

A request may hold two database connections at once (its own session, and the short write that records a
download or the read that streams it), and between its dependencies and its route it holds them while it
waits for a thread. Without a limit, a burst of requests (fifty residents opening a page together, eight
councillors opening the strategy document) could take every connection and every thread between them: the
requests holding connections then wait for threads held by requests waiting for connections, and nothing
moves until the pool's wait runs out. So at most ``REQUESTS_AT_ONCE`` requests of a worker are let in at a
time, and the pool has two connections for each (``db.POOL_CONNECTIONS``), fewer than the threads
(AnyIO's 40): a request that is let in always gets its connections and its thread. One that waits longer
than ``DOOR_WAIT`` seconds is answered 503 with ``Retry-After``, as a request the pool cannot serve is.

The health check, the metrics and static files are not counted, so a load balancer still hears from a busy
worker. A request's body is read before it gets here (``body.RequestBodyMiddleware`` is outside this one),
so a client sending slowly holds no place.
"""

import asyncio
import logging
from collections.abc import Awaitable, Callable

from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Receive, Scope, Send

REQUESTS_AT_ONCE = 10
DOOR_WAIT = 30.0  # seconds
NOT_COUNTED = ("/healthz", "/metrics", "/static/")

logger = logging.getLogger("cohesion")

Busy = Callable[[Request], Response | Awaitable[Response]]


class CapacityMiddleware:
    def __init__(
        self, app: ASGIApp, *, busy: Busy, at_once: int = REQUESTS_AT_ONCE, wait: float = DOOR_WAIT
    ) -> None:
        self.app = app
        self.busy = busy
        self.at_once = at_once
        self.wait = wait
        self._loop: asyncio.AbstractEventLoop | None = None
        self._places = asyncio.Semaphore(at_once)

    def _places_here(self) -> asyncio.Semaphore:
        """The places of the running event loop: one loop in a server's worker; a test client may start
        others, and a semaphore belongs to the loop it was first waited on in."""
        loop = asyncio.get_running_loop()
        if loop is not self._loop:
            self._loop, self._places = loop, asyncio.Semaphore(self.at_once)
        return self._places

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = str(scope.get("path", "")).removeprefix(str(scope.get("root_path", "")))
        if scope["type"] != "http" or path.startswith(NOT_COUNTED):
            await self.app(scope, receive, send)
            return
        places = self._places_here()
        try:
            await asyncio.wait_for(places.acquire(), self.wait)
        except TimeoutError:
            request = Request(scope)
            logger.warning("Too busy for %s %s", request.method, request.url.path)
            answer = self.busy(request)
            response = await answer if isinstance(answer, Awaitable) else answer
            await response(scope, receive, send)
            return
        try:
            await self.app(scope, receive, send)
        finally:
            places.release()
