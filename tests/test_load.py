"""No lost update under load: several server processes, several officers editing the same record at once.

Afterwards every acknowledged write is in the database, every conflicting edit was refused with 409 (never a
silent overwrite), no response was a server error, and the record's version history has exactly one version per
acknowledged save, with no gaps."""

import asyncio
import time
from collections import Counter
from pathlib import Path

import pytest
from sqlmodel import Session, col, select

from app.models import Priority, Transaction, version_class
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

# Real servers under load for seconds at a time: outside the everyday run.
pytestmark = pytest.mark.slow

DURATION_SECONDS = 8


async def _officer(base_url: str, email: str, scene: Scene, number: int, stop_at: float) -> dict[str, list]:
    client, csrf = await signed_in_client(base_url, email)
    base = f"/places/{scene.place_slug}/strategies/{scene.strategy_slug}/plan"
    edit = f"{base}/priorities/{scene.priority_id}/edit"
    results: dict[str, list] = {"saved": [], "conflicts": [], "created": [], "statuses": []}
    n = 0
    try:
        while time.monotonic() < stop_at:
            n += 1
            form = await client.get(edit)
            results["statuses"].append(form.status_code)
            match = VERSION_FIELD.search(form.text)
            assert match, f"no version on the edit form: {form.status_code}"
            outcome = f"Outcome from officer {number}, save {n}"
            response = await client.post(
                edit,
                data={
                    "outcome": outcome,
                    "struggle_ids": str(scene.struggle_id),
                    "version": match.group(1),
                    "csrf_token": csrf,
                },
            )
            results["statuses"].append(response.status_code)
            if response.status_code == 303:
                results["saved"].append(outcome)
            elif response.status_code == 409:
                results["conflicts"].append(outcome)
            if n % 3 == 0:
                created = f"New priority from officer {number}, number {n}"
                response = await client.post(
                    f"{base}/priorities/new",
                    data={"outcome": created, "struggle_ids": str(scene.struggle_id), "csrf_token": csrf},
                )
                results["statuses"].append(response.status_code)
                if response.status_code == 303:
                    results["created"].append(created)
    finally:
        await client.aclose()
    return results


async def _run(base_url: str, scene: Scene) -> list[dict[str, list]]:
    stop_at = time.monotonic() + DURATION_SECONDS
    return await asyncio.gather(
        *(_officer(base_url, email, scene, i, stop_at) for i, email in enumerate(scene.emails))
    )


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_concurrent_edits_lose_nothing_and_conflicts_get_409(kind: str, tmp_path: Path) -> None:
    scene = build_scene(fresh_database(kind, tmp_path, "load"))
    with running_server(scene.url, tmp_path, workers=2) as server:
        results = run_async(_run(server.base_url, scene))
        log = server.log.read_text(errors="replace")

    statuses = Counter(s for r in results for s in r["statuses"])
    assert not [s for s in statuses if s >= 500], f"server errors: {statuses}\n{log[-3000:]}"
    assert set(statuses) <= {200, 303, 409}, statuses
    saved = [o for r in results for o in r["saved"]]
    conflicts = [o for r in results for o in r["conflicts"]]
    created = [o for r in results for o in r["created"]]
    assert saved and created, "the load produced no acknowledged writes"
    assert conflicts, "four officers saving one record for seconds never collided: the test proves nothing"
    assert "database is locked" not in log

    engine = engine_for(scene)
    try:
        with Session(engine) as session:
            priority = session.get(Priority, scene.priority_id)
            assert priority is not None
            V = version_class(Priority)
            versions = session.exec(
                select(V).where(V.id == scene.priority_id).order_by(V.transaction_id)  # type: ignore[call-overload]
            ).all()
            history = [v.outcome for v in versions]
            # One version when created, then exactly one per acknowledged save, in the order they were saved.
            assert sorted(history[1:]) == sorted(saved), "history and acknowledged saves differ"
            assert not set(conflicts) & set(history), "a refused save reached the history"
            assert priority.version == len(versions), "the version counter has a gap or a repeat"
            assert priority.outcome == history[-1]
            ended = [v.end_transaction_id for v in versions]
            assert ended[:-1] == [v.transaction_id for v in versions[1:]] and ended[-1] is None, (
                "each version must end exactly where the next begins"
            )
            outcomes = set(session.exec(select(Priority.outcome)).all())
            assert set(created) <= outcomes, "an acknowledged new priority is missing"
            orphans = session.exec(
                select(V.transaction_id)  # type: ignore[call-overload]
                .outerjoin(Transaction, col(Transaction.id) == V.transaction_id)
                .where(col(Transaction.id).is_(None))
            ).all()
            assert not orphans
    finally:
        engine.dispose()
