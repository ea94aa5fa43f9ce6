"""Survey import: encodings and delimiters, every bad row listed, all rows or none."""

import io

import pytest
from sqlalchemy import func
from sqlmodel import Session, col, select

from app.models import ScoreSet, Theme, Voice, VoiceTheme, version_class
from app.services import survey_import, versioning
from tests.conftest import World

MAPPING = {"text": "Comment", "area": "Ward", "themes": "Themes", "age_band": "Age", "kind": "Type"}


def _upload(session: Session, world: World, content: bytes, name: str = "responses.csv"):  # type: ignore[no-untyped-def]
    return survey_import.store_upload(
        session=session,
        place=world.place,
        exercise=world.exercise,
        user=world.users["officer"],
        filename=name,
        stream=io.BytesIO(content),
    )


def _voices(session: Session, world: World) -> int:
    return int(
        session.exec(
            select(func.count()).select_from(Voice).where(Voice.strategy_id == world.strategy.id)
        ).one()
    )


def _rows(n: int, *, bad_at: int | None = None) -> str:
    lines = ["Comment,Ward,Themes,Age,Type"]
    for i in range(1, n + 1):
        ward = "Nowhere" if i == bad_at else "Northfield"
        lines.append(f'"Response {i}: the bus is late, again",{ward},Public transport,16-24,struggle')
    return "\r\n".join(lines) + "\r\n"


def test_import_creates_voices_with_history_themes_and_redaction(session: Session, world: World) -> None:
    before = _voices(session, world)
    content = (
        b"Comment,Ward,Themes,Age,Type\n"
        b"Call me Sam. The park is lovely,Northfield,natural-space; Social contact,65+,strength\n"
        b"Email me at a@b.org about the buses,,Public transport,,\n"
    )
    upload = _upload(session, world, content)
    check = survey_import.check_upload(
        session=session, place=world.place, upload=upload, mapping=MAPPING, default_kind="concern"
    )
    assert check.ok and check.rows == 2 and check.errors == []
    count = survey_import.import_upload(
        session=session,
        strategy=world.strategy,
        exercise=world.exercise,
        place=world.place,
        upload=upload,
        mapping=MAPPING,
        default_kind="concern",
        actor=world.users["officer"],
    )
    session.commit()
    assert count == 2
    assert _voices(session, world) == before + 2
    voices = session.exec(select(Voice).order_by(col(Voice.id).desc()).limit(2)).all()
    second, first = voices
    assert first.text == "Call me [name removed]. The park is lovely"
    assert first.kind == "strength" and first.area_id == world.area.id and first.age_band == "65+"
    assert first.redactions == ["name"]
    assert second.text == "Email me at [email removed] about the buses" and second.kind == "concern"
    slugs = {
        t.slug
        for t in session.exec(
            select(Theme)
            .join(VoiceTheme, col(VoiceTheme.theme_id) == col(Theme.id))
            .where(VoiceTheme.voice_id == first.id)
        ).all()
    }
    assert slugs == {"natural-space", "social-contact"}
    entries = versioning.history(session=session, record=first)
    assert [(e.operation, e.actor_name, e.note) for e in entries] == [
        ("created", "Olu Officer", "Imported 2 rows from responses.csv")
    ]
    assert (
        session.exec(
            select(func.count()).select_from(version_class(Voice)).where(version_class(Voice).id == first.id)
        ).one()
        == 1
    )


def test_windows_1252_semicolons_and_a_bom_are_read(session: Session, world: World) -> None:
    content = "Comment;Ward\r\nIt costs £4 to get into town – too much;Northfield\r\n".encode("cp1252")
    upload = _upload(session, world, content)
    check = survey_import.check_upload(
        session=session,
        place=world.place,
        upload=upload,
        mapping={"text": "Comment", "area": "Ward"},
        default_kind="concern",
    )
    assert check.ok
    assert check.preview[0]["text"] == "It costs £4 to get into town – too much"
    upload = _upload(session, world, "\ufeffComment,Ward\nHello,Northfield\n".encode())
    header = survey_import.open_upload(session=session, upload=upload).header
    assert header == ["Comment", "Ward"]


def test_one_bad_row_in_ten_thousand_imports_nothing_and_is_named(session: Session, world: World) -> None:
    before = _voices(session, world)
    upload = _upload(session, world, _rows(10_000, bad_at=7_777).encode())
    check = survey_import.check_upload(
        session=session, place=world.place, upload=upload, mapping=MAPPING, default_kind="concern"
    )
    assert check.rows == 10_000 and not check.ok
    assert check.errors == [
        survey_import.RowError(row=7_778, column="Ward", message="“Nowhere” is not an area of this place")
    ]
    with pytest.raises(survey_import.UploadRefused, match="nothing was imported"):
        survey_import.import_upload(
            session=session,
            strategy=world.strategy,
            exercise=world.exercise,
            place=world.place,
            upload=upload,
            mapping=MAPPING,
            default_kind="concern",
            actor=world.users["officer"],
        )
    assert _voices(session, world) == before


def test_every_problem_is_listed_by_row_and_column(session: Session, world: World) -> None:
    content = (
        b"Comment,Ward,Themes,Age,Type,Safe\n"
        b",Northfield,,,,\n"
        b"Fine,Southvale-ward,Nonsense,17,rant,8\n"
        b"Fine,Northfield,,,,4\n"
    )
    upload = _upload(session, world, content)
    check = survey_import.check_upload(
        session=session,
        place=world.place,
        upload=upload,
        mapping={**MAPPING, "score:feeling-safe": "Safe"},
        default_kind="concern",
    )
    assert [(e.row, e.column) for e in check.errors] == [
        (2, "Comment"),
        (3, "Type"),
        (3, "Ward"),
        (3, "Themes"),
        (3, "Age"),
        (3, "Safe"),
    ]
    assert check.bad_rows == 2 and check.rows == 3


def test_scores_in_rows_become_score_sets(session: Session, world: World) -> None:
    upload = _upload(session, world, b"Comment,Safe\nOk,4\nFine,\n")
    survey_import.import_upload(
        session=session,
        strategy=world.strategy,
        exercise=world.exercise,
        place=world.place,
        upload=upload,
        mapping={"text": "Comment", "score:feeling-safe": "Safe"},
        default_kind="idea",
        actor=world.users["officer"],
    )
    assert [s.scores for s in session.exec(select(ScoreSet)).all()] == [{"feeling-safe": 4.0}]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"PK\x03\x04rest-of-a-zip", "Excel"),
        (b"%PDF-1.7 binary", "PDF"),
        (b"", "empty"),
    ],
)
def test_files_that_are_not_csv_are_refused(
    session: Session, world: World, content: bytes, message: str
) -> None:
    with pytest.raises(survey_import.UploadRefused, match=message):
        _upload(session, world, content)


def test_mapping_needs_the_text_column(session: Session, world: World) -> None:
    _, errors = survey_import.clean_mapping({"area": "Ward", "kind": "Missing"}, ["Comment", "Ward"])
    assert errors == {
        "kind": "Select a column from the file",
        "text": "Select the column that holds what people said",
    }
    assert survey_import.guess_mapping(["Your comment", "Ward name", "Age group", "Ethnicity"]) == {
        "text": "Your comment",
        "area": "Ward name",
        "age_band": "Age group",
        "ethnic_group": "Ethnicity",
    }
