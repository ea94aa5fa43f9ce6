"""Crash safety: the server is killed (SIGKILL, every process) in the middle of a large import and of edits.

After a restart the database passes its integrity check, the import left nothing behind, no version row is
orphaned, every record's current version matches the record, and the app takes new work."""

import asyncio
import contextlib
import time
from pathlib import Path

import httpx
import pytest
from sqlalchemy import Engine, text
from sqlmodel import Session, col, func, select

from app.models import Priority, Transaction, Voice, version_class
from tests.reliability import (
    VERSION_FIELD,
    Scene,
    build_scene,
    engine_for,
    fresh_database,
    run_async,
    running_server,
    signed_in_client,
)

# Real servers killed mid-write and a large import: outside the everyday run.
pytestmark = pytest.mark.slow

IMPORT_ROWS = 40_000


def _csv() -> bytes:
    lines = ["comment,postcode"]
    lines += [f'"The park by the canal needs benches, note {i}",AB1' for i in range(IMPORT_ROWS)]
    return ("\n".join(lines) + "\n").encode()


async def _crash_during_import_and_edits(server, scene: Scene) -> tuple[bool, list[int]]:  # type: ignore[no-untyped-def]
    """Officers edit one record, then a large import starts; SIGKILL the server while both are under way.

    Returns whether the import was cut off and the statuses of the edits saved before the crash."""
    importer, importer_csrf = await signed_in_client(server.base_url, scene.emails[0])
    editors = await asyncio.gather(*(signed_in_client(server.base_url, email) for email in scene.emails[1:]))
    base = f"/places/{scene.place_slug}/strategies/{scene.strategy_slug}"
    upload = await importer.post(
        f"{base}/listening/exercises/{scene.exercise_id}/import",
        data={"csrf_token": importer_csrf},
        files={"file": ("survey.csv", _csv(), "text/csv")},
    )
    assert upload.status_code == 303, upload.text[:500]
    edit = f"{base}/plan/priorities/{scene.priority_id}/edit"
    saves: list[int] = []

    async def officer(client: httpx.AsyncClient, csrf: str, number: int) -> None:
        with contextlib.suppress(httpx.HTTPError):  # the server goes away mid-request
            for n in range(10_000):
                form = await client.get(edit)
                version = VERSION_FIELD.search(form.text)
                assert version
                response = await client.post(
                    edit,
                    data={
                        "outcome": f"Officer {number}, save {n}",
                        "struggle_ids": str(scene.struggle_id),
                        "version": version.group(1),
                        "csrf_token": csrf,
                    },
                )
                saves.append(response.status_code)

    editing = [asyncio.create_task(officer(client, csrf, i)) for i, (client, csrf) in enumerate(editors)]
    await asyncio.sleep(1.5)  # edits are saved (on SQLite they wait for the import's write lock after this)
    importing = asyncio.create_task(
        importer.post(
            upload.headers["location"],
            data={
                "map-text": "comment",
                "default_kind": "concern",
                "action": "import",
                "csrf_token": importer_csrf,
            },
        )
    )
    await asyncio.sleep(2.0)
    cut_off = not importing.done()
    server.kill()
    with contextlib.suppress(httpx.HTTPError):
        await importing
    await asyncio.gather(*editing)
    for client in (importer, *(c for c, _ in editors)):
        await client.aclose()
    return cut_off, saves


def _check_database(engine: Engine, kind: str) -> None:
    with Session(engine) as session:
        if kind == "sqlite":
            assert session.exec(text("PRAGMA integrity_check")).one()[0] == "ok"  # type: ignore[call-overload]
            assert session.exec(text("PRAGMA foreign_key_check")).all() == []  # type: ignore[call-overload]
        for model in (Priority, Voice):
            V = version_class(model)
            orphans = session.exec(
                select(func.count())
                .select_from(V)
                .outerjoin(Transaction, col(Transaction.id) == V.transaction_id)
                .where(col(Transaction.id).is_(None))
            ).one()
            assert orphans == 0, f"{model.__name__}: version rows without their transaction"
            current = session.exec(
                select(V).where(V.end_transaction_id.is_(None), V.operation_type != 2)  # type: ignore[call-overload]
            ).all()
            live = {row.id: row for row in session.exec(select(model)).all()}
            assert sorted(v.id for v in current) == sorted(live), (
                f"{model.__name__}: current versions and rows differ"
            )
            for version in current:
                if model is Priority:
                    assert version.outcome == live[version.id].outcome


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_a_killed_server_leaves_a_sound_database(kind: str, tmp_path: Path) -> None:
    scene = build_scene(fresh_database(kind, tmp_path, "crash"))
    engine = engine_for(scene)
    try:
        with running_server(scene.url, tmp_path) as server:
            cut_off, saves = run_async(_crash_during_import_and_edits(server, scene))
        assert cut_off, f"the import of {IMPORT_ROWS:,} rows finished within 2 s: the crash came too late"
        assert 303 in saves, "no edit was saved before the crash: the crash came too early"
        _check_database(engine, kind)
        with Session(engine) as session:
            assert session.exec(select(func.count()).select_from(Voice)).one() == 0, "the import left voices"
            assert session.exec(select(func.count()).select_from(version_class(Voice))).one() == 0

        with running_server(scene.url, tmp_path) as server:

            async def one_save() -> int:
                client, csrf = await signed_in_client(server.base_url, scene.emails[1])
                edit = (
                    f"/places/{scene.place_slug}/strategies/{scene.strategy_slug}"
                    f"/plan/priorities/{scene.priority_id}/edit"
                )
                form = await client.get(edit)
                version = VERSION_FIELD.search(form.text)
                assert version
                response = await client.post(
                    edit,
                    data={
                        "outcome": "After the restart",
                        "struggle_ids": str(scene.struggle_id),
                        "version": version.group(1),
                        "csrf_token": csrf,
                    },
                )
                await client.aclose()
                return response.status_code

            started = time.monotonic()
            assert run_async(one_save()) == 303
            assert time.monotonic() - started < 30
        _check_database(engine, kind)
    finally:
        engine.dispose()
