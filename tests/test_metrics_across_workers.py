"""/metrics under ``cohesion serve`` with several workers: every scrape shows the whole server's requests,
whichever worker answers it."""

import asyncio
import time
from pathlib import Path

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from tests.reliability import build_scene, fresh_database, run_async, running_server

# A real server with several workers: outside the everyday run.
pytestmark = pytest.mark.slow

BATCH = 20


def _value(text: str, name: str, **labels: str) -> float:
    values = [
        sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
        if sample.name == name and sample.labels == labels
    ]
    return values[0] if values else 0.0


async def _sign_in_pages(base_url: str, count: int) -> None:
    """``count`` sign-in pages, each on a connection of its own, so that the workers share them."""

    async def one() -> None:
        async with httpx.AsyncClient(base_url=base_url, timeout=30) as client:
            assert (await client.get("/login")).status_code == 200

    await asyncio.gather(*(one() for _ in range(count)))


@pytest.mark.slow  # a real server with two workers
def test_a_scrape_counts_the_requests_of_every_worker(tmp_path: Path) -> None:
    scene = build_scene(fresh_database("sqlite", tmp_path, "metrics"))
    directory = tmp_path / "metrics"
    with running_server(
        scene.url, tmp_path, workers=2, cli=True, env={"PROMETHEUS_MULTIPROC_DIR": str(directory)}
    ) as server:
        sent = 0
        deadline = time.monotonic() + 60
        # A worker writes its file when it first counts a request: go on until both have served some.
        while len(list(directory.glob("counter_*.db"))) < 2:
            assert time.monotonic() < deadline, "one worker served every request"
            run_async(_sign_in_pages(server.base_url, BATCH))
            sent += BATCH
        for _ in range(10):
            # A new connection each time, so the scrapes are answered by both workers.
            text = httpx.get(f"{server.base_url}/metrics", timeout=30).text
            assert _value(text, "cohesion_http_requests_total", route="auth.login_form", status="2xx") == sent
            assert (
                _value(text, "cohesion_http_request_duration_seconds_count", route="auth.login_form") == sent
            )
