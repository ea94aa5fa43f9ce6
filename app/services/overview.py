"""The facilitator overview: every place a facilitator is assigned to, one row each, side by side.

Every figure is worked out for all the places at once, in a fixed number of grouped queries, so the page
costs the same whether a facilitator has six places or four hundred. Rules:
- a place's row shows its current strategy: the one that starts last;
- stage status is the strategy task list's (``editions.stage_statuses``): not started, in progress,
  published, or changed since the last edition;
- last activity is the latest change to any versioned record of the place;
- an update is overdue under the progress rule (``progress.overdue_actions``): an action that has started
  and is neither complete nor stopped needs an update every ``update_every_months`` after its last one (or
  its start);
- open review comments are open comments that are not replies;
- each shared library indicator shows its turn-the-curve status (``curve.assess``).
"""

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any
from urllib.parse import urlencode

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
    Place,
    Polarity,
    ReviewComment,
    Role,
    Strategy,
    Transaction,
    User,
    Versioned,
    version_class,
)
from app.services import access, curve, editions, progress
from app.services.indicator_library import LIBRARY, LibraryIndicator
from app.stages import STAGES

STATUSES = ("Not started", "In progress", "Published", "Changed since last edition")
STATUS_SLUGS = {"not-started": 0, "in-progress": 1, "published": 2, "changed": 3}
RAG_ORDER = {"red": 0, "amber": 1, "green": 2, "not-enough-data": -1}
STAGE_OF_MODEL = {model: stage for stage, kinds in editions.STAGE_KINDS.items() for _, model in kinds}


@dataclass(frozen=True)
class PlaceRow:
    place: Place
    strategy: Strategy | None
    stages: list[tuple[str, str]]  # (stage slug, status), in stage order
    last_activity: datetime | None
    actions: list[tuple[str, int]]  # (status label, count), statuses with actions only
    actions_total: int
    overdue: int
    open_comments: int
    indicators: dict[str, curve.Curve]  # library key -> status


@dataclass(frozen=True)
class Filters:
    q: str = ""
    stage: str = ""  # a stage slug, or "" for any stage
    stage_status: str = ""  # a key of STATUS_SLUGS, or ""
    overdue: bool = False
    sort: str = "name"
    order: str = "asc"

    def query(self, **changes: Any) -> str:
        """This view's query string with ``changes``, leaving out what is at its default."""
        wanted = replace(self, **changes)
        pairs = [
            (name, value)
            for name, value in (
                ("q", wanted.q),
                ("stage", wanted.stage),
                ("stage_status", wanted.stage_status),
                ("overdue", "1" if wanted.overdue else ""),
                ("sort", "" if wanted.sort == "name" else wanted.sort),
                ("order", "" if wanted.order == "asc" else wanted.order),
            )
            if value
        ]
        return urlencode(pairs)


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    query: str  # the query string that sorts by this column (the other way when it is already sorted)
    aria_sort: str | None  # "ascending" or "descending" on the sorted column
    numeric: bool = False


@dataclass(frozen=True)
class Overview:
    rows: list[PlaceRow]
    total: int  # places before filtering
    columns: list[Column]
    library: list[LibraryIndicator]  # the shared indicators any of the places uses, as columns
    filters: Filters
    status_options: list[tuple[str, str]] = field(
        default_factory=lambda: list(zip(STATUS_SLUGS, STATUSES, strict=True))
    )
    stage_options: list[tuple[str, str]] = field(
        default_factory=lambda: [(stage.slug, stage.title) for stage in STAGES]
    )
    all_library: tuple[LibraryIndicator, ...] = LIBRARY  # every shared indicator, for the comparison links


def parse_filters(
    *,
    q: str | None,
    stage: str | None,
    stage_status: str | None,
    overdue: str | None,
    sort: str | None,
    order: str | None,
) -> Filters:
    """The query string as filters; anything not understood is no filter (or the default order)."""
    stage_slugs = {s.slug for s in STAGES}
    return Filters(
        q=(q or "").strip()[:100],
        stage=stage if stage in stage_slugs else "",
        stage_status=stage_status if stage_status in STATUS_SLUGS else "",
        overdue=overdue in {"1", "on", "true"},
        sort=sort if sort and _sort_key(sort) is not None else "name",
        order="desc" if order == "desc" else "asc",
    )


def facilitator_overview(*, session: Session, user: User, today: date, filters: Filters) -> Overview:
    """The user's facilitated places, filtered and sorted. ``PermissionDenied`` if they facilitate none."""
    rows = place_rows(session=session, user=user, today=today)
    keys = {key for row in rows for key in row.indicators}
    library = [item for item in LIBRARY if item.key in keys]
    shown = _sorted([row for row in rows if _matches(row, filters)], filters)
    return Overview(
        rows=shown,
        total=len(rows),
        columns=_columns(filters, library),
        library=library,
        filters=filters,
    )


def place_rows(*, session: Session, user: User, today: date) -> list[PlaceRow]:
    places = access.facilitated_places(session=session, user=user)
    place_ids = access.place_ids_with_role(user=user, role=Role.facilitator)
    current = current_strategies(session=session, place_ids=place_ids)
    latest = _latest_editions(session, place_ids)
    changes, live, activity = _version_summary(session, place_ids)
    actions, overdue = _actions(session, place_ids, today)
    comments = _open_comments(session, place_ids)
    indicators = _library_indicators(session, place_ids)
    rows = []
    for place in places:
        strategy = current.get(place.id or 0)
        sid = strategy.id or 0 if strategy is not None else 0  # 0: no strategy, so nothing below matches
        stages = [
            (stage.slug, _stage_status(latest.get((sid, stage.slug)), changes, live, sid, stage.slug))
            for stage in STAGES
        ]
        counts = actions.get(sid, {})
        rows.append(
            PlaceRow(
                place=place,
                strategy=strategy,
                stages=stages,
                last_activity=activity.get(place.id or 0),
                actions=[(s.label, counts[s.value]) for s in ActionStatus if counts.get(s.value)],
                actions_total=sum(counts.values()),
                overdue=overdue.get(sid, 0),
                open_comments=comments.get(sid, 0),
                indicators=indicators.get(sid, {}),
            )
        )
    return rows


# --- Grouped queries ---------------------------------------------------------------------------------------


def assess(indicator: Indicator, figures: Sequence[tuple[date, float]]) -> curve.Curve:
    """The indicator's turn-the-curve status from its figures (as ``progress.curve_of``, without a chart)."""
    baseline = (
        curve.Point(indicator.baseline_date, indicator.baseline_value)
        if indicator.baseline_date and indicator.baseline_value is not None
        else None
    )
    target = (
        curve.Point(indicator.target_date, indicator.target_value)
        if indicator.target_date and indicator.target_value is not None
        else None
    )
    return curve.assess(
        measurements=[curve.Point(on, value) for on, value in figures],
        baseline=baseline,
        target=target,
        unit=indicator.unit,
        higher_is_better=indicator.polarity == Polarity.higher_is_better.value,
    )


def current_strategies(*, session: Session, place_ids: Any) -> dict[int, Strategy]:
    """Each place's current strategy (the one that starts last), by place id."""
    current: dict[int, Strategy] = {}
    for strategy in session.exec(
        select(Strategy)
        .where(col(Strategy.place_id).in_(place_ids))
        .order_by(col(Strategy.start_date).desc(), col(Strategy.id).desc())
    ).all():
        current.setdefault(strategy.place_id, strategy)
    return current


def _latest_editions(session: Session, place_ids: Any) -> dict[tuple[int, str], Edition]:
    latest: dict[tuple[int, str], Edition] = {}
    for edition in session.exec(
        select(Edition)
        .where(col(Edition.place_id).in_(place_ids))
        .order_by(col(Edition.published_at).desc(), col(Edition.id).desc())
    ).all():
        latest.setdefault((edition.strategy_id, edition.stage), edition)
    return latest


def _version_summary(
    session: Session, place_ids: Any
) -> tuple[dict[tuple[int, str], int], set[tuple[int, str]], dict[int, datetime]]:
    """Per strategy and stage: the last change, and whether it has any record now; per place: when anything
    last changed. Each figure is one probe of an index on ``strategy_id`` (an index on the version tables'
    ``(strategy_id, transaction_id)`` makes each probe a single lookup), so the cost follows the number of
    strategies, not the number of records."""
    by_strategy = [m for m in Versioned.__subclasses__() if "strategy_id" in m.__table__.columns]  # type: ignore[attr-defined]
    by_place = [m for m in Versioned.__subclasses__() if m not in by_strategy]
    columns: list[Any] = [col(Strategy.id), col(Strategy.place_id)]
    for model in by_strategy:
        V = version_class(model)
        columns.append(
            select(func.max(V.transaction_id)).where(V.strategy_id == Strategy.id).scalar_subquery()
        )
    for _stage, kinds in editions.STAGE_KINDS.items():
        columns.append(
            sa.or_(*(sa.exists().where(m.strategy_id == Strategy.id) for _, m in kinds))  # type: ignore[attr-defined]
        )
    changes: dict[tuple[int, str], int] = defaultdict(int)
    live: set[tuple[int, str]] = set()
    last_by_place: dict[int, int] = defaultdict(int)
    statement = sa.select(*columns).where(col(Strategy.place_id).in_(place_ids))
    for row in session.execute(statement).all():
        strategy_id, place_id = row[0], row[1]
        lasts = row[2 : 2 + len(by_strategy)]
        for model, last in zip(by_strategy, lasts, strict=True):
            stage = STAGE_OF_MODEL.get(model)
            if last is not None:
                last_by_place[place_id] = max(last_by_place[place_id], int(last))
                if stage is not None:
                    changes[(strategy_id, stage)] = max(changes[(strategy_id, stage)], int(last))
        for stage, started in zip(editions.STAGE_KINDS, row[2 + len(by_strategy) :], strict=True):
            if started:
                live.add((strategy_id, stage))
    places = sa.union_all(
        *(
            sa.select(version_class(m).place_id, func.max(version_class(m).transaction_id))
            .where(col(version_class(m).place_id).in_(place_ids))
            .group_by(version_class(m).place_id)
            for m in by_place
        )
    )
    for place_id, last in session.execute(places).all():
        last_by_place[place_id] = max(last_by_place[place_id], int(last))
    when = dict(
        session.exec(
            select(Transaction.id, Transaction.issued_at).where(
                col(Transaction.id).in_(set(last_by_place.values()))
            )
        ).all()
    )
    activity = {place_id: when[last] for place_id, last in last_by_place.items() if last in when}
    return changes, live, activity


def _stage_status(
    edition: Edition | None,
    changes: dict[tuple[int, str], int],
    live: set[tuple[int, str]],
    strategy_id: int,
    stage: str,
) -> str:
    """As ``editions.stage_statuses``: changed when any record of the stage changed after the edition."""
    if edition is not None:
        changed = changes.get((strategy_id, stage), 0) > edition.transaction_id
        return STATUSES[3] if changed else STATUSES[2]
    return STATUSES[1] if (strategy_id, stage) in live else STATUSES[0]


def _actions(
    session: Session, place_ids: Any, today: date
) -> tuple[dict[int, dict[str, int]], dict[int, int]]:
    """Actions by status, and how many updates are overdue, per strategy."""
    last_update = func.max(ActionUpdate.period_end)
    rows = session.execute(
        sa.select(
            col(Action.strategy_id),
            col(Action.status),
            col(Action.start_date),
            col(Action.update_every_months),
            last_update,
        )
        .outerjoin(ActionUpdate, col(ActionUpdate.action_id) == col(Action.id))
        .where(col(Action.place_id).in_(place_ids))
        .group_by(
            col(Action.id),
            col(Action.strategy_id),
            col(Action.status),
            col(Action.start_date),
            col(Action.update_every_months),
        )
    ).all()
    counts: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    overdue: dict[int, int] = defaultdict(int)
    for strategy_id, status, start_date, every, last in rows:
        counts[strategy_id][status] += 1
        if status in progress.CLOSED or start_date > today:
            continue
        if progress.add_months(last or start_date, max(every, 1)) < today:
            overdue[strategy_id] += 1
    return counts, overdue


def _open_comments(session: Session, place_ids: Any) -> dict[int, int]:
    rows = session.exec(
        select(ReviewComment.strategy_id, func.count())
        .where(
            col(ReviewComment.place_id).in_(place_ids),
            ReviewComment.status == CommentStatus.open.value,
            col(ReviewComment.parent_id).is_(None),
        )
        .group_by(col(ReviewComment.strategy_id))
    ).all()
    return {strategy_id: int(count) for strategy_id, count in rows}


def _library_indicators(session: Session, place_ids: Any) -> dict[int, dict[str, curve.Curve]]:
    indicators = session.exec(
        select(Indicator).where(
            col(Indicator.place_id).in_(place_ids), col(Indicator.library_key).is_not(None)
        )
    ).all()
    figures: dict[int, list[tuple[date, float]]] = defaultdict(list)
    for indicator_id, measured_on, value in session.exec(
        select(col(Measurement.indicator_id), col(Measurement.measured_on), col(Measurement.value))
        .join(Indicator, col(Indicator.id) == col(Measurement.indicator_id))
        .where(col(Indicator.place_id).in_(place_ids), col(Indicator.library_key).is_not(None))
    ).all():
        figures[indicator_id].append((measured_on, value))
    result: dict[int, dict[str, curve.Curve]] = defaultdict(dict)
    for indicator in sorted(indicators, key=lambda i: i.id or 0):
        result[indicator.strategy_id].setdefault(
            indicator.library_key or "", assess(indicator, figures[indicator.id or 0])
        )
    return result


# --- Filtering and sorting ---------------------------------------------------------------------------------


def _matches(row: PlaceRow, filters: Filters) -> bool:
    if filters.q and filters.q.lower() not in row.place.name.lower():
        return False
    if filters.overdue and not row.overdue:
        return False
    if filters.stage_status:
        wanted = STATUSES[STATUS_SLUGS[filters.stage_status]]
        statuses = [status for slug, status in row.stages if not filters.stage or slug == filters.stage]
        return wanted in statuses
    return True


def _sort_key(sort: str) -> Callable[[PlaceRow], Any] | None:
    stages = {stage.slug for stage in STAGES}
    if sort == "name":
        return lambda row: row.place.name.lower()
    if sort in stages:
        return lambda row: STATUSES.index(dict(row.stages)[sort])
    if sort == "activity":
        return lambda row: (row.last_activity is not None, row.last_activity or datetime.min)
    if sort in {"actions", "overdue", "comments"}:
        attribute = {"actions": "actions_total", "overdue": "overdue", "comments": "open_comments"}[sort]
        return lambda row: getattr(row, attribute)
    key = sort.removeprefix("indicator-")
    if sort.startswith("indicator-") and any(item.key == key for item in LIBRARY):
        return lambda row: RAG_ORDER[row.indicators[key].status] if key in row.indicators else -2
    return None


def _sorted(rows: list[PlaceRow], filters: Filters) -> list[PlaceRow]:
    key = _sort_key(filters.sort) or _sort_key("name")
    assert key is not None
    by_name = sorted(rows, key=lambda row: row.place.name.lower())
    return sorted(by_name, key=key, reverse=filters.order == "desc")


def _columns(filters: Filters, library: Sequence[LibraryIndicator]) -> list[Column]:
    specs = [("name", "Place", False)]
    specs += [(stage.slug, stage.title, False) for stage in STAGES]
    specs += [
        ("activity", "Last activity", False),
        ("actions", "Actions by status", True),
        ("overdue", "Overdue updates", True),
        ("comments", "Open review comments", True),
    ]
    specs += [(f"indicator-{item.key}", item.name, False) for item in library]
    columns = []
    for key, label, numeric in specs:
        current = filters.sort == key
        order = "desc" if current and filters.order == "asc" else "asc"
        columns.append(
            Column(
                key=key,
                label=label,
                query=filters.query(sort=key, order=order),
                aria_sort=("ascending" if filters.order == "asc" else "descending") if current else None,
                numeric=numeric,
            )
        )
    return columns
