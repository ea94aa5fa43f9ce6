"""Reading survey CSV exports: encodings, delimiters, spreadsheet row numbers, refusals and streaming."""

import io
import tracemalloc
from pathlib import Path

import pytest

from app.services.csv_reader import SNIFF_BYTES, CsvDialect, CsvFormatError, CsvRow, open_rows, sniff


def _read(data: bytes, *, max_cell_chars: int = 20_000) -> tuple[CsvDialect, list[str], list[CsvRow]]:
    rows = open_rows(io.BytesIO(data), max_cell_chars=max_cell_chars)
    return rows.dialect, rows.header, list(rows)


def _refusal(data: bytes, *, max_columns: int = 200) -> str:
    with pytest.raises(CsvFormatError) as raised:
        open_rows(io.BytesIO(data), max_columns=max_columns)
    return raised.value.message


class _Pipe(io.RawIOBase):
    """A stream that cannot seek and hands out a few bytes at a time, like an upload read from a socket."""

    def __init__(self, data: bytes) -> None:
        super().__init__()
        self._data = data

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        chunk, self._data = self._data[: min(len(buffer), 1000)], self._data[min(len(buffer), 1000) :]
        buffer[: len(chunk)] = chunk
        return len(chunk)


def test_utf8_with_bom() -> None:
    dialect, header, rows = _read("Name,Comment\r\nZoë,Café\r\n".encode("utf-8-sig"))
    assert dialect == CsvDialect(encoding="utf-8-sig", delimiter=",")
    assert header == ["Name", "Comment"]
    assert rows == [CsvRow(number=2, values={"Name": "Zoë", "Comment": "Café"}, problem=None)]


def test_utf8_without_bom() -> None:
    dialect, _, rows = _read("Name,Comment\nZoë,naïve — “yes”\n".encode())
    assert dialect == CsvDialect(encoding="utf-8", delimiter=",")
    assert rows[0].values == {"Name": "Zoë", "Comment": "naïve — “yes”"}


def test_windows_1252_pound_sign_and_curly_quotes() -> None:
    data = b"Name,Comment\r\nAsha,\x93Bus fares went up to \xa35\x94 \x91really\x92\r\n"
    dialect, _, rows = _read(data)
    assert dialect.encoding == "cp1252"
    assert rows[0].values["Comment"] == "“Bus fares went up to £5” ‘really’"


def test_semicolon_delimiter_with_comma_decimals() -> None:
    dialect, header, rows = _read(b'Theme;Score;Note\n"Feeling safe; at night";2,5;"a, b"\n')
    assert dialect.delimiter == ";"
    assert header == ["Theme", "Score", "Note"]
    assert rows[0].values == {"Theme": "Feeling safe; at night", "Score": "2,5", "Note": "a, b"}


def test_tab_delimiter() -> None:
    dialect, _, rows = _read(b"Name\tAge, band\tArea\n Ali \t 25-34 \tNorthfield\n")
    assert dialect.delimiter == "\t"
    assert rows[0].values == {"Name": "Ali", "Age, band": "25-34", "Area": "Northfield"}


def test_delimiters_inside_quoted_header_names_are_not_counted() -> None:
    assert sniff(b'"a;b;c;d",Second,Third\n1,2,3\n').delimiter == ","


def test_single_column_file_defaults_to_comma() -> None:
    assert sniff(b"Comment\nMore buses please\n") == CsvDialect(encoding="utf-8", delimiter=",")


def test_quoted_newlines_and_crlf_keep_spreadsheet_row_numbers() -> None:
    data = b'Name,Comment\r\nAli,"First line\r\nsecond line"\r\nBea,"One\nTwo\nThree"\r\nCal,Short\r\n'
    _, _, rows = _read(data)
    assert [row.number for row in rows] == [2, 3, 4]
    assert rows[0].values["Comment"] == "First line\nsecond line"
    assert rows[1].values["Comment"] == "One\nTwo\nThree"


def test_empty_rows_are_skipped_but_still_counted() -> None:
    data = b"Name,Age\r\nAli,34\r\n\r\n,\r\n  ,  \r\nBea,29\r\n"
    _, _, rows = _read(data)
    assert [(row.number, row.values["Name"]) for row in rows] == [(2, "Ali"), (6, "Bea")]


def test_too_many_values_is_a_row_problem_not_a_refusal() -> None:
    _, _, rows = _read(b"Name,Age\nAli,34,extra,more\nBea,29\n")
    assert rows[0].problem == "Row 2 has 4 values but the header has 2 columns"
    assert rows[0].values == {"Name": "Ali", "Age": "34"}
    assert rows[1].problem is None


def test_trailing_empty_cells_do_not_make_a_row_too_long() -> None:
    _, _, rows = _read(b"Name,Age\nAli,34,,\n")
    assert rows[0].problem is None


def test_fewer_values_are_padded() -> None:
    _, _, rows = _read(b"Name,Age,Area\nAli\n")
    assert rows[0] == CsvRow(number=2, values={"Name": "Ali", "Age": "", "Area": ""}, problem=None)


def test_cells_are_stripped() -> None:
    _, _, rows = _read(b'Name , Age\n  Ali  ,"  34 "\n')
    assert rows[0].values == {"Name": "Ali", "Age": "34"}


def test_blank_and_duplicate_header_names_are_made_unique() -> None:
    _, header, _ = _read(b"Name,,Comment,Comment, ,Comment,Name (2),Name\n1,2,3,4,5,6,7,8\n")
    assert header == [
        "Name",
        "Column 2",
        "Comment",
        "Comment (2)",
        "Column 5",
        "Comment (3)",
        "Name (2)",
        "Name (3)",
    ]


def test_bom_is_removed_from_the_header_even_when_the_dialect_is_given() -> None:
    rows = open_rows(
        io.BytesIO("Name,Age\n1,2\n".encode("utf-8-sig")), dialect=CsvDialect(encoding="utf-8", delimiter=",")
    )
    assert rows.header == ["Name", "Age"]


def test_overlong_cell_is_a_row_problem() -> None:
    data = b"Name,Comment\nAli," + b"x" * 20_001 + b"\nBea," + b"x" * 20_000 + b"\n"
    _, _, rows = _read(data)
    assert rows[0].problem == 'Row 2, column "Comment" is longer than 20,000 characters'
    assert rows[1].problem is None


def test_limits_can_be_lowered() -> None:
    _, _, rows = _read(b"Name\nAlison\n", max_cell_chars=5)
    assert rows[0].problem == 'Row 2, column "Name" is longer than 5 characters'
    assert "reads at most 2" in _refusal(b"a,b,c\n1,2,3\n", max_columns=2)


def test_overlong_column_name_is_refused() -> None:
    name = "What would make this area a better place to live? " * 21
    assert _refusal(f"Ward,{name}\nNorthfield,Buses\n".encode()) == (
        "Column 2 of the header row has a name 1,049 characters long but a column name can be at most 1,000. "
        "Shorten it and upload the file again."
    )
    assert _read(f"Ward,{name[:1_000]}\nNorthfield,Buses\n".encode())[1][1] == name[:1_000].strip()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            b"PK\x03\x04\x14\x00\x06\x00[Content_Types].xml",
            "The file is not a CSV file: it looks like an Excel workbook. "
            "Save it as CSV (comma delimited) and upload it again.",
        ),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00",
            "The file is not a CSV file: it looks like an older Excel workbook (.xls). "
            "Save it as CSV (comma delimited) and upload it again.",
        ),
        (
            b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n",
            "The file is not a CSV file: it looks like a PDF document. Export the responses from the survey "
            "platform or spreadsheet as CSV and upload that file instead.",
        ),
        (
            b"Name,Age\nAli\x00\x00,34\n",
            "The file is not a CSV file: it contains binary data. "
            "Save it as CSV (comma delimited) and upload it again.",
        ),
        (b"", "The file is empty."),
        (b"\r\n\r\n  \n", "The file is empty."),
        (b"\xef\xbb\xbf", "The file is empty."),
        (b"Name,Age\r\n", "The file has a header row but no data rows."),
        (b"Name,Age\r\n,\r\n\r\n", "The file has a header row but no data rows."),
    ],
)
def test_files_that_are_not_csv_are_refused_in_plain_english(data: bytes, message: str) -> None:
    assert _refusal(data) == message


def test_utf16_text_is_refused_with_advice() -> None:
    assert "Unicode text (UTF-16)" in _refusal("Name\tAge\n".encode("utf-16"))


def test_bytes_that_are_neither_utf8_nor_windows_1252_are_refused() -> None:
    assert "not in an encoding the toolkit recognises" in _refusal(b"Name\n\x81\x8d\n")


def test_utf8_character_cut_at_the_end_of_the_head_is_still_utf8() -> None:
    head = ("a" * (SNIFF_BYTES - 1) + "é").encode()[:SNIFF_BYTES]
    assert sniff(head).encoding == "utf-8"


def test_late_invalid_utf8_names_the_row() -> None:
    lines = [b"Name,Comment"] + [b"Resident %d,Fine" % i for i in range(2, 10_000)]
    lines.append(b"Resident 10000,Fares cost \xa35")
    lines.extend(b"Resident %d,Fine" % i for i in range(10_001, 10_100))
    data = b"\r\n".join(lines) + b"\r\n"
    assert data.index(b"\xa3") > SNIFF_BYTES
    rows = open_rows(io.BytesIO(data))
    assert rows.dialect.encoding == "utf-8"
    with pytest.raises(CsvFormatError) as raised:
        for row in rows:
            assert row.number < 10_000
    assert raised.value.message.startswith("Row 10000 contains characters that are not UTF-8 text")


def test_unseekable_stream_read_in_small_pieces() -> None:
    data = b"Name;Comment\n" + "".join(f"R{i};£{i}\n" for i in range(5000)).encode("cp1252")
    rows = open_rows(io.BufferedReader(_Pipe(data)))
    assert rows.dialect == CsvDialect(encoding="cp1252", delimiter=";")
    read = list(rows)
    assert len(read) == 5000
    assert read[-1] == CsvRow(number=5001, values={"Name": "R4999", "Comment": "£4999"}, problem=None)


def test_the_callers_stream_is_left_open() -> None:
    stream = io.BytesIO(b"Name\nAli\n")
    rows = open_rows(stream)
    list(rows)
    del rows
    assert not stream.closed


def test_large_file_is_streamed_not_read_into_memory(tmp_path: Path) -> None:
    path = tmp_path / "responses.csv"
    with path.open("w", encoding="utf-8", newline="") as file:
        file.write("Respondent,Area,Age band,Theme,Score,Comment\r\n")
        for i in range(50_000):
            file.write(
                f'{i},Northfield,25-34,Feeling safe,{i % 7 + 1},"Comment number {i}, about the park"\r\n'
            )
    size = path.stat().st_size
    count = 0
    tracemalloc.start()
    try:
        with path.open("rb") as stream:
            for row in open_rows(stream):
                count += 1
                assert row.problem is None
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count == 50_000
    assert peak < size / 4, f"peak {peak:,} bytes for a {size:,}-byte file"
