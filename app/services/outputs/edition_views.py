"""A stage as a published edition shows it: the stage's own sections, read from the edition's snapshot.

The sections are the strategy document's (``document_sections``), so an edition, the document and the
dashboard say the same thing in the same words: names, not ids; dates in words; money in pounds; counts of
people by the small-count rule. The listening stage adds its Place Standard compasses (a compass from fewer
than ``disclosure.MINIMUM`` respondents is left out for those who may not read drafts); the plan takes each
action's progress from the latest published progress edition, as the dashboard does.
"""

from dataclasses import dataclass, field

from sqlmodel import Session, col, select

from app.models import Area, Edition, Place, Strategy
from app.services.listening import scores
from app.services.outputs import disclosure, exports
from app.services.outputs.document_sections import (
    Heard,
    Mapped,
    Planned,
    Progressed,
    heard,
    mapped,
    planned,
    progressed,
)
from app.services.outputs.exports import Snapshot, Source
from app.services.records import editions


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
