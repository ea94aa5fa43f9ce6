"""Erasing a person: name and email address anonymised everywhere, history kept as "former user"; and
sign-in attempts are not kept longer than needed."""

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlmodel import Session, col, func, select

from app import cli
from app.config import Settings, get_settings
from app.db import make_engine
from app.models import ApiToken, AuditEvent, LoginAttempt, Membership, User, UserSession, utcnow
from app.services.accounts import api_tokens, auth, erasure
from app.services.records.history import FORMER_USER, history, is_erased
from tests.conftest import World, migrate
from tests.factories import TEST_PASSWORD, make_user
from tests.pages import check_page


def _count(session: Session, model: type, *where: object) -> int:
    return int(session.exec(select(func.count()).select_from(model).where(*where)).one())  # type: ignore[call-overload]


def test_erasing_anonymises_the_person_and_keeps_their_history(
    session: Session, world: World, settings: Settings
) -> None:
    officer, admin = world.users["officer"], world.users["admin"]
    before = history(session=session, record=world.strategy)
    assert {entry.actor_name for entry in before} == {"Olu Officer"}
    auth.start_session(session=session, user=officer)
    api_tokens.create_token(session=session, user=officer, name="Reporting")
    with pytest.raises(auth.InvalidCredentials):
        auth.authenticate(
            session=session,
            email=officer.email,
            password="not the password",
            client_address="192.0.2.1",
            settings=settings,
        )

    erasure.erase_user(session=session, user=officer, actor=admin)
    session.commit()

    session.refresh(officer)
    assert officer.name == "Former user"
    assert officer.email == f"erased-{officer.id}@erased.invalid"
    assert is_erased(officer) and not officer.active and not officer.is_admin
    assert not auth.verify_password(TEST_PASSWORD, officer.password_hash)
    for model in (UserSession, Membership, ApiToken):
        assert _count(session, model, col(model.user_id) == officer.id) == 0  # type: ignore[attr-defined]
    assert _count(session, LoginAttempt, col(LoginAttempt.email) == "officer@example.test") == 0
    after = history(session=session, record=world.strategy)
    assert len(after) == len(before), "no history is lost"
    assert {entry.actor_name for entry in after} == {FORMER_USER}
    event = session.exec(select(AuditEvent).where(AuditEvent.action == "user_erased")).one()
    assert event.actor_id == admin.id and event.detail == f"User #{officer.id} erased"
    assert "Olu" not in event.detail
    # Nobody else is touched.
    facilitator = session.get(User, world.users["facilitator"].id)
    assert facilitator is not None and facilitator.name == "Femi Facilitator" and facilitator.active


def test_an_erased_person_cannot_sign_in(session: Session, world: World, settings: Settings) -> None:
    officer = world.users["officer"]
    erasure.erase_user(session=session, user=officer, actor=None)
    for email in ("officer@example.test", officer.email):
        with pytest.raises(auth.InvalidCredentials):
            auth.authenticate(
                session=session, email=email, password=TEST_PASSWORD, client_address=None, settings=settings
            )


def test_erasing_twice_or_yourself_is_refused(session: Session, world: World) -> None:
    admin = world.users["admin"]
    with pytest.raises(erasure.CannotErase, match="your own account"):
        erasure.erase_user(session=session, user=admin, actor=admin)
    councillor = world.users["councillor"]
    erasure.erase_user(session=session, user=councillor, actor=admin)
    with pytest.raises(erasure.CannotErase, match="already been erased"):
        erasure.erase_user(session=session, user=councillor, actor=admin)


def test_an_admin_erases_a_person_after_confirming(client_for, world: World, session: Session) -> None:  # type: ignore[no-untyped-def]
    admin = client_for("admin")
    officer = world.users["officer"]
    index = check_page(admin.get("/admin/"))
    assert f"/admin/users/{officer.id}/erase" in index.links().values()

    page = check_page(admin.get(f"/admin/users/{officer.id}/erase"))
    assert page.texts("main h1") == ["Olu Officer"]
    assert "This cannot be undone." in page.text()
    assert page.select(f'form[action="/admin/users/{officer.id}/erase"] button')

    response = admin.post_form(f"/admin/users/{officer.id}/erase")
    assert response.status_code == 303 and response.headers["location"] == "/admin/"
    index = check_page(admin.get("/admin/"))
    people = index.text("#people")
    assert "Olu Officer" not in people and "officer@example.test" not in people.split()
    assert f"Former user erased-{officer.id}@erased.invalid Erased" in people
    assert f"/admin/users/{officer.id}/erase" not in index.links().values()
    assert admin.get(f"/admin/users/{officer.id}/erase").status_code == 404, "nothing left to erase"

    history_page = check_page(
        client_for("facilitator").get(f"/places/{world.place.slug}/history/strategy/{world.strategy.id}/")
    )
    assert "Created by former user" in history_page.text()
    assert "Olu Officer" not in history_page.response.text


def test_an_admin_cannot_erase_themselves(client_for, world: World) -> None:  # type: ignore[no-untyped-def]
    admin = client_for("admin")
    own = world.users["admin"].id
    page = check_page(admin.get(f"/admin/users/{own}/erase"))
    assert page.text(".govuk-error-summary") == "There is a problem You cannot erase your own account"
    assert not page.select("main form")
    refused = admin.post_form(f"/admin/users/{own}/erase")
    assert refused.status_code == 400
    assert check_page(refused).texts("main h1") == ["Ada Admin"]


def test_only_admins_erase(client_for, world: World) -> None:  # type: ignore[no-untyped-def]
    target = world.users["councillor"].id
    assert client_for("officer").post_form(f"/admin/users/{target}/erase").status_code == 403
    assert client_for("admin").post(f"/admin/users/{target}/erase").status_code == 403, "no CSRF token"


@pytest.fixture
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    url = f"sqlite:///{tmp_path / 'erase.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    get_settings.cache_clear()
    engine = make_engine(url)
    migrate(engine)
    engine.dispose()
    yield url
    get_settings.cache_clear()


def test_the_erase_user_command(database: str, capsys: pytest.CaptureFixture[str]) -> None:
    engine = make_engine(database)
    with Session(engine) as session:
        user_id = make_user(session, email="leaver@council.test", name="Lee Leaver").id
        session.add(LoginAttempt(email="leaver@council.test", attempted_at=utcnow() - timedelta(days=3)))
        session.commit()
    assert cli.main(["erase-user", "leaver@council.test"]) == 1, "no terminal to confirm on, no --yes"
    assert "--yes" in capsys.readouterr().err
    assert cli.main(["erase-user", "nobody@council.test", "--yes"]) == 1
    assert cli.main(["erase-user", "Leaver@Council.test", "--yes"]) == 0
    assert "former user" in capsys.readouterr().out
    with Session(engine) as session:
        user = session.get(User, user_id)
        assert user is not None and user.name == "Former user" and is_erased(user)
        assert _count(session, LoginAttempt) == 0
    assert cli.main(["erase-user", f"erased-{user_id}@erased.invalid", "--yes"]) == 1
    assert "already been erased" in capsys.readouterr().err
    engine.dispose()


def test_the_cleanup_command(database: str, capsys: pytest.CaptureFixture[str]) -> None:
    engine = make_engine(database)
    with Session(engine) as session:
        session.add(LoginAttempt(email="a@council.test", attempted_at=utcnow() - timedelta(days=91)))
        session.add(LoginAttempt(email="a@council.test", attempted_at=utcnow() - timedelta(days=3)))
        session.commit()
    assert cli.main(["cleanup"]) == 0
    assert "Deleted 1 sign-in attempts older than 90 days" in capsys.readouterr().out
    with Session(engine) as session:
        assert _count(session, LoginAttempt) == 1
    engine.dispose()
