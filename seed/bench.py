"""National-scale benchmark data, written in bulk (``cohesion bench-data``).

Every place gets areas, a strategy, listening exercises, voices with themes, strengths and struggles with
evidence, priorities, actions with milestones, indicators with figures, four quarters of updates per action
and published editions of each stage. Live rows and their SQLAlchemy-Continuum version rows (with
``transaction`` rows, ``end_transaction_id`` and ``operation_type``) are written together, with the
``voice_theme`` and ``evidence_link`` indexes, exactly as the one write path would have left them, so history
pages, editions and counts work on the data. Rows are built column by column and written with
``executemany`` on SQLite and ``COPY`` on PostgreSQL, with secondary indexes dropped during the load and
rebuilt after it.

Place 0 is the measured place (the bench officer's and councillor's); it has the same size whatever the
number of places, as long as the voices per place stay the same, so the 10% and 100% datasets can be
compared page for page. Place 1 is the largest strategy (exports and the PDF). Place names are invented.
"""

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Engine, func, insert, text
from sqlmodel import Session, col, select

from app.models import (
    Action,
    Edition,
    Indicator,
    ListeningExercise,
    Membership,
    Place,
    Strategy,
    TensionEntryArea,
    Theme,
    User,
    VoiceTheme,
)
from app.services.accounts.auth import hash_password
from app.services.listening import voice_counts
from seed.bench_rows import STRATEGY_SLUG, BenchSizes, Generator, Ids, Loader
from seed.bench_tensions import TENSION_SLUG, build_tension_place

__all__ = ["STRATEGY_SLUG", "BenchSizes", "BenchTargets", "build", "targets"]

BENCH_PASSWORD = "bench-password-2026"  # noqa: S105 - a known password for the load generator
BENCH_DOMAIN = "bench.example"
OFFICER_EMAIL = f"officer@{BENCH_DOMAIN}"
FACILITATOR_EMAIL = f"facilitator@{BENCH_DOMAIN}"
COUNCILLOR_EMAIL = f"councillor@{BENCH_DOMAIN}"


@dataclass
class BenchTargets:
    """What the load generator asks for: the measured place and records in it."""

    place_slug: str
    largest_slug: str
    strategy_slug: str
    theme_id: int
    area_id: int
    action_id: int
    indicator_id: int
    exercise_id: int
    largest_exercise_id: int
    action_transaction_id: int  # the action's first version, for the restore confirmation page
    plan_edition_id: int = 0  # the measured place's latest plan edition (0: none)
    counts: dict[str, int] = field(default_factory=dict)
    tension_slug: str = TENSION_SLUG
    tension_area_id: int = 0  # the tension place's ward named by most entries (0: no such place)


# --- Indexes, sequences and the load as a whole -------------------------------------------------------------

_LOADED_TABLES = (
    "voice", "voice_version", "voice_theme", "transaction", "evidence_link", "action", "action_version",
    "action_update", "action_update_version", "measurement", "measurement_version", "listening_exercise_version",
    "strength_version", "struggle_version", "priority_version", "indicator_version", "area_version",
)  # fmt: skip


def _drop_indexes(connection: Any, dialect: str) -> list[str]:
    """Drop the secondary indexes of the big tables (rebuilding once is far quicker than keeping them up)."""
    cursor = connection.cursor()
    names = ", ".join(f"'{t}'" for t in _LOADED_TABLES)
    if dialect == "postgresql":
        where = f"tablename IN ({names}) AND indexname NOT IN (SELECT conname FROM pg_constraint)"  # noqa: S608
        query = f"SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() AND {where}"  # noqa: S608
    else:
        where = f"tbl_name IN ({names}) AND sql IS NOT NULL"
        query = f"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND {where}"  # noqa: S608
    cursor.execute(query)
    found = cursor.fetchall()
    for name, _definition in found:
        cursor.execute(f'DROP INDEX "{name}"')
    cursor.close()
    return [definition for _name, definition in found]


def _serial_tables() -> list[str]:
    return [
        "user_account", "membership", "place", "area", "strategy", "listening_exercise", "voice", "strength",
        "struggle", "priority", "action", "indicator", "action_update", "measurement", "edition", "transaction",
        "public_page",
    ]  # fmt: skip


def _start_ids(session: Session) -> dict[str, int]:
    start = {}
    for table in _serial_tables():
        start[table] = int(
            session.execute(text(f'SELECT coalesce(max(id), 0) + 1 FROM "{table}"')).scalar_one()  # noqa: S608
        )
    return start


def _users(session: Session) -> None:
    """The bench sign-ins: not demo accounts, so the server runs with production settings."""
    password = hash_password(BENCH_PASSWORD)
    names = {
        OFFICER_EMAIL: "Bench Officer",
        FACILITATOR_EMAIL: "Bench Facilitator",
        COUNCILLOR_EMAIL: "Bench Councillor",
    }
    session.execute(
        insert(User.__table__),  # type: ignore[attr-defined]
        [
            {
                "email": email,
                "name": name,
                "password_hash": password,
                "is_admin": False,
                "active": True,
                "created_at": datetime.now(UTC),
            }
            for email, name in names.items()
        ],
    )


def officer_id(session: Session) -> int:
    return int(session.exec(select(col(User.id)).where(User.email == OFFICER_EMAIL)).one() or 0)


def build(
    engine: Engine, sizes: BenchSizes, *, seed: int = 2026, log: Callable[[str], None] = print
) -> dict[str, int]:
    """Write the whole dataset into an empty, migrated database. Returns the rows written per table."""
    started = time.monotonic()
    dialect = engine.dialect.name
    with Session(engine) as session:
        if session.exec(select(func.count()).select_from(Place)).one():
            raise ValueError("The database already has places: bench data needs an empty, migrated database")
        themes = [
            int(theme_id or 0)
            for theme_id in session.exec(
                select(col(Theme.id)).where(col(Theme.place_id).is_(None)).order_by(col(Theme.position))
            )
        ]
        start = _start_ids(session)
        # Users first (their ids are the actors of the transactions).
        _users(session)
        session.commit()
        actor = officer_id(session)
    raw = engine.raw_connection()
    try:
        connection: Any = raw.driver_connection
        if dialect == "sqlite":
            connection.execute("PRAGMA foreign_keys=OFF")
            connection.execute("PRAGMA synchronous=OFF")
            connection.execute("PRAGMA cache_size=-400000")
        else:
            try:
                connection.execute("SET session_replication_role = replica")
            except Exception:
                connection.rollback()
        definitions = _drop_indexes(connection, dialect)
        connection.commit()
        loader = Loader(connection, dialect)
        generator = Generator(loader, Ids(start), sizes, seed)
        placed: list[dict[str, int]] = []
        for index in range(sizes.places):
            loader.begin()
            placed.append(generator.place(index, themes, actor))
            editions = dict(generator.stage_tx)
            edition_ids = generator.ids.take("edition", len(editions))
            loader.write(
                "edition",
                {
                    "id": edition_ids,
                    "place_id": placed[-1]["place_id"],
                    "strategy_id": placed[-1]["strategy_id"],
                    "stage": list(editions),
                    "number": 1,
                    "title": [f"{stage.capitalize()} edition, agreed by Cabinet" for stage in editions],
                    "transaction_id": list(editions.values()),
                    "published_by_id": actor,
                    "published_at": loader.timestamp(generator.epoch + timedelta(days=300)),
                },
                len(editions),
            )
            # Every place shows its public pages, in English and Welsh.
            loader.write(
                "public_page",
                {
                    "id": generator.ids.take("public_page", 1),
                    "place_id": placed[-1]["place_id"],
                    "version": 1,
                    "enabled": True,
                    "welsh": True,
                    "contact": "Email the cohesion team at cohesion@council.example.",
                    "contact_cy": "E-bostiwch y tîm cydlyniant yn cohesion@council.example.",
                    "updated_at": loader.timestamp(generator.epoch + timedelta(days=300)),
                },
                1,
            )
            generator.flush_transactions()
            loader.commit()
            if index % 50 == 0:
                log(f"  place {index + 1} of {sizes.places} ({time.monotonic() - started:.0f} s)")
        log(f"  rows written ({time.monotonic() - started:.0f} s); rebuilding indexes")
        cursor = connection.cursor()
        for definition in definitions:
            cursor.execute(definition)
        if dialect == "postgresql":
            for table in _serial_tables():
                sequence = f"pg_get_serial_sequence('\"{table}\"', 'id')"
                cursor.execute(f'SELECT setval({sequence}, coalesce(max(id), 1)) FROM "{table}"')  # noqa: S608
            cursor.execute("SET session_replication_role = DEFAULT")
        connection.commit()
        cursor.close()
    finally:
        raw.close()
    with engine.begin() as counting:
        voice_counts.rebuild(counting)
    with Session(engine) as session:
        _memberships(session, placed)
        build_tension_place(session, officer_id=officer_id(session), today=date.today(), seed=seed)
        session.commit()
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        # As autovacuum would after a load this size: fresh statistics, and a visibility map for index-only scans.
        if dialect == "postgresql":
            for table in sa.inspect(connection).get_table_names():
                connection.exec_driver_sql(f'VACUUM ANALYZE "{table}"')
        else:
            connection.exec_driver_sql("ANALYZE")
    log(f"  done in {time.monotonic() - started:.0f} s")
    return loader.written


def _memberships(session: Session, placed: list[dict[str, int]]) -> None:
    users = {
        email: int(user_id or 0)
        for email, user_id in session.exec(
            select(col(User.email), col(User.id)).where(col(User.email).like(f"%@{BENCH_DOMAIN}"))
        )
    }
    rows = [
        {"user_id": users[OFFICER_EMAIL], "place_id": placed[i]["place_id"], "role": "officer"}
        for i in (0, 1)
        if i < len(placed)
    ]
    rows += [
        {"user_id": users[FACILITATOR_EMAIL], "place_id": p["place_id"], "role": "facilitator"}
        for p in placed
    ]
    rows.append({"user_id": users[COUNCILLOR_EMAIL], "place_id": placed[0]["place_id"], "role": "councillor"})
    session.execute(insert(Membership.__table__), rows)  # type: ignore[attr-defined]


def targets(engine: Engine) -> BenchTargets:
    """The measured place, the largest strategy, and the records the load generator asks for."""
    with Session(engine) as session:
        places = list(session.exec(select(col(Place.id), col(Place.slug)).order_by(col(Place.id)).limit(2)))
        place_id, slug = int(places[0][0] or 0), places[0][1]
        largest_id, largest_slug = int(places[-1][0] or 0), places[-1][1]
        strategy = session.exec(select(col(Strategy.id)).where(Strategy.place_id == place_id)).one()
        top = session.exec(
            select(col(VoiceTheme.theme_id), col(VoiceTheme.area_id), func.count())
            .where(VoiceTheme.place_id == place_id, col(VoiceTheme.area_id).is_not(None))
            .group_by(col(VoiceTheme.theme_id), col(VoiceTheme.area_id))
            .order_by(func.count().desc())
            .limit(1)
        ).one()

        def first(model: Any, of_place: int = place_id) -> int:
            return int(session.exec(select(func.min(model.id)).where(model.place_id == of_place)).one())

        counts = {
            table: int(session.execute(text(f'SELECT count(*) FROM "{table}"')).scalar_one())  # noqa: S608
            for table in (
                "place",
                "area",
                "voice",
                "voice_theme",
                "action",
                "indicator",
                "measurement",
                "action_update",
                "transaction",
            )
        }
        counts["version rows"] = sum(
            int(session.execute(text(f'SELECT count(*) FROM "{t}"')).scalar_one())  # noqa: S608
            for t in sa.inspect(session.get_bind()).get_table_names()
            if t.endswith("_version")
        )
        action_id = first(Action)
        action_transaction_id = session.execute(
            text("SELECT min(transaction_id) FROM action_version WHERE id = :id"), {"id": action_id}
        ).scalar_one()
        tension_area = session.exec(
            select(col(TensionEntryArea.area_id))
            .join(Place, col(Place.id) == col(TensionEntryArea.place_id))
            .where(Place.slug == TENSION_SLUG)
            .group_by(col(TensionEntryArea.area_id))
            .order_by(func.count().desc(), col(TensionEntryArea.area_id))
            .limit(1)
        ).first()
        return BenchTargets(
            place_slug=slug,
            largest_slug=largest_slug,
            strategy_slug=STRATEGY_SLUG,
            theme_id=int(top[0]),
            area_id=int(top[1] or 0),
            action_id=action_id,
            action_transaction_id=int(action_transaction_id or 0),
            indicator_id=first(Indicator),
            exercise_id=first(ListeningExercise),
            largest_exercise_id=first(ListeningExercise, largest_id),
            plan_edition_id=int(
                session.exec(
                    select(func.max(col(Edition.id))).where(
                        Edition.place_id == place_id, Edition.stage == "plan"
                    )
                ).one()
                or 0
            ),
            counts=counts | {"strategy_id": int(strategy or 0)},
            tension_area_id=int(tension_area or 0),
        )
