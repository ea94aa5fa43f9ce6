"""Survey import: encodings and delimiters, every bad row listed, all rows or none; a refused upload keeps
nothing, and no upload outlives a day or its uploader's erasure."""

import io
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func
from sqlmodel import Session, col, select

from app import cli
from app.config import get_settings
from app.db import make_engine
from app.models import (
    PROFILE_FIELDS,
    ScoreSet,
    SurveyUpload,
    SurveyUploadChunk,
    Theme,
    Voice,
    VoiceTheme,
    utcnow,
    version_class,
)
from app.schemas.listening import MAX_VOICE_CHARS
from app.services.accounts import erasure
from app.services.listening import survey_import, survey_rows
from app.services.listening.survey_columns import match_columns, normal
from app.services.records import history as record_history
from tests.conftest import World, migrate
from tests.factories import make_exercise, make_place, make_strategy, make_user

COLUMNS = {"text": "Comment", "area": "Ward", "themes": "Themes", "age_band": "Age", "kind": "Type"}


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
        session=session, place=world.place, upload=upload, columns=COLUMNS, default_kind="concern"
    )
    assert check.ok and check.rows == 2 and check.errors == []
    # The preview shows the words as they will be stored, never the personal details.
    assert [row["text"] for row in check.preview] == [
        "Call me [name removed]. The park is lovely",
        "Email me at [email removed] about the buses",
    ]
    count = survey_import.import_upload(
        session=session,
        strategy=world.strategy,
        exercise=world.exercise,
        place=world.place,
        upload=upload,
        columns=COLUMNS,
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
    entries = record_history.history(session=session, record=first)
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
        columns={"text": "Comment", "area": "Ward"},
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
        session=session, place=world.place, upload=upload, columns=COLUMNS, default_kind="concern"
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
            columns=COLUMNS,
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
        columns={**COLUMNS, "score:feeling-safe": "Safe"},
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
        columns={"text": "Comment", "score:feeling-safe": "Safe"},
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
    _, errors = survey_import.clean_columns({"area": "Ward", "kind": "Missing"}, ["Comment", "Ward"])
    assert errors == {
        "kind": "Select a column from the file",
        "text": "Select the column that holds what people said",
    }
    assert match_columns(["Your comment", "Ward name", "Age group", "Ethnicity"]) == {
        "text": "Your comment",
        "area": "Ward name",
        "age_band": "Age group",
        "ethnic_group": "Ethnicity",
    }


def _stored_counts(session: Session) -> tuple[int, int]:
    return (
        int(session.exec(select(func.count()).select_from(SurveyUpload)).one()),
        int(session.exec(select(func.count()).select_from(SurveyUploadChunk)).one()),
    )


class _Unread(io.BytesIO):
    def read(self, size: int | None = -1) -> bytes:
        raise AssertionError("a file declared too large must be refused before it is read")


def test_a_file_declared_too_large_is_refused_before_it_is_read(session: Session, world: World) -> None:
    with pytest.raises(survey_import.UploadRefused, match="smaller than 100 MB"):
        survey_import.store_upload(
            session=session,
            place=world.place,
            exercise=world.exercise,
            user=world.users["officer"],
            filename="huge.csv",
            stream=_Unread(),
            size=survey_import.MAX_UPLOAD_BYTES + 1,
        )
    assert _stored_counts(session) == (0, 0)


def test_a_file_found_too_large_while_stored_leaves_nothing(
    session: Session, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(survey_import, "MAX_UPLOAD_BYTES", 1_000)
    monkeypatch.setattr(survey_import, "CHUNK_SIZE", 300)
    with pytest.raises(survey_import.UploadRefused, match="smaller than 100 MB"):
        _upload(session, world, b"Comment\n" + b"The buses are late again\n" * 100)
    assert _stored_counts(session) == (0, 0)
    session.commit()
    assert _stored_counts(session) == (0, 0)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (",".join(f"Q{n}" for n in range(201)).encode() + b"\nx\n", "201 columns"),
        (b"Comment" + b"x" * 64 * 1024 + b"\nHello\n", "Column 1 of the header row has a name"),
        (b"Comment\n", "no data rows"),
    ],
    ids=["201 columns", "64 KB column name", "no data rows"],
)
def test_a_file_whose_header_cannot_be_read_is_refused_on_upload(
    session: Session, world: World, content: bytes, message: str
) -> None:
    with pytest.raises(survey_import.UploadRefused, match=message):
        _upload(session, world, content)
    assert _stored_counts(session) == (0, 0)


def test_a_file_found_unreadable_when_checked_is_discarded(session: Session, world: World) -> None:
    # Valid UTF-8 for the first megabyte, which is all the upload looks at, then a byte that is not.
    rows = b"Comment\n" + b"The buses are late again\n" * 50_000 + b"Caf\xe9 closed\n"
    upload = _upload(session, world, rows)
    assert _stored_counts(session)[0] == 1
    with pytest.raises(survey_import.UploadRefused, match="Row 50002 contains characters that are not UTF-8"):
        survey_import.check_upload(
            session=session,
            place=world.place,
            upload=upload,
            columns={"text": "Comment"},
            default_kind="idea",
        )
    assert _stored_counts(session) == (0, 0)


def _age(session: Session, upload: SurveyUpload, age: timedelta) -> None:
    upload.created_at = utcnow() - age
    session.add(upload)
    session.flush()


def test_cleanup_deletes_only_uploads_older_than_a_day(session: Session, world: World) -> None:
    old = _upload(session, world, b"Comment\nOld\n")
    recent = _upload(session, world, b"Comment\nRecent\n")
    _age(session, old, timedelta(hours=24, minutes=1))
    _age(session, recent, timedelta(hours=23, minutes=59))
    assert survey_import.delete_abandoned_uploads(session=session) == 1
    assert session.exec(select(SurveyUpload.token)).all() == [recent.token]
    assert session.exec(select(SurveyUploadChunk.upload_id)).all() == [recent.id]


def test_the_cleanup_command_deletes_day_old_uploads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path / 'cleanup.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    get_settings.cache_clear()
    engine = make_engine(url)
    migrate(engine)
    with Session(engine) as session:
        user = make_user(session, email="officer@council.test")
        place = make_place(session, slug="northmoor")
        strategy = make_strategy(session, place=place, actor=user)
        exercise = make_exercise(session, strategy=strategy, actor=user)
        for age in (timedelta(days=2), timedelta(hours=1)):
            upload = survey_import.store_upload(
                session=session,
                place=place,
                exercise=exercise,
                user=user,
                filename="responses.csv",
                stream=io.BytesIO(b"Comment\nHello\n"),
            )
            _age(session, upload, age)
        session.commit()
    try:
        assert cli.main(["cleanup"]) == 0
        assert "Deleted 1 survey uploads older than a day" in capsys.readouterr().out
        with Session(engine) as session:
            assert _stored_counts(session) == (1, 1)
    finally:
        engine.dispose()
        get_settings.cache_clear()


def test_erasing_a_person_deletes_their_uploads(session: Session, world: World) -> None:
    _upload(session, world, b"Comment\nMine\n")
    other = survey_import.store_upload(
        session=session,
        place=world.place,
        exercise=world.exercise,
        user=world.users["facilitator"],
        filename="theirs.csv",
        stream=io.BytesIO(b"Comment\nTheirs\n"),
    )
    erasure.erase_user(session=session, user=world.users["officer"], actor=world.users["admin"])
    assert session.exec(select(SurveyUpload.token)).all() == [other.token]
    assert session.exec(select(SurveyUploadChunk.upload_id)).all() == [other.id]


def _lookups() -> survey_rows.Lookups:
    groups = {f: {normal(g): g for g in PROFILE_FIELDS[f][1]} for f in PROFILE_FIELDS}
    return survey_rows.Lookups(
        areas={"northfield": 1, "e05000001": 1, "hillcrest": 2},
        themes={"public transport": 10, "natural space": 11},
        groups=groups,
        area_names={"Northfield": 1, "Hillcrest": 2},
    )


ALL_COLUMNS = {
    **COLUMNS,
    "faith": "Faith",
    "score:moving-around": "Moving",
    "score:feeling-safe": "Safe",
}
NO_GROUPS = {f: None for f in PROFILE_FIELDS}


def test_a_good_row_is_read_as_voice_fields() -> None:
    values = {
        "Comment": "  The bus is late  ",
        "Type": " Struggles ",
        "Ward": " e05000001 ",
        "Themes": "Public transport; natural-space | public transport,,",
        "Age": " 65+ ",
        "Faith": "",
        "Moving": "7",
        "Safe": " 1 ",
    }
    parsed, problems = survey_rows.parse_row(values, ALL_COLUMNS, _lookups(), "concern")
    assert problems == []
    assert list(parsed.items()) == [
        ("scores", {"moving-around": 7.0, "feeling-safe": 1.0}),
        ("text", "The bus is late"),
        ("kind", "struggle"),
        ("area_id", 1),
        ("theme_ids", [10, 11]),
        *{**NO_GROUPS, "age_band": "65+"}.items(),
    ]


def test_every_problem_with_a_row_is_named_by_its_column() -> None:
    values = {
        "Comment": " ",
        "Type": " rant ",
        "Ward": " Hilcrest ",
        "Themes": "Nonsense; Public transport",
        "Age": "17",
        "Faith": "Jedi",
        "Moving": "often",
        "Safe": "8",
    }
    parsed, problems = survey_rows.parse_row(values, ALL_COLUMNS, _lookups(), "idea")
    assert problems == [
        ("Comment", "What was said is empty"),
        ("Type", "“ rant ” is not a kind: use strength, struggle, idea or concern"),
        ("Ward", "“ Hilcrest ” is not an area of this place: did you mean Hillcrest?"),
        ("Themes", "“Nonsense” is not a theme"),
        ("Age", "“17” is not one of the age groups: Under 16, 16-24, 25-34, 35-49, 50-64, 65+"),
        (
            "Faith",
            "“Jedi” is not one of the faith groups: No religion, Buddhist, Christian, Hindu, Jewish, Muslim, "
            "Sikh, Other religion",
        ),
        ("Moving", "“often” is not a score from 1 to 7"),
        ("Safe", "“8” is not a score from 1 to 7"),
    ]
    assert parsed == {
        "scores": {},
        "text": "",
        "kind": "idea",
        "area_id": None,
        "theme_ids": [10],
        **NO_GROUPS,
    }


@pytest.mark.parametrize("score", ["0.9", "7.01", "nan", "inf", "-4"])
def test_a_score_outside_1_to_7_is_refused(score: str) -> None:
    columns = {"text": "Comment", "score:feeling-safe": "Safe"}
    parsed, problems = survey_rows.parse_row({"Comment": "Ok", "Safe": score}, columns, _lookups(), "idea")
    assert problems == [("Safe", f"“{score}” is not a score from 1 to 7")]
    assert parsed["scores"] == {}


def test_a_row_with_only_what_was_said_takes_the_default_kind() -> None:
    long = "x" * (MAX_VOICE_CHARS + 1)
    columns = {"text": "Comment", "area": "Ward", "kind": "Type"}
    parsed, problems = survey_rows.parse_row(
        {"Comment": long, "Ward": "Nowhere"}, columns, _lookups(), "idea"
    )
    assert problems == [
        ("Comment", "What was said must be 5,000 characters or fewer"),
        ("Ward", "“Nowhere” is not an area of this place"),
    ]
    assert parsed == {
        "scores": {},
        "text": long,
        "kind": "idea",
        "area_id": None,
        "theme_ids": [],
        **NO_GROUPS,
    }
    parsed, problems = survey_rows.parse_row(
        {"Comment": "x" * MAX_VOICE_CHARS}, {"text": "Comment"}, _lookups(), "strength"
    )
    assert problems == [] and parsed["kind"] == "strength"
