"""The engine: what someone typed never reaches the logs through a query's parameters or the database's own
error message."""

import logging

import pytest
from fastapi import APIRouter
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from app.config import Settings
from app.main import create_app
from tests.factories import make_user


def test_query_values_are_hidden_from_database_errors(engine: Engine, session: Session) -> None:
    assert engine.hide_parameters
    make_user(session, email="typed.secret@example.test", name="First")
    session.commit()
    with pytest.raises(IntegrityError) as raised:
        make_user(session, email="typed.secret@example.test", name="Second with a typed secret")
    session.rollback()
    assert "typed secret" not in str(raised.value)  # the parameters are hidden
    assert "SQL parameters hidden" in str(raised.value)


def test_a_database_error_is_logged_without_what_was_typed(
    settings: Settings, engine: Engine, session_factory, caplog: pytest.LogCaptureFixture
) -> None:  # type: ignore[no-untyped-def]
    app = create_app(settings, engine=engine, session_factory=session_factory)
    router = APIRouter()

    @router.get("/duplicate", name="duplicate")
    def duplicate(email: str, name: str) -> None:
        with session_factory() as session:
            make_user(session, email=email, name=name)
            make_user(session, email=email, name=name)

    app.include_router(router)
    with caplog.at_level(logging.ERROR, logger="cohesion"):
        response = TestClient(app, raise_server_exceptions=False).get(
            "/duplicate", params={"email": "typed.secret@example.test", "name": "a typed secret"}
        )
    assert response.status_code == 500
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "IntegrityError" in logged and "INSERT INTO user_account" in logged
    assert "typed.secret" not in logged and "typed secret" not in logged
