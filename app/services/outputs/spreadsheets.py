"""CSV and XLSX writers for exports: typed cells, formula neutralisation, output in chunks.

Rules enforced here:
- a text cell that a spreadsheet would run as a formula (it starts with ``=``, ``+``, ``-``, ``@``, a tab or a
  carriage return) is written with a single quote in front, so it is shown as text and never run; numbers
  and dates are written as numbers and dates, so they are never touched;
- CSV is UTF-8 with a byte order mark, so spreadsheets open accented letters and "£" correctly;
- rows are written as they come: a CSV is yielded in chunks as it is written, and an XLSX is built by
  openpyxl's write-only workbook in a temporary file (on disk once it grows) and then read back in chunks, so
  neither is ever held in memory whole.
"""

import csv
import io
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from openpyxl import Workbook  # type: ignore[import-untyped]
from openpyxl.cell import WriteOnlyCell  # type: ignore[import-untyped]
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE  # type: ignore[import-untyped]
from openpyxl.styles import Font  # type: ignore[import-untyped]
from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]

CHUNK_SIZE = 64 * 1024
# An XLSX stays in memory up to this size while it is written, then moves to a temporary file on disk.
XLSX_MEMORY_LIMIT = 2 * 1024 * 1024
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"
CSV_MEDIA_TYPE = "text/csv; charset=utf-8"
XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class CellType(StrEnum):
    text = "text"
    int = "int"
    float = "float"
    date = "date"
    datetime = "datetime"


def neutralise(text: str) -> str:
    """Text a spreadsheet would run as a formula, made inert with a leading single quote."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _text(value: Any) -> str | None:
    return None if value is None or value == "" else neutralise(str(value))


def _int(value: Any) -> int | None:
    return None if value is None or value == "" else int(value)


def _float(value: Any) -> float | None:
    return None if value is None or value == "" else float(value)


def _date(value: Any) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def _datetime(value: Any) -> datetime | None:
    if value is None or value == "":
        return None
    if not isinstance(value, datetime):
        raise TypeError(f"expected a datetime, got {value!r}")
    # Spreadsheets have no time zones; whole seconds read the same in every one.
    return value.replace(tzinfo=None, microsecond=0)


# What each column type turns a value into: text neutralised, numbers as numbers, dates as dates, blanks as
# None. Applied once per cell, so each is a plain function.
CASTS: dict[CellType, Callable[[Any], Any]] = {
    CellType.text: _text,
    CellType.int: _int,
    CellType.float: _float,
    CellType.date: _date,
    CellType.datetime: _datetime,
}


def typed_value(value: Any, cell_type: CellType) -> Any:
    return CASTS[cell_type](value)


def csv_chunks(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> Iterator[bytes]:
    """UTF-8 CSV with a BOM, yielded in chunks of about ``CHUNK_SIZE`` bytes as the rows come.

    Rows hold typed values (see ``CASTS``): the csv module writes None as nothing, numbers as they are and
    dates in ISO form (2026-05-01, 2026-05-01 14:30:00), which spreadsheets read as dates."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write(BOM)
    writer.writerow([neutralise(header) for header in headers])
    for row in rows:
        writer.writerow(row)
        if buffer.tell() >= CHUNK_SIZE:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode("utf-8")


def _xlsx_cell(value: Any) -> Any:
    if isinstance(value, str):
        # XML cannot carry most control characters; openpyxl refuses them rather than drop them.
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    return value


def xlsx_chunks(
    *, title: str, headers: Sequence[str], widths: Sequence[int], rows: Iterable[Sequence[Any]]
) -> Iterator[bytes]:
    """One worksheet with a bold header row, built with openpyxl's write-only workbook when the first chunk
    is asked for, then read back in chunks of ``CHUNK_SIZE`` bytes."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header_cells = []
    for header in headers:
        cell = WriteOnlyCell(sheet, value=neutralise(header))
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    for row in rows:
        sheet.append([_xlsx_cell(value) for value in row])
    with tempfile.SpooledTemporaryFile(max_size=XLSX_MEMORY_LIMIT) as output:
        workbook.save(output)
        output.seek(0)
        while chunk := output.read(CHUNK_SIZE):
            yield chunk
