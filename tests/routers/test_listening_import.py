"""Survey import pages: a file the toolkit cannot read is refused with a message and a way to upload again at
every step that reads it, never a 500, and a refused upload leaves nothing stored."""

import secrets

import pytest
from httpx import Response
from sqlalchemy import func
from sqlmodel import Session, select

from app.models import SurveyUpload, SurveyUploadChunk
from app.services.listening import survey_import
from tests.conftest import Client, World
from tests.pages import Page, check_page

WIDE = (",".join(f"Question {n}" for n in range(1, 252)) + "\n" + ",".join("x" * 251) + "\n").encode()
LONG_NAME = ("Comment" + "x" * 64 * 1024 + ",Ward\nHello,Northfield\n").encode()

# (content, what the message the uploader is shown says)
UNREADABLE = {
    "251 columns": (WIDE, "The header row has 251 columns but the toolkit reads at most 200."),
    "64 KB column name": (LONG_NAME, "Column 1 of the header row has a name 65,543 characters long"),
    "undecodable bytes": (
        b"Comment\x81\x8d,Ward\nHello,Northfield\n",
        "The file could not be read: its characters are not in an encoding the toolkit recognises.",
    ),
    "empty": (b"", "file is empty"),
    "not CSV": (b"%PDF-1.7\n%binary", "The file is not a CSV file: it looks like a PDF document."),
}


def _import_url(world: World) -> str:
    return (
        f"/places/{world.place.slug}/strategies/{world.strategy.slug}"
        f"/listening/exercises/{world.exercise.id}/import"
    )


def _count(session: Session, model: type) -> int:
    return int(session.exec(select(func.count()).select_from(model)).one())  # type: ignore[call-overload]


def _post_file(client: Client, world: World, content: bytes) -> Response:
    return client.post(
        _import_url(world),
        data={"csrf_token": client.csrf},
        files={"file": ("responses.csv", content, "text/csv")},
    )


def _stored(session: Session, world: World, content: bytes) -> str:
    """An upload kept as it came, without the checks made on upload: one kept before they existed."""
    upload = SurveyUpload(
        token=secrets.token_urlsafe(24),
        place_id=world.place.id or 0,
        exercise_id=world.exercise.id or 0,
        user_id=world.users["officer"].id,
        filename="responses.csv",
        size=len(content),
    )
    session.add(upload)
    session.flush()
    if content:
        session.add(SurveyUploadChunk(upload_id=upload.id or 0, position=0, data=content))
    session.commit()
    return upload.token


def _assert_refused(page: Page, world: World, message: str) -> None:
    """A 400 page with the message in the error summary and the upload form to try again."""
    assert page.status == 400
    assert len(page.errors) == 1 and message in page.errors[0], page.errors
    assert page.soup.select_one(f'main form[action="{_import_url(world)}"] input[type="file"]') is not None


@pytest.mark.parametrize("case", UNREADABLE)
def test_an_unreadable_upload_is_refused_and_nothing_is_kept(
    client_for,  # type: ignore[no-untyped-def]
    world: World,
    session: Session,
    case: str,
) -> None:
    content, message = UNREADABLE[case]
    page = check_page(_post_file(client_for("officer"), world, content))
    _assert_refused(page, world, message)
    assert _count(session, SurveyUpload) == 0
    assert _count(session, SurveyUploadChunk) == 0


@pytest.mark.parametrize("case", UNREADABLE)
def test_every_step_that_reads_a_kept_upload_refuses_an_unreadable_one(
    client_for,  # type: ignore[no-untyped-def]
    world: World,
    session: Session,
    case: str,
) -> None:
    content, message = UNREADABLE[case]
    officer = client_for("officer")
    url = f"{_import_url(world)}/{_stored(session, world, content)}/"
    _assert_refused(check_page(officer.get(url)), world, message)
    for action in ("check", "import"):
        form = {"map-text": "Comment", "default_kind": "concern", "action": action}
        _assert_refused(check_page(officer.post_form(url, form)), world, message)


def test_a_file_over_the_size_limit_is_refused_and_nothing_is_kept(
    client_for,  # type: ignore[no-untyped-def]
    world: World,
    session: Session,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(survey_import, "MAX_UPLOAD_BYTES", 1_000)
    monkeypatch.setattr(survey_import, "CHUNK_SIZE", 300)
    content = b"Comment\n" + b"The buses are late again\n" * 100
    page = check_page(_post_file(client_for("officer"), world, content))
    _assert_refused(page, world, "The selected file must be smaller than 100 MB")
    assert _count(session, SurveyUpload) == 0
    assert _count(session, SurveyUploadChunk) == 0


def test_a_readable_upload_is_matched_checked_and_imported(
    client_for,  # type: ignore[no-untyped-def]
    world: World,
    session: Session,
) -> None:
    officer = client_for("officer")
    response = _post_file(officer, world, b"Comment,Ward\nHello,Northfield\n")
    assert response.status_code == 303
    url = response.headers["location"]
    page = check_page(officer.get(url))
    assert page.texts("main h1") == ["Match the columns"]
    assert _count(session, SurveyUpload) == 1
    form = {"map-text": "Comment", "map-area": "Ward", "default_kind": "concern"}
    page = check_page(officer.post_form(url, {**form, "map-kind": "Missing", "action": "check"}))
    assert page.status == 400 and page.field_errors() == {"map-kind": "Select a column from the file"}
    assert check_page(officer.post_form(url, {**form, "action": "check"})).status == 200
    assert officer.post_form(url, {**form, "action": "import"}).status_code == 303
    assert _count(session, SurveyUpload) == 0
    assert _count(session, SurveyUploadChunk) == 0
