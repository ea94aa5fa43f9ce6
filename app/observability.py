"""Structured logs, a request id on every request, and request metrics in Prometheus format.

Every log line is one JSON object (timestamp, level, logger, message, request_id; access lines add method,
path, status and duration_ms). Logs never carry query strings, form bodies, cookies or headers, so voice
text, passwords, session cookies and API tokens cannot reach them.

Metrics are kept with prometheus_client. Under ``cohesion serve`` it runs in multiprocess mode: every worker
writes its counts to files in ``PROMETHEUS_MULTIPROC_DIR`` and a scrape adds up every worker's files, so
whichever worker answers, the totals are for the whole server. Without that directory (tests, a bare
``uvicorn app.asgi:app``) each app counts for itself.
"""

import json
import logging
import os
import re
import time
import uuid
from collections.abc import Iterable
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.multiprocess import MultiProcessCollector
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

REQUEST_ID_HEADER = "X-Request-ID"
REQUEST_ID: ContextVar[str | None] = ContextVar("request_id", default=None)
_SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")
_ACCESS_FIELDS = ("method", "path", "status", "duration_ms")
# Headers a proxy adds: a request carrying any of them did not come straight from this machine.
PROXY_HEADERS = frozenset(
    {"x-forwarded-for", "x-forwarded-host", "x-forwarded-proto", "x-real-ip", "forwarded"}
)
LOCAL_HOSTS = frozenset({"127.0.0.1", "::1"})

access_logger = logging.getLogger("cohesion.access")


class JsonFormatter(logging.Formatter):
    """One JSON object per line, with the id of the request being served (null outside a request)."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "timestamp": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", None) or REQUEST_ID.get(),
        }
        for name in _ACCESS_FIELDS:
            if hasattr(record, name):
                line[name] = getattr(record, name)
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)


def log_config(level: str = "INFO") -> dict[str, Any]:
    """The logging set-up for ``cohesion serve`` (uvicorn applies it in every worker). Uvicorn's own access
    log is off: it would print query strings; the middleware below writes the access lines instead."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": f"{__name__}.JsonFormatter"}},
        "handlers": {
            "stderr": {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stderr"}
        },
        "loggers": {
            "uvicorn": {"handlers": ["stderr"], "level": level, "propagate": False},
            "uvicorn.access": {"handlers": [], "level": "WARNING", "propagate": False},
            "cohesion": {"handlers": ["stderr"], "level": level, "propagate": False},
        },
        "root": {"handlers": ["stderr"], "level": "WARNING"},
    }


# Seconds; the upper bounds of the latency histogram's buckets.
BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


class Metrics:
    """Request counts by route name and status class, and a latency histogram by route name."""

    def __init__(self) -> None:
        # A registry of its own, so that every app (each test's) starts from zero.
        self.registry = CollectorRegistry()
        self._requests = Counter(
            "cohesion_http_requests",
            "HTTP requests answered, by route and status class.",
            ["route", "status"],
            registry=self.registry,
        )
        self._duration = Histogram(
            "cohesion_http_request_duration_seconds",
            "Time taken to answer, by route.",
            ["route"],
            buckets=BUCKETS,
            registry=self.registry,
        )

    def observe(self, *, route: str, status: int, seconds: float) -> None:
        self._requests.labels(route=route, status=f"{status // 100}xx").inc()
        self._duration.labels(route=route).observe(seconds)

    def render(self) -> str:
        """The Prometheus text exposition format (version 0.0.4): every worker's counts added up when
        the workers share a multiprocess directory, else this app's own."""
        directory = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
        if not directory:
            return generate_latest(self.registry).decode()
        workers = CollectorRegistry()
        MultiProcessCollector(workers, path=directory)  # type: ignore[no-untyped-call]  # untyped upstream
        return generate_latest(workers).decode()


def _route_name(scope: Scope) -> str:
    """The matched route's name ("places.show"), never the raw path, so the number of series stays small."""
    route = scope.get("route")
    name = getattr(route, "name", None)
    return name if isinstance(name, str) and name else "unmatched"


def _incoming_request_id(scope: Scope) -> str | None:
    for key, value in scope.get("headers", ()):
        if key == b"x-request-id":
            candidate = value.decode("latin-1")
            return candidate if _SANE_REQUEST_ID.fullmatch(candidate) else None
    return None


class RequestMiddleware:
    """Gives each request an id (a sane incoming X-Request-ID, or a new one), returns it in the response,
    writes one access line and counts the request in the metrics."""

    def __init__(self, app: ASGIApp, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = _incoming_request_id(scope) or uuid.uuid4().hex
        # Not reset on an error: the app's exception handler logs outside this middleware, in this task.
        token = REQUEST_ID.set(request_id)
        scope.setdefault("state", {})["request_id"] = request_id
        status = 500
        started = time.perf_counter()

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                MutableHeaders(scope=message)[REQUEST_ID_HEADER] = request_id
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            seconds = time.perf_counter() - started
            self.metrics.observe(route=_route_name(scope), status=status, seconds=seconds)
            access_logger.info(
                "%s %s %s",
                scope["method"],
                scope["path"],
                status,
                extra={
                    "method": scope["method"],
                    "path": scope["path"],
                    "status": status,
                    "duration_ms": round(seconds * 1000, 1),
                },
            )
        REQUEST_ID.reset(token)


def may_read_metrics(*, client_host: str | None, header_names: Iterable[str], is_admin: bool) -> bool:
    """Metrics are for administrators, or for a scraper on this machine talking to the app directly (not
    through a proxy, which would make every outside request look local)."""
    if is_admin:
        return True
    return client_host in LOCAL_HOSTS and not PROXY_HEADERS & {name.lower() for name in header_names}
