"""The sign-in limits hold when guesses arrive all at once, and sign-in attempts are kept 90 days.

The guesses go to a real two-worker uvicorn server on a fresh database, so on PostgreSQL each request has a
connection and a transaction of its own, as in production. They come through the server's trusted-proxy
headers (uvicorn trusts X-Forwarded-For from 127.0.0.1), so each test guesses from an address of its own."""

import asyncio
from collections import Counter
from collections.abc import Iterator
from contextlib import ExitStack
from datetime import timedelta

import httpx
import pytest
from sqlmodel import Session, col, select

from app.config import Settings
from app.models import LoginAttempt, utcnow
from app.services.accounts import auth
from tests.factories import TEST_PASSWORD
from tests.reliability import (
    CSRF_FIELD,
    Scene,
    build_scene,
    engine_for,
    fresh_database,
    run_async,
    running_server,
)

GUESSES = 30
MAX_FAILURES_PER_ADDRESS = 8  # below the default 20, so that fewer slow password checks are needed


async def _sign_ins(base_url: str, address: str, tries: list[tuple[str, str]]) -> list[httpx.Response]:
    """Every (email, password) in ``tries`` posted at once from ``address``."""
    headers = {"X-Forwarded-For": address}
    async with httpx.AsyncClient(base_url=base_url, headers=headers, timeout=60) as client:
        match = CSRF_FIELD.search((await client.get("/login")).text)
        assert match, "no CSRF token on the sign-in page"
        return await asyncio.gather(
            *(
                client.post("/login", data={"email": email, "password": password, "csrf_token": match[1]})
                for email, password in tries
            )
        )


def _attempts(scene: Scene, *criteria: object) -> list[LoginAttempt]:
    engine = engine_for(scene)
    try:
        with Session(engine) as session:
            return list(session.exec(select(LoginAttempt).where(*criteria)).all())  # type: ignore[arg-type]
    finally:
        engine.dispose()


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, Scene]]:
    tmp_path = tmp_path_factory.mktemp("login_limit")
    scene = build_scene(fresh_database(request.param, tmp_path, "login_limit"))
    with ExitStack() as stack:
        # Only the server's environment: the tests' own settings keep the defaults.
        with pytest.MonkeyPatch.context() as patch:
            patch.setenv("COHESION_LOGIN_MAX_FAILURES_PER_ADDRESS", str(MAX_FAILURES_PER_ADDRESS))
            running = stack.enter_context(running_server(scene.url, tmp_path, workers=2))
        yield running.base_url, scene


@pytest.mark.slow  # a real server with several workers
def test_parallel_guesses_for_one_email_check_no_more_than_the_limit(server: tuple[str, Scene]) -> None:
    base_url, scene = server
    email, address = scene.emails[0], "198.51.100.1"
    limit = Settings().login_max_failures
    responses = run_async(_sign_ins(base_url, address, [(email, f"guess {n}") for n in range(GUESSES)]))

    assert Counter(r.status_code for r in responses) == {400: limit, 429: GUESSES - limit}
    assert all("with this email address" in r.text for r in responses if r.status_code == 429)
    attempts = _attempts(scene, col(LoginAttempt.email) == email)
    assert len(attempts) == limit, "each checked guess is recorded, and no more were checked than the limit"
    assert {(a.client_address, a.succeeded) for a in attempts} == {(address, False)}

    right = run_async(_sign_ins(base_url, address, [(email, TEST_PASSWORD)]))[0]
    assert right.status_code == 429, "the right password is refused once the limit is reached"
    assert "cohesion_session" not in right.cookies


@pytest.mark.slow  # a real server with several workers
def test_parallel_guesses_from_one_address_check_no_more_than_its_limit(server: tuple[str, Scene]) -> None:
    base_url, scene = server
    email, address, elsewhere = scene.emails[1], "198.51.100.2", "198.51.100.3"
    tries = [(f"guess{n}@loadham.test", "guess") for n in range(GUESSES)]
    responses = run_async(_sign_ins(base_url, address, tries))

    statuses = Counter(r.status_code for r in responses)
    assert statuses == {400: MAX_FAILURES_PER_ADDRESS, 429: GUESSES - MAX_FAILURES_PER_ADDRESS}, statuses
    assert all("from this network" in r.text for r in responses if r.status_code == 429)
    assert len(_attempts(scene, col(LoginAttempt.client_address) == address)) == MAX_FAILURES_PER_ADDRESS

    refused = run_async(_sign_ins(base_url, address, [(email, TEST_PASSWORD)]))[0]
    assert refused.status_code == 429, "a real account is refused from that address too"
    signed_in = run_async(_sign_ins(base_url, elsewhere, [(email, TEST_PASSWORD)]))[0]
    assert signed_in.status_code == 303, "another address is not held up"
    success = _attempts(scene, col(LoginAttempt.client_address) == elsewhere)
    assert [(a.email, a.succeeded) for a in success] == [(email, True)]


def test_sign_in_attempts_are_kept_90_days(session: Session, settings: Settings) -> None:
    now = utcnow()
    for age in (timedelta(minutes=1), timedelta(days=2), timedelta(days=89), timedelta(days=91)):
        session.add(
            LoginAttempt(email="someone@example.test", client_address="192.0.2.1", attempted_at=now - age)
        )
    session.flush()
    assert settings.login_attempts_kept_days == 90
    assert auth.delete_old_login_attempts(session=session, settings=settings) == 1
    kept = session.exec(select(LoginAttempt.attempted_at).where(LoginAttempt.email == "someone@example.test"))
    assert min(kept.all()) > now - timedelta(days=90)

    shorter = settings.model_copy(update={"login_attempts_kept_days": 1})
    assert auth.delete_old_login_attempts(session=session, settings=shorter) == 2
    # Never anything throttling still counts, however short the keeping and long the lockout.
    long_lockout = shorter.model_copy(update={"login_attempts_kept_days": 0, "login_lockout_minutes": 60})
    assert auth.delete_old_login_attempts(session=session, settings=long_lockout) == 0
