"""Fixtures: a migrated database (SQLite, and PostgreSQL when COHESION_TEST_DATABASE_URL is set), a
transaction per test rolled back at the end, the named personas, and a signed-in client for each."""

import functools
import hashlib
import hmac
import os
import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config
from fastapi.testclient import TestClient
from sqlalchemy import Engine, make_url, text
from sqlalchemy.orm import sessionmaker
from sqlmodel import Session, select

from app import public_answers, templating
from app.config import ROOT, Settings
from app.db import make_engine, normalise_url
from app.deps import SESSION_COOKIE
from app.main import create_app
from app.models import (
    Action,
    Area,
    Edition,
    Indicator,
    ListeningExercise,
    Place,
    Priority,
    Role,
    Strategy,
    Strength,
    Struggle,
    Theme,
    User,
    Voice,
)
from app.security import CSRF_COOKIE
from app.services.accounts import auth
from app.services.listening import theming
from app.services.mapping import candidates
from app.services.mapping import service as mapping
from app.services.outputs import dashboards, place_maps, summary
from app.services.plan import indicators as plan_indicators
from app.services.public import pages as public_pages
from app.services.records import editions
from tests.factories import (
    make_action,
    make_area,
    make_exercise,
    make_membership,
    make_place,
    make_priority,
    make_strategy,
    make_strength,
    make_struggle,
    make_user,
    make_voice,
)
from tests.tension_factories import TensionCast, make_tension_cast

PG_ENV = "COHESION_TEST_DATABASE_URL"
PERSONAS = ("anonymous", "officer", "other_place_officer", "facilitator", "councillor", "admin")
TEST_SECRET = "test-secret-key-that-is-long-enough-for-hmac"


def alembic_config(url: str) -> Config:
    config = Config(str(ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(ROOT / "migrations"))
    config.cmd_opts = None
    config.attributes["configure_logger"] = False
    config.set_main_option("sqlalchemy.url", url)
    return config


def migrate(engine: Engine) -> None:
    with engine.begin() as connection:
        config = alembic_config(str(engine.url))
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def postgres_url() -> str | None:
    url = os.environ.get(PG_ENV)
    return normalise_url(url) if url else None


def require_postgres() -> str:
    url = postgres_url()
    if url is None:
        message = (
            f"PostgreSQL run skipped: set {PG_ENV}, for example "
            f"{PG_ENV}=postgresql+psycopg://postgres@127.0.0.1:5432/test (CI sets it)"
        )
        if os.environ.get("CI"):
            pytest.fail(message + " — CI must run the PostgreSQL suite")
        pytest.skip(message)
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not worker:
        return url
    # The suite drops and recreates the public schema of its database, so each pytest-xdist worker (gw0,
    # gw1…) needs a database of its own beside the one named: test_gw0, test_gw1…
    return ensure_database(url, f"{make_url(url).database}_{worker}")


@functools.cache
def ensure_database(url: str, name: str) -> str:
    """The URL of database ``name`` on the server of ``url`` (whose own database must exist), created empty
    if it is missing."""
    admin = make_engine(url)
    try:
        with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            exists = connection.execute(
                text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}
            ).first()
            if not exists:
                connection.execute(text(f'CREATE DATABASE "{name}"'))
    finally:
        admin.dispose()
    return make_url(url).set(database=name).render_as_string(hide_password=False)


def reset_postgres(engine: Engine) -> None:
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def engine(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    if request.param == "sqlite":
        path = tmp_path_factory.mktemp("db") / "test.db"
        engine = make_engine(f"sqlite:///{path}")
    else:
        engine = make_engine(require_postgres())
        reset_postgres(engine)
    migrate(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def db_connection(engine: Engine) -> Iterator[object]:
    connection = engine.connect()
    transaction = connection.begin()
    yield connection
    transaction.rollback()
    connection.close()


@pytest.fixture
def session_factory(db_connection: object) -> sessionmaker[Session]:
    return sessionmaker(
        bind=db_connection,
        class_=Session,
        expire_on_commit=False,  # type: ignore[call-overload]
        join_transaction_mode="create_savepoint",
    )


@pytest.fixture
def session(session_factory: sessionmaker[Session]) -> Iterator[Session]:
    # Each test's database starts again from the same ids: a dashboard kept by an earlier test is not its.
    dashboards.forget_dashboards()
    public_pages.forget()
    public_answers.forget()
    templating.forget_fragments()
    place_maps.forget()
    candidates.forget()
    theming.forget()
    summary.forget()
    with session_factory() as session:
        yield session


@pytest.fixture
def settings() -> Settings:
    return Settings(env="test", secret_key=TEST_SECRET, DATABASE_URL="sqlite://")


@dataclass
class World:
    """The standard cast: one place with a strategy and areas, another place, and the personas."""

    place: Place
    other_place: Place
    strategy: Strategy
    other_strategy: Strategy
    area: Area
    other_area: Area
    users: dict[str, User]
    exercise: ListeningExercise
    voice: Voice
    other_voice: Voice
    strength: Strength
    struggle: Struggle
    priority: Priority
    action: Action
    indicator: Indicator
    edition: Edition  # the first published edition of the action plan
    tension: TensionCast  # the tension log, and the persona variants that hold its permission

    def publish(
        self, session: Session, stage: str, title: str = "An edition", decided_on: date | None = None
    ) -> Edition:
        """The officer publishes a stage of the strategy in a transaction of its own, as a request would:
        what was written before is in the edition, and what is written after is not."""
        session.commit()
        edition = editions.publish_edition(
            session=session,
            strategy=self.strategy,
            stage=stage,
            actor=self.users["officer"],
            title=title,
            note=None,
            decided_on=decided_on,
        )
        session.commit()
        return edition

    def voice_as_evidence(self, session: Session) -> None:
        """The officer gives the world's voice as evidence of its struggle."""
        mapping.attach_voice(
            session=session,
            strategy=self.strategy,
            record=self.struggle,
            voice_id=self.voice.id,
            actor=self.users["officer"],
            expected_version=None,
        )


@pytest.fixture
def world(session: Session) -> World:
    users = {
        "officer": make_user(session, email="officer@example.test", name="Olu Officer"),
        "other_place_officer": make_user(session, email="other@example.test", name="Orla Other"),
        "facilitator": make_user(session, email="facilitator@example.test", name="Femi Facilitator"),
        "councillor": make_user(session, email="councillor@example.test", name="Cal Councillor"),
        "admin": make_user(session, email="admin@example.test", name="Ada Admin", is_admin=True),
    }
    place = make_place(session, slug="northmoor", name="Northmoor", gss_code="E08999001")
    other = make_place(session, slug="southvale", name="Southvale", gss_code="E08999002")
    make_membership(session, user=users["officer"], place=place, role=Role.officer)
    make_membership(session, user=users["other_place_officer"], place=other, role=Role.officer)
    make_membership(session, user=users["facilitator"], place=place, role=Role.facilitator)
    make_membership(session, user=users["councillor"], place=place, role=Role.councillor)
    strategy = make_strategy(session, place=place, actor=users["officer"])
    other_strategy = make_strategy(session, place=other, actor=users["other_place_officer"])
    area = make_area(session, place=place, actor=users["admin"], name="Northfield")
    other_area = make_area(session, place=other, actor=users["admin"], name="Riverside")
    exercise = make_exercise(session, strategy=strategy, actor=users["officer"], areas=[area])
    voice = make_voice(session, exercise=exercise, actor=users["officer"], area=area)
    other_exercise = make_exercise(session, strategy=other_strategy, actor=users["other_place_officer"])
    other_voice = make_voice(session, exercise=other_exercise, actor=users["other_place_officer"])
    transport = session.exec(select(Theme).where(Theme.slug == "public-transport")).one()
    strength = make_strength(
        session, strategy=strategy, actor=users["officer"], areas=[area], themes=[transport]
    )
    struggle = make_struggle(
        session, strategy=strategy, actor=users["officer"], areas=[area], themes=[transport]
    )
    tension = make_tension_cast(session, place=place, area=area, users=users, struggle=struggle)
    priority = make_priority(session, strategy=strategy, actor=users["officer"], struggles=[struggle])
    action = make_action(session, strategy=strategy, actor=users["officer"], priority=priority)
    indicator = plan_indicators.add_from_library(
        session=session, strategy=strategy, actor=users["officer"], key="get-on-well"
    )
    session.commit()
    edition = editions.publish_edition(
        session=session,
        strategy=strategy,
        stage="plan",
        actor=users["officer"],
        title="Action plan, approved by Cabinet",
        note=None,
        decided_on=None,
    )
    session.commit()
    return World(
        tension=tension,
        edition=edition,
        indicator=indicator,
        priority=priority,
        action=action,
        strength=strength,
        struggle=struggle,
        exercise=exercise,
        voice=voice,
        other_voice=other_voice,
        place=place,
        other_place=other,
        strategy=strategy,
        other_strategy=other_strategy,
        area=area,
        other_area=other_area,
        users=users,
    )


class Client(TestClient):
    csrf: str = ""

    def post_form(self, url: str, data: dict[str, str] | None = None, **kwargs: object):  # type: ignore[no-untyped-def]
        return self.post(url, data={"csrf_token": self.csrf, **(data or {})}, **kwargs)  # type: ignore[arg-type]


@pytest.fixture
def app(settings: Settings, engine: Engine, session_factory: sessionmaker[Session]):  # type: ignore[no-untyped-def]
    return create_app(settings, engine=engine, session_factory=session_factory)


@pytest.fixture
def client_for(app, session: Session, world: World, settings: Settings):  # type: ignore[no-untyped-def]
    """client_for("officer") is a browser signed in as that persona, with its CSRF token at ``.csrf``."""

    def make(persona: str) -> Client:
        client = Client(app, follow_redirects=False, base_url="http://testserver")
        seed = secrets.token_urlsafe(32)
        client.cookies.set(CSRF_COOKIE, seed)
        client.csrf = hmac.new(settings.secret_key.encode(), seed.encode(), hashlib.sha256).hexdigest()
        if persona != "anonymous":
            token = auth.start_session(session=session, user=world.users[persona])
            session.commit()
            client.cookies.set(SESSION_COOKIE, token)
        return client

    return make


@pytest.fixture
def officer(client_for) -> Client:  # type: ignore[no-untyped-def]
    return client_for("officer")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if Path(str(item.fspath)).parts[-2] == "browser":
            item.add_marker(pytest.mark.browser)
            # A live server and Chromium per module, on their own event loop: run serially with the slow ones.
            item.add_marker(pytest.mark.slow)
