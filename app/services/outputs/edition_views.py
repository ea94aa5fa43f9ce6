"""A stage as a published edition shows it: the stage's own sections, read from the edition's snapshot.

The sections are the strategy document's (``document_sections``), so an edition, the document and the
dashboard say the same thing in the same words: names, not ids; dates in words; money in pounds; counts of
people by the small-count rule. The listening stage adds its Place Standard compasses (a compass from fewer
than ``disclosure.MINIMUM`` respondents is left out for those who may not read drafts); the plan takes each
action's progress from the latest published progress edition, as the dashboard does.
"""

from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from sqlmodel import Session, col, select

from app.models import Area, Edition, Place, Strategy
from app.models.base import id_of
from app.services.listening import scores
from app.services.outputs import disclosure, exports
from app.services.outputs.document_progress import Progressed, progressed
from app.services.outputs.document_sections import (
    Heard,
    Mapped,
    Planned,
    heard,
    mapped,
    planned,
)
from app.services.outputs.exports import Snapshot, Source
from app.services.records import edition_records, editions


@dataclass(frozen=True)
class StageView:
    stage: str
    heard: Heard | None = None
    compasses: list[scores.Compass] = field(default_factory=list)
    compasses_left_out: bool = False
    mapped: Mapped | None = None
    planned: Planned | None = None
    progress_from: Edition | None = None  # the progress edition the plan's progress comes from
    progressed: Progressed | None = None


def stage_view(
    *, session: Session, strategy: Strategy, place: Place, edition: Edition, personal: bool
) -> StageView:
    snapshot = Snapshot(Source.published, edition)
    if edition.stage == "listening":
        names = dict(session.exec(select(Area.id, Area.name).where(Area.place_id == place.id)).all())
        sets = exports.snapshot_rows(session=session, strategy=strategy, kind="score_set", snapshot=snapshot)
        every = scores.compasses_of(session=session, sets=sets, place=place)
        shown = [c for c in every if personal or disclosure.may_break_down(c.respondents)]
        return StageView(
            stage=edition.stage,
            heard=heard(session, strategy, snapshot, names, False),
            compasses=shown,
            compasses_left_out=len(shown) < len(every),
        )
    if edition.stage == "mapping":
        names = dict(session.exec(select(Area.id, Area.name).where(col(Area.place_id) == place.id)).all())
        return StageView(stage=edition.stage, mapped=mapped(session, strategy, snapshot, names))
    if edition.stage == "plan":
        tracked = editions.latest_editions(session=session, strategy=strategy).get("progress")
        return StageView(
            stage=edition.stage,
            planned=planned(session, strategy, snapshot, Snapshot(Source.published, tracked)),
            progress_from=tracked,
        )
    return StageView(stage=edition.stage, progressed=progressed(session, strategy, snapshot))


class EditionParts:
    """What an edition's page shows of it: the stage as published (``view``) and every record field by
    field (``kinds``), each worked out only when asked for, and ``key``, which holds everything they show.

    A published edition never changes, but the names its records show for the records they point to (an
    area, a priority) are read as they are now, and the plan takes its progress from the latest progress
    edition: so the key holds the edition, whether the reader may see personal details, and the latest
    version transaction and edition anywhere (with their times, which tell apart databases that reuse
    numbers). A page kept by that key (``kept`` in the template) is worked out again after any change."""

    def __init__(
        self,
        key: tuple[Hashable, ...],
        view: Callable[[], StageView],
        kinds: Callable[[], list[Any]],
    ) -> None:
        self.key = key
        self._view, self._kinds = view, kinds

    @cached_property
    def view(self) -> StageView:
        return self._view()

    @cached_property
    def kinds(self) -> list[Any]:
        return self._kinds()


def edition_parts(
    *, session: Session, strategy: Strategy, place: Place, edition: Edition, personal: bool
) -> EditionParts:
    key = (
        id(session.get_bind()),
        id_of(edition),
        edition.transaction_id,
        edition.published_at.isoformat(),
        personal,
        editions.latest_change(session=session),
    )

    def kinds() -> list[Any]:
        records = editions.records_at(
            session=session, strategy=strategy, stage=edition.stage, transaction_id=edition.transaction_id
        )
        return list(edition_records.show_records(session=session, records=records, personal=personal))

    return EditionParts(
        key,
        lambda: stage_view(
            session=session, strategy=strategy, place=place, edition=edition, personal=personal
        ),
        kinds,
    )
