"""Importing survey responses from a CSV export: all rows or none, every bad row listed.

An upload is stored in the database in chunks (any worker can read it back as a stream), mapped column by
column to voice fields, checked in one streaming pass, and imported in a second streaming pass inside the
request's one transaction. Rows are written in batches with core INSERTs, and their versions are written
alongside under one version transaction, so a 50,000-row file neither sits in memory nor takes an ORM object
per row.

An upload holds residents' words before redaction, so it is kept only until it is imported, refused, or a
day old (``delete_abandoned_uploads``), and goes when its uploader is erased.
"""

import io
import secrets
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from itertools import islice
from typing import Any, BinaryIO

from sqlalchemy import delete, insert
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from app.errors import FieldError, NotFound
from app.models import (
    PROFILE_FIELDS,
    Area,
    ListeningExercise,
    Place,
    Strategy,
    SurveyUpload,
    SurveyUploadChunk,
    User,
    utcnow,
)
from app.models.base import id_of
from app.services.csv_reader import CsvFormatError, open_rows, sniff
from app.services.listening import bulk
from app.services.listening.redaction import redact
from app.services.listening.suggestions import PLACE_STANDARD_SLUGS
from app.services.listening.survey_columns import (
    SurveyRows,
    Tool,
    match_columns,
    normal,
    read_samples,
)
from app.services.listening.survey_rows import Lookups, look_up_names, parse_row

CHUNK_SIZE = 1024 * 1024
MAX_UPLOAD_BYTES = 100 * 1024 * 1024
TOO_LARGE = "The selected file must be smaller than 100 MB"
UPLOAD_KEPT_FOR = timedelta(hours=24)
BATCH = 1000
PREVIEW_ROWS = 10
SHOWN_ERRORS = 1000

# Target fields a column can be mapped to: (key, label).
TARGETS: list[tuple[str, str]] = [
    ("text", "What was said"),
    ("kind", "Kind (strength, struggle, idea or concern)"),
    ("area", "Area (name or GSS code)"),
    ("themes", "Themes (names or slugs, separated by ; or ,)"),
    *[(f, PROFILE_FIELDS[f][0]) for f in PROFILE_FIELDS],
    *[(f"score:{slug}", f"Place Standard score: {slug.replace('-', ' ')}") for slug in PLACE_STANDARD_SLUGS],
]
TARGET_KEYS = {key for key, _ in TARGETS}


class UploadRefused(FieldError):
    """A file that cannot be stored, read or imported: shown against the upload form's file field."""

    def __init__(self, message: str) -> None:
        super().__init__("file", message)


class UploadNotFound(NotFound):
    """No such upload for this exercise."""


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str


@dataclass
class NearMiss:
    """An area written slightly wrong ("Hilcrest"), the area it likely means, and how many rows have it."""

    value: str
    area_id: int
    area_name: str
    rows: int = 0


@dataclass
class CheckResult:
    rows: int = 0
    errors: list[RowError] = field(default_factory=list)
    error_count: int = 0
    bad_rows: int = 0
    preview: list[dict[str, str]] = field(default_factory=list)
    near_misses: dict[str, "NearMiss"] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.error_count == 0 and self.rows > 0


class _ChunkStream(io.RawIOBase):
    """An upload read back from its chunks, one chunk in memory at a time."""

    def __init__(self, session: Session, upload_id: int) -> None:
        self._session = session
        self._upload_id = upload_id
        self._position = 0
        self._buffer = b""

    def readable(self) -> bool:
        return True

    def readinto(self, target: Any) -> int:
        if not self._buffer:
            data = self._session.execute(
                sa_select(SurveyUploadChunk.data).where(  # type: ignore[call-overload]
                    SurveyUploadChunk.upload_id == self._upload_id,
                    SurveyUploadChunk.position == self._position,
                )
            ).scalar()
            if data is None:
                return 0
            self._buffer = bytes(data)
            self._position += 1
        size = min(len(target), len(self._buffer))
        target[:size] = self._buffer[:size]
        self._buffer = self._buffer[size:]
        return size


def store_upload(
    *,
    session: Session,
    place: Place,
    exercise: ListeningExercise,
    user: User,
    filename: str,
    stream: BinaryIO,
    size: int | None = None,
) -> SurveyUpload:
    """Keep the file for columns, or refuse it and keep nothing.

    A file whose declared ``size`` is over the limit is refused before a byte is read; one that is not CSV,
    or whose header and first row cannot be read, is refused before it is kept. Storing runs in a savepoint,
    so a file found too large part-way through leaves no chunk behind, whatever the request then does with
    its transaction."""
    if size is not None and size > MAX_UPLOAD_BYTES:
        raise UploadRefused(TOO_LARGE)
    head = stream.read(CHUNK_SIZE)
    if not head:
        raise UploadRefused("The selected file is empty")
    try:
        sniff(head)
    except CsvFormatError as problem:
        raise UploadRefused(problem.message) from None
    with session.begin_nested():
        upload = SurveyUpload(
            token=secrets.token_urlsafe(24),
            place_id=id_of(place),
            exercise_id=id_of(exercise),
            user_id=user.id,
            filename=(filename or "upload.csv")[:255],
        )
        session.add(upload)
        session.flush()
        position, stored, chunk = 0, 0, head
        while chunk:
            stored += len(chunk)
            if stored > MAX_UPLOAD_BYTES:
                raise UploadRefused(TOO_LARGE)
            # A core INSERT: ORM objects would keep every chunk in the session until the request ends.
            session.execute(
                insert(SurveyUploadChunk).values(upload_id=upload.id, position=position, data=chunk)
            )
            position += 1
            chunk = stream.read(CHUNK_SIZE)
        open_upload(session=session, upload=upload)
        upload.size = stored
        session.add(upload)
        session.flush()
    return upload


def get_upload(*, session: Session, exercise: ListeningExercise, token: str) -> SurveyUpload:
    upload = _find_upload(session, exercise, token)
    if upload is None:
        raise UploadNotFound(token)
    return upload


def _find_upload(session: Session, exercise: ListeningExercise, token: str) -> SurveyUpload | None:
    return session.exec(
        select(SurveyUpload).where(SurveyUpload.token == token, SurveyUpload.exercise_id == exercise.id)
    ).first()


def discard_upload(*, session: Session, upload: SurveyUpload) -> None:
    _delete_uploads(session, col(SurveyUpload.id) == upload.id)


def discard_replaced(*, session: Session, exercise: ListeningExercise, token: str) -> None:
    """Delete the upload a corrected file replaces, if it is this exercise's."""
    upload = _find_upload(session, exercise, token)
    if upload is not None:
        discard_upload(session=session, upload=upload)


def delete_abandoned_uploads(*, session: Session) -> int:
    """Delete uploads older than ``UPLOAD_KEPT_FOR`` with their chunks; returns how many went. An upload
    nobody imported holds unredacted words that would otherwise stay in the database and every backup.
    ``cohesion cleanup`` runs this."""
    return _delete_uploads(session, col(SurveyUpload.created_at) < utcnow() - UPLOAD_KEPT_FOR)


def delete_uploads_of(*, session: Session, user: User) -> int:
    """Delete every upload by ``user`` (their erasure): what they uploaded may name them or others."""
    return _delete_uploads(session, col(SurveyUpload.user_id) == user.id)


def _delete_uploads(session: Session, condition: Any) -> int:
    # Chunks first and explicitly: the cascade is not relied on, as SQLite enforces it only when asked to.
    ids = sa_select(SurveyUpload.id).where(condition).scalar_subquery()  # type: ignore[call-overload]
    session.execute(delete(SurveyUploadChunk).where(col(SurveyUploadChunk.upload_id).in_(ids)))
    result = session.execute(delete(SurveyUpload).where(condition))
    return int(getattr(result, "rowcount", 0) or 0)


def open_upload(*, session: Session, upload: SurveyUpload) -> SurveyRows:
    """The upload's header and rows (a survey tool's second header row read into the column names), or
    ``UploadRefused`` saying why the file cannot be read."""
    try:
        return SurveyRows(
            open_rows(io.BufferedReader(_ChunkStream(session, upload.id or 0), buffer_size=CHUNK_SIZE))
        )
    except CsvFormatError as problem:
        raise UploadRefused(problem.message) from None


@dataclass(frozen=True)
class Columns:
    """An upload's columns as the matching page shows them."""

    header: list[str]
    tool: Tool | None
    samples: dict[str, list[str]]
    guess: dict[str, str]


def read_columns(*, session: Session, place: Place, upload: SurveyUpload) -> Columns:
    """The header, the tool that made the file (if recognised), the first rows' values of each column, and
    the column guessed for each field from names and contents."""
    rows = open_upload(session=session, upload=upload)
    try:
        samples = read_samples(rows)
    except CsvFormatError as problem:
        raise UploadRefused(problem.message) from None
    areas = list(session.exec(select(Area.name).where(Area.place_id == place.id)).all())
    guess = match_columns(rows.header, samples, area_names=areas, tool=rows.tool)
    return Columns(header=rows.header, tool=rows.tool, samples=samples, guess=guess)


def clean_columns(raw: dict[str, str], header: list[str]) -> tuple[dict[str, str], dict[str, str]]:
    columns = {key: column for key, column in raw.items() if key in TARGET_KEYS and column}
    errors: dict[str, str] = {}
    for key, column in columns.items():
        if column not in header:
            errors[key] = "Select a column from the file"
    if "text" not in columns:
        errors["text"] = "Select the column that holds what people said"
    return columns, errors


def _rows(
    session: Session, upload: SurveyUpload, columns: dict[str, str], lookups: Lookups, default_kind: str
) -> Iterator[tuple[int, dict[str, str], dict[str, Any], list[tuple[str, str]]]]:
    rows = open_upload(session=session, upload=upload)
    try:
        for row in rows:
            if row.problem:
                yield row.number, row.values, {}, [("", row.problem)]
                continue
            parsed, problems = parse_row(row.values, columns, lookups, default_kind)
            yield row.number, row.values, parsed, problems
    except CsvFormatError as problem:
        raise UploadRefused(problem.message) from None


def check_upload(
    *,
    session: Session,
    place: Place,
    upload: SurveyUpload,
    columns: dict[str, str],
    default_kind: str,
    aliases: Mapping[str, int] | None = None,
) -> CheckResult:
    """Every row checked, every problem listed by row and column (the first ``SHOWN_ERRORS`` kept), the
    first rows previewed as they will be stored (personal details removed), and each area written slightly
    wrong offered once with the area it most likely means.

    A file that turns out not to be readable CSV part-way through is discarded as well as refused: no
    choice of columns can import it, so it must be corrected and uploaded again."""
    result = CheckResult()
    lookups = look_up_names(session, place, aliases)
    area_column = columns.get("area")
    try:
        for number, values, parsed, problems in _rows(session, upload, columns, lookups, default_kind):
            result.rows += 1
            if len(result.preview) < PREVIEW_ROWS:
                shown = {k: values.get(c, "") for k, c in columns.items()}
                shown["text"] = redact(shown.get("text", "")).text
                result.preview.append({"Row": str(number), **shown})
            written = values.get(area_column, "").strip() if area_column else ""
            if written and parsed.get("area_id") is None:
                likely = lookups.near_area(written)
                if likely is not None:
                    miss = result.near_misses.setdefault(
                        normal(written), NearMiss(written, lookups.area_names[likely], likely)
                    )
                    miss.rows += 1
            if problems:
                result.bad_rows += 1
                result.error_count += len(problems)
                for column, message in problems:
                    if len(result.errors) < SHOWN_ERRORS:
                        result.errors.append(RowError(row=number, column=column, message=message))
    except UploadRefused:
        discard_upload(session=session, upload=upload)
        raise
    return result


def import_upload(
    *,
    session: Session,
    strategy: Strategy,
    exercise: ListeningExercise,
    place: Place,
    upload: SurveyUpload,
    columns: dict[str, str],
    default_kind: str,
    actor: User,
    aliases: Mapping[str, int] | None = None,
) -> int:
    """Import every row, or none: a row with any problem stops the import and everything it wrote is rolled
    back (a savepoint, so the caller can still show the problem), and an empty file imports nothing."""
    lookups = look_up_names(session, place, aliases)

    def checked() -> Iterator[dict[str, Any]]:
        for number, _values, parsed, problems in _rows(session, upload, columns, lookups, default_kind):
            if problems:
                raise UploadRefused(f"Row {number} has a problem, so nothing was imported: {problems[0][1]}")
            yield parsed

    imported = 0
    with session.begin_nested():
        transaction_id = bulk.start_transaction(
            session=session, actor=actor, note=f"Imported from {upload.filename}"
        )
        rows = checked()
        while batch := list(islice(rows, BATCH)):
            imported += bulk.insert_voices(
                session=session,
                strategy=strategy,
                exercise=exercise,
                rows=batch,
                transaction_id=transaction_id,
            )
        if not imported:
            raise UploadRefused("The file has no rows to import")
        bulk.set_transaction_note(
            session=session,
            transaction_id=transaction_id,
            note=f"Imported {imported:,} rows from {upload.filename}",
        )
        discard_upload(session=session, upload=upload)
    return imported
