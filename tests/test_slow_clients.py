"""No slow client stalls anyone, and downloads do not fail under load: on a real server, SQLite and PostgreSQL.

- Clients that trickle a POST body (with a valid CSRF header, so the request gets as far as the app) hold no
  transaction while they send: other officers sign in and save at once, and the health check answers.
- Downloads and the strategy document write their audit row in a short transaction of their own and stream
  from a read: two readers downloading over and over while an officer saves never see an error.
"""

import asyncio
import time
from pathlib import Path

import httpx
import pytest
from sqlmodel import Session, func, select

from app.models import AuditEvent
from tests.reliability import (
    Scene,
    build_scene,
    engine_for,
    fresh_database,
    run_async,
    running_server,
    signed_in_client,
)

# Real servers and clients that take seconds on purpose: outside the everyday run.
pytestmark = pytest.mark.slow

TRICKLE_SECONDS = 8
PROMPT = 5.0  # seconds: far less than SQLite's 10 s busy timeout and the pool's wait


def _priorities_url(scene: Scene) -> str:
    return f"/places/{scene.place_slug}/strategies/{scene.strategy_slug}/plan/priorities/new"


async def _trickle(base_url: str, path: str, cookies: str, csrf: str, stop_at: float) -> None:
    """A POST whose body arrives a byte at a time, until ``stop_at``; then the client gives up."""
    host, port = base_url.removeprefix("http://").split(":")
    reader, writer = await asyncio.open_connection(host, int(port))
    head = (
        f"POST {path} HTTP/1.1\r\nHost: {host}\r\nCookie: {cookies}\r\nX-CSRF-Token: {csrf}\r\n"
        "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 500\r\n\r\n"
    )
    writer.write(head.encode())
    await writer.drain()
    try:
        while time.monotonic() < stop_at:
            writer.write(b"o")
            await writer.drain()
            await asyncio.sleep(0.5)
    except ConnectionError:
        pass  # refused by the server's time allowance: also fine
    finally:
        writer.close()
        reader.feed_eof()


async def _stalled_save(base_url: str, scene: Scene, trickling: int) -> dict[str, float | int]:
    slow, slow_csrf = await signed_in_client(base_url, scene.emails[0])
    cookies = "; ".join(f"{name}={value}" for name, value in slow.cookies.items())
    stop_at = time.monotonic() + TRICKLE_SECONDS
    trickles = [
        asyncio.create_task(_trickle(base_url, _priorities_url(scene), cookies, slow_csrf, stop_at))
        for _ in range(trickling)
    ]
    await asyncio.sleep(1.5)  # every trickling request is under way
    started = time.monotonic()
    client, csrf = await signed_in_client(base_url, scene.emails[1])
    response = await client.post(
        _priorities_url(scene),
        data={
            "outcome": "Saved beside a slow client",
            "struggle_ids": str(scene.struggle_id),
            "csrf_token": csrf,
        },
    )
    saved_in = time.monotonic() - started
    health_started = time.monotonic()
    health = await client.get("/healthz")
    health_in = time.monotonic() - health_started
    await asyncio.gather(*trickles)
    await client.aclose()
    await slow.aclose()
    return {
        "status": response.status_code,
        "saved_in": saved_in,
        "health": health.status_code,
        "health_in": health_in,
    }


@pytest.mark.parametrize(("kind", "trickling"), [("sqlite", 3), ("postgresql", 30)])
def test_clients_trickling_a_body_stall_no_one(kind: str, trickling: int, tmp_path: Path) -> None:
    """On PostgreSQL, 30 trickling clients against one worker would hold more connections than its pool has."""
    scene = build_scene(fresh_database(kind, tmp_path, "slow_body"))
    with running_server(scene.url, tmp_path, workers=1) as server:
        result = run_async(_stalled_save(server.base_url, scene, trickling))
    assert result["status"] == 303, result
    assert result["saved_in"] < PROMPT, result
    assert result["health"] == 200 and result["health_in"] < PROMPT, result


async def _download_while_saving(base_url: str, scene: Scene, rounds: int) -> list[str]:
    """Two readers download a list and the document ``rounds`` times each while an officer keeps saving."""
    base = f"/places/{scene.place_slug}/strategies/{scene.strategy_slug}"
    problems: list[str] = []
    done = asyncio.Event()

    async def reader(email: str, paths: list[str]) -> None:
        client, _csrf = await signed_in_client(base_url, email)
        try:
            for n in range(rounds):
                path = paths[n % len(paths)]
                try:
                    response = await client.get(path)
                except httpx.HTTPError as error:
                    problems.append(f"{path}: {type(error).__name__}")
                    continue
                if response.status_code != 200:
                    problems.append(f"{path}: {response.status_code}")
        finally:
            await client.aclose()

    async def writer() -> None:
        client, csrf = await signed_in_client(base_url, scene.emails[2])
        n = 0
        try:
            while not done.is_set():
                n += 1
                response = await client.post(
                    f"{base}/plan/priorities/new",
                    data={
                        "outcome": f"Priority {n}",
                        "struggle_ids": str(scene.struggle_id),
                        "csrf_token": csrf,
                    },
                )
                if response.status_code != 303:
                    problems.append(f"save {n}: {response.status_code}")
        finally:
            await client.aclose()

    writing = asyncio.create_task(writer())
    await asyncio.gather(
        reader(scene.emails[0], [f"{base}/exports/priorities.csv", f"{base}/exports/struggles.xlsx"]),
        reader(scene.emails[1], [f"{base}/exports/exercises.csv", f"{base}/document"]),
    )
    done.set()
    await writing
    return problems


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_downloads_beside_saves_never_fail_and_are_each_audited(kind: str, tmp_path: Path) -> None:
    rounds = 40
    scene = build_scene(fresh_database(kind, tmp_path, "downloads"))
    with running_server(scene.url, tmp_path, workers=2) as server:
        problems = run_async(_download_while_saving(server.base_url, scene, rounds))
    assert problems == []
    engine = engine_for(scene)
    try:
        with Session(engine) as session:
            audited = session.exec(
                select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "export")
            ).one()
    finally:
        engine.dispose()
    assert audited == 2 * rounds
