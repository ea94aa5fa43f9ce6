"""A save is answered "saved" only once it is committed: the request's transaction commits before the response
is sent, and a commit that fails answers with an error page and leaves nothing behind."""

from collections.abc import Callable, Iterator

import pytest
from sqlalchemy import event
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import sessionmaker
from sqlmodel import Session, func, select

from app.models import Priority
from app.web import FLASH_COOKIE
from tests.conftest import Client, World
from tests.pages import check_page


@pytest.fixture
def failing_commits(session_factory: sessionmaker[Session]) -> Iterator[Callable[[], list[str]]]:
    """Once switched on, every commit fails, as on a full disk or a lost database connection."""
    refused: list[str] = []

    def refuse(committing: Session) -> None:
        refused.append("commit")
        raise OperationalError("COMMIT", {}, Exception("disk I/O error"))

    def switch_on() -> list[str]:
        event.listen(session_factory, "before_commit", refuse)
        return refused

    yield switch_on
    if event.contains(session_factory, "before_commit", refuse):
        event.remove(session_factory, "before_commit", refuse)


def _priorities(session: Session) -> int:
    return int(session.exec(select(func.count()).select_from(Priority)).one())


def test_a_failed_commit_answers_with_an_error_page_and_nothing_claims_success(
    app, client_for, world: World, session: Session, failing_commits: Callable[[], list[str]]
) -> None:
    signed_in = client_for("officer")
    # Answer as the server does, with the 500 page, rather than raising the error into the test.
    officer = Client(app, follow_redirects=False, base_url="http://testserver", raise_server_exceptions=False)
    officer.cookies = signed_in.cookies
    officer.csrf = signed_in.csrf
    before = _priorities(session)
    refused = failing_commits()
    response = officer.post_form(
        f"/places/{world.place.slug}/strategies/{world.strategy.slug}/plan/priorities/new",
        {"outcome": "Young people feel safe", "struggle_ids": [str(world.struggle.id)]},
    )
    assert refused, "the request's commit ran"
    assert response.status_code == 500
    assert "location" not in response.headers
    assert FLASH_COOKIE not in response.headers.get("set-cookie", "")
    page = check_page(response)
    assert page.text("h1") == "Sorry, there is a problem with the service"
    session.expire_all()
    assert _priorities(session) == before


def test_a_save_is_committed_before_its_redirect_is_sent(client_for, world: World, session: Session) -> None:
    """The commit happens inside the request: when the 303 arrives, another session already reads the row."""
    officer = client_for("officer")
    before = _priorities(session)
    response = officer.post_form(
        f"/places/{world.place.slug}/strategies/{world.strategy.slug}/plan/priorities/new",
        {"outcome": "Young people feel safe", "struggle_ids": [str(world.struggle.id)]},
    )
    assert response.status_code == 303
    session.expire_all()
    assert _priorities(session) == before + 1
