"""Downloads of a strategy: every list as CSV or XLSX, and the strategy document as a page and a PDF.

URLs, under /places/{place}/strategies/{strategy}/:
- ``exports/``: what this user may download;
- ``exports/{list}.csv`` and ``exports/{list}.xlsx``, with ``?source=draft`` or ``?source=published`` (the
  latest edition of the list's stage) or ``?edition={id}`` (that edition);
- ``document`` and ``document.pdf``, with ``?source=draft`` or ``?source=published``.
Without a source, those who may read drafts get the drafts and councillors the published editions.
"""

from datetime import UTC, datetime

from fastapi import APIRouter
from fastapi.responses import HTMLResponse, Response, StreamingResponse
from sqlmodel import Session

from app.db import read_only, short_write
from app.deps import SessionFactory, StrategyAccess
from app.services.outputs import document, exports, word
from app.templating import templates
from app.views import PublishedView, StageRead
from app.web import attachment, int_or_none

router = APIRouter(prefix="/places/{place_slug}/strategies/{strategy_slug}")
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@router.get("/exports/", name="exports.index")
def index(view: PublishedView) -> HTMLResponse:
    stages = exports.export_choices(**view.of, access=view.ctx.access)
    return view.page("exports/index.html", stages=stages)


def _record(factory: SessionFactory, ctx: StrategyAccess, detail: str) -> None:
    """The audit row, committed in a short write transaction of its own before anything is sent: a download
    is a read, and its body is streamed from a read that holds no write lock."""
    with short_write(factory) as audit_session:
        exports.record_export(session=audit_session, access=ctx.access, strategy=ctx.strategy, detail=detail)


def _list_file(
    view: StageRead,
    factory: SessionFactory,
    list_name: str,
    file_format: str,
    source: str | None,
    edition: str | None,
) -> StreamingResponse:
    edition_id = int_or_none(edition)
    if edition and edition_id is None:
        raise exports.ExportNotFound(edition)
    export = exports.export_list(
        session=view.session,
        access=view.ctx.access,
        strategy=view.strategy,
        name=list_name,
        file_format=file_format,
        source=source,
        edition_id=edition_id,
        reader=lambda: read_only(factory),
    )
    _record(factory, view.ctx, export.audit_detail)
    return StreamingResponse(export.chunks, media_type=export.media_type, headers=attachment(export.filename))


@router.get("/exports/{list_name}.csv", name="exports.csv")
def csv_file(
    view: PublishedView,
    factory: SessionFactory,
    list_name: str,
    source: str | None = None,
    edition: str | None = None,
) -> StreamingResponse:
    return _list_file(view, factory, list_name, "csv", source, edition)


@router.get("/exports/{list_name}.xlsx", name="exports.xlsx")
def xlsx_file(
    view: PublishedView,
    factory: SessionFactory,
    list_name: str,
    source: str | None = None,
    edition: str | None = None,
) -> StreamingResponse:
    return _list_file(view, factory, list_name, "xlsx", source, edition)


def _document(
    session: Session, ctx: StrategyAccess, source: str | None, file_format: str
) -> document.StrategyDocument:
    return document.build_document(
        session=session,
        access=ctx.access,
        strategy=ctx.strategy,
        source=source,
        file_format=file_format,
        now=datetime.now(UTC),
    )


def _file_name(ctx: StrategyAccess, doc: document.StrategyDocument, extension: str) -> str:
    return f"{ctx.place.slug}-{ctx.strategy.slug}-{'draft' if doc.draft else 'published'}.{extension}"


@router.get("/document", name="exports.document")
def document_page(view: PublishedView, factory: SessionFactory, source: str | None = None) -> HTMLResponse:
    doc = _document(view.session, view.ctx, source, "html")
    page = view.page("document/show.html", doc=doc)
    _record(factory, view.ctx, doc.audit_detail)
    return page


@router.get("/document.pdf", name="exports.document_pdf")
def document_pdf(view: PublishedView, factory: SessionFactory, source: str | None = None) -> Response:
    doc = _document(view.session, view.ctx, source, "pdf")
    with document.drawing():  # the document is read and drawn, then laid out, with fewer collections
        html = templates.env.get_template("document/pdf.html").render(request=view.request, doc=doc)
        pdf = document.render_pdf(html)
    _record(factory, view.ctx, doc.audit_detail)
    return Response(pdf, media_type="application/pdf", headers=attachment(_file_name(view.ctx, doc, "pdf")))


@router.get("/document.docx", name="exports.document_docx")
def document_docx(view: PublishedView, factory: SessionFactory, source: str | None = None) -> Response:
    doc = _document(view.session, view.ctx, source, "docx")
    body = word.render_docx(doc)
    _record(factory, view.ctx, doc.audit_detail)
    return Response(body, media_type=DOCX, headers=attachment(_file_name(view.ctx, doc, "docx")))
