"""Shared pieces of the load and crash tests: a database with a place and officers, a real server, real clients.

The server is started as in production (uvicorn with several worker processes) on a fresh database: a SQLite
file, or a PostgreSQL database next to the test database (created if missing, emptied first)."""

import asyncio
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import httpx
import pytest
from sqlalchemy import Engine
from sqlalchemy.engine import make_url
from sqlmodel import Session

from app.config import ROOT
from app.db import make_engine
from app.models import Role
from tests.conftest import ensure_database, migrate, require_postgres, reset_postgres
from tests.factories import (
    TEST_PASSWORD,
    make_exercise,
    make_membership,
    make_place,
    make_priority,
    make_strategy,
    make_struggle,
    make_user,
)

T = TypeVar("T")
OFFICERS = 4
CSRF_FIELD = re.compile(r'name="csrf_token" value="([^"]+)"')
VERSION_FIELD = re.compile(r'name="version" value="(\d+)"')


@dataclass(frozen=True)
class Scene:
    url: str  # database URL
    place_slug: str
    strategy_slug: str
    struggle_id: int
    priority_id: int
    exercise_id: int
    emails: list[str]


def fresh_database(kind: str, tmp_path: Path, name: str) -> str:
    if kind == "sqlite":
        return f"sqlite:///{tmp_path / (name + '.db')}"
    base = require_postgres()
    url = ensure_database(base, f"{make_url(base).database}_{name}")
    engine = make_engine(url)
    reset_postgres(engine)
    engine.dispose()
    return url


def build_scene(url: str) -> Scene:
    engine = make_engine(url)
    try:
        migrate(engine)
        with Session(engine) as session:
            place = make_place(session, slug="loadham", name="Loadham")
            users = [
                make_user(session, email=f"officer{i}@loadham.test", name=f"Officer {i}")
                for i in range(OFFICERS)
            ]
            for user in users:
                make_membership(session, user=user, place=place, role=Role.officer)
            strategy = make_strategy(session, place=place, actor=users[0])
            struggle = make_struggle(session, strategy=strategy, actor=users[0], areas=[], themes=[])
            priority = make_priority(session, strategy=strategy, actor=users[0], struggles=[struggle])
            exercise = make_exercise(session, strategy=strategy, actor=users[0])
            session.commit()
            return Scene(
                url=url,
                place_slug=place.slug,
                strategy_slug=strategy.slug,
                struggle_id=struggle.id,  # type: ignore[arg-type]
                priority_id=priority.id,  # type: ignore[arg-type]
                exercise_id=exercise.id,  # type: ignore[arg-type]
                emails=[u.email for u in users],
            )
    finally:
        engine.dispose()


def engine_for(scene: Scene) -> Engine:
    return make_engine(scene.url)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - our own local server
            return bool(response.status == 200)
    except (urllib.error.URLError, OSError):
        return False


@dataclass
class Server:
    base_url: str
    process: subprocess.Popen[bytes]
    log: Path

    def kill(self) -> None:
        """SIGKILL the whole process group: the supervisor and every worker, with no chance to clean up."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)


@contextmanager
def running_server(
    url: str, tmp_path: Path, *, workers: int = 2, cli: bool = False, env: dict[str, str] | None = None
) -> Iterator[Server]:
    """A server on a free port: bare uvicorn, or with ``cli`` the ``cohesion serve`` command as deployed."""
    port = _free_port()
    base_url = f"http://127.0.0.1:{port}"
    log = tmp_path / f"server-{port}.log"
    env = {**os.environ, "DATABASE_URL": url, "COHESION_ENV": "test", "PYTHONUNBUFFERED": "1", **(env or {})}
    command = ["app.cli", "serve"] if cli else ["uvicorn", "app.asgi:app"]
    with log.open("wb") as out:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                *command,
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--workers",
                str(workers),
            ],
            cwd=ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, so a kill reaches every worker
        )
        server = Server(base_url=base_url, process=process, log=log)
        try:
            deadline = time.monotonic() + 30
            while not _healthy(f"{base_url}/healthz"):
                if process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"server did not start:\n{log.read_text(errors='replace')}")
                time.sleep(0.2)
            yield server
        finally:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
                try:
                    process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)
                    process.wait()


def run_async(coroutine: Coroutine[Any, Any, T]) -> T:
    """Run a coroutine to the end in a thread of its own: the browser tests' Playwright keeps an event loop
    running in the main thread for the whole session, and asyncio.run refuses to start inside it."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


async def signed_in_client(base_url: str, email: str) -> tuple[httpx.AsyncClient, str]:
    """A client signed in through the real sign-in form, and its CSRF token."""
    client = httpx.AsyncClient(base_url=base_url, follow_redirects=False, timeout=30)
    page = await client.get("/login")
    match = CSRF_FIELD.search(page.text)
    assert match, "no CSRF token on the sign-in page"
    token = match.group(1)
    response = await client.post(
        "/login", data={"email": email, "password": TEST_PASSWORD, "csrf_token": token}
    )
    assert response.status_code == 303, f"sign-in failed for {email}: {response.status_code}"
    return client, token
