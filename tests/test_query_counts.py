"""No page runs a query per row it shows (N+1): each main page is asked for with N rows and then with 3N,
and the number of SQL statements it runs must not change."""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from sqlalchemy import Engine, event
from sqlmodel import Session, select

from app.models import Measurement, Place, Role, Theme
from app.services.records.versioning import create_record, save_record
from tests.conftest import World
from tests.factories import (
    make_action,
    make_area,
    make_membership,
    make_place,
    make_strategy,
    make_strength,
    make_struggle,
    make_voice,
)

N = 3


@contextmanager
def counting(engine: Engine) -> Iterator[list[str]]:
    statements: list[str] = []

    def count(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        if not statement.lstrip().upper().startswith(("SAVEPOINT", "RELEASE", "ROLLBACK TO")):
            statements.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", count)


def _transport(session: Session) -> Theme:
    return session.exec(select(Theme).where(Theme.slug == "public-transport")).one()


def add_voices(session: Session, world: World, n: int) -> None:
    theme = _transport(session)
    for number in range(n):
        make_voice(
            session, exercise=world.exercise, actor=world.users["officer"], area=world.area, themes=[theme],
            text=f"The number {number} bus is late.", age_band="16-24",
        )  # fmt: skip


def add_areas(session: Session, world: World, n: int) -> None:
    theme = _transport(session)
    for _ in range(n):
        number = len(session.exec(select(Place)).all()) * 100 + session.info.setdefault("areas", 0)
        session.info["areas"] = session.info["areas"] + 1
        area = make_area(session, place=world.place, actor=world.users["admin"], name=f"Ward {number}")
        make_voice(session, exercise=world.exercise, actor=world.users["officer"], area=area, themes=[theme])
        make_strength(
            session, strategy=world.strategy, actor=world.users["officer"], areas=[area], themes=[theme]
        )
        make_struggle(
            session, strategy=world.strategy, actor=world.users["officer"], areas=[area], themes=[theme]
        )


def add_actions(session: Session, world: World, n: int) -> None:
    for number in range(n):
        parent = make_action(
            session, strategy=world.strategy, actor=world.users["officer"], priority=world.priority,
            title=f"Action {number}", struggles=[world.struggle],
        )  # fmt: skip
        make_action(
            session, strategy=world.strategy, actor=world.users["officer"], parent=parent, title="Part"
        )


def add_published_actions(session: Session, world: World, n: int) -> None:
    """More actions, and a new edition of the plan, so that a councillor sees them."""
    add_actions(session, world, n)
    session.commit()
    world.publish(session, "plan", f"Plan with {n} more actions")


def add_thread(session: Session, world: World, n: int) -> None:
    """More struggles behind the action, each with a voice and a strength that could help."""
    officer = world.users["officer"]
    struggle_ids = list(world.action.struggle_ids)
    for _ in range(n):
        voice = make_voice(session, exercise=world.exercise, actor=officer, area=world.area)
        strength = make_strength(session, strategy=world.strategy, actor=officer, areas=[world.area])
        struggle = make_struggle(session, strategy=world.strategy, actor=officer, areas=[world.area])
        save_record(
            session=session, record=struggle, actor=officer, expected_version=None,
            changes={"voice_ids": [voice.id], "strength_ids": [strength.id]},
        )  # fmt: skip
        struggle_ids.append(struggle.id or 0)
    save_record(
        session=session, record=world.action, actor=officer, expected_version=None,
        changes={"struggle_ids": struggle_ids},
    )  # fmt: skip


def add_measurements(session: Session, world: World, n: int) -> None:
    existing = len(
        session.exec(select(Measurement).where(Measurement.indicator_id == world.indicator.id)).all()
    )
    for number in range(existing, existing + n):
        create_record(
            session=session,
            actor=world.users["officer"],
            record=Measurement(
                place_id=world.place.id,  # type: ignore[arg-type]
                strategy_id=world.strategy.id,  # type: ignore[arg-type]
                indicator_id=world.indicator.id,  # type: ignore[arg-type]
                measured_on=date(2026, 1, 1) + timedelta(days=30 * number),
                value=50.0 + number,
                sample_size=500,
            ),
        )


def add_versions(session: Session, world: World, n: int) -> None:
    for _ in range(n):
        save_record(
            session=session, record=world.action, actor=world.users["officer"], expected_version=None,
            changes={"title": world.action.title + "!", "percent_complete": (world.action.percent_complete + 7) % 100},
        )  # fmt: skip
        session.commit()


def add_places(session: Session, world: World, n: int) -> None:
    for _ in range(n):
        number = len(session.exec(select(Place)).all()) + 1
        place = make_place(
            session, slug=f"place-{number}", name=f"Place {number}", gss_code=f"E08{number:06d}"
        )
        make_membership(session, user=world.users["facilitator"], place=place, role=Role.facilitator)
        strategy = make_strategy(session, place=place, actor=world.users["admin"])
        make_action(session, strategy=strategy, actor=world.users["admin"])


@dataclass(frozen=True)
class Case:
    name: str
    persona: str
    path: Callable[[World], str]
    grow: Callable[[Session, World, int], None]


def _strategy(world: World) -> str:
    return f"/places/{world.place.slug}/strategies/{world.strategy.slug}"


CASES = [
    Case("strategy home", "officer", lambda w: f"{_strategy(w)}/", add_actions),
    Case("voices", "officer", lambda w: f"{_strategy(w)}/listening/voices/", add_voices),
    Case("voices by theme and area", "officer",
         lambda w: f"{_strategy(w)}/listening/voices/?theme={w.struggle.theme_ids[0]}&area={w.area.id}", add_voices),
    Case("analysis", "officer", lambda w: f"{_strategy(w)}/listening/analysis/", add_areas),
    Case("who we have heard from", "officer", lambda w: f"{_strategy(w)}/listening/heard/", add_areas),
    Case("area and theme grid", "officer", lambda w: f"{_strategy(w)}/mapping/grid/", add_areas),
    Case("action plan", "officer", lambda w: f"{_strategy(w)}/plan/", add_actions),
    Case("action", "officer", lambda w: f"{_strategy(w)}/plan/actions/{w.action.id}/", add_thread),
    Case("indicator", "officer", lambda w: f"{_strategy(w)}/progress/indicators/{w.indicator.id}/", add_measurements),
    Case("history", "officer", lambda w: f"/places/{w.place.slug}/history/action/{w.action.id}/", add_versions),
    Case("councillor dashboard", "councillor", lambda w: f"{_strategy(w)}/dashboard", add_published_actions),
    Case("facilitator overview", "facilitator", lambda _w: "/overview/", add_places),
    Case("API actions", "officer", lambda w: f"/api/v1{_strategy(w)}/actions?page=1", add_actions),
]  # fmt: skip


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_queries_do_not_grow_with_rows(
    case: Case, engine: Engine, session: Session, world: World, client_for
) -> None:  # type: ignore[no-untyped-def]
    client = client_for(case.persona)

    def queries() -> int:
        path = case.path(world)
        first = client.get(path)
        assert first.status_code == 200, (path, first.status_code)
        with counting(engine) as statements:
            assert client.get(path).status_code == 200
        return len(statements)

    case.grow(session, world, N)
    session.commit()
    few = queries()
    case.grow(session, world, 2 * N)
    session.commit()
    many = queries()
    assert few > 0, "no statements were counted"
    assert many == few, f"{case.name}: {few} queries with {N} rows, {many} with {3 * N}"
