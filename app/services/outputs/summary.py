"""The five lines a councillor reads first: actions on track, actions at risk, indicators by status, what
changed since the last edition, and what is overdue.

Rules enforced here:
- every number comes from the dashboard's own sections and the latest published editions, so the summary
  and the detail under it (and the editions) give the same numbers;
- "changed since the last edition" compares each stage's latest edition with the one before it, counting
  records added, changed and removed; for listening it gives the number of comments, under the small-count
  rule, never what anyone said;
- an action is overdue when its published end date has passed and it is not complete or stopped; its update
  is overdue when the period after its latest published update (its start without one) has run out.
"""

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlmodel import Session

from app.models import ActionStatus, Edition, Strategy
from app.models.base import id_of
from app.services.outputs import action_progress, dashboards, disclosure, said_did
from app.services.outputs.kept import Kept
from app.services.outputs.said_did import Snapshot
from app.services.progress.service import add_months
from app.services.records import editions
from app.services.records.edition_rows import voice_theme_counts
from app.stages import STAGES
from app.text import plural

CLOSED = frozenset({ActionStatus.complete.value, ActionStatus.stopped.value})
RAG_ORDER = ("green", "within-margin", "amber", "red", "not-enough-data")
# The curve's statuses (app/services/progress/curve.py) in a word or two, for one line.
_SHORT = {
    "green": "green",
    "within-margin": "within the margin of error",
    "amber": "amber",
    "red": "red",
    "not-enough-data": "not enough data",
}


@dataclass(frozen=True)
class SummaryLine:
    label: str
    text: str


def summary(
    *, session: Session, strategy: Strategy, board: dashboards.Dashboard, snapshot: Snapshot, today: date
) -> list[SummaryLine]:
    counts = dict(board.status_counts)
    total = sum(counts.values())
    on_track = counts.get(ActionStatus.on_track.label, 0)
    complete = counts.get(ActionStatus.complete.label, 0)
    at_risk = counts.get(ActionStatus.at_risk.label, 0)
    off_track = counts.get(ActionStatus.off_track.label, 0)
    if "plan" not in board.editions:
        actions = "The action plan has not been published yet."
        risky = "None known: the action plan has not been published yet."
    else:
        actions = f"{on_track} of {plural(total, 'action')} on track" + (
            f", {complete} complete." if complete else "."
        )
        risky = f"{at_risk} at risk and {off_track} off track."
    statuses = Counter(panel.curve.status for panel in board.indicators)
    indicators = (
        ", ".join(f"{statuses[s]} {_SHORT[s]}" for s in RAG_ORDER if statuses[s]) + "."
        if board.indicators
        else "No indicators published yet."
    )
    return [
        SummaryLine("Actions on track", actions),
        SummaryLine("Actions at risk", risky),
        SummaryLine("Indicators", indicators),
        SummaryLine("Changed since the last edition", _changes(session, strategy, board.editions)),
        SummaryLine("Overdue", _overdue(snapshot, today)),
    ]


def _changes(session: Session, strategy: Strategy, latest: Mapping[str, Edition]) -> str:
    parts = []
    for stage in STAGES:
        edition = latest.get(stage.slug)
        if edition is None:
            continue
        before = _previous(session, strategy, edition)
        if before is None:
            parts.append(f"{stage.title}: first edition")
            continue
        if stage.slug == "listening":
            _, now = voice_theme_counts(session=session, strategy=strategy, edition=edition)
            _, then = voice_theme_counts(session=session, strategy=strategy, edition=before)
            if now != then:
                before_now = f"{disclosure.shown_text(then)} then, {disclosure.shown_text(now)} now"
                parts.append(f"{stage.title}: comments {before_now}")
            continue
        counted = _counted(
            editions.records_at(
                session=session, strategy=strategy, stage=stage.slug, transaction_id=before.transaction_id
            ),
            editions.records_at(
                session=session, strategy=strategy, stage=stage.slug, transaction_id=edition.transaction_id
            ),
        )
        if counted:
            parts.append(f"{stage.title}: {counted}")
    return "; ".join(parts) + "." if parts else "Nothing has been published yet."


def _previous(session: Session, strategy: Strategy, edition: Edition) -> Edition | None:
    older = [
        e
        for e in editions.list_editions(session=session, strategy=strategy, stage=edition.stage)
        if e.number < edition.number
    ]
    return max(older, key=lambda e: e.number) if older else None


def _counted(before: Mapping[str, Sequence[Any]], after: Mapping[str, Sequence[Any]]) -> str:
    added = changed = removed = 0
    for kind, rows in after.items():
        old = {row.id: row.transaction_id for row in before.get(kind, [])}
        new = {row.id: row.transaction_id for row in rows}
        added += len(new.keys() - old.keys())
        removed += len(old.keys() - new.keys())
        changed += sum(1 for i, t in new.items() if i in old and old[i] != t)
    if not (added or changed or removed):
        return "no change"
    return f"{added} added, {changed} changed, {removed} removed"


def _overdue(snapshot: Snapshot, today: date) -> str:
    latest = action_progress.latest_updates(snapshot.updates)
    late, updates_due = [], []
    for action in snapshot.actions:
        status = action_progress.progress_of(action, latest.get(action.id)).status
        if status in CLOSED:
            continue
        if action.end_date < today:
            late.append(action.title)
        update = latest.get(action.id)
        since = update.period_end if update is not None else action.start_date
        if add_months(since, int(action.update_every_months or 3)) < today:
            updates_due.append(action.title)
    if not late and not updates_due:
        return "Nothing is overdue."
    text = []
    if late:
        names = ", ".join(sorted(late)[:3]) + ("…" if len(late) > 3 else "")
        text.append(f"{plural(len(late), 'action')} past the end date ({names})")
    if updates_due:
        text.append(f"{plural(len(updates_due), 'update')} due and not published")
    return "; ".join(text) + "."


@dataclass(frozen=True)
class CouncillorExtras:
    summary: list[SummaryLine]
    areas: list[said_did.AreaSaidDid]
    key: tuple[object, ...]  # the latest editions and the day these were worked out for


_KEPT: Kept[tuple[object, ...], CouncillorExtras] = Kept(256)


def councillor_extras(
    *, session: Session, strategy: Strategy, board: dashboards.Dashboard, today: date
) -> CouncillorExtras:
    """The summary and "you said, we did" for the dashboard, kept per set of latest editions and day (a
    published edition never changes; "overdue" does, with the date)."""
    key = (id_of(strategy), today, *dashboards.edition_stamps(board.editions))

    def work_out() -> CouncillorExtras:
        snapshot = said_did.published(session=session, strategy=strategy, latest=board.editions)
        return CouncillorExtras(
            summary=summary(session=session, strategy=strategy, board=board, snapshot=snapshot, today=today),
            areas=said_did.said_did(snapshot),
            key=key,
        )

    return _KEPT.get_or_work_out(key, work_out)


def forget() -> None:
    _KEPT.clear()
