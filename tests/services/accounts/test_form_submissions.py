"""Two POSTs at once with one form token: the database makes the second wait for the first, then see it."""

import secrets
import threading

from sqlalchemy import Engine, delete
from sqlmodel import col

from app.db import begin_write, make_session_factory
from app.models import FormSubmission
from app.services.accounts.form_submissions import claim_token, record_location


def test_a_second_claim_waits_for_the_first_and_is_sent_where_it_went(engine: Engine) -> None:
    factory = make_session_factory(engine)
    token = secrets.token_urlsafe(24)
    found: list[str | None] = []

    def second_request() -> None:
        with factory() as session:
            begin_write(session)
            found.append(claim_token(session=session, token=token))
            session.commit()

    try:
        with factory() as first:
            begin_write(first)
            assert claim_token(session=first, token=token) is None
            waiting = threading.Thread(target=second_request)
            waiting.start()
            waiting.join(timeout=0.5)
            assert waiting.is_alive(), "the second claim did not wait for the first request to finish"
            record_location(session=first, token=token, location="/places/northmoor/")
            first.commit()
        waiting.join(timeout=15)
        assert found == ["/places/northmoor/"]
    finally:
        with factory() as session:
            session.execute(delete(FormSubmission).where(col(FormSubmission.token) == token))
            session.commit()
