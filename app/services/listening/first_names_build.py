"""Build the shipped first-name list from the ONS baby-name spreadsheets for England and Wales.

Run once, when new statistics come out (``cohesion build-first-names SOURCE_FOLDER``); the app reads only
the text file it writes, ``redaction_data/first_names.txt``, never the spreadsheets.

The layouts differ from year to year (sheet names, header rows, ``.xls`` before 2019), so rather than
trusting positions the reader takes every cell that looks like a name and is followed in its row by a count.
The historical file has no counts (names by rank, one column per decade) and every name in it is kept:
it is where older residents' names come from. A name is kept when it was given at least ``MIN_BABIES`` times
over all the years read, which leaves out one-off spellings that collide with ordinary words more often
than they name anyone here.

Reading ``.xls`` needs xlrd, a development dependency only; ``.xlsx`` is read with openpyxl.
"""

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

MIN_BABIES = 20
OUTPUT = Path(__file__).parent / "redaction_data" / "first_names.txt"

_NAME = re.compile(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]")


def _rows_xlsx(path: Path) -> Iterator[tuple[str, list[Any]]]:
    from openpyxl import load_workbook  # type: ignore[import-untyped]

    book = load_workbook(path, read_only=True, data_only=True)
    try:
        for sheet in book.worksheets:
            for row in sheet.iter_rows(values_only=True):
                yield sheet.title, list(row)
    finally:
        book.close()


def _rows_xls(path: Path) -> Iterator[tuple[str, list[Any]]]:
    import xlrd

    book = xlrd.open_workbook(str(path))
    for sheet in book.sheets():
        for number in range(sheet.nrows):
            yield sheet.name, sheet.row_values(number)


def _rows(path: Path) -> Iterator[tuple[str, list[Any]]]:
    return _rows_xls(path) if path.suffix.lower() == ".xls" else _rows_xlsx(path)


def _as_name(cell: Any) -> str | None:
    if not isinstance(cell, str):
        return None
    text = cell.strip()
    return text.title() if _NAME.fullmatch(text) else None


def _counted_names(rows: Iterable[tuple[str, list[Any]]]) -> Counter[str]:
    """The largest count seen for each name in one file (the full table repeats the top 100's counts)."""
    counts: Counter[str] = Counter()
    for _sheet, row in rows:
        for index, cell in enumerate(row[:-1]):
            name = _as_name(cell)
            following = row[index + 1]
            if name and isinstance(following, int | float) and not isinstance(following, bool):
                counts[name] = max(counts[name], int(following))
    return counts


def _ranked_names(rows: Iterable[tuple[str, list[Any]]]) -> set[str]:
    names: set[str] = set()
    for sheet, row in rows:
        if sheet.lower().startswith("table") and row and isinstance(row[0], int | float):
            names.update(name for name in map(_as_name, row[1:]) if name)
    return names


def build(source: Path) -> list[str]:
    """Every first name to ship, lower case, sorted."""
    totals: Counter[str] = Counter()
    historical: set[str] = set()
    files = sorted(p for p in source.iterdir() if p.suffix.lower() in {".xls", ".xlsx"})
    if not files:
        raise FileNotFoundError(f"No .xls or .xlsx files in {source}")
    for path in files:
        if path.name.lower().startswith("historical"):
            historical |= _ranked_names(_rows(path))
        else:
            totals.update(_counted_names(_rows(path)))
    kept = {name for name, count in totals.items() if count >= MIN_BABIES} | historical
    # Headings that pass the name test and precede a number ("Rank 1", "Count 5", "Total 600000").
    kept -= {"Name", "Names", "Count", "Rank", "Total", "Note", "Notes", "Table", "Contents"}
    return sorted({name.lower() for name in kept})


def write(source: Path, output: Path = OUTPUT) -> int:
    names = build(source)
    header = (
        "# First names given to babies in England and Wales (ONS baby-name statistics, 1996-2024, and the\n"
        "# top 100 of each decade from 1904). Source: Office for National Statistics, Crown copyright,\n"
        "# Open Government Licence v3.0. Rebuilt by `cohesion build-first-names`; do not edit by hand.\n"
    )
    output.write_text(header + "\n".join(names) + "\n", encoding="utf-8")
    return len(names)
