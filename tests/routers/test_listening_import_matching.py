"""The column matching page: sample values beside every column, the recognised tool, near misses confirmed
once, a corrected file uploaded on the same page, the template, and "1 response imported"."""

from pathlib import Path

from sqlmodel import Session, select

from app.models import SurveyUpload, Voice
from tests.conftest import World
from tests.factories import make_area
from tests.pages import check_page

FIXTURES = Path(__file__).parents[1] / "fixtures" / "surveys"


def _import_url(world: World) -> str:
    return (
        f"/places/{world.place.slug}/strategies/{world.strategy.slug}"
        f"/listening/exercises/{world.exercise.id}/import"
    )


def _upload(client, world: World, content: bytes, **extra: str):  # type: ignore[no-untyped-def]
    return client.post(
        _import_url(world),
        data={"csrf_token": client.csrf, **extra},
        files={"file": ("export.csv", content, "text/csv")},
    )


def test_samples_beside_every_column_and_the_tool_recognised(
    client_for, world: World, session: Session
) -> None:
    make_area(session, place=world.place, actor=world.users["admin"], name="Hillcrest")
    session.commit()
    officer = client_for("officer")
    response = _upload(officer, world, (FIXTURES / "google_forms.csv").read_bytes())
    page = check_page(officer.get(response.headers["location"]))
    assert "This looks like a Google Forms export." in page.text("#recognised")
    rows = {row.th.get_text(strip=True): row for row in page.select("#file-columns tbody tr")}
    assert len(rows) == 6, "every column is listed"
    where = rows["Where do you live?"].select("td")
    assert [li.get_text() for li in where[0].select("li")] == ["Northfield", "Hillcrest"]
    assert where[1].get_text(strip=True) == "Area (name or GSS code)"
    assert rows["Timestamp"].select("td")[1].get_text(strip=True) == "Not used"
    chosen = page.soup.select_one('select[name="map-text"] option[selected]')
    assert (
        chosen is not None
        and chosen["value"] == "In your own words: what would make this a better place to live?"
    )


def test_a_near_miss_is_confirmed_once_and_one_response_is_imported(
    client_for, world: World, session: Session
) -> None:
    make_area(session, place=world.place, actor=world.users["admin"], name="Hillcrest")
    session.commit()
    officer = client_for("officer")
    response = _upload(officer, world, b'Comment,Ward\n"The park is lovely but dark at night",Hilcrest\n')
    url = response.headers["location"]
    form = {"map-text": "Comment", "map-area": "Ward", "default_kind": "concern", "action": "check"}
    page = check_page(officer.post_form(url, form))
    assert page.status == 400
    assert "1 of 1 row has problems" in page.text(".govuk-error-summary")
    [label] = page.texts("#near-misses label")
    assert label == "Read “Hilcrest” as Hillcrest (1 row)"
    near = page.soup.select_one("#near-misses input[type=checkbox]")
    value = page.soup.select_one("#near-misses input[type=hidden]")
    confirmed = {near["name"]: near["value"], value["name"]: value["value"]}
    page = check_page(officer.post_form(url, {**form, **confirmed}))
    assert page.status == 200 and "Import 1 row" in page.texts("main button")
    # The confirmation travels with the page to the import.
    carried = {
        i["name"]: i["value"] for i in page.select("form input[type=hidden]") if i["name"].startswith("near-")
    }
    response = officer.post_form(url, {**form, **carried, "action": "import"})
    assert response.status_code == 303
    flashed = check_page(officer.get(response.headers["location"]))
    assert "1 response imported" in flashed.text("main")
    voice = session.exec(select(Voice).where(Voice.text == "The park is lovely but dark at night")).one()
    assert voice.area_id is not None


def test_a_corrected_file_is_uploaded_on_the_same_page(client_for, world: World, session: Session) -> None:
    officer = client_for("officer")
    first = _upload(officer, world, b'Comment,Ward\n"Too much traffic",Nowhere\n').headers["location"]
    form = {"map-text": "Comment", "map-area": "Ward", "default_kind": "concern", "action": "check"}
    page = check_page(officer.post_form(first, form))
    upload_form = page.soup.select_one(f'main form[action="{_import_url(world)}"]')
    assert upload_form is not None and upload_form.select_one('input[type="file"]') is not None
    token = first.rstrip("/").rsplit("/", 1)[1]
    assert upload_form.select_one('input[name="replaces"]')["value"] == token
    second = _upload(officer, world, b'Comment,Ward\n"Too much traffic",Northfield\n', replaces=token)
    assert second.status_code == 303
    tokens = session.exec(select(SurveyUpload.token)).all()
    assert token not in tokens and len(tokens) == 1, "the replaced upload is gone"


def test_the_template_can_be_downloaded(client_for, world: World) -> None:
    response = client_for("officer").get(_import_url(world) + "/template.csv")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    assert response.text.startswith("What was said,Kind,Area,Themes,Age,")
    page = check_page(client_for("officer").get(_import_url(world)))
    assert page.links()["CSV template (CSV, 1 KB)"] == _import_url(world) + "/template.csv"
