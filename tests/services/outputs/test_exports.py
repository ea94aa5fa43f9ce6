"""Exports: typed, neutralised CSV and XLSX read in batches; councillors get published editions only; the
strategy document and its tagged PDF."""

import csv
import io
import re
import zlib
from collections.abc import Iterator
from datetime import UTC, date, datetime
from types import GeneratorType

import pytest
from openpyxl import load_workbook
from sqlmodel import Session, col, select

from app.models import Membership, Role, Theme
from app.services.access import PermissionDenied, PlaceAccess
from app.services.outputs import document, exports
from app.services.outputs.spreadsheets import BOM, CellType, csv_chunks, neutralise, typed_value, xlsx_chunks
from app.templating import templates
from tests.conftest import World
from tests.factories import make_action, make_voice


def _access(session: Session, world: World, persona: str) -> PlaceAccess:
    user = world.users[persona]
    role = session.exec(
        select(Membership.role).where(Membership.user_id == user.id, Membership.place_id == world.place.id)
    ).one()
    return PlaceAccess(place=world.place, user=user, role=Role(role))


def _export(session: Session, world: World, persona: str, name: str, file_format: str = "csv", **kwargs):  # type: ignore[no-untyped-def]
    return exports.export_list(
        session=session,
        access=_access(session, world, persona),
        strategy=world.strategy,
        name=name,
        file_format=file_format,
        source=kwargs.get("source"),
        edition_id=kwargs.get("edition_id"),
    )


def _csv_rows(chunks: Iterator[bytes]) -> list[list[str]]:
    data = b"".join(chunks)
    assert data.startswith(BOM.encode("utf-8"))
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('=HYPERLINK("http://x","y")', '\'=HYPERLINK("http://x","y")'),
        ("+1", "'+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tleading tab", "'\tleading tab"),
        ("\rcarriage", "'\rcarriage"),
        ("Plain text = fine", "Plain text = fine"),
        ("", ""),
    ],
)
def test_formula_starts_are_neutralised(text: str, expected: str) -> None:
    assert neutralise(text) == expected


def test_numbers_and_dates_stay_typed_and_only_text_is_neutralised() -> None:
    assert typed_value(-5, CellType.int) == -5
    assert typed_value(-2.5, CellType.float) == -2.5
    assert typed_value("2026-05-01", CellType.date) == date(2026, 5, 1)
    assert typed_value(datetime(2026, 5, 1, 9, 30, tzinfo=UTC), CellType.datetime) == datetime(
        2026, 5, 1, 9, 30
    )
    assert typed_value("-5", CellType.text) == "'-5"
    assert typed_value(None, CellType.int) is None


def test_csv_is_utf8_with_a_bom_and_comes_in_chunks() -> None:
    rows = ([i, "Café £5", date(2026, 5, 1), 2.5] for i in range(5000))
    chunks = list(csv_chunks(["ID", "Text", "Date", "Value"], rows))
    assert len(chunks) > 1, "a long CSV is yielded in several chunks"
    parsed = list(csv.reader(io.StringIO(b"".join(chunks).decode("utf-8-sig"))))
    assert parsed[0] == ["ID", "Text", "Date", "Value"]
    assert parsed[1] == ["0", "Café £5", "2026-05-01", "2.5"]
    assert len(parsed) == 5001


def test_xlsx_has_typed_cells_and_neutralised_text() -> None:
    rows = [[1, '\'=HYPERLINK("http://x")', date(2026, 5, 1), 1200, 2.5, "bell\x07"]]
    data = b"".join(
        xlsx_chunks(
            title="Actions",
            headers=["ID", "Title", "Start", "Budget", "Rate", "Note"],
            widths=[8] * 6,
            rows=rows,
        )
    )
    sheet = load_workbook(io.BytesIO(data)).active
    assert [c.value for c in sheet[1]] == ["ID", "Title", "Start", "Budget", "Rate", "Note"]
    number, title, start, budget, rate, note = sheet[2]
    assert title.value == '\'=HYPERLINK("http://x")' and title.data_type == "s"
    assert start.is_date and start.value.date() == date(2026, 5, 1)
    assert budget.data_type == "n" and budget.value == 1200
    assert rate.value == 2.5 and number.value == 1
    assert note.value == "bell"


def test_officer_exports_draft_actions_with_values_typed_and_what_the_audit_log_says(
    session: Session, world: World
) -> None:
    make_action(
        session, strategy=world.strategy, actor=world.users["officer"], title='=HYPERLINK("http://evil","x")'
    )
    session.commit()
    export = _export(session, world, "officer", "actions")
    assert export.filename == f"northmoor-{world.strategy.slug}-actions-draft.csv"
    assert not isinstance(export.chunks, list), "rows are produced while the file is sent"
    rows = _csv_rows(export.chunks)
    header = rows[0]
    assert header[:4] == ["ID", "Title", "Priority", "Part of"]
    by_title = {row[1]: dict(zip(header, row, strict=True)) for row in rows[1:]}
    assert '\'=HYPERLINK("http://evil","x")' in by_title
    first = by_title[world.action.title]
    assert first["Priority"] == world.priority.outcome
    assert first["Status"] == "On track"
    assert first["Start date"] == "2026-05-01"
    assert export.audit_detail.startswith("Actions CSV (draft), 2 rows")


def test_councillor_exports_the_published_edition_not_later_drafts(session: Session, world: World) -> None:
    make_action(
        session, strategy=world.strategy, actor=world.users["officer"], title="Added after the edition"
    )
    session.commit()
    councillor_rows = _csv_rows(_export(session, world, "councillor", "actions").chunks)
    assert "ID" not in councillor_rows[0], "a councillor's file names records, never numbers them"
    titles = [row[0] for row in councillor_rows[1:]]
    assert titles == [world.action.title]
    officer_titles = [row[1] for row in _csv_rows(_export(session, world, "officer", "actions").chunks)[1:]]
    assert "Added after the edition" in officer_titles
    edition_titles = [
        row[1]
        for row in _csv_rows(
            _export(session, world, "officer", "actions", edition_id=world.edition.id).chunks
        )[1:]
    ]
    assert edition_titles == [world.action.title]


def test_councillors_never_get_drafts_voices_or_personal_fields(session: Session, world: World) -> None:
    with pytest.raises(PermissionDenied):
        _export(session, world, "councillor", "voices")
    with pytest.raises(PermissionDenied):
        _export(session, world, "councillor", "actions", source="draft")
    assert "voices" not in [e.name for e in exports.lists_for(access=_access(session, world, "councillor"))]
    # The listening stage is not published: the councillor's file has the headers and no rows, and no
    # column about people.
    rows = _csv_rows(_export(session, world, "councillor", "exercises").chunks)
    assert rows == [
        [
            "Title",
            "Method",
            "Start date",
            "End date",
            "Areas",
            "Partner organisations",
            "Number of participants",
        ]
    ]
    officer_header = _csv_rows(_export(session, world, "officer", "exercises").chunks)[0]
    assert "Consent basis" in officer_header and "Notes" in officer_header


def test_unknown_lists_sources_and_mismatched_editions_are_not_found(session: Session, world: World) -> None:
    with pytest.raises(exports.ExportNotFound):
        _export(session, world, "officer", "nonsense")
    with pytest.raises(exports.ExportNotFound):
        _export(session, world, "officer", "actions", source="everything")
    with pytest.raises(exports.ExportNotFound):
        _export(session, world, "officer", "voices", edition_id=world.edition.id)


def test_voices_export_has_names_and_personal_context_for_officers(session: Session, world: World) -> None:
    theme = session.exec(select(Theme).where(Theme.slug == "public-transport")).one()
    make_voice(
        session,
        exercise=world.exercise,
        actor=world.users["officer"],
        text="@everyone the 52 bus",
        area=world.area,
        themes=[theme],
        age_band="16-24",
    )
    session.commit()
    rows = _csv_rows(_export(session, world, "officer", "voices").chunks)
    header = rows[0]
    assert header[:7] == ["ID", "Exercise", "What was said", "Kind", "Area", "Themes", "Recorded"]
    assert "Age" in header
    row = dict(zip(header, rows[-1], strict=True))
    assert row["What was said"] == "'@everyone the 52 bus"
    assert row["Exercise"] == world.exercise.title and row["Area"] == "Northfield"
    assert row["Themes"] == theme.name and row["Age"] == "16-24"
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", row["Recorded"])


def test_measurements_xlsx_has_dates_and_numbers(session: Session, world: World) -> None:
    from app.models import Measurement
    from app.services.records.versioning import create_record

    create_record(
        session=session,
        actor=world.users["officer"],
        record=Measurement(
            place_id=world.place.id,  # type: ignore[arg-type]
            strategy_id=world.strategy.id,  # type: ignore[arg-type]
            indicator_id=world.indicator.id,  # type: ignore[arg-type]
            measured_on=date(2027, 3, 31),
            value=61.5,
            sample_size=800,
        ),
    )
    session.commit()
    data = b"".join(_export(session, world, "officer", "measurements", "xlsx").chunks)
    sheet = load_workbook(io.BytesIO(data)).active
    header = [c.value for c in sheet[1]]
    row = dict(zip(header, sheet[2], strict=True))
    assert row["Indicator"].value == world.indicator.name
    assert row["Date"].is_date and row["Date"].value.date() == date(2027, 3, 31)
    assert row["Value"].data_type == "n" and row["Value"].value == 61.5
    assert row["Sample size"].value == 800


def _document(
    session: Session, world: World, persona: str, source: str | None = None
) -> document.StrategyDocument:
    return document.build_document(
        session=session,
        access=_access(session, world, persona),
        strategy=world.strategy,
        source=source,
        file_format="html",
        now=datetime(2027, 4, 1, 12, tzinfo=UTC),
    )


def test_document_suppresses_small_theme_counts_and_quotes_only_for_draft_readers(
    session: Session, world: World
) -> None:
    themes = {t.slug: t for t in session.exec(select(Theme).where(col(Theme.place_id).is_(None))).all()}
    for number in range(12):
        make_voice(
            session,
            exercise=world.exercise,
            actor=world.users["officer"],
            text=f"Bus {number}",
            themes=[themes["public-transport"]],
        )
    for number in range(3):
        make_voice(
            session,
            exercise=world.exercise,
            actor=world.users["officer"],
            text=f"Safe {number}",
            themes=[themes["feeling-safe"]],
        )
    session.commit()
    draft = _document(session, world, "facilitator")
    assert draft.draft and draft.heard is not None
    assert dict(draft.heard.themes) == {"Public transport": "12", "Feeling safe": "fewer than 10"}
    assert draft.heard.voices == 16
    assert [text for _theme, text in draft.heard.quotes] == ["Bus 0", "Bus 1", "Safe 0", "Safe 1"]
    published = _document(session, world, "councillor")
    assert not published.draft
    assert published.heard is None and published.mapped is None and published.progressed is None
    assert published.planned is not None and published.planned.actions == 1
    with pytest.raises(PermissionDenied):
        _document(session, world, "councillor", source="draft")


def test_document_from_an_edition_counts_the_voices_as_they_were(session: Session, world: World) -> None:

    theme = session.exec(select(Theme).where(Theme.slug == "public-transport")).one()
    for number in range(11):
        make_voice(
            session,
            exercise=world.exercise,
            actor=world.users["officer"],
            text=f"Bus {number}",
            themes=[theme],
        )
    world.publish(session, "listening", "Heard")
    make_voice(session, exercise=world.exercise, actor=world.users["officer"], text="Later", themes=[theme])
    session.commit()
    published = _document(session, world, "officer", source="published")
    assert published.heard is not None
    assert dict(published.heard.themes) == {"Public transport": "11"}
    assert published.heard.voices == 12  # the world's own voice, and 11 about the bus
    assert published.heard.quotes == [("Public transport", "Bus 0"), ("Public transport", "Bus 1")]
    assert _document(session, world, "councillor").heard.quotes == []  # type: ignore[union-attr]


def _decompressed(pdf: bytes) -> bytes:
    parts = [pdf]
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", pdf, flags=re.S):
        try:
            parts.append(zlib.decompress(stream))
        except zlib.error:
            continue
    return b"".join(parts)


def test_pdf_is_tagged_and_fetches_nothing(session: Session, world: World) -> None:
    make_action(
        session, strategy=world.strategy, actor=world.users["officer"], title="<script>alert(1)</script>"
    )
    session.commit()
    doc = _document(session, world, "officer")
    html = templates.env.get_template("document/pdf.html").render(doc=doc)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>" not in html
    assert "<svg" in html, "the indicator chart is inline SVG"
    html = html.replace("</body>", '<img src="http://example.invalid/x.png" alt=""></body>')
    pdf = document.render_pdf(html)
    assert pdf.startswith(b"%PDF")
    content = _decompressed(pdf)
    assert b"/StructTreeRoot" in content and b"/H1" in content and b"/Table" in content
    assert b"pdfuaid" in content


def test_rows_are_read_in_batches(session: Session, world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(exports, "BATCH", 2)
    for number in range(6):
        make_voice(session, exercise=world.exercise, actor=world.users["officer"], text=f"Voice {number}")
    session.commit()
    export = _export(session, world, "officer", "voices")
    assert isinstance(export.chunks, GeneratorType)
    texts = [row[2] for row in _csv_rows(export.chunks)[1:]]
    assert texts == [world.voice.text, *(f"Voice {number}" for number in range(6))]


def test_a_councillor_may_export_only_the_latest_edition(session: Session, world: World) -> None:

    make_action(session, strategy=world.strategy, actor=world.users["officer"], title="In the second edition")
    second = world.publish(session, "plan", "Refreshed")
    with pytest.raises(PermissionDenied):
        _export(session, world, "councillor", "actions", edition_id=world.edition.id)
    titles = [
        row[0]
        for row in _csv_rows(_export(session, world, "councillor", "actions", edition_id=second.id).chunks)[
            1:
        ]
    ]
    assert titles == [world.action.title, "In the second edition"]
    assert [
        row[1]
        for row in _csv_rows(
            _export(session, world, "officer", "actions", edition_id=world.edition.id).chunks
        )[1:]
    ] == [world.action.title]
