"""Downloads: lists as streamed CSV and XLSX, the strategy document as a page and a PDF, the audit log."""

import csv
import io
from datetime import date

from openpyxl import load_workbook
from sqlalchemy import Engine
from sqlmodel import Session, col, func, select

from app.models import AuditEvent
from tests.conftest import World
from tests.factories import make_action
from tests.pages import check_page
from tests.test_query_counts import counting


def _base(world: World) -> str:
    return f"/places/{world.place.slug}/strategies/{world.strategy.slug}"


def _events(session: Session) -> int:
    return int(
        session.exec(select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "export")).one()
    )


def _csv(content: bytes) -> list[list[str]]:
    assert content.startswith(b"\xef\xbb\xbf"), "CSV starts with the UTF-8 byte order mark"
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def test_actions_csv_is_streamed_with_a_bom_and_neutralised_formulas(
    client_for, world: World, session: Session
) -> None:
    make_action(
        session,
        strategy=world.strategy,
        actor=world.users["officer"],
        title='=HYPERLINK("http://evil","Click")',
    )
    session.commit()
    response = client_for("officer").get(f"{_base(world)}/exports/actions.csv")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.headers["content-disposition"].startswith('attachment; filename="northmoor-')
    assert "content-length" not in response.headers, "the list is streamed, not built whole first"
    rows = _csv(response.content)
    assert rows[0][:3] == ["ID", "Title", "Priority"]
    titles = [row[1] for row in rows[1:]]
    assert titles == [world.action.title, '\'=HYPERLINK("http://evil","Click")']


def test_xlsx_has_dates_as_dates_numbers_as_numbers_and_neutralised_text(
    client_for, world: World, session: Session
) -> None:
    action = make_action(session, strategy=world.strategy, actor=world.users["officer"], title="+44 call us")
    action.budget = 2500
    session.add(action)
    session.commit()
    response = client_for("facilitator").get(f"{_base(world)}/exports/actions.xlsx")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml"
    )
    assert "content-length" not in response.headers
    sheet = load_workbook(io.BytesIO(response.content)).active
    header = [cell.value for cell in sheet[1]]
    rows = [dict(zip(header, row, strict=True)) for row in sheet.iter_rows(min_row=2)]
    added = next(row for row in rows if row["ID"].value == action.id)
    assert added["Title"].value == "'+44 call us"
    assert added["Start date"].is_date and added["Start date"].value.date() == date(2026, 5, 1)
    assert added["Budget (£)"].data_type == "n" and added["Budget (£)"].value == 2500
    assert added["Percent complete"].value == 0 and added["ID"].data_type == "n"


def test_councillor_gets_the_published_edition_only(client_for, world: World, session: Session) -> None:
    make_action(
        session, strategy=world.strategy, actor=world.users["officer"], title="Added after the edition"
    )
    session.commit()
    councillor = client_for("councillor")
    response = councillor.get(f"{_base(world)}/exports/actions.csv")
    assert response.status_code == 200
    assert _csv(response.content)[0][0] == "Title", "no ID column for a councillor"
    assert [row[0] for row in _csv(response.content)[1:]] == [world.action.title]
    assert response.headers["content-disposition"].startswith(
        f'attachment; filename="northmoor-{world.strategy.slug}-actions-edition-1.csv"'
    )
    assert councillor.get(f"{_base(world)}/exports/actions.csv?source=draft").status_code == 403
    assert councillor.get(f"{_base(world)}/exports/voices.csv").status_code == 403
    assert councillor.get(f"{_base(world)}/exports/voices.xlsx?source=published").status_code == 403
    assert councillor.get(f"{_base(world)}/document?source=draft").status_code == 403
    assert councillor.get(f"{_base(world)}/document.pdf?source=draft").status_code == 403


def test_officer_can_export_a_chosen_edition(client_for, world: World, session: Session) -> None:
    make_action(
        session, strategy=world.strategy, actor=world.users["officer"], title="Added after the edition"
    )
    session.commit()
    officer = client_for("officer")
    response = officer.get(f"{_base(world)}/exports/actions.csv?edition={world.edition.id}")
    assert [row[1] for row in _csv(response.content)[1:]] == [world.action.title]
    assert officer.get(f"{_base(world)}/exports/voices.csv?edition={world.edition.id}").status_code == 404
    assert officer.get(f"{_base(world)}/exports/actions.csv?edition=abc").status_code == 404
    assert officer.get(f"{_base(world)}/exports/actions.csv?source=nonsense").status_code == 404
    assert officer.get(f"{_base(world)}/exports/nonsense.csv").status_code == 404


def test_another_places_officer_finds_nothing(client_for, world: World) -> None:
    other = client_for("other_place_officer")
    for path in ("exports/", "exports/actions.csv", "exports/voices.xlsx", "document", "document.pdf"):
        assert other.get(f"{_base(world)}/{path}").status_code == 404


def test_every_export_and_document_download_is_logged(client_for, world: World, session: Session) -> None:
    officer = client_for("officer")
    before = _events(session)
    for path in ("exports/actions.csv", "exports/voices.xlsx", "document", "document.pdf?source=published"):
        assert officer.get(f"{_base(world)}/{path}").status_code == 200
    assert _events(session) == before + 4
    details = session.exec(
        select(AuditEvent.detail).where(AuditEvent.action == "export").order_by(col(AuditEvent.id))
    ).all()[-4:]
    assert details[0].startswith("Actions CSV (draft), 1 row")
    assert details[1].startswith("Voices XLSX (draft), 1 row")
    assert details[2].startswith("Strategy document HTML (draft)")
    assert details[3].startswith("Strategy document PDF (published)")
    refused = _events(session)
    assert client_for("councillor").get(f"{_base(world)}/exports/voices.csv").status_code == 403
    assert _events(session) == refused, "a refused export is not logged as an export"


def test_pdf_document(client_for, world: World) -> None:
    response = client_for("councillor").get(f"{_base(world)}/document.pdf")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert response.headers["content-disposition"].startswith(
        f'attachment; filename="northmoor-{world.strategy.slug}-published.pdf"'
    )


def test_html_document_marks_drafts_and_escapes_what_people_typed(
    client_for, world: World, session: Session
) -> None:
    make_action(
        session, strategy=world.strategy, actor=world.users["officer"], title="<script>alert(1)</script>"
    )
    session.commit()
    response = client_for("officer").get(f"{_base(world)}/document")
    page = check_page(response)
    assert "<script>alert(1)</script>" not in response.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in response.text
    assert page.texts("#draft-banner")[0].startswith("DRAFT.")
    assert page.soup.title is not None and page.soup.title.get_text().startswith("DRAFT:")
    headings = [tag.name for tag in page.soup.select("main h1, main h2, main h3")]
    assert headings[0] == "h1" and headings[1] == "h2"
    assert [t for t in page.texts("main h2")] == [
        "Contents",
        "Context",
        "What we heard",
        "Strengths and struggles",
        "Action plan",
        "Progress",
        "Appendix A: every indicator at a glance",
        "Appendix B: how this document was made",
    ]
    assert "<script>alert(1)</script>" in page.texts("main table td")
    assert page.select("main .app-document__chart svg"), "each indicator has its chart inline"
    stylesheets = [str(link["href"]) for link in page.select("link[rel=stylesheet]")]
    assert "/static/css/print.css" in stylesheets
    assert not page.select("[style]"), "no inline styles under the CSP"


def test_published_document_for_a_councillor(client_for, world: World) -> None:
    page = check_page(client_for("councillor").get(f"{_base(world)}/document"))
    assert not page.select("#draft-banner")
    text = page.text("main")
    assert "DRAFT" not in text
    assert text.count("Not yet published") >= 3  # listening, mapping and progress have no edition
    assert world.action.title in text
    assert "Show the current drafts" not in text


def test_the_document_page_read_again_keeps_its_body_and_shows_a_change_at_once(
    client_for, world: World, session: Session, engine: Engine
) -> None:
    officer = client_for("officer")
    url = f"{_base(world)}/document"
    with counting(engine) as drawn:
        first = check_page(officer.get(url))
    with counting(engine) as statements:
        again = check_page(officer.get(url))
    assert len(statements) < len(drawn) - 10, "the body is kept: its stages are not read again"
    assert again.text("main table") == first.text("main table")
    assert again.texts("#draft-banner") != [] and again.soup.select("#action-plan")
    make_action(session, strategy=world.strategy, actor=world.users["officer"], title="Repair the lido")
    session.commit()
    assert "Repair the lido" in check_page(officer.get(url)).text("main"), "a change is shown at once"
    councillor = check_page(client_for("councillor").get(url))
    assert "Repair the lido" not in councillor.text("main"), (
        "a reader of the published editions has their own"
    )


def test_print_stylesheet_is_served(client_for) -> None:
    response = client_for("anonymous").get("/static/css/print.css")
    assert response.status_code == 200
    assert "@page" in response.text and "url(" not in response.text


def test_exports_page_lists_what_each_role_may_download(client_for, world: World) -> None:
    page = check_page(client_for("officer").get(f"{_base(world)}/exports/"))
    links = page.links()
    assert links["CSV : Voices, current drafts"].endswith("/exports/voices.csv?source=draft")
    assert links["XLSX : Actions, edition 1"].endswith("/exports/actions.xlsx?source=published")
    assert f"edition={world.edition.id}" in links["CSV : Actions, Plan actions with partners edition 1"]
    page = check_page(client_for("councillor").get(f"{_base(world)}/exports/"))
    links = page.links()
    assert not [text for text in links if "Voices" in text]
    assert not [href for href in links.values() if "source=draft" in href]
    assert "CSV : Actions, edition 1" in links
    assert "Not yet published" in page.text("#lists")


def test_strategy_home_and_list_pages_link_to_downloads(client_for, world: World) -> None:
    officer = client_for("officer")
    page = check_page(officer.get(f"{_base(world)}/"))
    assert page.links()["Every list as CSV or XLSX"] == f"{_base(world)}/exports/"
    assert page.links()["The strategy document (current drafts)"] == f"{_base(world)}/document"
    for path, name in (
        ("listening/voices/", "voices"),
        ("plan/", "actions"),
        ("plan/indicators/", "indicators"),
    ):
        page = check_page(officer.get(f"{_base(world)}/{path}"))
        assert page.links()["CSV"] == f"{_base(world)}/exports/{name}.csv"
        assert page.links()["XLSX"] == f"{_base(world)}/exports/{name}.xlsx"


def test_admin_audit_log_newest_first_and_by_place(client_for, world: World) -> None:
    client_for("officer").get(f"{_base(world)}/exports/actions.csv")
    client_for("officer").get(f"{_base(world)}/exports/strengths.csv")
    admin = client_for("admin")
    page = check_page(admin.get("/admin/audit"))
    rows = page.texts("#audit-events tbody tr")
    assert "Strengths CSV (draft)" in rows[0] and "Actions CSV (draft)" in rows[1]
    assert "Olu Officer" in rows[0] and "Northmoor" in rows[0]
    page = check_page(admin.get(f"/admin/audit?place={world.other_place.slug}"))
    assert not page.select("#audit-events")
    assert "No events for Southvale yet." in page.text()
    assert admin.get("/admin/audit?place=nowhere").status_code == 404
    page = check_page(admin.get("/admin/"))
    assert page.links()["Audit log: exports, downloads and published editions"] == "/admin/audit"
