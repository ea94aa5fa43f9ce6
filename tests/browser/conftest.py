"""Fixtures for the browser tests: a live server on a fresh SQLite database, the system Chromium, and axe.

Self-contained: nothing here depends on tests/conftest.py. The server runs as a subprocess (migrate, seed the
demo data, uvicorn) exactly as a person would start it, and Playwright drives the Debian Chromium package.
"""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT = {"width": 1280, "height": 900}
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
SERVER_START_SECONDS = 30
# Set COHESION_SCREENSHOTS=/tmp/shots to save full-page screenshots of key pages for a person to look at.
SCREENSHOTS = os.environ.get("COHESION_SCREENSHOTS")


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


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app served by uvicorn on a free port, on a new SQLite database with the demo data.

    One per test module, so a journey that records listening exercises cannot change what another module's
    journey sees (the task list says "Not started" only until a stage has a record)."""
    tmp = tmp_path_factory.mktemp("browser")
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp / 'browser.db'}",
        "COHESION_ENV": "test",
        "PYTHONUNBUFFERED": "1",
    }
    for args in (["migrate"], ["seed", "--demo"]):
        subprocess.run(
            [sys.executable, "-m", "app.cli", *args],
            cwd=ROOT,
            env=env,
            check=True,
            stdin=subprocess.DEVNULL,
            timeout=120,
        )
    port = _free_port()
    base_url = f"http://127.0.0.1:{port}"
    log_path = tmp / "server.log"
    with log_path.open("wb") as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "app.asgi:app", "--host", "127.0.0.1", "--port", str(port)],
            cwd=ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            deadline = time.monotonic() + SERVER_START_SECONDS
            while not _healthy(f"{base_url}/healthz"):
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(
                        f"The app did not answer {base_url}/healthz within {SERVER_START_SECONDS} s "
                        f"(exit code {server.poll()}):\n{log_path.read_text(errors='replace')}"
                    )
                time.sleep(0.2)
            yield base_url
        finally:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """The Debian Chromium, headless, driven by Playwright. Skipped when it is missing, except in CI."""
    if not CHROMIUM.exists():
        message = f"Chromium not found at {CHROMIUM}: install it with `apt-get install -y chromium` (CI does)"
        if os.environ.get("CI"):
            pytest.fail(message + " [CI is set, so this fails rather than skips]")
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()
    finally:
        playwright.stop()


@contextmanager
def _watched_page(browser: Any, live_server: str, **options: Any) -> Iterator[Any]:
    """A new browser context (no cookies) and page, with live_server as base URL.

    The app's Content Security Policy is enforced (axe is injected through the DevTools protocol, which CSP
    does not block), and the test fails if the browser reports any console error or uncaught script error,
    such as a CSP violation or a missing asset.
    """
    context = browser.new_context(base_url=live_server, locale="en-GB", viewport=VIEWPORT, **options)
    context.set_default_timeout(10_000)
    new_page = context.new_page()
    problems: list[str] = []

    def on_console(message: Any) -> None:
        # A page answered with 400 or 404 on purpose is logged as "Failed to load resource"; failed
        # assets are caught by on_response instead.
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            problems.append(f"console error: {message.text}")

    def on_response(response: Any) -> None:
        # htmx shows a form with errors (400) or a conflict (409) in place, as the page would without it.
        shown_in_place = (
            response.status in (400, 409) and response.request.headers.get("hx-request") == "true"
        )
        if response.status >= 400 and response.request.resource_type != "document" and not shown_in_place:
            problems.append(f"{response.status} for {response.request.resource_type} {response.url}")

    new_page.on("console", on_console)
    new_page.on("response", on_response)
    new_page.on("pageerror", lambda error: problems.append(f"script error: {error}"))
    try:
        yield new_page
    finally:
        context.close()
    assert not problems, "The browser reported errors:\n" + "\n".join(problems)


@pytest.fixture
def page(browser: Any, live_server: str) -> Iterator[Any]:
    """A fresh page with JavaScript on; see _watched_page."""
    with _watched_page(browser, live_server) as new_page:
        yield new_page


@pytest.fixture
def page_without_javascript(browser: Any, live_server: str) -> Iterator[Any]:
    """A fresh page with JavaScript off, to show that every form also works as a plain HTML form."""
    with _watched_page(browser, live_server, java_script_enabled=False) as new_page:
        yield new_page


def format_violations(violations: list[dict[str, Any]]) -> str:
    lines = []
    for violation in violations:
        impact = violation.get("impact")
        lines.append(f"- {violation['id']} ({impact}): {violation['help']}  {violation['helpUrl']}")
        for node in violation["nodes"]:
            target = " ".join(str(part) for part in node["target"])
            lines.append(f"    at {target}: {node.get('html', '')[:200]}")
            summary = node.get("failureSummary")
            if summary:
                lines.extend(f"      {line}" for line in summary.splitlines())
    return "\n".join(lines)


def run_axe(page: Any, where: str) -> None:
    """Run axe-core (WCAG 2.2 A and AA) on a page and fail with each violation's id, help and targets."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(
        page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
    )
    violations = results.response["violations"]
    assert not violations, (
        f"axe found {len(violations)} accessibility violation(s) on {where}:\n"
        + format_violations(violations)
    )


@pytest.fixture
def check_accessibility() -> Any:
    """Check a page with axe; see run_axe."""
    return lambda page: run_axe(page, page.url)


@pytest.fixture
def check_accessibility_without_javascript(browser: Any, live_server: str) -> Any:
    """Check with axe a page shown with JavaScript off.

    axe never finishes where scripts are disabled (its timers do not fire), so it checks a copy: the same HTML,
    at the same address, in a page whose own scripts are blocked, which is what a browser without JavaScript
    shows.
    """

    def check(page: Any) -> None:
        address, html = page.url, page.content()
        context = browser.new_context(base_url=live_server, locale="en-GB", viewport=VIEWPORT)
        try:
            copy = context.new_page()
            copy.route(
                lambda url: url.split("?")[0].endswith(".js"),
                lambda route: route.fulfill(status=200, content_type="text/javascript", body=""),
            )
            copy.route(
                lambda url: url == address,
                lambda route: route.fulfill(status=200, content_type="text/html; charset=utf-8", body=html),
            )
            copy.goto(address)
            run_axe(copy, f"{address} (JavaScript off)")
        finally:
            context.close()

    return check


@pytest.fixture
def screenshot() -> Any:
    """Save a full-page screenshot to $COHESION_SCREENSHOTS/<name>.png; does nothing when it is not set."""

    def shoot(page: Any, name: str) -> None:
        if not SCREENSHOTS:
            return
        folder = Path(SCREENSHOTS)
        folder.mkdir(parents=True, exist_ok=True)
        # caret="initial": hiding the caret injects a <style> element, which the app's CSP reports as an error.
        page.screenshot(path=str(folder / f"{name}.png"), full_page=True, caret="initial")

    return shoot
