"""Read and size-check a request's whole body before the app sees the request.

A request that changes something opens a write transaction (SQLite's write lock; a PostgreSQL pool
connection). If the app began before the body had arrived, one client sending a body a byte a second would
hold that transaction for as long as it liked, and every other save and sign-in would wait behind it. So
this middleware reads the body before any route or dependency runs:

- a ``Content-Length`` above the limit is refused at once (413), before a byte is read;
- the body is read into a spooled file (memory up to ``SPOOL_IN_MEMORY``, then a temporary file), refused
  (413) as soon as it passes the limit, and refused (408) if the client pauses longer than ``idle_timeout``
  between parts or takes longer than its time allowance in all;
- only then is the app called, with the body replayed from the spool.

Limits: forms ``max_form_bytes``; multipart uploads ``max_upload_bytes``. The allowance for the whole body
is ``base_timeout`` plus the time its size takes at ``min_rate`` bytes a second, so a large file on a slow
line still arrives, while a trickle of a few bytes is cut off.
"""

import asyncio
import tempfile
import time
from collections.abc import Awaitable, Callable
from typing import IO, Any

from starlette.datastructures import Headers
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
SPOOL_IN_MEMORY = 1024 * 1024
REPLAY_CHUNK = 64 * 1024

Refusal = Callable[[Request, int], Response | Awaitable[Response]]


class BodyRefused(Exception):
    def __init__(self, status: int) -> None:
        super().__init__(status)
        self.status = status


class RequestBodyMiddleware:
    def __init__(
        self,
        app: ASGIApp,
        *,
        refuse: Refusal,
        max_form_bytes: int,
        max_upload_bytes: int,
        idle_timeout: float = 15.0,
        base_timeout: float = 30.0,
        min_rate: float = 32 * 1024,
    ) -> None:
        self.app = app
        self.refuse = refuse
        self.max_form_bytes = max_form_bytes
        self.max_upload_bytes = max_upload_bytes
        self.idle_timeout = idle_timeout
        self.base_timeout = base_timeout
        self.min_rate = min_rate

    def limit_for(self, headers: Headers) -> int:
        if headers.get("content-type", "").startswith("multipart/form-data"):
            return self.max_upload_bytes
        return self.max_form_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in SAFE_METHODS:
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        limit = self.limit_for(headers)
        declared = headers.get("content-length")
        try:
            if declared is not None and (not declared.isdigit() or int(declared) > limit):
                raise BodyRefused(413 if declared.isdigit() else 400)
            expected = int(declared) if declared is not None else limit
            spool = await self._read(receive, limit, self.base_timeout + expected / self.min_rate)
        except BodyRefused as refused:
            await self._send_refusal(scope, send, refused.status)
            return
        if spool is None:  # the client went away
            return
        with spool:
            await self.app(scope, _replay(spool, receive), send)

    async def _read(self, receive: Receive, limit: int, allowance: float) -> IO[bytes] | None:
        spool: IO[bytes] = tempfile.SpooledTemporaryFile(max_size=SPOOL_IN_MEMORY)  # noqa: SIM115
        deadline = time.monotonic() + allowance
        size = 0
        try:
            while True:
                wait = min(self.idle_timeout, deadline - time.monotonic())
                if wait <= 0:
                    raise BodyRefused(408)
                try:
                    message = await asyncio.wait_for(receive(), timeout=wait)
                except TimeoutError:
                    raise BodyRefused(408) from None
                if message["type"] == "http.disconnect":
                    spool.close()
                    return None
                chunk: bytes = message.get("body", b"")
                size += len(chunk)
                if size > limit:
                    raise BodyRefused(413)
                spool.write(chunk)
                if not message.get("more_body", False):
                    break
        except BaseException:
            spool.close()
            raise
        spool.seek(0)
        return spool

    async def _send_refusal(self, scope: Scope, send: Send, status: int) -> None:
        response = self.refuse(Request(scope), status)
        if not isinstance(response, Response):
            response = await response
        # The rest of the body is not read: tell the client this connection is finished.
        response.headers["Connection"] = "close"

        async def nothing_more() -> Message:
            return {"type": "http.disconnect"}

        await response(scope, nothing_more, send)


def _replay(spool: IO[bytes], receive: Receive) -> Receive:
    """The body again, from the spool, in parts; after it, whatever the client sends next (a disconnect)."""
    done = False

    async def replayed() -> Message:
        nonlocal done
        if done:
            return await receive()
        chunk = spool.read(REPLAY_CHUNK)
        more = len(chunk) == REPLAY_CHUNK
        if not more:
            done = True
        message: dict[str, Any] = {"type": "http.request", "body": chunk, "more_body": more}
        return message  # type: ignore[return-value]

    return replayed
