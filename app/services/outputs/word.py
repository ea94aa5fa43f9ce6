"""The strategy document as a Word file, for councils that finish their Cabinet reports in Word.

The same ``StrategyDocument`` as the page and the PDF, so the three say the same; charts are given by their
one-sentence summary and their table (a Word reader edits tables, not drawings). Built with python-docx's own
styles (Title, Heading 1 to 3, List Bullet, List Number, Table Grid), so the headings make Word's navigation
pane and contents, and a screen reader announces them.
"""

import re
from collections.abc import Callable, Sequence
from io import BytesIO
from typing import Any, TypeVar
from xml.sax.saxutils import escape

from app import markdown
from app.services.outputs.document import StrategyDocument
from app.services.outputs.document_progress import Progressed
from app.services.outputs.document_sections import Heard, Mapped, Planned
from app.services.records.values import in_words, money

_W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
# Characters XML 1.0 cannot carry (python-docx refuses them too): control characters but tab and newlines.
_XML_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_Section = TypeVar("_Section")


def _table(doc: Any, caption: str, header: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """A captioned table: the header row through python-docx, the body rows as XML written in one go.

    python-docx builds a row cell by cell, each cell a chain of lookups and element copies; for the largest
    strategy's 1,400 rows that was about two seconds, most of the Word export's time."""
    from docx.oxml import parse_xml

    doc.add_paragraph(caption, style="Caption")
    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
        for run in cell.paragraphs[0].runs:
            run.bold = True
    if not rows:
        return
    widths = [None if column.w is None else column.w.twips for column in table._tbl.tblGrid.gridCol_lst]
    body = "".join(_row_xml(row, widths) for row in rows)
    for row in parse_xml(f'<w:tbl xmlns:w="{_W_NS}">{body}</w:tbl>'):
        table._tbl.append(row)


def _row_xml(values: Sequence[Any], widths: Sequence[int | None]) -> str:
    """One table row as WordprocessingML, as python-docx's ``add_row`` and ``cell.text`` would write it:
    each cell as wide as its grid column, its text in one run, line breaks as breaks and tabs as tabs."""
    cells = []
    for value, width in zip(values, widths, strict=True):
        properties = f'<w:tcPr><w:tcW w:type="dxa" w:w="{width}"/></w:tcPr>' if width else "<w:tcPr/>"
        text = "" if value is None else str(value)
        cells.append(f"<w:tc>{properties}<w:p><w:r>{_run_content(text)}</w:r></w:p></w:tc>")
    return f"<w:tr>{''.join(cells)}</w:tr>"


def _run_content(text: str) -> str:
    parts = []
    for number, line in enumerate(_XML_UNSAFE.sub("", text).replace("\r\n", "\n").split("\n")):
        if number:
            parts.append("<w:br/>")
        for tab, piece in enumerate(line.split("\t")):
            if tab:
                parts.append("<w:tab/>")
            if piece:
                space = ' xml:space="preserve"' if piece != piece.strip() else ""
                parts.append(f"<w:t{space}>{escape(piece)}</w:t>")
    return "".join(parts)


def _narrative(doc: Any, text: str) -> None:
    for block in markdown.blocks(text):
        if block.kind == "heading":
            paragraph = doc.add_heading(level=min(2 + block.depth, 4))
            lines = block.lines
        elif block.kind in ("bullets", "numbers"):
            style = "List Bullet" if block.kind == "bullets" else "List Number"
            for line in block.lines:
                item = doc.add_paragraph(style=style)
                for piece in line:
                    item.add_run(piece.text).bold, item.runs[-1].italic = piece.bold, piece.italic
            continue
        else:
            paragraph = doc.add_paragraph()
            lines = block.lines
        for number, line in enumerate(lines):
            if number:
                paragraph.add_run().add_break()
            for piece in line:
                run = paragraph.add_run(piece.text)
                run.bold, run.italic = piece.bold, piece.italic


def render_docx(document: StrategyDocument) -> bytes:
    # Imported here, as WeasyPrint is for the PDF: only the download needs it.
    from docx import Document
    from docx.shared import Cm

    doc = Document()
    doc.core_properties.title = f"{'DRAFT: ' if document.draft else ''}{document.strategy.title}"
    doc.core_properties.author = document.place.name
    if document.logo_png is not None:
        doc.add_picture(BytesIO(document.logo_png), width=Cm(4))
        doc.inline_shapes[-1]._inline.docPr.set("descr", f"{document.place.name} logo")
    doc.add_paragraph(f"{document.place.name}: strategy document", style="Subtitle")
    doc.add_heading(document.strategy.title, level=0)
    doc.add_paragraph(f"{in_words(document.strategy.start_date)} to {in_words(document.strategy.end_date)}")
    if document.draft:
        banner = doc.add_paragraph()
        banner.add_run("DRAFT. ").bold = True
        banner.add_run("Built from the current records. This is not a published edition and it may change.")
    else:
        doc.add_paragraph("Built from the latest published edition of each stage.")
    for part in document.narrative:
        doc.add_heading(part.part.label, level=1)
        _narrative(doc, part.body)
    _stages(doc, document)
    _appendices(doc, document)
    out = BytesIO()
    doc.save(out)
    return out.getvalue()


def _stages(doc: Any, document: StrategyDocument) -> None:
    _stage(doc, "What we heard", document.heard, _heard)
    _stage(doc, "Strengths and struggles", document.mapped, _mapped)
    _stage(doc, "Action plan", document.planned, _planned)
    _stage(
        doc, "Progress", document.progressed, lambda doc, progressed: _progressed(doc, progressed, document)
    )


def _stage(doc: Any, heading: str, section: _Section | None, write: Callable[[Any, _Section], None]) -> None:
    """A stage's heading, then its section, or that it is not yet published."""
    doc.add_heading(heading, level=1)
    if section is None:
        doc.add_paragraph("Not yet published.")
    else:
        write(doc, section)


def _heard(doc: Any, heard: Heard) -> None:
    doc.add_paragraph(f"{heard.voices_shown.capitalize()} things people said.")
    _table(
        doc,
        "Listening exercises",
        ["Exercise", "Method", "Dates", "Participants"],
        [
            (
                e.title,
                e.method,
                in_words(e.start),
                "Not given" if e.participants is None else e.participants,
            )
            for e in heard.exercises
        ],
    )
    _table(doc, "What people raised most", ["Theme", "Things said"], heard.themes)


def _mapped(doc: Any, mapped: Mapped) -> None:
    _table(
        doc,
        "Strengths",
        ["Strength", "Kind", "Status", "Run by"],
        [(s["name"], s["kind"], s["status"], s["organisation"]) for s in mapped.strengths],
    )
    _table(
        doc,
        "Struggles, most severe first",
        ["Struggle", "Severity (1 to 5)", "Trend"],
        [(s["title"], s["severity"], s["trend"]) for s in mapped.struggles],
    )


def _planned(doc: Any, planned: Planned) -> None:
    doc.add_paragraph(f"{planned.actions} actions, with a total budget of {money(planned.budget)}.")
    for priority in planned.priorities:
        doc.add_heading(priority.outcome, level=2)
        if priority.description:
            doc.add_paragraph(priority.description)
        _table(
            doc,
            f"Actions for: {priority.outcome}",
            ["Action", "Lead", "Dates", "Status", "Done", "Budget"],
            [
                (
                    _with_update(a),
                    a["lead"],
                    f"{in_words(a['start'])} to {in_words(a['end'])}",
                    a["status"],
                    f"{a['percent']}%",
                    "None" if a["budget"] is None else money(a["budget"]),
                )
                for a in priority.actions
            ],
        )


def _progressed(doc: Any, progressed: Progressed, document: StrategyDocument) -> None:
    for indicator in progressed.indicators:
        doc.add_heading(indicator.name, level=2)
        summary = doc.add_paragraph()
        summary.add_run(f"{indicator.status}. ").bold = True
        summary.add_run(indicator.summary)
        shared = indicator.source
        caption = f"Figures for {indicator.name}" + (f". Source: {shared}" if shared else "")
        if not indicator.has_intervals:
            caption += ". No confidence interval is known for them"
        columns = [
            ("Date", _figure_date),
            ("Value", lambda f: f["value"]),
            *([("95% confidence interval", lambda f: f["interval"])] if indicator.has_intervals else []),
            *([("Sample size", lambda f: f["sample"])] if indicator.has_samples else []),
            *([("Source", lambda f: f["source"])] if indicator.sources_differ else []),
        ]
        _table(
            doc,
            caption,
            [name for name, _ in columns],
            [tuple(cell(f) for _, cell in columns) for f in indicator.figures],
        )
    doc.add_heading("Latest updates on actions", level=2)
    if document.planned is not None:
        doc.add_paragraph(document.beside_plan)
        return
    _table(
        doc,
        "The latest update on each action, newest first",
        ["Action", "Period ending", "Status", "Done", "What happened"],
        [
            (u["action"], in_words(u["period_end"]), u["status"], f"{u['percent']}%", u["what_happened"])
            for u in progressed.updates
        ],
    )


def _figure_date(figure: dict[str, Any]) -> str:
    when = in_words(figure["date"])
    return when if figure["what"] == "Figure" else f"{when} ({figure['what'].lower()})"


def _with_update(action: dict[str, Any]) -> str:
    """The action's title, its milestones and what its latest update says happened, a line each."""
    lines = [action["title"], *action["milestones"]]
    if action["update"]:
        update = action["update"]
        lines.append(f"Latest update, to {in_words(update['period_end'])}: {update['what_happened']}")
    return "\n".join(lines)


def _at(found: dict[str, Any] | None, missing: str) -> str:
    return f"{found['value']} ({in_words(found['date'])})" if found else missing


def _appendices(doc: Any, document: StrategyDocument) -> None:
    doc.add_heading("Appendix A: every indicator at a glance", level=1)
    indicators = document.progressed.indicators if document.progressed else []
    if not indicators:
        doc.add_paragraph("No indicator has figures in this document.")
    else:
        doc.add_paragraph(document.glance)
        _table(
            doc,
            "Every indicator’s baseline, latest figure, target and status",
            ["Indicator", "Baseline", "Latest figure", "Target", "Status"],
            [
                (
                    indicator.name,
                    _at(indicator.baseline, "Not set"),
                    _at(indicator.latest, "None yet"),
                    _at(indicator.target, "Not set"),
                    indicator.status,
                )
                for indicator in indicators
            ],
        )
    doc.add_heading("Appendix B: how this document was made", level=1)
    doc.add_heading("How each indicator’s status is worked out", level=2)
    doc.add_paragraph(document.rule)
    doc.add_heading("Keeping people from being identified", level=2)
    doc.add_paragraph(document.disclosure_rule)
