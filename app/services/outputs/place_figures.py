"""Figures for many places at once, for the facilitator overview, in a fixed number of grouped queries.

Nothing here runs a query per place or per record, and nothing loads records as objects: each query returns
a row per strategy (or per indicator, or per action status), so the cost follows the number of places.
The rules are the ones the single-strategy pages use:
- stage status as ``editions.stage_statuses``: published, changed since the last edition (any record of the
  stage saved, restored or deleted after it), in progress (records but no edition) or not started;
- last activity: the latest change to any versioned record of the place;
- overdue updates as ``progress.overdue_actions``: an action that has started and is neither complete nor
  stopped is overdue when its last update (or its start) is more than ``update_every_months`` months ago;
- open review comments: open comments that are not replies;
- indicator status as ``curve.assess``, worked out from sums the database adds up (``place_indicators``).

The per-strategy lookups of the last change read the version tables by ``strategy_id``; the stages' version
tables have an index on ``(strategy_id, transaction_id)`` (``app.models.indexes``), which makes each of them a
single index probe.
"""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import cache
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, func, select

from app.models import (
    Action,
    ActionStatus,
    ActionUpdate,
    CommentStatus,
    Edition,
    Indicator,
    ReviewComment,
    Strategy,
    Transaction,
    version_class,
)
from app.services.access import PlaceRef
from app.services.outputs.place_indicators import shared_indicator_statuses
from app.services.progress import service as progress
from app.services.records import kinds
from app.stages import STAGES

NOT_STARTED, IN_PROGRESS, PUBLISHED, CHANGED = (
    "Not started",
    "In progress",
    "Published",
    "Changed since last edition",
)


@dataclass(frozen=True, slots=True)
class StrategyRef:
    id: int
    slug: str
    title: str


@dataclass(slots=True)
class PlaceFigures:
    place: PlaceRef
    strategy: StrategyRef | None = None  # the current strategy: the one that starts last
    stages: dict[str, str] = field(default_factory=lambda: {s.slug: NOT_STARTED for s in STAGES})
    last_activity: datetime | None = None
    actions: dict[str, int] = field(default_factory=dict)  # ActionStatus value -> count
    overdue: int = 0
    open_comments: int = 0
    indicators: dict[str, str] = field(default_factory=dict)  # library key -> curve status

    @property
    def actions_total(self) -> int:
        return sum(self.actions.values())

    @property
    def actions_by_status(self) -> list[tuple[str, int]]:
        return [(s.label, self.actions[s.value]) for s in ActionStatus if self.actions.get(s.value)]


def place_figures(*, session: Session, places: Sequence[PlaceRef], today: date) -> list[PlaceFigures]:
    """The figures of ``places``, in their order. The caller has them from ``access`` (for the overview,
    ``access.facilitated_places``), so only places the user may see are read."""
    if not places:
        return []
    place_ids = [place.id for place in places]
    figures = {place.id: PlaceFigures(place=place) for place in places}
    current = _stages_and_activity(session, place_ids, figures)
    by_strategy = {strategy_id: figures[place_id] for strategy_id, place_id in current.items()}
    _actions(session, place_ids, today, by_strategy)
    _open_comments(session, place_ids, by_strategy)
    for strategy_id, statuses in shared_indicator_statuses(session=session, place_ids=place_ids).items():
        if strategy_id in by_strategy:
            by_strategy[strategy_id].indicators = statuses
    return list(figures.values())


def library_keys_in_use(*, session: Session, places: Sequence[PlaceRef]) -> set[str]:
    """The shared library indicators any of ``places`` uses (in any strategy)."""
    return {
        key
        for key in session.exec(
            select(col(Indicator.library_key))
            .where(col(Indicator.place_id).in_([place.id for place in places]))
            .distinct()
        ).all()
        if key
    }


# --- Stage status and last activity ------------------------------------------------------------------------


BY_STRATEGY = [k for k in kinds.KINDS if "strategy_id" in k.model.__table__.columns]  # type: ignore[attr-defined]
BY_PLACE = [k for k in kinds.KINDS if k not in BY_STRATEGY and not k.restricted]
PLACE_IDS: Any = sa.bindparam("place_ids", expanding=True)


def _indexed_by_change(V: Any, column: str) -> bool:
    """Whether the version table has an index on ``(column, transaction_id)`` (``app.models.indexes``)."""
    return any(
        [c.name for c in index.columns][:2] == [column, "transaction_id"] for index in V.__table__.indexes
    )


def _last_change(V: Any, column: str, outer: Any) -> Any:
    """The last change in version table ``V`` to the records whose ``column`` is ``outer``.

    With an index on ``(column, transaction_id)`` that is one probe of it. Without one PostgreSQL would answer
    ``max()`` by walking the table's ``transaction_id`` index backwards past every later change of every
    place (minutes at national scale), so the last change is added up over those records' own versions
    instead (``GROUP BY`` keeps the planner from turning ``max()`` into that walk)."""
    last = select(func.max(V.transaction_id)).where(getattr(V, column) == outer)
    if not _indexed_by_change(V, column):
        last = last.group_by(getattr(V, column))
    return last.scalar_subquery()


@cache
def _stages_statement() -> Any:
    """Per strategy of the places: its last change in each version table, the last change to the place's
    own records, and whether each stage has any record now. Built once: the same statement object keeps
    SQLAlchemy from rebuilding it for each page."""
    columns: list[Any] = [
        col(Strategy.id),
        col(Strategy.place_id),
        col(Strategy.slug),
        col(Strategy.title),
        col(Strategy.start_date),
    ]
    columns += [_last_change(version_class(k.model), "strategy_id", Strategy.id) for k in BY_STRATEGY]
    columns += [_last_change(version_class(k.model), "place_id", Strategy.place_id) for k in BY_PLACE]
    for stage_kinds in kinds.BY_STAGE.values():
        columns.append(
            sa.or_(*(sa.exists().where(k.model.strategy_id == Strategy.id) for k in stage_kinds))  # type: ignore[attr-defined]
        )
    return (
        sa.select(*columns)
        .where(col(Strategy.place_id).in_(PLACE_IDS))
        .order_by(col(Strategy.start_date), col(Strategy.id))
    )


def _stages_and_activity(
    session: Session, place_ids: list[int], figures: dict[int, PlaceFigures]
) -> dict[int, int]:
    """Fill in each place's current strategy, stage statuses and last activity; return the current
    strategies' ids with their place ids."""
    rows = session.execute(_stages_statement(), {"place_ids": place_ids}).all()

    published = _latest_edition_transactions(session, place_ids)
    last_change: dict[int, int] = defaultdict(int)
    current: dict[int, int] = {}  # place id -> its current strategy's id
    count = len(BY_STRATEGY) + len(BY_PLACE)
    for row in rows:
        strategy_id, place_id, slug, title = row[0], row[1], row[2], row[3]
        lasts = [int(last) for last in row[5 : 5 + count] if last is not None]
        last_change[place_id] = max([last_change[place_id], *lasts])
        # Rows come oldest strategy first, so the last one seen for a place is its current strategy.
        place = figures[place_id]
        place.strategy = StrategyRef(strategy_id, slug, title)
        current[place_id] = strategy_id
        stage_last: dict[str, int] = defaultdict(int)
        for kind, last in zip(BY_STRATEGY, row[5 : 5 + len(BY_STRATEGY)], strict=True):
            if kind.stage is not None and last is not None:
                stage_last[kind.stage] = max(stage_last[kind.stage], int(last))
        for stage, started in zip(kinds.BY_STAGE, row[5 + count :], strict=True):
            edition_transaction = published.get((strategy_id, stage))
            if edition_transaction is not None:
                place.stages[stage] = CHANGED if stage_last[stage] > edition_transaction else PUBLISHED
            else:
                place.stages[stage] = IN_PROGRESS if started else NOT_STARTED
    when = dict(
        session.exec(
            select(Transaction.id, Transaction.issued_at).where(
                col(Transaction.id).in_(set(last_change.values()))
            )
        ).all()
    )
    for place_id, last in last_change.items():
        figures[place_id].last_activity = when.get(last)
    return {strategy_id: place_id for place_id, strategy_id in current.items()}


def _latest_edition_transactions(session: Session, place_ids: list[int]) -> dict[tuple[int, str], int]:
    latest: dict[tuple[int, str], int] = {}
    for strategy_id, stage, transaction_id in session.exec(
        select(col(Edition.strategy_id), col(Edition.stage), col(Edition.transaction_id))
        .where(col(Edition.place_id).in_(place_ids))
        .order_by(col(Edition.published_at).desc(), col(Edition.id).desc())
    ).all():
        latest.setdefault((strategy_id, stage), transaction_id)
    return latest


# --- Actions and overdue updates ---------------------------------------------------------------------------


def update_due_before(today: date, months: int) -> date:
    """The earliest date whose next update (``months`` later, as ``progress.add_months`` counts) is not yet
    overdue on ``today``: an action last updated (or started) before it is overdue."""
    day = today - timedelta(days=31 * months + 3)
    while progress.add_months(day, months) < today:
        day += timedelta(days=1)
    return day


# Update cadences the overview knows, most common first. A strategy runs for about three years, so a cadence
# longer than that is never overdue here.
CADENCES = (3, 1, 2, 6, 12, 4, 5, *range(7, 12), *range(13, 37))


@cache
def _actions_statement(dialect: str) -> Any:
    """Actions by status with how many are overdue, per strategy of the places; the due-before date of each
    update cadence is a parameter (``due_1`` to ``due_36``)."""
    every = col(Action.update_every_months)
    due_before = sa.case(
        (every <= 1, sa.bindparam("due_1", type_=sa.Date)),
        *((every == months, sa.bindparam(f"due_{months}", type_=sa.Date)) for months in CADENCES),
    )
    statement = sa.select(col(Action.strategy_id), col(Action.status), func.count())
    if dialect == "sqlite":
        # SQLite looks up each action's latest update by its index quickly; PostgreSQL does better adding
        # them all up at once.
        last: Any = (
            select(func.max(ActionUpdate.period_end))
            .where(col(ActionUpdate.action_id) == col(Action.id))
            .scalar_subquery()
        )
    else:
        latest = (
            select(col(ActionUpdate.action_id), func.max(ActionUpdate.period_end).label("last"))
            .where(col(ActionUpdate.place_id).in_(PLACE_IDS))
            .group_by(col(ActionUpdate.action_id))
            .subquery()
        )
        last = latest.c.last
        statement = statement.outerjoin(latest, latest.c.action_id == Action.id)
    today = sa.bindparam("today", type_=sa.Date)
    overdue = sa.case(
        (sa.or_(col(Action.status).in_(progress.CLOSED), col(Action.start_date) > today), 0),
        (func.coalesce(last, Action.start_date) < due_before, 1),
        else_=0,
    )
    return (
        statement.add_columns(func.sum(overdue))
        .where(col(Action.place_id).in_(PLACE_IDS))
        .group_by(col(Action.strategy_id), col(Action.status))
    )


def _actions(
    session: Session, place_ids: list[int], today: date, by_strategy: dict[int, PlaceFigures]
) -> None:
    """Actions by status and overdue updates per strategy, counted by the database in one pass."""
    parameters: dict[str, Any] = {"place_ids": place_ids, "today": today}
    parameters |= {f"due_{months}": update_due_before(today, months) for months in CADENCES}
    statement = _actions_statement(session.get_bind().dialect.name)
    for strategy_id, status, count, late in session.execute(statement, parameters).all():
        place = by_strategy.get(strategy_id)
        if place is not None:
            place.actions[status] = int(count)
            place.overdue += int(late or 0)


def _open_comments(session: Session, place_ids: list[int], by_strategy: dict[int, PlaceFigures]) -> None:
    rows = session.exec(
        select(col(ReviewComment.strategy_id), func.count())
        .where(
            col(ReviewComment.place_id).in_(place_ids),
            ReviewComment.status == CommentStatus.open.value,
            col(ReviewComment.parent_id).is_(None),
        )
        .group_by(col(ReviewComment.strategy_id))
    ).all()
    for strategy_id, count in rows:
        if strategy_id in by_strategy:
            by_strategy[strategy_id].open_comments = int(count)
