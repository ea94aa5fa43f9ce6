"""What the mapping stage's pages show, read in one call: the router names the page and renders it."""

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session

from app.models import (
    Action,
    Strategy,
    Strength,
    StrengthKind,
    StrengthStatus,
    Struggle,
    TensionEntry,
    WeeklyLevel,
)
from app.models.base import id_of
from app.services import review_threads
from app.services.access import PlaceAccess
from app.services.mapping.candidates import CandidateList, candidate_list
from app.services.mapping.lists import overview_counts
from app.services.mapping.overlap import Grid, Match, grid, matches_for
from app.services.outputs.maps import WardMap
from app.services.outputs.place_maps import struggles_map
from app.services.plan.service import actions_answering
from app.services.tensions.log import entries_for_struggle
from app.services.tensions.picture import current_ward_levels


@dataclass(frozen=True)
class OverviewScreen:
    """The stage's overview (``mapping/index.html``): how many strengths and struggles there are, the
    candidates found in what people said, and the map of each ward's most severe struggle."""

    strength_count: int
    struggle_count: int
    candidates: CandidateList
    struggles_map: WardMap | None


def overview_screen(*, session: Session, strategy: Strategy) -> OverviewScreen:
    strengths, struggles = overview_counts(session=session, strategy=strategy)
    return OverviewScreen(
        strength_count=strengths,
        struggle_count=len(struggles),
        candidates=candidate_list(session=session, strategy=strategy),
        struggles_map=struggles_map(session=session, strategy=strategy, struggles=struggles),
    )


@dataclass(frozen=True)
class GridScreen:
    """The area and theme grid (``mapping/grid.html``), its strengths filtered by ``kind`` and ``status``
    (None: any; an unknown one is no filter). ``ward_levels`` is each ward's current tension level, for those
    who read the tension log; None hides that row from everyone else."""

    grid: Grid
    ward_levels: dict[int, WeeklyLevel] | None
    kind: str | None
    status: str | None
    shown: tuple[object, ...]  # everything the grid's table shows, as the key of its rendering kept before


def grid_screen(
    *,
    session: Session,
    strategy: Strategy,
    access: PlaceAccess,
    kind: str | None,
    status: str | None,
    today: date,
) -> GridScreen:
    kind = kind if kind in StrengthKind.__members__ else None
    status = status if status in StrengthStatus.__members__ else None
    found = grid(session=session, strategy=strategy, strength_kind=kind, strength_status=status)
    levels = (
        current_ward_levels(session=session, place=access.place, today=today)
        if access.can_read_tensions
        else None
    )
    levels_shown = (
        tuple(sorted((area_id, level.level, level.week_start) for area_id, level in levels.items()))
        if levels is not None
        else None
    )
    return GridScreen(
        grid=found,
        ward_levels=levels,
        kind=kind,
        status=status,
        shown=(found.shown, levels_shown, kind, status),
    )


@dataclass(frozen=True)
class RecordScreen:
    """What a strength's or a struggle's page (``mapping/show.html``) shows beside the record and its
    evidence: for a struggle, the strengths that could help, the actions that answer it and the tension log
    entries behind it (only for those who read the log); for either, the review comments open on it."""

    matches: list[Match]
    answered_by: list[Action]
    tension_entries: list[TensionEntry]
    review: review_threads.Panel


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
        review=review_threads.panel(session=session, strategy=strategy, kind=kind, target_id=id_of(record)),
    )
