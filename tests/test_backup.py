"""Backup and restore (SQLite online backup; PostgreSQL gets the pg_dump recipe), and export-place: everything
about one place as JSON, read back."""

import json
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select

from app import cli
from app.config import get_settings
from app.db import make_engine
from app.models import AuditEvent, Place, Role
from app.services import review
from app.services.ops.portability import export_place
from app.services.records.kinds import STAGE_KINDS
from tests.conftest import World, migrate
from tests.factories import (
    make_area,
    make_exercise,
    make_membership,
    make_place,
    make_strategy,
    make_user,
    make_voice,
)


def _populate(engine: Engine) -> None:
    with Session(engine) as session:
        officer = make_user(session, email="lead@council.test", name="Lena Lead")
        place = make_place(session, slug="eastbrook", name="Eastbrook", gss_code="E08999009")
        make_membership(session, user=officer, place=place, role=Role.officer)
        strategy = make_strategy(session, place=place, actor=officer)
        area = make_area(session, place=place, actor=officer, name="Millbank")
        exercise = make_exercise(session, strategy=strategy, actor=officer, areas=[area])
        make_voice(
            session, exercise=exercise, actor=officer, area=area, text="The park café brings people together"
        )
        session.commit()


def _content(path: Path) -> list[str]:
    """Every table's rows and the schema, as SQL text."""
    with closing(sqlite3.connect(path)) as connection:
        return list(connection.iterdump())


@pytest.fixture
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    path = tmp_path / "live.db"
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{path}")
    get_settings.cache_clear()
    engine = make_engine(f"sqlite:///{path}")
    migrate(engine)
    _populate(engine)
    engine.dispose()
    yield path
    get_settings.cache_clear()


def test_backup_and_restore_round_trip_a_database(database: Path, tmp_path: Path) -> None:
    original = _content(database)
    assert any("The park café brings people together" in line for line in original)
    backup = tmp_path / "backups" / "cohesion.backup"
    backup.parent.mkdir()
    assert cli.main(["backup", str(backup)]) == 0
    assert sorted(p.name for p in backup.parent.iterdir()) == ["cohesion.backup"], "one self-contained file"
    assert _content(backup) == original

    engine = make_engine(f"sqlite:///{database}")
    with Session(engine) as session:
        make_place(session, slug="added-later", name="Added later", gss_code="E08999010")
        session.commit()
    engine.dispose()
    assert _content(database) != original

    assert cli.main(["restore", str(backup), "--force"]) == 0
    assert _content(database) == original


def test_a_backup_sees_only_committed_data_while_the_app_writes(database: Path, tmp_path: Path) -> None:
    with closing(sqlite3.connect(database, isolation_level=None)) as writer:
        writer.execute("BEGIN IMMEDIATE")
        writer.execute(
            "INSERT INTO place (slug, name, gss_code, created_at) "
            "VALUES ('half-done', 'Half done', 'E08999011', '2026-01-01 00:00:00')"
        )
        assert cli.main(["backup", str(tmp_path / "during.backup")]) == 0
        writer.execute("ROLLBACK")
    assert not any("half-done" in line for line in _content(tmp_path / "during.backup"))
    assert _content(tmp_path / "during.backup") == _content(database)


def test_backup_does_not_overwrite_a_file_unless_forced(
    database: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "existing.backup"
    target.write_text("keep me")
    assert cli.main(["backup", str(target)]) == 1
    assert "already exists" in capsys.readouterr().err
    assert target.read_text() == "keep me"
    assert cli.main(["backup", str(target), "--force"]) == 0
    assert _content(target) == _content(database)


def test_restore_refuses_to_replace_a_database_without_force(
    database: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    backup = tmp_path / "cohesion.backup"
    assert cli.main(["backup", str(backup)]) == 0
    engine = make_engine(f"sqlite:///{database}")
    with Session(engine) as session:
        make_place(session, slug="added-later", name="Added later", gss_code="E08999010")
        session.commit()
    engine.dispose()
    before = _content(database)
    assert cli.main(["restore", str(backup)]) == 1, "no terminal to ask on, and no --force"
    assert "--force" in capsys.readouterr().err
    assert _content(database) == before


def test_restore_checks_the_file_is_an_intact_database_of_this_app(
    database: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = _content(database)
    not_sqlite = tmp_path / "notes.txt"
    not_sqlite.write_text("SELECT 1;" * 100)
    other_app = tmp_path / "other.db"
    with closing(sqlite3.connect(other_app)) as connection:
        connection.execute("CREATE TABLE things (id INTEGER PRIMARY KEY)")
        connection.commit()
    damaged = tmp_path / "damaged.backup"
    assert cli.main(["backup", str(damaged)]) == 0
    data = bytearray(damaged.read_bytes())
    page = 4096
    data[page : len(data)] = b"\xff" * (len(data) - page)  # every page but the first overwritten
    damaged.write_bytes(bytes(data))

    for path, reason in [
        (tmp_path / "missing.backup", "does not exist"),
        (not_sqlite, "is not a SQLite database"),
        (other_app, "not a database of this app"),
        (damaged, "malformed"),
    ]:
        assert cli.main(["restore", str(path), "--force"]) == 1
        err = capsys.readouterr().err
        assert err.startswith(f"Not restored: {path}") and reason in err
    assert _content(database) == before


def test_postgresql_is_backed_up_with_its_own_tools(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://cohesion:s3cret-pw@db.internal:5432/cohesion")
    get_settings.cache_clear()
    try:
        for command in (["backup", "x.dump"], ["restore", "x.dump"]):
            assert cli.main(command) == 2
            err = capsys.readouterr().err
            assert "pg_dump --format=custom" in err and "pg_restore" in err
            assert "postgresql://cohesion:***@db.internal:5432/cohesion" in err
            assert "s3cret-pw" not in err
    finally:
        get_settings.cache_clear()


def test_export_place_holds_everything_about_the_place(session: Session, world: World) -> None:
    facilitator = world.users["facilitator"]
    review.add_comment(
        session=session,
        strategy=world.strategy,
        actor=facilitator,
        target_kind="action",
        target_id=world.action.id,  # type: ignore[arg-type]
        body="Who leads this?",
    )
    text = json.dumps(export_place(session=session, place_slug=world.place.slug), sort_keys=True)
    document = json.loads(text)

    assert document["format"] == "cohesion-place-export" and document["format_version"] == 1
    assert document["place"]["slug"] == world.place.slug and document["place"]["gss_code"] == "E08999001"
    assert [area["name"] for area in document["areas"]] == ["Northfield"]
    members = {(m["name"], m["email"], m["role"]) for m in document["members"]}
    # The tension log's persona variants are members too; the place's own cast is checked here.
    assert {member for member in members if not member[1].startswith("tension_")} == {
        ("Olu Officer", "officer@example.test", "officer"),
        ("Femi Facilitator", "facilitator@example.test", "facilitator"),
        ("Cal Councillor", "councillor@example.test", "councillor"),
    }
    assert any(theme["slug"] == "public-transport" for theme in document["themes"])
    [strategy] = document["strategies"]
    assert strategy["slug"] == world.strategy.slug
    counts = {kind: len(rows) for kind, rows in strategy["records"].items()}
    # Every stage kind of the registry, with the world's one record of each kind it has.
    none = {kind.name: 0 for kind in STAGE_KINDS}
    one = ("listening_exercise", "voice", "strength", "struggle", "priority", "action", "indicator")
    assert counts == {**none, **dict.fromkeys(one, 1)}
    [voice] = strategy["records"]["voice"]
    assert voice["text"] == world.voice.text and voice["area_id"] == world.area.id
    assert strategy["records"]["indicator"][0]["library_key"] == "get-on-well"
    [edition] = strategy["editions"]
    assert edition["title"] == "Action plan, approved by Cabinet" and edition["published_by"] == "Olu Officer"
    [comment] = strategy["review_comments"]
    assert (comment["body"], comment["author"], comment["status"]) == (
        "Who leads this?",
        "Femi Facilitator",
        "open",
    )
    # Nothing of the other place, and no secrets.
    assert "southvale" not in text.lower() and world.other_voice.text not in text.replace(
        world.voice.text, ""
    )
    for secret in ("password_hash", "token_hash", "argon2"):
        assert secret not in text
    assert session.exec(select(AuditEvent).where(AuditEvent.action == "export")).first() is not None


def test_the_export_place_command_writes_json_to_a_file_or_standard_output(
    database: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    output = tmp_path / "eastbrook.json"
    assert cli.main(["export-place", "eastbrook", "--output", str(output)]) == 0
    document = json.loads(output.read_text(encoding="utf-8"))
    assert document["place"]["name"] == "Eastbrook"
    [strategy] = document["strategies"]
    assert [v["text"] for v in strategy["records"]["voice"]] == ["The park café brings people together"]
    assert document["members"] == [
        {
            "user_id": document["members"][0]["user_id"],
            "name": "Lena Lead",
            "email": "lead@council.test",
            "role": "officer",
        }
    ]
    capsys.readouterr()
    assert cli.main(["export-place", "eastbrook"]) == 0
    again = json.loads(capsys.readouterr().out)
    assert {k: v for k, v in again.items() if k != "exported_at"} == {
        k: v for k, v in document.items() if k != "exported_at"
    }, "the same data exports the same way"
    assert cli.main(["export-place", "nowhere"]) == 1
    engine = make_engine(f"sqlite:///{database}")
    with Session(engine) as session:
        place = session.exec(select(Place).where(Place.slug == "eastbrook")).one()
        exports = session.exec(select(AuditEvent).where(AuditEvent.place_id == place.id)).all()
        assert [e.action for e in exports] == ["export", "export"]
    engine.dispose()
