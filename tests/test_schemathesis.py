"""The JSON API against its own OpenAPI description: schemathesis with every check, on a running server."""

import subprocess
import sys
from pathlib import Path

import pytest
from sqlmodel import Session, select

from app.models import Strategy, User
from app.services.accounts import api_tokens
from app.services.records import editions
from tests.reliability import build_scene, engine_for, fresh_database, running_server

# A real server and thousands of generated requests: minutes, so outside the everyday run.
pytestmark = pytest.mark.slow

SCHEMATHESIS = Path(sys.executable).with_name("st")


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_the_api_passes_every_schemathesis_check(kind: str, tmp_path: Path) -> None:
    scene = build_scene(fresh_database(kind, tmp_path, "api"))
    engine = engine_for(scene)
    try:
        with Session(engine) as session:
            officer = session.exec(select(User).where(User.email == scene.emails[0])).one()
            secret = api_tokens.create_token(session=session, user=officer, name="schemathesis").secret
            strategy = session.exec(select(Strategy).where(Strategy.slug == scene.strategy_slug)).one()
            editions.publish_edition(
                session=session,
                strategy=strategy,
                stage="plan",
                actor=officer,
                title="Plan agreed",
                note=None,
                decided_on=None,
            )
            session.commit()
    finally:
        engine.dispose()
    with running_server(scene.url, tmp_path) as server:
        result = subprocess.run(
            [
                str(SCHEMATHESIS),
                "run",
                f"{server.base_url}/api/v1/openapi.json",
                "--checks",
                "all",
                "--header",
                f"Authorization: Bearer {secret}",
                "--max-examples",
                "10",
                "--generation-deterministic",
                "--no-color",
            ],
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
            cwd=tmp_path,  # its example database goes there, not into the checkout
        )
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
    assert "No issues found" in result.stdout, result.stdout[-6000:]
