"""Administration: places, areas, people and memberships."""

from sqlmodel import Session, select

from app.models import Area, Membership, Place, Strategy, User
from tests.conftest import World
from tests.pages import check_page


def test_admin_home_lists_places_and_people(client_for, world: World) -> None:
    page = check_page(client_for("admin").get("/admin/"))
    assert page.texts("main table:first-of-type tbody tr td:first-child")[:2] == ["Northmoor", "Southvale"]
    assert "Olu Officer" in page.text("#people")


def test_create_place_also_starts_a_draft_strategy(client_for, world: World, session: Session) -> None:
    admin = client_for("admin")
    response = admin.post_form(
        "/admin/places/new", {"name": "Eastbrook", "slug": "eastbrook", "gss_code": "e08999003"}
    )
    assert response.status_code == 303
    assert response.headers["location"] == "/admin/places/eastbrook/"
    page = check_page(admin.get("/admin/places/eastbrook/"))
    assert page.texts("main h1") == ["Eastbrook"]
    assert "E08999003" in page.text(".govuk-caption-l")
    place = session.exec(select(Place).where(Place.slug == "eastbrook")).one()
    strategies = session.exec(select(Strategy).where(Strategy.place_id == place.id)).all()
    assert [(s.status, s.title.startswith("Cohesion strategy")) for s in strategies] == [("draft", True)]


def test_create_place_errors(client_for, world: World) -> None:
    admin = client_for("admin")
    page = check_page(
        admin.post_form("/admin/places/new", {"name": "", "slug": "Bad Slug!", "gss_code": "123"})
    )
    assert page.errors == [
        "Enter name",
        "Short name must only include lower-case letters, numbers and hyphens",
        "Enter a GSS code like E08000099: a letter E, W, S or N then 8 numbers",
    ]
    assert page.value("slug") == "Bad Slug!"
    page = check_page(
        admin.post_form("/admin/places/new", {"name": "Again", "slug": "northmoor", "gss_code": "E08999009"})
    )
    assert page.errors == ["A place already uses this short name"]


def test_add_and_edit_an_area_with_history(client_for, world: World, session: Session) -> None:
    admin = client_for("admin")
    response = admin.post_form(
        f"/admin/places/{world.place.slug}/areas/new", {"name": "Hillcrest", "population": "NaN"}
    )
    page = check_page(response)
    assert page.errors == ["Population (optional) must be a number"]
    response = admin.post_form(
        f"/admin/places/{world.place.slug}/areas/new", {"name": "Hillcrest", "population": "8000"}
    )
    assert response.status_code == 303
    area = session.exec(select(Area).where(Area.name == "Hillcrest")).one()
    edit_url = f"/admin/places/{world.place.slug}/areas/{area.id}/edit"
    page = check_page(admin.get(edit_url))
    assert page.value("version") == "1"
    assert (
        admin.post_form(edit_url, {"name": "Hillcrest", "population": "8100", "version": "1"}).status_code
        == 303
    )
    stale = admin.post_form(edit_url, {"name": "Hillcrest", "population": "9999", "version": "1"})
    assert stale.status_code == 409
    duplicate = check_page(admin.post_form(edit_url, {"name": "northfield", "version": "2"}))
    assert duplicate.errors == ["Northmoor already has an area called northfield"]

    history = check_page(client_for("officer").get(f"/places/{world.place.slug}/history/area/{area.id}/"))
    assert history.texts("#version-2 .app-history__changes li") == ["Population changed from 8000 to 8100"]
    assert "by Ada Admin" in history.text("#version-2")


def test_invite_a_person_then_give_them_a_role(client_for, world: World, session: Session) -> None:
    admin = client_for("admin")
    page = check_page(admin.post_form("/admin/users/new", {"name": "New Person", "email": "not-an-email"}))
    assert page.errors == ["Enter an email address in the correct format, like name@example.org"]
    assert page.value("name") == "New Person"
    assert page.select('input[name="password"]') == []  # an administrator never sets a password
    response = admin.post_form("/admin/users/new", {"name": "New Person", "email": "New@Example.test"})
    assert response.status_code == 303
    duplicate = check_page(
        admin.post_form("/admin/users/new", {"name": "Again", "email": "new@example.test"})
    )
    assert duplicate.errors == ["Someone already has an account with this email address"]

    person = session.exec(select(User).where(User.email == "new@example.test")).one()
    page = check_page(
        admin.post_form(f"/admin/places/{world.place.slug}/memberships", {"user_id": str(person.id)})
    )
    assert page.errors == ["Select role"]
    response = admin.post_form(
        f"/admin/places/{world.place.slug}/memberships", {"user_id": str(person.id), "role": "councillor"}
    )
    assert response.status_code == 303
    page = check_page(admin.get(f"/admin/places/{world.place.slug}/"))
    assert "New Person (new@example.test) Councillor Remove New Person" in page.texts("#members tbody tr")

    membership = session.exec(select(Membership).where(Membership.user_id == person.id)).one()
    response = admin.post_form(f"/admin/places/{world.place.slug}/memberships/{membership.id}/remove")
    assert response.status_code == 303
    assert session.exec(select(Membership).where(Membership.user_id == person.id)).first() is None
