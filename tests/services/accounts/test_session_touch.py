"""A signed-in request notes that the session is in use, and never fails because that note could not be
written (under load SQLite refuses a read transaction's first write: found by ``make bench``)."""

from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy.exc import OperationalError
from sqlmodel import Session, select

from app.config import Settings
from app.models import UserSession
from app.services.accounts import auth
from tests.conftest import World


def _aged_session(session: Session, world: World) -> tuple[str, UserSession]:
    token = auth.start_session(session=session, user=world.users["officer"])
    row = session.exec(select(UserSession).where(UserSession.user_id == world.users["officer"].id)).one()
    row.last_seen_at = row.last_seen_at - timedelta(minutes=5)
    session.add(row)
    session.commit()
    return token, row


def test_a_request_notes_the_session_is_in_use(session: Session, world: World, settings: Settings) -> None:
    token, row = _aged_session(session, world)
    before = row.last_seen_at
    assert auth.user_for_token(session=session, token=token, settings=settings) == world.users["officer"]
    session.expire_all()
    assert session.get(UserSession, row.id).last_seen_at > before  # type: ignore[union-attr]


def test_a_refused_note_does_not_fail_the_request(
    session: Session, world: World, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    token, row = _aged_session(session, world)
    real_execute = session.execute

    def locked(statement, *args, **kwargs):  # type: ignore[no-untyped-def]
        if str(statement).startswith("UPDATE user_session"):
            raise OperationalError(str(statement), {}, Exception("database is locked"))
        return real_execute(statement, *args, **kwargs)

    monkeypatch.setattr(session, "execute", locked)
    assert auth.user_for_token(session=session, token=token, settings=settings) == world.users["officer"]
    monkeypatch.undo()
    session.expire_all()
    assert session.get(UserSession, row.id).last_seen_at == row.last_seen_at  # type: ignore[union-attr]


def test_a_read_requests_note_leaves_sqlites_write_lock_free(tmp_path: Path) -> None:
    """On SQLite a GET's note is committed on its own at once, so the request does not hold the one write
    lock while it renders: another connection (the audit row of a download) can write straight away."""
    import sqlite3

    from app.db import make_engine, make_session_factory
    from tests.conftest import migrate
    from tests.factories import make_user

    path = tmp_path / "touch.db"
    engine = make_engine(f"sqlite:///{path}")
    migrate(engine)
    factory = make_session_factory(engine)
    settings = Settings(env="test", secret_key="x" * 40, DATABASE_URL=f"sqlite:///{path}")
    with factory() as setup:
        user = make_user(setup, email="reader@example.test", name="Rita Reader")
        token = auth.start_session(session=setup, user=user)
        row = setup.exec(select(UserSession)).one()
        row.last_seen_at = row.last_seen_at - timedelta(minutes=5)
        setup.add(row)
        setup.commit()
        before = row.last_seen_at
    with factory() as request_session:  # a GET: a read transaction, as get_session opens it
        assert auth.user_for_token(session=request_session, token=token, settings=settings) is not None
        other = sqlite3.connect(path, timeout=0)
        try:
            other.execute("BEGIN IMMEDIATE")  # fails at once with "database is locked" if the lock is held
            other.rollback()
        finally:
            other.close()
        request_session.rollback()
    with factory() as check:
        assert check.exec(select(UserSession)).one().last_seen_at > before
    engine.dispose()
