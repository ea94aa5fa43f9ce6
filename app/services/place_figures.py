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
- indicator status as ``curve.assess``, worked out from sums the database adds up (``indicator_status``).

The per-strategy lookups of the last change read the version tables by ``strategy_id``; an index on
``(strategy_id, transaction_id)`` of each version table makes each of them a single index probe.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
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
    Measurement,
    Polarity,
    ReviewComment,
    Role,
    Strategy,
    Transaction,
    User,
    Versioned,
    version_class,
)
from app.services import editions, progress
from app.services.access import PlaceRef, facilitated_places, place_ids_with_role
from app.stages import STAGES

NOT_STARTED, IN_PROGRESS, PUBLISHED, CHANGED = (
    "Not started",
    "In progress",
    "Published",
    "Changed since last edition",
)
STAGE_OF_MODEL = {model: stage for stage, kinds in editions.STAGE_KINDS.items() for _, model in kinds}


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


def place_figures(*, session: Session, user: User, today: date) -> list[PlaceFigures]:
    """The figures of every place the user facilitates, by place name (``PermissionDenied`` if none)."""
    places = facilitated_places(session=session, user=user)
    place_ids = place_ids_with_role(user=user, role=Role.facilitator)
    figures = {place.id: PlaceFigures(place=place) for place in places}
    current = _stages_and_activity(session, place_ids, figures)
    by_strategy = {strategy_id: figures[place_id] for strategy_id, place_id in current.items()}
    _actions(session, place_ids, today, by_strategy)
    _open_comments(session, place_ids, by_strategy)
    _indicators(session, place_ids, by_strategy)
    return list(figures.values())


# --- Stage status and last activity ------------------------------------------------------------------------


def _stages_and_activity(session: Session, place_ids: Any, figures: dict[int, PlaceFigures]) -> dict[int, int]:
    """Fill in each place's current strategy, stage statuses and last activity; return the current
    strategies' ids with their place ids."""
    by_strategy = [m for m in Versioned.__subclasses__() if "strategy_id" in m.__table__.columns]  # type: ignore[attr-defined]
    by_place = [m for m in Versioned.__subclasses__() if m not in by_strategy]
    columns: list[Any] = [
        col(Strategy.id),
        col(Strategy.place_id),
        col(Strategy.slug),
        col(Strategy.title),
        col(Strategy.start_date),
    ]
    for model in by_strategy:
        V = version_class(model)
        columns.append(select(func.max(V.transaction_id)).where(V.strategy_id == Strategy.id).scalar_subquery())
    for model in by_place:
        V = version_class(model)
        columns.append(
            select(func.max(V.transaction_id)).where(V.place_id == Strategy.place_id).scalar_subquery()
        )
    for kinds in editions.STAGE_KINDS.values():
        columns.append(sa.or_(*(sa.exists().where(m.strategy_id == Strategy.id) for _, m in kinds)))  # type: ignore[attr-defined]
    rows = session.execute(
        sa.select(*columns)
        .where(col(Strategy.place_id).in_(place_ids))
        .order_by(col(Strategy.start_date), col(Strategy.id))
    ).all()

    published = _latest_edition_transactions(session, place_ids)
    last_change: dict[int, int] = defaultdict(int)
    current: dict[int, int] = {}  # place id -> its current strategy's id
    count = len(by_strategy) + len(by_place)
    for row in rows:
        strategy_id, place_id, slug, title = row[0], row[1], row[2], row[3]
        lasts = [int(last) for last in row[5 : 5 + count] if last is not None]
        last_change[place_id] = max([last_change[place_id], *lasts])
        # Rows come oldest strategy first, so the last one seen for a place is its current strategy.
        place = figures[place_id]
        place.strategy = StrategyRef(strategy_id, slug, title)
        current[place_id] = strategy_id
        stage_last: dict[str, int] = defaultdict(int)
        for model, last in zip(by_strategy, row[5 : 5 + len(by_strategy)], strict=True):
            stage = STAGE_OF_MODEL.get(model)
            if stage is not None and last is not None:
                stage_last[stage] = max(stage_last[stage], int(last))
        for stage, started in zip(editions.STAGE_KINDS, row[5 + count :], strict=True):
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


def _latest_edition_transactions(session: Session, place_ids: Any) -> dict[tuple[int, str], int]:
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


def _actions(session: Session, place_ids: Any, today: date, by_strategy: dict[int, PlaceFigures]) -> None:
    """Actions by status and overdue updates per strategy, counted by the database in one pass."""
    months = session.exec(
        select(col(Action.update_every_months)).where(col(Action.place_id).in_(place_ids)).distinct()
    ).all()
    last = (
        select(col(ActionUpdate.action_id), func.max(ActionUpdate.period_end).label("last"))
        .where(col(ActionUpdate.place_id).in_(place_ids))
        .group_by(col(ActionUpdate.action_id))
        .subquery()
    )
    due_before = sa.case(
        {every: sa.literal(update_due_before(today, max(every, 1)), sa.Date) for every in months},
        value=col(Action.update_every_months),
    )
    overdue = sa.and_(
        col(Action.status).not_in(progress.CLOSED),
        col(Action.start_date) <= today,
        func.coalesce(last.c.last, Action.start_date) < due_before,
    )
    rows = session.execute(
        sa.select(
            col(Action.strategy_id),
            col(Action.status),
            func.count(),
            func.sum(sa.case((overdue, 1), else_=0)),
        )
        .outerjoin(last, last.c.action_id == Action.id)
        .where(col(Action.place_id).in_(place_ids))
        .group_by(col(Action.strategy_id), col(Action.status))
    ).all()
    for strategy_id, status, count, late in rows:
        place = by_strategy.get(strategy_id)
        if place is not None:
            place.actions[status] = int(count)
            place.overdue += int(late or 0)


def _open_comments(session: Session, place_ids: Any, by_strategy: dict[int, PlaceFigures]) -> None:
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


# --- Shared indicators -------------------------------------------------------------------------------------


def _days(session: Session, later: Any, earlier: Any) -> Any:
    """Whole days from ``earlier`` to ``later``, in SQL."""
    if session.get_bind().dialect.name == "sqlite":
        return func.julianday(later) - func.julianday(earlier)
    return sa.cast(later - earlier, sa.Integer)


def _indicators(session: Session, place_ids: Any, by_strategy: dict[int, PlaceFigures]) -> None:
    """The status of every shared library indicator, from sums over its figures up to the baseline (for the
    forecast) and its latest figure after the baseline, without reading each figure into Python."""
    M, I = Measurement, Indicator
    shared = sa.and_(col(I.place_id).in_(place_ids), col(I.library_key).is_not(None))
    x = _days(session, M.measured_on, I.baseline_date)
    history = (
        sa.select(
            col(M.indicator_id).label("indicator_id"),
            func.count(sa.distinct(M.measured_on)).label("dates"),
            func.count().label("n"),
            func.sum(x).label("sx"),
            func.sum(M.value).label("sy"),
            func.sum(x * M.value).label("sxy"),
            func.sum(x * x).label("sxx"),
        )
        .join(I, col(I.id) == col(M.indicator_id))
        .where(shared, col(M.measured_on) <= col(I.baseline_date))
        .group_by(col(M.indicator_id))
        .subquery()
    )
    ranked = (
        sa.select(
            col(M.indicator_id).label("indicator_id"),
            col(M.measured_on).label("measured_on"),
            col(M.value).label("value"),
            func.row_number()
            .over(partition_by=M.indicator_id, order_by=(col(M.measured_on).desc(), col(M.id).desc()))
            .label("rank"),
        )
        .join(I, col(I.id) == col(M.indicator_id))
        .where(shared, col(M.measured_on) > col(I.baseline_date))
        .subquery()
    )
    rows = session.execute(
        sa.select(
            col(I.strategy_id),
            col(I.library_key),
            col(I.polarity),
            col(I.baseline_date),
            col(I.baseline_value),
            col(I.target_date),
            col(I.target_value),
            history.c.dates,
            history.c.n,
            history.c.sx,
            history.c.sy,
            history.c.sxy,
            history.c.sxx,
            ranked.c.measured_on,
            ranked.c.value,
        )
        .outerjoin(history, history.c.indicator_id == I.id)
        .outerjoin(ranked, sa.and_(ranked.c.indicator_id == I.id, ranked.c.rank == 1))
        .where(shared)
        .order_by(col(I.id))
    ).all()
    for row in rows:
        place = by_strategy.get(row[0])
        if place is None or row[1] in place.indicators:
            continue
        place.indicators[row[1]] = indicator_status(
            higher_is_better=row[2] == Polarity.higher_is_better.value,
            baseline=(row[3], row[4]),
            target=(row[5], row[6]),
            history=row[7:13],
            latest=(row[13], row[14]),
        )


def indicator_status(
    *,
    higher_is_better: bool,
    baseline: tuple[date | None, float | None],
    target: tuple[date | None, float | None],
    history: Any,
    latest: tuple[date | None, float | None],
) -> str:
    """``curve.assess``'s status, from the least-squares sums of the figures up to the baseline (distinct
    dates, n, Σx, Σy, Σxy, Σx² with x in days from the baseline) and the latest figure after it."""
    baseline_on, baseline_value = baseline
    latest_on, latest_value = latest
    if baseline_on is None or baseline_value is None or latest_on is None or latest_value is None:
        return "not-enough-data"
    dates, n, sx, sy, sxy, sxx = history
    slope = 0.0
    if dates and dates >= 2:
        mean_x, mean_y = sx / n, sy / n
        spread = sxx - n * mean_x * mean_x
        slope = (sxy - n * mean_x * mean_y) / spread if spread else 0.0
    days = (latest_on - baseline_on).days
    forecast = baseline_value + slope * days
    sign = 1 if higher_is_better else -1
    target_on, target_value = target
    on_course = False
    if target_on is not None and target_value is not None and days > 0:
        rate = (latest_value - baseline_value) / days
        projected = latest_value + rate * max((target_on - latest_on).days, 0)
        on_course = sign * (projected - target_value) >= 0
    if on_course:
        return "green"
    return "amber" if sign * (latest_value - forecast) > 0 else "red"
