"""Graceful shutdown: on SIGTERM, `cohesion serve` stops accepting, finishes every request it has accepted
(even one whose body is still arriving) with a whole response, and exits with status 0. Its log is JSON."""

import hashlib
import hmac
import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

import pytest

from app.config import ROOT
from app.db import make_engine
from app.security import CSRF_COOKIE
from tests.conftest import migrate

# A real server stopped with SIGTERM while requests are in flight: outside the everyday run.
pytestmark = pytest.mark.slow

SECRET_KEY = "shutdown-test-secret-key-long-enough-for-hmac"
CSRF_SEED = "s" * 43


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _get(port: int, path: str) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path, headers={"Connection": "close"})
        response = connection.getresponse()
        return response.status, response.read()  # read() raises IncompleteRead on a cut-off body
    finally:
        connection.close()


def _wait_until_up(port: int, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        assert process.poll() is None, f"the server stopped: {log.read_text()}"
        try:
            if _get(port, "/healthz")[0] == 200:
                return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"the server did not start: {log.read_text()}")


class SlowSignIn:
    """A sign-in whose headers have arrived but whose body is still on its way: a request in flight."""

    def __init__(self, port: int) -> None:
        token = hmac.new(SECRET_KEY.encode(), CSRF_SEED.encode(), hashlib.sha256).hexdigest()
        self.body = urlencode(
            {"csrf_token": token, "email": "nobody@example.test", "password": "not a real password"}
        ).encode()
        head = (
            "POST /login HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            "Content-Type: application/x-www-form-urlencoded\r\n"
            f"Content-Length: {len(self.body)}\r\nCookie: {CSRF_COOKIE}={CSRF_SEED}\r\n\r\n"
        ).encode()
        self.socket = socket.create_connection(("127.0.0.1", port), timeout=10)
        self.socket.sendall(head + self.body[:10])

    def finish(self) -> tuple[int, bytes]:
        self.socket.sendall(self.body[10:])
        raw = b""
        while chunk := self.socket.recv(65536):
            raw += chunk
        self.socket.close()
        head, _, body = raw.partition(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        headers = {k.lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:])}
        assert int(headers["content-length"]) == len(body), "the whole response arrived"
        return int(lines[0].split()[1]), body


def test_sigterm_finishes_accepted_requests_and_exits_zero(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'serve.db'}"
    engine = make_engine(url)
    migrate(engine)
    engine.dispose()
    port = _free_port()
    log = tmp_path / "serve.log"
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "COHESION_SECRET_KEY": SECRET_KEY,
        "COHESION_ENV": "development",
    }
    with log.open("wb") as log_file:
        process = subprocess.Popen(
            [sys.executable, "-m", "app.cli", "serve", "--port", str(port)],
            cwd=ROOT,
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
    try:
        _wait_until_up(port, process, log)
        in_flight = [SlowSignIn(port) for _ in range(2)]

        outcomes: list[str] = []
        lock = threading.Lock()

        def burst() -> None:
            while True:
                try:
                    status, body = _get(port, "/healthz")
                except ConnectionRefusedError:
                    return  # the server has stopped accepting
                except (ConnectionResetError, http.client.RemoteDisconnected):
                    outcome = "not accepted"  # closed before the request was read: never started
                except Exception as problem:
                    outcome = f"broken: {problem!r}"
                else:
                    outcome = (
                        "200 whole" if status == 200 and json.loads(body)["status"] == "ok" else str(status)
                    )
                with lock:
                    outcomes.append(outcome)
                if outcome.startswith("broken"):
                    return

        threads = [threading.Thread(target=burst) for _ in range(4)]
        for thread in threads:
            thread.start()
        time.sleep(0.5)
        process.send_signal(signal.SIGTERM)
        time.sleep(0.5)
        finished = [request.finish() for request in in_flight]
        for thread in threads:
            thread.join(timeout=10)
        exit_status = process.wait(timeout=15)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()

    for status, body in finished:
        assert status == 400, "the sign-in ran to the end: wrong password, the form again"
        assert b"Enter a correct email address and password" in body and body.rstrip().endswith(b"</html>")
    assert outcomes.count("200 whole") >= 5, outcomes
    assert set(outcomes) <= {"200 whole", "not accepted"}, outcomes
    assert exit_status == 0, log.read_text()

    lines = [json.loads(line) for line in log.read_text().splitlines() if line.strip()]
    assert any(line["message"] == "Shutting down" for line in lines)
    access = [line for line in lines if line["logger"] == "cohesion.access"]
    assert {(line["method"], line["path"], line["status"]) for line in access} >= {
        ("GET", "/healthz", 200),
        ("POST", "/login", 400),
    }
    assert all(line["request_id"] for line in access)
