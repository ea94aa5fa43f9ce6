"""The engine: what someone typed never reaches an error message or a log through a query's parameters."""

import pytest
from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from tests.factories import make_user


def test_query_values_are_hidden_from_database_errors(engine: Engine, session: Session) -> None:
    assert engine.hide_parameters
    make_user(session, email="typed.secret@example.test", name="First")
    session.commit()
    with pytest.raises(IntegrityError) as raised:
        make_user(session, email="typed.secret@example.test", name="Second with a typed secret")
    session.rollback()
    message = str(raised.value)
    assert "typed.secret" not in message and "typed secret" not in message
    assert "hidden" in message
