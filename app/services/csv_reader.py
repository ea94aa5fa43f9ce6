"""Read survey CSV exports one row at a time, whichever spreadsheet or consultation platform saved them.

Nothing here touches the database: the survey import maps columns and validates rows on top of this.
"""

import codecs
import csv
import io
import re
from collections.abc import Container, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, BinaryIO, Final, TextIO

if TYPE_CHECKING:
    from _typeshed import WriteableBuffer

SNIFF_BYTES: Final = 64 * 1024
DELIMITERS: Final = (",", ";", "\t")

_SAVE_AS_CSV: Final = "Save it as CSV (comma delimited) and upload it again."
_SAVE_AS_CSV_UTF8: Final = 'Save it as "CSV UTF-8 (comma delimited)" and upload it again.'
_NOT_CSV: Final = "The file is not a CSV file: "
# Undecodable bytes are decoded as lone surrogates (errors="surrogateescape") so that the row holding them can
# be named; an eager strict decoder would fail a whole read-ahead chunk early, at the wrong row.
_UNREADABLE: Final = re.compile("[\x00\udc80-\udcff]")
_ENCODING_NAMES: Final = {"utf-8": "UTF-8", "utf-8-sig": "UTF-8", "cp1252": "Windows (Western European)"}


class CsvFormatError(Exception):
    """The file cannot be read as CSV at all; ``message`` tells the uploader what to do about it."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class CsvDialect:
    encoding: str
    delimiter: str


@dataclass(frozen=True)
class CsvRow:
    number: int
    values: dict[str, str]
    problem: str | None = None


def sniff(head: bytes) -> CsvDialect:
    """Choose the encoding and delimiter from the first bytes of a file, refusing files that are not text.

    A UTF-8 byte order mark means UTF-8; bytes that are valid UTF-8 mean UTF-8; anything else is read as
    Windows-1252, which is what Excel on Windows writes for "CSV". The delimiter is whichever of comma,
    semicolon and tab appears most often in the header line outside quotes (comma when none does).
    """
    if not head:
        raise CsvFormatError("The file is empty.")
    _refuse_binary(head)
    if head.startswith(codecs.BOM_UTF8):
        encoding = "utf-8-sig"
    elif _decodes(head, "utf-8"):
        encoding = "utf-8"
    elif _decodes(head, "cp1252"):
        encoding = "cp1252"
    else:
        raise CsvFormatError(
            "The file could not be read: its characters are not in an encoding the toolkit recognises. "
            + _SAVE_AS_CSV_UTF8
        )
    text = codecs.getincrementaldecoder(encoding)(errors="replace").decode(head)
    return CsvDialect(encoding=encoding, delimiter=_header_delimiter(text))


def open_rows(
    stream: BinaryIO,
    *,
    dialect: CsvDialect | None = None,
    max_columns: int = 200,
    max_cell_chars: int = 20_000,
    max_name_chars: int = 1_000,
) -> "CsvRows":
    """Open a CSV stream for reading row by row, holding only the first 64 KB and the current row in memory.

    The header and the first data row are read straight away, so an empty or header-only file is refused here
    rather than part-way through an import. The caller's stream is never closed.
    """
    head = _read_head(stream)
    if dialect is None:
        dialect = sniff(head)
    # Replaying the head in front of the rest works the same for seekable uploads and for pipes.
    buffer = io.BufferedReader(_Replay(head, stream))
    text = io.TextIOWrapper(buffer, encoding=dialect.encoding, errors="surrogateescape", newline="")
    return CsvRows(
        text, dialect, max_columns=max_columns, max_cell_chars=max_cell_chars, max_name_chars=max_name_chars
    )


class CsvRows:
    """The header and a single pass over the data rows of one CSV file.

    Rows are numbered as a spreadsheet shows them: a quoted cell spanning lines is still one row, and empty
    rows count though they are skipped. A row with more values than the header has columns, or with an
    overlong cell, is still yielded, with a ``problem`` for the preview; a shorter row is padded with "".
    A header with more than ``max_columns`` columns, or a column name longer than ``max_name_chars``, refuses
    the whole file.
    """

    def __init__(
        self, text: TextIO, dialect: CsvDialect, *, max_columns: int, max_cell_chars: int, max_name_chars: int
    ) -> None:
        self.dialect = dialect
        self._reader = csv.reader(text, delimiter=dialect.delimiter)
        self._encoding_name = _ENCODING_NAMES.get(dialect.encoding, dialect.encoding)
        self._records_read = 0
        self._max_cell_chars = max_cell_chars
        header = self._next_cells()
        if header is None:
            raise CsvFormatError("The file is empty.")
        if len(header) > max_columns:
            raise CsvFormatError(
                f"The header row has {len(header):,} columns but the toolkit reads at most {max_columns:,}. "
                "Delete the columns you do not need and upload the file again."
            )
        # Column names are shown in every column choice and sent back with the chosen matching, so a
        # pasted paragraph in the header would make those pages and forms enormous.
        for position, name in enumerate(header, start=1):
            if len(name) > max_name_chars:
                raise CsvFormatError(
                    f"Column {position} of the header row has a name {len(name):,} characters long but a "
                    f"column name can be at most {max_name_chars:,}. Shorten it and upload the file again."
                )
        self.header = _header_names(header)
        self._pending = self._next_cells()
        if self._pending is None:
            raise CsvFormatError("The file has a header row but no data rows.")

    def __iter__(self) -> Iterator[CsvRow]:
        return self

    def __next__(self) -> CsvRow:
        # The first data row was read when the file was opened, to refuse a header-only file early.
        cells = self._pending if self._pending is not None else self._next_cells()
        self._pending = None
        if cells is None:
            raise StopIteration
        return self._row(self._records_read, cells)

    def _next_cells(self) -> list[str] | None:
        """The stripped cells of the next row that has any content, or None at the end of the file."""
        while True:
            try:
                record = next(self._reader)
            except StopIteration:
                return None
            except csv.Error as error:
                raise self._read_error(error) from error
            self._records_read += 1
            self._check_readable(record)
            cells = [_clean(cell) for cell in record]
            if any(cells):
                return cells

    def _check_readable(self, record: list[str]) -> None:
        for cell in record:
            found = _UNREADABLE.search(cell)
            if found is None:
                continue
            if found.group() == "\x00":
                raise CsvFormatError(
                    f"Row {self._records_read} contains binary data, so the file is probably not a CSV file. "
                    + _SAVE_AS_CSV
                )
            raise CsvFormatError(
                f"Row {self._records_read} contains characters that are not {self._encoding_name} text, "
                "although the rows before it are. The file may have been pieced together from files saved "
                f"in different ways. Open it in a spreadsheet, check row {self._records_read}, and "
                + _SAVE_AS_CSV_UTF8[0].lower()
                + _SAVE_AS_CSV_UTF8[1:]
            )

    def _row(self, number: int, cells: list[str]) -> CsvRow:
        width = len(self.header)
        # Trailing empty cells are invisible in a spreadsheet, so they do not make a row too long.
        used = len(cells)
        while used > width and not cells[used - 1]:
            used -= 1
        padded = cells[:width] + [""] * (width - len(cells))
        values = dict(zip(self.header, padded, strict=True))
        if used > width:
            return CsvRow(
                number, values, f"Row {number} has {used} values but the header has {width} columns"
            )
        limit = self._max_cell_chars
        for name, value in values.items():
            if len(value) > limit:
                return CsvRow(
                    number, values, f'Row {number}, column "{name}" is longer than {limit:,} characters'
                )
        return CsvRow(number, values)

    def _read_error(self, error: csv.Error) -> CsvFormatError:
        row = self._records_read + 1
        if "field larger than field limit" in str(error):
            return CsvFormatError(
                f"Row {row} has a value longer than {csv.field_size_limit():,} characters, "
                "or a quote mark that is never closed."
            )
        return CsvFormatError(f"Row {row} could not be read as CSV. Check it for stray quote marks.")


def _clean(cell: str) -> str:
    cell = cell.strip()
    # Quoted line breaks come through as written; store one kind whatever the platform.
    return cell.replace("\r\n", "\n") if "\r" in cell else cell


def _header_names(cells: list[str]) -> list[str]:
    """Name every column uniquely: blank names become "Column N", repeats gain " (2)", " (3)"."""
    names: list[str] = []
    seen: set[str] = set()
    for position, cell in enumerate(cells, start=1):
        name = unique_name(cell.lstrip("\ufeff").strip() or f"Column {position}", seen)
        seen.add(name)
        names.append(name)
    return names


def unique_name(base: str, taken: Container[str]) -> str:
    """``base``, or ``base`` with " (2)", " (3)" and so on, whichever is not ``taken`` yet."""
    name, copy = base, 2
    while name in taken:
        name, copy = f"{base} ({copy})", copy + 1
    return name


def _refuse_binary(head: bytes) -> None:
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise CsvFormatError(
            "The file is saved as Unicode text (UTF-16), which the toolkit cannot read. " + _SAVE_AS_CSV_UTF8
        )
    if head.startswith(b"PK\x03\x04"):
        if b"opendocument.spreadsheet" in head[:200]:
            raise CsvFormatError(_NOT_CSV + "it looks like an OpenDocument spreadsheet. " + _SAVE_AS_CSV)
        raise CsvFormatError(_NOT_CSV + "it looks like an Excel workbook. " + _SAVE_AS_CSV)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise CsvFormatError(_NOT_CSV + "it looks like an older Excel workbook (.xls). " + _SAVE_AS_CSV)
    if head.startswith(b"%PDF"):
        raise CsvFormatError(
            _NOT_CSV + "it looks like a PDF document. Export the responses from the survey platform or "
            "spreadsheet as CSV and upload that file instead."
        )
    if b"\x00" in head:
        raise CsvFormatError(_NOT_CSV + "it contains binary data. " + _SAVE_AS_CSV)


def _decodes(head: bytes, encoding: str) -> bool:
    # final=False: the head may end part-way through a multi-byte character.
    try:
        codecs.getincrementaldecoder(encoding)().decode(head, final=False)
    except UnicodeDecodeError:
        return False
    return True


def _header_delimiter(text: str) -> str:
    counts = dict.fromkeys(DELIMITERS, 0)
    quoted = False
    started = False
    for char in text:
        if char == '"':
            # A doubled quote inside a quoted cell toggles twice, so it needs no special case.
            quoted = not quoted
        elif quoted:
            continue
        elif char in "\r\n":
            if started:
                break
        elif char in counts:
            counts[char] += 1
            started = True
        elif not char.isspace():
            started = True
    return max(DELIMITERS, key=lambda delimiter: counts[delimiter])


def _read_head(stream: BinaryIO) -> bytes:
    # A pipe or socket may return short reads before the end of the file.
    chunks: list[bytes] = []
    size = 0
    while size < SNIFF_BYTES:
        chunk = stream.read(SNIFF_BYTES - size)
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


class _Replay(io.RawIOBase):
    """The head already read, then the rest of the stream; closing it leaves the caller's stream open."""

    def __init__(self, head: bytes, rest: BinaryIO) -> None:
        super().__init__()
        self._head = head
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: "WriteableBuffer") -> int:
        target = memoryview(buffer).cast("B")
        if self._head:
            data, self._head = self._head[: len(target)], self._head[len(target) :]
        else:
            data = self._rest.read(len(target))
        target[: len(data)] = data
        return len(data)
