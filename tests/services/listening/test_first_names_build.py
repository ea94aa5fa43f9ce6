"""The first-name list is built from ONS-shaped spreadsheets, whatever their layout, and ships in the package."""

from pathlib import Path

import pytest
from openpyxl import Workbook

from app.services.listening import first_names_build
from app.services.listening.redaction_words import bare_names, first_names


def _book(path: Path, sheets: dict[str, list[tuple[object, ...]]]) -> None:
    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(list(row))
    book.save(path)


def test_names_with_counts_and_the_historical_ranks_are_kept(tmp_path: Path) -> None:
    _book(
        tmp_path / "girlsnames2024.xlsx",
        {
            "Contents": [(1, "Top 100 names for baby girls")],
            "Table_1": [("Rank", "Name", "Count"), (1, "Olivia", 2761), (2, "Zyanne", 3)],
            "Table_6": [("Name", "Count"), ("OLIVIA ", 2761), ("Nell", 25)],
        },
    )
    _book(
        tmp_path / "historicalnames2024.xlsx",
        {"Table_1": [("Rank", 1904, 1914), (1, "Mary", "Doris"), (2, "Edith", "Ethel")]},
    )
    output = tmp_path / "names.txt"
    assert first_names_build.write(tmp_path, output) == 6
    lines = output.read_text(encoding="utf-8").splitlines()
    assert [line for line in lines if not line.startswith("#")] == [
        "doris",
        "edith",
        "ethel",
        "mary",
        "nell",
        "olivia",
    ]
    assert any("Open Government Licence" in line for line in lines if line.startswith("#"))


def test_a_folder_without_spreadsheets_is_refused(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        first_names_build.build(tmp_path)


def test_the_shipped_list_holds_names_and_its_stop_list_holds_words() -> None:
    names = first_names()
    assert len(names) > 5000
    assert {"declan", "ruth", "ifeoma", "doris", "muhammad"} <= names
    # Words that are also names are names only with a cue.
    assert {"hope", "may", "grace", "rose", "summer", "mark"} <= names
    assert not {"hope", "may", "grace", "black", "rose", "summer", "mark"} & bare_names()
