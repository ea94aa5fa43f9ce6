"""The cohesion command: migrate, seed (idempotent), create-user (asks for the password), set-role."""

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlmodel import Session, col, func, select

from app import cli
from app.config import get_settings
from app.db import make_engine
from app.models import Area, Membership, Place, Strategy, User
from app.services.accounts.auth import verify_password
from seed.demo import DEMO_PASSWORD


@pytest.fixture
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    get_settings.cache_clear()
    assert cli.main(["migrate"]) == 0
    yield url
    get_settings.cache_clear()


def test_seed_demo_is_idempotent_and_fictional(database: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["seed", "--demo"]) == 0
    assert "officer@demo.test" in capsys.readouterr().out
    assert cli.main(["seed", "--demo"]) == 0
    assert cli.main(["seed", "--demo", "--if-empty"]) == 0
    engine = make_engine(database)
    with Session(engine) as session:
        assert session.exec(select(func.count()).select_from(Place)).one() == 12
        assert session.exec(select(func.count()).select_from(Strategy)).one() == 12
        area_counts = session.exec(select(func.count()).select_from(Area).group_by(col(Area.place_id))).all()
        assert all(6 <= n <= 20 for n in area_counts)
        users = {u.email: u for u in session.exec(select(User)).all()}
        assert set(users) == {
            "admin@demo.test",
            "officer@demo.test",
            "other.officer@demo.test",
            "facilitator@demo.test",
            "councillor@demo.test",
        }
        assert users["admin@demo.test"].is_admin
        assert verify_password(DEMO_PASSWORD, users["officer@demo.test"].password_hash)
        roles = session.exec(select(Membership.role, func.count()).group_by(col(Membership.role))).all()
        assert dict(roles) == {"officer": 3, "facilitator": 6, "councillor": 1}
    engine.dispose()


def test_demo_voice_counts_are_in_step_and_recount_voices_rebuilds_them(database: str) -> None:
    from sqlalchemy import delete

    from app.models import VoiceCount
    from tests.services.listening.test_voice_counts import recount, stored

    assert cli.main(["seed", "--demo"]) == 0
    engine = make_engine(database)
    with Session(engine) as session:
        expected = recount(session)
        assert expected and stored(session) == expected, "the demo's voices are counted as they are written"
        session.execute(delete(VoiceCount))
        session.commit()
    assert cli.main(["recount-voices"]) == 0
    with Session(engine) as session:
        assert stored(session) == expected
    engine.dispose()


def test_create_user_asks_for_the_password(database: str, monkeypatch: pytest.MonkeyPatch) -> None:
    answers = iter(["a long enough password", "a long enough password"])
    monkeypatch.setattr(cli.getpass, "getpass", lambda prompt="": next(answers))
    assert cli.main(["create-user", "--email", "Lead@Council.test", "--name", "Lead Officer", "--admin"]) == 0
    engine = make_engine(database)
    with Session(engine) as session:
        user = session.exec(select(User).where(User.email == "lead@council.test")).one()
        assert user.is_admin and verify_password("a long enough password", user.password_hash)
    engine.dispose()
    with pytest.raises(SystemExit):
        cli.main(["create-user", "--email", "x@y.test", "--name", "X", "--password", "nope"])


def test_create_user_refuses_a_short_or_mismatched_password(
    database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cli.getpass, "getpass", lambda prompt="": "short")
    assert cli.main(["create-user", "--email", "a@b.test", "--name", "A"]) == 2
    answers = iter(["a long enough password", "a different password!"])
    monkeypatch.setattr(cli.getpass, "getpass", lambda prompt="": next(answers))
    assert cli.main(["create-user", "--email", "a@b.test", "--name", "A"]) == 2


def test_set_role_gives_and_removes_a_membership(database: str) -> None:
    assert cli.main(["seed", "--demo"]) == 0
    assert (
        cli.main(
            ["set-role", "--email", "other.officer@demo.test", "--place", "dunmere", "--role", "facilitator"]
        )
        == 0
    )
    engine = make_engine(database)
    with Session(engine) as session:
        role = session.exec(
            select(Membership.role)
            .join(Place)
            .join(User)
            .where(Place.slug == "dunmere", User.email == "other.officer@demo.test")
        ).one()
        assert role == "facilitator"
    assert (
        cli.main(["set-role", "--email", "other.officer@demo.test", "--place", "dunmere", "--role", "none"])
        == 0
    )
    with Session(engine) as session:
        assert (
            session.exec(
                select(Membership)
                .join(Place)
                .where(Place.slug == "dunmere")
                .join(User)
                .where(User.email == "other.officer@demo.test")
            ).first()
            is None
        )
    assert (
        cli.main(["set-role", "--email", "nobody@demo.test", "--place", "dunmere", "--role", "officer"]) == 1
    )
    engine.dispose()


def test_serve_refuses_to_start_in_production_with_demo_accounts(
    database: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["seed", "--demo"]) == 0
    monkeypatch.setenv("COHESION_ENV", "production")
    monkeypatch.setenv("COHESION_SECRET_KEY", "s" * 48)
    get_settings.cache_clear()
    started = []
    monkeypatch.setattr("uvicorn.run", lambda *a, **k: started.append(a))
    assert cli.main(["serve"]) == 1
    assert not started
    assert "Demo accounts" in capsys.readouterr().err


def test_redact_reads_and_writes_json_lines(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import io
    import json

    monkeypatch.setattr("sys.stdin", io.StringIO('{"text": "Email jo@example.org"}\n{"text": 3}\n'))
    assert cli.main(["redact"]) == 1, "a bad line makes the exit status 1"
    first, second = (json.loads(line) for line in capsys.readouterr().out.splitlines())
    assert first == {"text": "Email [email removed]", "removed": [{"kind": "email", "start": 6, "end": 20}]}
    assert second["line"] == 2 and "error" in second


def test_suggest_themes_reads_and_writes_json_lines(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import io
    import json

    monkeypatch.setattr("sys.stdin", io.StringIO('{"text": "The bus to town is always late"}\n'))
    assert cli.main(["suggest-themes"]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert answer["themes"][0]["slug"] == "public-transport"
    assert any("bus" in reason for reason in answer["themes"][0]["because"])


def test_serve_listens_with_nagles_algorithm_off() -> None:
    """Small pages would otherwise wait about 40 ms for the browser's delayed acknowledgement."""
    import socket

    import uvicorn

    sock = cli.listening_socket(uvicorn.Config("app.asgi:app", host="127.0.0.1", port=0))
    try:
        assert sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) == 1
        sock.listen()
        client = socket.create_connection(sock.getsockname())
        accepted, _ = sock.accept()
        assert accepted.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) == 1, "connections inherit it"
        client.close()
        accepted.close()
    finally:
        sock.close()


def test_serve_empties_the_metrics_directory_or_makes_a_temporary_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Counts left by an earlier run would be added to the new one's."""
    configured = tmp_path / "metrics"
    configured.mkdir()
    (configured / "counter_4242.db").write_bytes(b"from an earlier run")
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(configured))
    with cli.metrics_directory() as directory:
        assert directory == configured
        assert list(configured.iterdir()) == []

    monkeypatch.delenv("PROMETHEUS_MULTIPROC_DIR")
    with cli.metrics_directory() as directory:
        assert os.environ["PROMETHEUS_MULTIPROC_DIR"] == str(directory)
        assert directory.is_dir()
    assert not directory.exists()
    assert "PROMETHEUS_MULTIPROC_DIR" not in os.environ
