"""The strategy's narrative: officers write it, it opens the document, its Markdown is safe; the Word file
carries the same; milestones are marked done from an update."""

import io
import zipfile
from datetime import date

from sqlmodel import Session

from app import markdown
from app.services.records.versioning import save_record
from tests.conftest import World
from tests.pages import check_page

FOREWORD = """## A place for everyone

We listened to **2,000 residents** and *many* groups.

- Meet more often
- Feel safe

<script>alert(1)</script> and [a link](javascript:alert(1))"""


def _base(world: World) -> str:
    return f"/places/{world.place.slug}/strategies/{world.strategy.slug}"


def test_markdown_subset_is_rendered_and_everything_else_is_escaped() -> None:
    html = str(markdown.render(FOREWORD, level=3))
    assert '<h3 class="govuk-heading-m">A place for everyone</h3>' in html
    assert "<strong>2,000 residents</strong>" in html and "<em>many</em>" in html
    assert '<ul class="govuk-list govuk-list--bullet"><li>Meet more often</li><li>Feel safe</li></ul>' in html
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<a" not in html and "[a link](javascript:alert(1))" in html
    assert str(markdown.render("1. One\n2. Two")).startswith('<ol class="govuk-list govuk-list--number">')
    assert str(markdown.render("")) == ""


def test_officer_writes_the_foreword_and_it_opens_the_document(client_for, world: World) -> None:
    officer = client_for("officer")
    form = check_page(officer.get(f"{_base(world)}/narrative/foreword/edit"))
    assert form.texts("h1") == ["Foreword"]
    response = officer.post_form(
        f"{_base(world)}/narrative/foreword/edit", {"body": FOREWORD, "note": "First draft"}
    )
    assert response.status_code == 303
    page = check_page(officer.get(f"{_base(world)}/narrative/"))
    assert "We listened to 2,000 residents and many groups." in page.text("#foreword")
    assert page.texts("#foreword h2") == ["Foreword"]
    document = check_page(officer.get(f"{_base(world)}/document"))
    assert document.texts("main h2")[:2] == ["Contents", "Foreword"]
    assert "Foreword" in document.text(".app-document__contents")
    assert "<script>alert(1)</script>" not in document.response.text


def test_a_stale_save_of_a_section_is_a_conflict(client_for, world: World) -> None:
    officer = client_for("officer")
    url = f"{_base(world)}/narrative/vision/edit"
    assert officer.post_form(url, {"body": "First"}).status_code == 303
    page = check_page(officer.get(url))
    version = page.value("version")
    assert officer.post_form(url, {"body": "Second", "version": version}).status_code == 303
    stale = officer.post_form(url, {"body": "Third, from the old page", "version": version})
    assert stale.status_code == 409


def test_councillor_reads_but_cannot_write(client_for, world: World) -> None:
    councillor = client_for("councillor")
    assert check_page(councillor.get(f"{_base(world)}/narrative/")).status == 200
    assert councillor.get(f"{_base(world)}/narrative/foreword/edit").status_code == 403


def test_word_document_has_the_narrative_the_stages_and_the_appendices(client_for, world: World) -> None:
    from docx import Document

    officer = client_for("officer")
    officer.post_form(f"{_base(world)}/narrative/foreword/edit", {"body": FOREWORD})
    response = officer.get(f"{_base(world)}/document.docx?source=draft")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/vnd.openxmlformats")
    assert zipfile.is_zipfile(io.BytesIO(response.content))
    doc = Document(io.BytesIO(response.content))
    headings = [
        p.text for p in doc.paragraphs if p.style is not None and p.style.name.startswith("Heading 1")
    ]
    assert headings[:2] == ["Foreword", "What we heard"]
    assert headings[-2:] == [
        "Appendix A: every indicator at a glance",
        "Appendix B: how this document was made",
    ]
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "DRAFT." in text and "<script>alert(1)</script> and [a link](javascript:alert(1))" in text
    assert any(table.rows[0].cells[0].text == "Action" for table in doc.tables)


def test_milestones_are_marked_done_while_recording_an_update(
    client_for, world: World, session: Session
) -> None:
    save_record(
        session=session,
        record=world.action,
        actor=world.users["officer"],
        expected_version=None,
        changes={
            "milestones": [
                {"title": "First forum", "due": "2026-06-30", "done": False},
                {"title": "Second forum", "due": "2026-09-30", "done": False},
            ]
        },
    )
    session.commit()
    officer = client_for("officer")
    url = f"{_base(world)}/progress/actions/{world.action.id}/updates/new"
    form = check_page(officer.get(url))
    assert "First forum, due 30 June 2026" in form.text("form")
    response = officer.post_form(
        url,
        {
            "period_end-day": "30",
            "period_end-month": "6",
            "period_end-year": "2026",
            "status": "on_track",
            "percent_complete": "30",
            "what_happened": "First forum held",
            "milestones_done": "0",
        },
    )
    assert response.status_code == 303
    session.refresh(world.action)
    assert [m["done"] for m in world.action.milestones] == [True, False]
    again = check_page(officer.get(url))
    assert "First forum" not in again.text("form") and "Second forum" in again.text("form")
    assert date(2026, 6, 30).isoformat() not in again.text("main")
