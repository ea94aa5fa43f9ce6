"""Loading wards and population profiles as an administrator: upload, preview, confirm; all or nothing."""

from pathlib import Path

from sqlmodel import Session, col, select

from app.models import Area, Place, PlaceImport
from tests.factories import make_place
from tests.pages import check_page

FIXTURES = Path(__file__).parents[1] / "fixtures"
HARTLEPOOL = FIXTURES / "ons" / "wards-E06000001-hartlepool.geojson"


def _upload(client, url: str, *paths: Path):  # type: ignore[no-untyped-def]
    files = [("file", (p.name, p.read_bytes(), "application/octet-stream")) for p in paths]
    return client.post(url, data={"csrf_token": client.csrf}, files=files, follow_redirects=False)


def _areas(session: Session, place: Place) -> list[Area]:
    session.expire_all()
    return list(session.exec(select(Area).where(Area.place_id == place.id).order_by(col(Area.name))).all())


def test_wards_from_the_real_ons_file(client_for, session: Session) -> None:
    place = make_place(session, slug="hartlepool", name="Hartlepool", gss_code="E06000001")
    session.commit()
    admin = client_for("admin")
    response = _upload(admin, "/admin/places/hartlepool/areas/import", HARTLEPOOL)
    assert response.status_code == 303
    preview = response.headers["location"]
    page = check_page(admin.get(preview))
    assert len(page.texts("#added li")) == 12 and "Fens & Greatham" in page.texts("#added li")
    assert _areas(session, place) == [], "nothing is saved before the confirmation"
    response = admin.post_form(preview, follow_redirects=False)
    assert response.status_code == 303
    areas = _areas(session, place)
    assert len(areas) == 12 and all(a.boundary and a.gss_code for a in areas)
    assert session.exec(select(PlaceImport)).first() is None
    assert admin.post_form(preview).status_code == 404, "a confirmed import cannot be saved twice"
    page = check_page(admin.get("/admin/places/hartlepool/"))
    assert "Burn Valley E05013038" in page.texts("#areas tbody tr")[0]
    # Loading the same file again changes nothing, and says so.
    page = check_page(
        admin.get(_upload(admin, "/admin/places/hartlepool/areas/import", HARTLEPOOL).headers["location"])
    )
    assert len(page.texts("#left li")) == 12
    assert "Nothing would change" in page.text("main") and page.select("main form button") == []


def test_a_file_with_problems_lists_them_and_saves_nothing(client_for, session: Session) -> None:
    make_place(session, slug="fernley", name="Fernley", gss_code="E06000098")
    session.commit()
    admin = client_for("admin")
    page = check_page(
        _upload(
            admin, "/admin/places/fernley/areas/import", FIXTURES / "geography" / "wards-unrepairable.geojson"
        )
    )
    assert page.status == 400
    assert page.errors == ["There is 1 problem, so nothing was saved"]
    assert page.texts("#import-problems li") == ["Feature 1 (Nowhere): its outline cannot be repaired"]
    page = check_page(_upload(admin, "/admin/places/fernley/areas/import", HARTLEPOOL))
    assert page.texts("#import-problems li") == [
        "The file has no wards of this place (local authority E06000098)"
    ]
    page = check_page(admin.post_form("/admin/places/fernley/areas/import"))
    assert page.errors == ["Select a file"]


def test_census_profiles_in_both_forms(client_for, session: Session) -> None:
    place = make_place(session, slug="aberffrwd", name="Sir Aberffrwd", gss_code="W06000099")
    session.commit()
    admin = client_for("admin")
    geo = FIXTURES / "geography"
    admin.post_form(
        _upload(admin, "/admin/places/aberffrwd/areas/import", geo / "ward-lookup-wd24.csv").headers[
            "location"
        ]
    )
    page = check_page(
        _upload(
            admin,
            "/admin/places/aberffrwd/census/import",
            geo / "nomis-ts021-bad.csv",
            geo / "ons-ts030-bad.csv",
        )
    )
    assert page.status == 400 and len(page.texts("#import-problems li")) == 5
    response = _upload(
        admin,
        "/admin/places/aberffrwd/census/import",
        geo / "nomis-ts008-sex.csv",
        geo / "ons-ts021-ethnic-group-20.csv",
    )
    page = check_page(admin.get(response.headers["location"]))
    assert page.texts("#profiles tbody tr")[0] == "Aberffrwd North 3,600 Ethnic group, Gender"
    admin.post_form(response.headers["location"])
    north = _areas(session, place)[0]
    assert north.profile_source == "Census 2021, tables TS008 and TS021"
    assert north.welsh_name == "Gogledd Aberffrwd"
    page = check_page(admin.get("/admin/places/aberffrwd/"))
    assert "Gogledd Aberffrwd" in page.texts("#areas tbody tr")[0]
