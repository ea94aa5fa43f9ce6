"""The Word file's tables: body rows are written as XML in one go, and must say what python-docx's own
``add_row`` and ``cell.text`` would have written."""

from docx import Document
from lxml import etree

from app.services.outputs import word

ROWS = [
    ("Run monthly shared meals", "North Trust", 5000, None),
    ("Two lines\nof text", "A\ttab", "", "<b>not markup</b> & more"),
    ("Control \x01 character", "Ünïcödé – “quoted”", 0, "end"),
]
HEADER = ["Action", "Lead", "Budget", "Notes"]


def _by_python_docx() -> list[bytes]:
    doc = Document()
    table = doc.add_table(rows=1, cols=len(HEADER))
    for row in ROWS:
        for cell, value in zip(table.add_row().cells, row, strict=True):
            cell.text = "" if value is None else str(value).replace("\x01", "")
    return [etree.tostring(tr, method="c14n") for tr in table._tbl.tr_lst[1:]]


def test_table_rows_match_what_python_docx_writes() -> None:
    doc = Document()
    word._table(doc, "Caption", HEADER, ROWS)
    table = doc.tables[-1]
    assert [cell.text for cell in table.rows[0].cells] == HEADER
    written = [etree.tostring(tr, method="c14n") for tr in table._tbl.tr_lst[1:]]
    expected = _by_python_docx()
    assert len(written) == len(ROWS)
    assert [_canonical(x) for x in written] == [_canonical(x) for x in expected]
    assert table.rows[2].cells[3].text == "<b>not markup</b> & more"
    assert table.rows[2].cells[0].text == "Two lines\nof text"


def test_an_empty_table_has_its_header_only() -> None:
    doc = Document()
    word._table(doc, "Caption", HEADER, [])
    assert len(doc.tables[-1].rows) == 1


def _canonical(xml: bytes) -> bytes:
    """The row without namespace declarations (python-docx declares every namespace on each element)."""
    element = etree.fromstring(xml)
    etree.cleanup_namespaces(element)
    return etree.tostring(element, method="c14n")
