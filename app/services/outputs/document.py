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

import gc
import threading
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property
from typing import Any

from sqlmodel import Session, col, select

from app.config import ROOT
from app.models import Area, Edition, Place, Strategy, StrategyStatus
from app.models.base import id_of
from app.services import logo, narrative
from app.services.access import PlaceAccess
from app.services.outputs import disclosure, exports, place_maps
from app.services.outputs.document_progress import BESIDE_PLAN, GLANCE, Progressed, progressed
from app.services.outputs.document_sections import Heard, Mapped, Planned, heard, mapped, planned
from app.services.outputs.exports import Snapshot, Source
from app.services.outputs.maps import WardMap
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
class DocumentParts:
    """What the document shows of the stages and the narrative: worked out only when the page or file is
    drawn, and not at all for a page whose body is kept (``StrategyDocument.key``)."""

    areas: list[Area]
    stages: dict[str, StageSource]
    heard: Heard | None  # None: not yet published
    mapped: Mapped | None
    planned: Planned | None
    progressed: Progressed | None
    narrative: list[narrative.Part]  # the parts with text, in order
    struggles_map: WardMap | None  # the mapping stage's struggles by area, where areas have outlines


@dataclass(frozen=True)
class StrategyDocument:
    place: Place
    strategy: Strategy
    status: str
    source: Source
    generated_at: datetime
    personal: bool
    file_format: str  # html, pdf or docx
    # Everything the body shows (all but the cover, with its logo and the time it was built): the
    # strategy, the source, who reads it, the latest change and edition anywhere, the place's name and the
    # day. A body drawn for one key is the same for every request with it, so the page keeps it (``kept``).
    key: tuple[Hashable, ...]
    build: Callable[[], DocumentParts] = field(repr=False, compare=False)
    logo: str | None = None  # markup: a sanitised SVG, or the PNG as a data URL
    logo_png: bytes | None = None  # for the Word file
    rule: str = curve.RULE
    disclosure_rule: str = disclosure.RULE
    glance: str = GLANCE  # what Appendix A holds, and where each figure is
    beside_plan: str = BESIDE_PLAN  # why the latest updates leave out status and share done

    @cached_property
    def parts(self) -> DocumentParts:
        return self.build()

    @property
    def areas(self) -> list[Area]:
        return self.parts.areas

    @property
    def stages(self) -> dict[str, StageSource]:
        return self.parts.stages

    @property
    def heard(self) -> Heard | None:
        return self.parts.heard

    @property
    def mapped(self) -> Mapped | None:
        return self.parts.mapped

    @property
    def planned(self) -> Planned | None:
        return self.parts.planned

    @property
    def progressed(self) -> Progressed | None:
        return self.parts.progressed

    @property
    def narrative(self) -> list[narrative.Part]:
        return self.parts.narrative

    @property
    def struggles_map(self) -> WardMap | None:
        return self.parts.struggles_map

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
    """The document from the source the user may have. Its parts are read when first shown, in the same
    session. The caller records the view or download in the audit log (``audit_detail``), in a write
    transaction of its own."""
    chosen = exports.resolve_source(access=access, source=source)
    personal = access.can_read_drafts
    key = (
        id(session.get_bind()),
        id_of(strategy),
        chosen.value,
        personal,
        file_format,
        access.place.name,
        editions.latest_change(session=session),
        now.date(),
        date.today(),
    )

    def build() -> DocumentParts:
        latest = editions.latest_editions(session=session, strategy=strategy)
        snapshots = {
            slug: Snapshot(chosen) if chosen is Source.draft else Snapshot(chosen, latest.get(slug))
            for slug in kinds.BY_STAGE
        }
        areas = list(
            session.exec(
                select(Area).where(Area.place_id == strategy.place_id).order_by(col(Area.name))
            ).all()
        )
        area_names = {area.id: area.name for area in areas}
        return DocumentParts(
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
            narrative=narrative.written(session=session, strategy=strategy),
            struggles_map=_struggles_map(session, strategy, snapshots["mapping"]),
        )

    return StrategyDocument(
        place=access.place,
        strategy=strategy,
        status=StrategyStatus.label_of(strategy.status),
        source=chosen,
        generated_at=now,
        personal=personal,
        file_format=file_format,
        key=key,
        build=build,
        logo=logo.logo_markup(session=session, place=access.place),
        logo_png=logo.png_of(session=session, place=access.place),
    )


def _struggles_map(session: Session, strategy: Strategy, snapshot: Snapshot) -> WardMap | None:
    if snapshot.empty:
        return None
    rows = exports.snapshot_rows(session=session, strategy=strategy, kind="struggle", snapshot=snapshot)
    return place_maps.struggles_map(session=session, strategy=strategy, struggles=rows)


# --- The PDF -----------------------------------------------------------------------------------------------


# While a PDF is drawn, Python's cycle collector looks at the youngest objects every this many allocations
# rather than every 700: WeasyPrint makes millions of small objects that all live until the PDF is written,
# and collecting every 700 walked them again and again, a fifth of the time for the largest strategy (and
# freed next to nothing: the peak memory is within 10 MB either way). ``bench/RESULTS.md`` has the numbers.
DRAWING_THRESHOLD = 50_000
_drawing = 0
_usual_threshold: tuple[int, ...] = ()
_drawing_lock = threading.Lock()


def load_pdf_engine() -> None:
    """Import WeasyPrint now rather than at the first PDF (it takes about half a second)."""
    import weasyprint  # type: ignore[import-untyped]  # noqa: F401


@contextmanager
def drawing() -> Iterator[None]:
    """The collector's threshold raised while any PDF is being drawn, and put back when the last is done."""
    global _drawing, _usual_threshold
    with _drawing_lock:
        if _drawing == 0:
            _usual_threshold = gc.get_threshold()
            gc.set_threshold(DRAWING_THRESHOLD, *_usual_threshold[1:])
        _drawing += 1
    try:
        yield
    finally:
        with _drawing_lock:
            _drawing -= 1
            if _drawing == 0:
                gc.set_threshold(*_usual_threshold)


def render_pdf(html: str) -> bytes:
    """A tagged PDF (PDF/UA-1: headings, tables and reading order marked, language and title set)."""
    # Imported here: WeasyPrint takes half a second or more to import and only the PDF needs it, so tests and
    # the demo start faster (production workers load it when they start: ``load_pdf_engine``).
    from weasyprint import CSS, HTML  # type: ignore[import-untyped]
    from weasyprint.urls import URLFetcher  # type: ignore[import-untyped]

    class NothingFetched(URLFetcher):  # type: ignore[misc]
        """The document is self-contained: any URL in it (there should be none) is refused, never fetched."""

        def fetch(self, url: str, headers: Any = None) -> Any:
            if url.startswith("data:image/png;base64,"):  # the council's logo, carried in the page
                return super().fetch(url, headers)
            raise ValueError(f"The strategy document fetches nothing: {url[:80]}")

    fetcher = NothingFetched()
    with drawing():
        stylesheet = CSS(string=PRINT_CSS.read_text(encoding="utf-8"), url_fetcher=fetcher)
        pdf: bytes = HTML(string=html, url_fetcher=fetcher).write_pdf(
            stylesheets=[stylesheet], pdf_variant="pdf/ua-1"
        )
    return pdf
