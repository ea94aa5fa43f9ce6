"""Residents' pages answered from memory for a moment, before routing, sessions or the database.

A residents' page is the same for every reader (it is built from published editions only, sets no cookie
and says ``PUBLIC_CACHE`` itself), so each worker keeps the last answer it gave for each address, with its
validator, and gives it again, or 304 when the reader's copy matches, for ``FRESH_SECONDS``. After that one
request goes through the app, whose validator query decides again, while the others arriving meanwhile
are still given the answer kept (so fifty readers arriving together cost one page, not fifty). So a reader
sees a newly published edition at most ``FRESH_SECONDS`` plus one page's time late; in the worker that
published it, sooner, because a change to what the validator is made of (an edition, a strategy, the
public page settings or wording) empties the store when it is flushed. 304s, errors and streamed bodies
are never kept; a 304 to the refreshing request with the kept answer's validator keeps it for another
``FRESH_SECONDS``.

This sits inside the security middleware, so the security headers go on every answer as on any other.
"""

import threading
import time
from dataclasses import dataclass, replace
from email.utils import parsedate_to_datetime
from typing import Any, Final

from cachetools import LRUCache
from sqlalchemy import event
from sqlalchemy.orm import Session as OrmSession
from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.models import Area, Edition, PublicPage, PublicText, Strategy
from app.security import PUBLIC_CACHE, PUBLIC_PREFIX

FRESH_SECONDS: Final = 1.0
KEPT: Final = 1024  # addresses each worker keeps (each part of each place's pages, in both languages)
# What a residents' page is built from, beyond the day: a flush that changes one of these empties the store.
VALIDATED_BY: Final = (Edition, Strategy, PublicPage, PublicText, Area)


@dataclass(frozen=True)
class Answer:
    headers: list[tuple[bytes, bytes]]
    body: bytes
    etag: str
    last_modified: str
    route: Any  # the matched route, so that the metrics name the page as when it is worked out
    kept_at: float


Key = tuple[str, str, bytes]
_ANSWERS: LRUCache[Key, Answer] = LRUCache(maxsize=KEPT)
_REFRESHING: set[Key] = set()  # addresses whose kept answer one request is working out again
_LOCK = threading.Lock()


def forget() -> None:
    with _LOCK:
        _ANSWERS.clear()


@event.listens_for(OrmSession, "after_flush")
def _forget_on_change(session: OrmSession, _context: Any) -> None:
    changed = (*session.new, *session.dirty, *session.deleted)
    if any(isinstance(instance, VALIDATED_BY) for instance in changed):
        forget()


def _renew(key: Key, etag: str) -> None:
    """The app found the kept answer still current (it answered 304 with the same validator)."""
    with _LOCK:
        kept = _ANSWERS.get(key)
        if kept is not None and kept.etag == etag:
            _ANSWERS[key] = replace(kept, kept_at=time.monotonic())


def _still_good(headers: Headers, answer: Answer) -> bool:
    """The reader's copy is the page (the same test the page's route makes)."""
    match = headers.get("if-none-match")
    if match is not None:
        return answer.etag in {tag.strip() for tag in match.split(",")} or match.strip() == "*"
    since = headers.get("if-modified-since")
    if since:
        try:
            return parsedate_to_datetime(since) >= parsedate_to_datetime(answer.last_modified)
        except (TypeError, ValueError):
            return False
    return False


class PublicAnswerMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        root = str(scope.get("root_path", ""))
        if (
            scope["type"] != "http"
            or scope["method"] != "GET"
            or not scope["path"].removeprefix(root).startswith(PUBLIC_PREFIX)
        ):
            await self.app(scope, receive, send)
            return
        key: Key = (root, scope["path"], bytes(scope.get("query_string", b"")))
        with _LOCK:
            answer = _ANSWERS.get(key)
            fresh = answer is not None and time.monotonic() - answer.kept_at < FRESH_SECONDS
            refreshing = key in _REFRESHING
            if not fresh and not refreshing:
                _REFRESHING.add(key)
        if answer is not None and (fresh or refreshing):
            await self._give(scope, send, answer)
            return
        try:
            await self.app(scope, receive, self._keeping(scope, send, key))
        finally:
            if not refreshing:
                with _LOCK:
                    _REFRESHING.discard(key)

    @staticmethod
    async def _give(scope: Scope, send: Send, answer: Answer) -> None:
        scope["route"] = answer.route
        if _still_good(Headers(scope=scope), answer):
            headers = [(n, v) for n, v in answer.headers if n not in (b"content-length", b"content-type")]
            await send({"type": "http.response.start", "status": 304, "headers": headers})
            await send({"type": "http.response.body", "body": b""})
            return
        await send({"type": "http.response.start", "status": 200, "headers": list(answer.headers)})
        await send({"type": "http.response.body", "body": answer.body})

    @staticmethod
    def _keeping(scope: Scope, send: Send, key: Key) -> Send:
        started: dict[str, Any] = {}

        async def keep(message: Message) -> None:
            if message["type"] == "http.response.start":
                started.update(message)
            elif message["type"] == "http.response.body" and not message.get("more_body", False):
                headers = Headers(raw=started.get("headers", []))
                etag, last_modified = headers.get("etag"), headers.get("last-modified")
                body = bytes(message.get("body", b""))
                if started.get("status") == 304 and etag:
                    _renew(key, etag)
                elif (
                    started.get("status") == 200
                    and headers.get("cache-control") == PUBLIC_CACHE
                    and "set-cookie" not in headers
                    and etag
                    and last_modified
                    and headers.get("content-length") == str(len(body))
                ):
                    answer = Answer(
                        headers=list(started["headers"]),
                        body=body,
                        etag=etag,
                        last_modified=last_modified,
                        route=scope.get("route"),
                        kept_at=time.monotonic(),
                    )
                    with _LOCK:
                        _ANSWERS[key] = answer
            await send(message)

        return keep
