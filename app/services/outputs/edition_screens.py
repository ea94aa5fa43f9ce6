"""What an edition's page and the comparison of two editions show, each read in one call: the router names
the page and renders it."""

from dataclasses import dataclass
from typing import Any

from sqlmodel import Session

from app.models import Edition, Place, Strategy
from app.services import review_threads
from app.services.outputs.edition_views import EditionParts, edition_parts
from app.services.progress import curve
from app.services.records import editions
from app.services.records.edition_records import KindComparison, compare_records
from app.stages import Stage


@dataclass(frozen=True)
class EditionScreen:
    """An edition (``editions/show.html``): its stage as published, who published it, the stage's other
    editions to compare it with, how progress is judged, and the review comments open on it."""

    edition: Edition
    stage: Stage
    publisher: str
    others: list[Edition]
    parts: EditionParts
    rule: str
    review: review_threads.Panel


def edition_screen(
    *, session: Session, strategy: Strategy, place: Place, edition_id: int, personal: bool
) -> EditionScreen:
    """``personal``: whether the reader may see what residents said word for word, as drafts show it."""
    edition = editions.get_edition(session=session, strategy=strategy, edition_id=edition_id)
    stage_editions = editions.list_editions(session=session, strategy=strategy, stage=edition.stage)
    return EditionScreen(
        edition=edition,
        stage=editions.get_stage(edition.stage),
        publisher=editions.publisher_name(session=session, edition=edition),
        others=[other for other in stage_editions if other.id != edition.id],
        parts=edition_parts(
            session=session, strategy=strategy, place=place, edition=edition, personal=personal
        ),
        rule=curve.RULE,
        review=review_threads.panel(session=session, strategy=strategy, kind="edition", target_id=edition_id),
    )


@dataclass(frozen=True)
class ComparisonScreen:
    """Two editions of one stage compared (``editions/compare.html``), the earlier first; ``second`` is
    ``None`` when the later side is the stage as it is now."""

    first: Edition
    second: Edition | None
    stage: Stage
    comparisons: list[KindComparison]
    unchanged: bool


def comparison_screen(
    *, session: Session, strategy: Strategy, from_id: int, to_id: int | None, drafts: bool
) -> ComparisonScreen:
    """``to_id`` ``None`` compares with the stage as it is now, for those who read ``drafts``; two editions
    of different stages, or the stage now for anyone else, are not found."""
    by: dict[str, Any] = {"session": session, "strategy": strategy}
    first = editions.get_edition(**by, edition_id=from_id)
    second = None
    if to_id is None and drafts:
        after = editions.records_at(**by, stage=first.stage, transaction_id=None)
    else:
        second = editions.get_edition(**by, edition_id=to_id or 0)
        if second.stage != first.stage:
            raise editions.EditionNotFound(to_id)
        if second.transaction_id < first.transaction_id:
            first, second = second, first  # always from the earlier edition to the later one
        after = editions.records_at(**by, stage=second.stage, transaction_id=second.transaction_id)
    before = editions.records_at(**by, stage=first.stage, transaction_id=first.transaction_id)
    comparisons = compare_records(session=session, before=before, after=after, personal=drafts)
    return ComparisonScreen(
        first=first,
        second=second,
        stage=editions.get_stage(first.stage),
        comparisons=comparisons,
        unchanged=all(comparison.is_empty for comparison in comparisons),
    )
