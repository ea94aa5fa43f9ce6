"""What the mapping stage's pages show, read in one call: the router names the page and renders it."""

from dataclasses import dataclass

from sqlmodel import Session

from app.models import Action, Strategy, Strength, Struggle, TensionEntry
from app.models.base import id_of
from app.services import review
from app.services.access import PlaceAccess
from app.services.mapping.overlap import Match, matches_for
from app.services.plan.service import actions_answering
from app.services.tensions.log import entries_for_struggle


@dataclass(frozen=True)
class RecordScreen:
    """What a strength's or a struggle's page (``mapping/show.html``) shows beside the record and its
    evidence: for a struggle, the strengths that could help, the actions that answer it and the tension log
    entries behind it (only for those who read the log); for either, the review comments open on it."""

    matches: list[Match]
    answered_by: list[Action]
    tension_entries: list[TensionEntry]
    review: review.Panel


def record_screen(
    *, session: Session, strategy: Strategy, access: PlaceAccess, kind: str, record: Strength | Struggle
) -> RecordScreen:
    struggle = record if isinstance(record, Struggle) else None
    return RecordScreen(
        matches=matches_for(session=session, strategy=strategy, struggle=struggle) if struggle else [],
        answered_by=actions_answering(session=session, strategy=strategy, struggle_ids=[id_of(struggle)])
        if struggle
        else [],
        tension_entries=entries_for_struggle(session=session, access=access, struggle=struggle)
        if struggle
        else [],
        review=review.panel(session=session, strategy=strategy, kind=kind, target_id=id_of(record)),
    )
