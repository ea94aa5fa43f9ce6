"""The strategy document: context, what we heard, strengths and struggles, the action plan and progress, as
one print-friendly page and as a tagged PDF drawn from the same HTML.

Rules enforced here:
- built from the current drafts (marked DRAFT) or from the latest published edition of each stage; a stage
  with no edition says "Not yet published"; who may have which follows ``exports.resolve_source``;
- quotes are shown only to those who may read drafts, and small counts are suppressed (see
  ``document_sections``);
- the PDF never fetches anything: the HTML carries its charts as inline SVG, the stylesheet is read from
  disk, and every URL WeasyPrint might try is refused;
- every view and download is recorded in the audit log, by the caller, before it is sent.
"""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from app.config import ROOT
from app.models import Area, Edition, Place, Strategy, StrategyStatus
from app.services import logo, narrative
from app.services.access import PlaceAccess
from app.services.outputs import disclosure, exports
from app.services.outputs.document_sections import (
    Heard,
    Mapped,
    Planned,
    Progressed,
    heard,
    label,
    mapped,
    planned,
    progressed,
)
from app.services.outputs.exports import Snapshot, Source
from app.services.progress import curve
from app.services.records import editions, kinds

PRINT_CSS = ROOT / "app" / "static" / "css" / "print.css"


# --- What the document shows -------------------------------------------------------------------------------


@dataclass(frozen=True)
class StageSource:
    title: str
    edition: Edition | None
    published: bool  # False: built from drafts


@dataclass(frozen=True)
class StrategyDocument:
    place: Place
    strategy: Strategy
    status: str
    source: Source
    generated_at: datetime
    areas: list[Area]
    stages: dict[str, StageSource]
    heard: Heard | None  # None: not yet published
    mapped: Mapped | None
    planned: Planned | None
    progressed: Progressed | None
    personal: bool
    file_format: str  # html, pdf or docx
    narrative: list[narrative.Part]  # the parts with text, in order
    logo: str | None = None  # markup: a sanitised SVG, or the PNG as a data URL
    logo_png: bytes | None = None  # for the Word file
    rule: str = curve.RULE
    disclosure_rule: str = disclosure.RULE

    @property
    def draft(self) -> bool:
        return self.source is Source.draft

    @property
    def audit_detail(self) -> str:
        return f"Strategy document {self.file_format.upper()} ({'draft' if self.draft else 'published'})"


# --- Building it -------------------------------------------------------------------------------------------


def build_document(
    *,
    session: Session,
    access: PlaceAccess,
    strategy: Strategy,
    source: str | None,
    file_format: str,
    now: datetime,
) -> StrategyDocument:
    """The document from the source the user may have. The caller records the view or download in the audit
    log (``audit_detail``), in a write transaction of its own."""
    chosen = exports.resolve_source(access=access, source=source)
    latest = editions.latest_editions(session=session, strategy=strategy)
    snapshots = {
        slug: Snapshot(chosen) if chosen is Source.draft else Snapshot(chosen, latest.get(slug))
        for slug in kinds.BY_STAGE
    }
    areas = list(
        session.exec(select(Area).where(Area.place_id == strategy.place_id).order_by(col(Area.name))).all()
    )
    area_names = {area.id: area.name for area in areas}
    personal = access.can_read_drafts
    document = StrategyDocument(
        place=access.place,
        strategy=strategy,
        status=label(StrategyStatus, strategy.status),
        source=chosen,
        generated_at=now,
        areas=areas,
        stages={
            slug: StageSource(
                title=editions.STAGE_BY_SLUG[slug].title,
                edition=snapshot.edition,
                published=chosen is Source.published,
            )
            for slug, snapshot in snapshots.items()
        },
        heard=heard(session, strategy, snapshots["listening"], area_names, personal),
        mapped=mapped(session, strategy, snapshots["mapping"], area_names),
        planned=planned(session, strategy, snapshots["plan"], snapshots["progress"]),
        progressed=progressed(session, strategy, snapshots["progress"]),
        personal=personal,
        file_format=file_format,
        narrative=narrative.written(session=session, strategy=strategy),
        logo=logo.logo_markup(session=session, place=access.place),
        logo_png=logo.png_of(session=session, place=access.place),
    )
    return document


# --- The PDF -----------------------------------------------------------------------------------------------


def render_pdf(html: str) -> bytes:
    """A tagged PDF (PDF/UA-1: headings, tables and reading order marked, language and title set)."""
    # Imported here: WeasyPrint takes over a second to import, and only the PDF needs it, so every server
    # worker starts faster.
    from weasyprint import CSS, HTML  # type: ignore[import-untyped]
    from weasyprint.urls import URLFetcher  # type: ignore[import-untyped]

    class NothingFetched(URLFetcher):  # type: ignore[misc]
        """The document is self-contained: any URL in it (there should be none) is refused, never fetched."""

        def fetch(self, url: str, headers: Any = None) -> Any:
            if url.startswith("data:image/png;base64,"):  # the council's logo, carried in the page
                return super().fetch(url, headers)
            raise ValueError(f"The strategy document fetches nothing: {url[:80]}")

    fetcher = NothingFetched()
    stylesheet = CSS(string=PRINT_CSS.read_text(encoding="utf-8"), url_fetcher=fetcher)
    pdf: bytes = HTML(string=html, url_fetcher=fetcher).write_pdf(
        stylesheets=[stylesheet], pdf_variant="pdf/ua-1"
    )
    return pdf
