"""Administrators' security actions are in the audit log, with who, when and what, in plain words: a user
created, deactivated or reactivated, a role given or removed, a place or an area added or changed; from the
command line too, where there is no signed-in person."""

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlmodel import Session, select

from app import cli
from app.config import get_settings
from app.db import make_engine
from app.models import AuditEvent, Membership, Place, User
from app.services.accounts import audit
from app.services.accounts.audit import COMMAND_LINE
from tests.conftest import Client, World
from tests.pages import check_page

ClientFor = Callable[[str], Client]
WHO = "Ada Admin"


def _latest_row(admin: Client) -> list[str]:
    """The newest row of the audit log page: when, who, place, what, details."""
    page = check_page(admin.get("/admin/audit"))
    cells = page.select("#audit-events tbody tr")[0].select("td")
    return [" ".join(cell.get_text(" ").split()) for cell in cells]


def _check(row: list[str], *, place: str, what: str, detail: str) -> None:
    when, who, *rest = row
    assert " at " in when, "the row says when"
    assert [who, *rest] == [WHO, place, what, detail]


def test_adding_a_place_and_an_area_and_changing_the_area(client_for: ClientFor, world: World) -> None:
    admin = client_for("admin")
    data = {"name": "Eastbrook", "slug": "eastbrook", "gss_code": "E08999003"}
    assert admin.post_form("/admin/places/new", data).status_code == 303
    _check(
        _latest_row(admin),
        place="Eastbrook",
        what="Place added",
        detail="Added the place Eastbrook (short name eastbrook, GSS code E08999003)",
    )

    area = {"name": "Old Town", "gss_code": "E05000001", "population": "8000"}
    assert admin.post_form("/admin/places/eastbrook/areas/new", area).status_code == 303
    _check(_latest_row(admin), place="Eastbrook", what="Area added", detail="Added the area Old Town")

    edit = f"/admin/places/{world.place.slug}/areas/{world.area.id}/edit"
    version = check_page(admin.get(edit)).value("version") or ""
    changed = {"name": "Northfield Green", "gss_code": "E05000002", "population": "12500", "version": version}
    assert admin.post_form(edit, changed).status_code == 303
    _check(
        _latest_row(admin),
        place="Northmoor",
        what="Area changed",
        detail="Changed the area Northfield: name from Northfield to Northfield Green; "
        "GSS code from none to E05000002; population from 12000 to 12500",
    )


def test_creating_deactivating_and_reactivating_a_user(
    client_for: ClientFor, session: Session, world: World
) -> None:
    admin = client_for("admin")
    person = {"name": "New Person", "email": "new@example.test"}
    assert admin.post_form("/admin/users/new", person).status_code == 303
    _check(
        _latest_row(admin),
        place="None",
        what="User invited",
        detail="Invited New Person (new@example.test)",
    )
    created = session.exec(select(User).where(User.email == "new@example.test")).one()

    assert admin.post_form(f"/admin/users/{created.id}/active", {"active": "false"}).status_code == 303
    _check(
        _latest_row(admin),
        place="None",
        what="User deactivated",
        detail="Deactivated New Person (new@example.test): signed out, API tokens revoked",
    )
    assert admin.post_form(f"/admin/users/{created.id}/active", {"active": "true"}).status_code == 303
    _check(
        _latest_row(admin),
        place="None",
        what="User reactivated",
        detail="Let New Person (new@example.test) sign in again",
    )


def test_giving_changing_and_removing_a_role(client_for: ClientFor, session: Session, world: World) -> None:
    admin = client_for("admin")
    person = world.users["other_place_officer"]
    memberships = f"/admin/places/{world.place.slug}/memberships"
    assert admin.post_form(memberships, {"user_id": str(person.id), "role": "councillor"}).status_code == 303
    _check(
        _latest_row(admin),
        place="Northmoor",
        what="Role given",
        detail="Made Orla Other (other@example.test) councillor",
    )
    assert admin.post_form(memberships, {"user_id": str(person.id), "role": "facilitator"}).status_code == 303
    _check(
        _latest_row(admin),
        place="Northmoor",
        what="Role given",
        detail="Made Orla Other (other@example.test) facilitator (was councillor)",
    )
    membership = session.exec(
        select(Membership).where(Membership.user_id == person.id, Membership.place_id == world.place.id)
    ).one()
    assert admin.post_form(f"{memberships}/{membership.id}/remove").status_code == 303
    _check(
        _latest_row(admin),
        place="Northmoor",
        what="Role removed",
        detail="Removed Orla Other (other@example.test) as facilitator",
    )


def test_a_refused_action_leaves_no_event(client_for: ClientFor, session: Session, world: World) -> None:
    admin = client_for("admin")
    before = len(session.exec(select(AuditEvent)).all())
    duplicate = {"name": "Again", "slug": world.place.slug, "gss_code": "E08999009"}
    assert admin.post_form("/admin/places/new", duplicate).status_code == 400
    session.expire_all()
    assert len(session.exec(select(AuditEvent)).all()) == before


@pytest.fixture
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    get_settings.cache_clear()
    assert cli.main(["migrate"]) == 0
    yield url
    get_settings.cache_clear()


def test_the_command_line_records_who_as_the_cohesion_command(
    database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cli.getpass, "getpass", lambda prompt="": "a long enough password")
    assert cli.main(["create-user", "--email", "Lead@Council.test", "--name", "Lead Officer"]) == 0
    engine = make_engine(database)
    with Session(engine) as session:
        session.add(Place(name="Eastbrook", slug="eastbrook", gss_code="E08999003"))
        session.commit()
    assert (
        cli.main(["set-role", "--email", "lead@council.test", "--place", "eastbrook", "--role", "officer"])
        == 0
    )
    assert (
        cli.main(["set-role", "--email", "lead@council.test", "--place", "eastbrook", "--role", "none"]) == 0
    )
    with Session(engine) as session:
        lines = audit.recent_events(session=session)
    engine.dispose()
    assert [(line.actor_name, line.place_name, line.action, line.detail) for line in reversed(lines)] == [
        (COMMAND_LINE, None, "user_created", "Created an account for Lead Officer (lead@council.test)"),
        (COMMAND_LINE, "Eastbrook", "role_given", "Made Lead Officer (lead@council.test) officer"),
        (COMMAND_LINE, "Eastbrook", "role_removed", "Removed Lead Officer (lead@council.test) as officer"),
    ]
