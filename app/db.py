"""Engine and the session dependency: one request, one transaction, one commit, before the response."""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from fastapi import BackgroundTasks, Request
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import sessionmaker
from sqlmodel import Session


def normalise_url(url: str) -> str:
    """Accept plain postgres:// URLs and use psycopg 3 for them."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # Let SQLAlchemy, not the sqlite3 module, decide where transactions begin, so that SAVEPOINT works.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


WRITE_OPTION = "cohesion_write"
WRITE_OPTIONS = {WRITE_OPTION: True}
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
POOL_TIMEOUT = 5  # seconds
# Two connections for each request a worker works on at once (``capacity.REQUESTS_AT_ONCE``): its session,
# and the short write or streaming read some GETs open beside it.
POOL_CONNECTIONS = 20
EMAIL_QUEUED = "cohesion_email_queued"


def _sqlite_begin(connection: Any) -> None:
    # A transaction that will write takes SQLite's write lock at BEGIN (waiting up to busy_timeout), so it
    # reads the latest data and can never fail later with "database is locked" when it upgrades.
    immediate = connection.get_execution_options().get(WRITE_OPTION, False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def make_engine(url: str) -> Engine:
    url = normalise_url(url)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        pool: dict[str, Any] = {}
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
            # A file's connections are pooled as PostgreSQL's are (an in-memory database has one).
            pool = {
                "pool_size": POOL_CONNECTIONS // 2,
                "max_overflow": POOL_CONNECTIONS // 2,
                "pool_timeout": POOL_TIMEOUT,
            }
        engine = create_engine(
            url, connect_args={"check_same_thread": False, "timeout": 10}, hide_parameters=True, **pool
        )
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    # A request waits at most POOL_TIMEOUT seconds for a connection, then is answered 503 (see main.py),
    # rather than queueing without end behind a stuck one.
    return create_engine(
        url,
        pool_pre_ping=True,
        pool_size=POOL_CONNECTIONS // 2,
        max_overflow=POOL_CONNECTIONS // 2,
        pool_timeout=POOL_TIMEOUT,
        hide_parameters=True,
    )


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(bind=engine, class_=Session, expire_on_commit=False)


def begin_write(session: Session) -> None:
    """Start the session's transaction as a write transaction (see ``_sqlite_begin``)."""
    session.connection(execution_options=WRITE_OPTIONS)


def _deliver_email(request: Request) -> None:
    from app.services.accounts.passwords import answer_reset_requests
    from app.services.email import outbox
    from app.web import links

    factory, settings = request.app.state.session_factory, request.app.state.settings
    answer_reset_requests(factory=factory, link_for=links(request), settings=settings)
    outbox.deliver_pending(factory=factory, settings=settings)


def get_session(request: Request, background_tasks: BackgroundTasks) -> Iterator[Session]:
    """The request's session; commit once if the request succeeded, roll back otherwise.

    Used in the *function* scope (``deps.SessionDep``): the commit runs when the route function returns,
    before the response is sent, so a commit that fails answers with an error page and never with "saved".
    A request that writes has read and size-checked its body before it gets here (``body.RequestBody``), so
    no transaction is open while a client is still sending."""
    factory: sessionmaker[Session] = request.app.state.session_factory
    session = factory()
    if request.method not in SAFE_METHODS:
        begin_write(session)
    try:
        yield session
        session.commit()
        if session.info.pop(EMAIL_QUEUED, False):
            # Sent after the response, from what the commit kept (services/email/outbox.py).
            background_tasks.add_task(_deliver_email, request)
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


@contextmanager
def short_write(factory: sessionmaker[Session]) -> Iterator[Session]:
    """A write transaction of its own, committed at the end of the block: for what a GET must record (an
    audit row for a download) before it sends a body, without turning its read into a write."""
    with factory() as session:
        begin_write(session)
        yield session
        session.commit()


@contextmanager
def read_only(factory: sessionmaker[Session]) -> Iterator[Session]:
    """A session that only reads, for a body streamed after the request's own session has closed. On SQLite
    it holds a read snapshot, never the write lock, however slowly the client reads."""
    with factory() as session:
        try:
            yield session
        finally:
            session.rollback()
