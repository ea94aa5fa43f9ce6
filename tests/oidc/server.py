"""Start the test OpenID Connect provider (tests/oidc/provider.mjs) with Node, and sign in through its pages."""

import json
import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

import httpx
import pytest
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "tests" / "oidc" / "provider.mjs"
CLIENT_ID = "cohesion-toolkit"
CLIENT_SECRET = "a-client-secret-for-the-tests-only"
APP_BASE = "http://testserver"
# Logins on the provider's own sign-in page, and what the provider says about each.
ACCOUNTS = {
    "olu": {"email": "Officer@Example.test", "email_verified": True, "name": "Olu Officer"},
    "newcomer": {"email": "newcomer@example.test", "email_verified": True, "name": "Nel Newcomer"},
    "unverified": {"email": "councillor@example.test", "email_verified": False, "name": "Cal Councillor"},
}


@dataclass(frozen=True)
class Provider:
    issuer: str


def _needs(message: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(message + " [CI is set, so this fails rather than skips]")
    pytest.skip(message)


@contextmanager
def running_provider() -> Iterator[Provider]:
    node = shutil.which("node")
    if node is None:
        _needs(
            "Node.js is needed for the OpenID Connect provider: install it (apt-get install -y nodejs npm)"
        )
    if not (ROOT / "node_modules" / "oidc-provider").is_dir():
        _needs("The npm package oidc-provider is missing: run `npm ci` (make test does)")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {
        **os.environ,
        "OIDC_CLIENT": json.dumps(
            {
                "client_id": CLIENT_ID,
                "client_secret": CLIENT_SECRET,
                "redirect_uris": [f"{APP_BASE}/login/sso/callback"],
            }
        ),
        "OIDC_ACCOUNTS": json.dumps(ACCOUNTS),
        "NODE_ENV": "test",
    }
    process = subprocess.Popen(
        [str(node), str(SCRIPT), str(port)],
        cwd=ROOT,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    issuer = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(f"{issuer}/.well-known/openid-configuration", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                output = process.stdout.read() if process.stdout else ""
                pytest.fail(f"The OpenID Connect provider did not start:\n{output}")
            time.sleep(0.1)
        yield Provider(issuer=issuer)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _form(page: httpx.Response) -> tuple[str, dict[str, str]]:
    soup = BeautifulSoup(page.text, "html.parser")
    form = soup.find("form")
    assert form is not None, page.text
    fields = {str(i["name"]): str(i.get("value", "")) for i in form.find_all("input") if i.get("name")}
    return urljoin(str(page.url), str(form["action"])), fields


def sign_in_at_provider(authorize_url: str, login: str) -> str:
    """Go through the provider's sign-in and consent pages as a person would, and answer the address the
    provider sends the browser back to (the app's callback, with the code and state)."""
    with httpx.Client(timeout=10) as browser:
        response = browser.get(authorize_url)
        for _ in range(12):
            if response.is_redirect:
                location = urljoin(str(response.url), response.headers["location"])
                if location.startswith(APP_BASE):
                    return location
                response = browser.get(location)
                continue
            assert response.status_code == 200, response.text
            action, fields = _form(response)
            if fields.get("prompt") == "login":
                fields |= {"login": login, "password": "any password will do"}
            response = browser.post(action, data=fields)
        raise AssertionError("the provider never sent the browser back")
