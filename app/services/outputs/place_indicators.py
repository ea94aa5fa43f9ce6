"""The status of each shared library indicator of many places at once, for the facilitator overview.

The status is ``curve.assess``'s, but worked out from what the database adds up for each indicator (the
least-squares sums of its figures up to the baseline, and its latest figure after it), so no figure is read
into Python and the cost follows the number of indicators, not of figures.
"""

from collections import defaultdict
from datetime import date
from functools import cache
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, func

from app.models import Indicator, Measurement, Polarity
from app.services.progress import curve

PLACE_IDS: Any = sa.bindparam("place_ids", expanding=True)


def _days(dialect: str, later: Any, earlier: Any) -> Any:
    """Whole days from ``earlier`` to ``later``, in SQL."""
    if dialect == "sqlite":
        return func.julianday(later) - func.julianday(earlier)
    return sa.cast(later - earlier, sa.Integer)


@cache
def _indicators_statement(dialect: str) -> Any:
    """Each shared indicator of the places with the least-squares sums of its figures up to the baseline and
    its latest figure after it."""
    M, Ind = Measurement, Indicator
    shared = sa.and_(col(Ind.place_id).in_(PLACE_IDS), col(Ind.library_key).is_not(None))
    before = col(M.measured_on) <= col(Ind.baseline_date)
    x = _days(dialect, M.measured_on, Ind.baseline_date)
    sums = (
        sa.select(
            col(M.indicator_id).label("indicator_id"),
            func.count(sa.distinct(sa.case((before, col(M.measured_on))))).label("dates"),
            func.sum(sa.case((before, 1), else_=0)).label("n"),
            func.sum(sa.case((before, x))).label("sx"),
            func.sum(sa.case((before, col(M.value)))).label("sy"),
            func.sum(sa.case((before, x * col(M.value)))).label("sxy"),
            func.sum(sa.case((before, x * x))).label("sxx"),
            func.max(sa.case((col(M.measured_on) > col(Ind.baseline_date), col(M.measured_on)))).label(
                "latest_on"
            ),
        )
        .join(Ind, col(Ind.id) == col(M.indicator_id))
        .where(shared)
        .group_by(col(M.indicator_id))
        .subquery()
    )
    latest = aliased(Measurement)
    earlier, previous = aliased(Measurement), aliased(Measurement)
    # The figure before the latest one after the baseline: green may rest on two figures in a row.
    previous_on = (
        sa.select(func.max(col(earlier.measured_on)))
        .where(
            col(earlier.indicator_id) == Ind.id,
            col(earlier.measured_on) > col(Ind.baseline_date),
            col(earlier.measured_on) < sums.c.latest_on,
        )
        .correlate(Ind, sums)
        .scalar_subquery()
    )
    return (
        sa.select(
            col(Ind.strategy_id),
            col(Ind.library_key),
            col(Ind.polarity),
            col(Ind.baseline_date),
            col(Ind.baseline_value),
            col(Ind.target_date),
            col(Ind.target_value),
            sums.c.dates,
            sums.c.n,
            sums.c.sx,
            sums.c.sy,
            sums.c.sxy,
            sums.c.sxx,
            sums.c.latest_on,
            col(latest.value),
            col(previous.measured_on),
            col(previous.value),
            col(latest.ci_low),
            col(latest.ci_high),
            col(latest.sample_size),
            col(Ind.unit),
        )
        .outerjoin(sums, sums.c.indicator_id == Ind.id)
        .outerjoin(
            latest, sa.and_(col(latest.indicator_id) == Ind.id, col(latest.measured_on) == sums.c.latest_on)
        )
        .outerjoin(
            previous, sa.and_(col(previous.indicator_id) == Ind.id, col(previous.measured_on) == previous_on)
        )
        .where(shared)
        .order_by(col(Ind.id), col(previous.id), col(latest.id))
    )


def shared_indicator_statuses(*, session: Session, place_ids: list[int]) -> dict[int, dict[str, str]]:
    """The status of every shared library indicator of the places, by strategy and library key, from sums
    over its figures up to the baseline (for the forecast) and its latest figure after the baseline, added up
    by the database in one pass."""
    statement = _indicators_statement(session.get_bind().dialect.name)
    rows = session.execute(statement, {"place_ids": place_ids}).all()
    # Rows come by indicator; of two figures on the latest date, the one saved last comes last and counts.
    result: dict[int, dict[str, str]] = defaultdict(dict)
    for row in rows:
        result[row[0]][row[1]] = indicator_status(
            higher_is_better=row[2] == Polarity.higher_is_better.value,
            baseline=(row[3], row[4]),
            target=(row[5], row[6]),
            history=row[7:13],
            latest=(row[13], row[14]),
            previous=(row[15], row[16]),
            interval=(row[17], row[18], row[19]),
            unit=row[20],
        )
    return result


def indicator_status(
    *,
    higher_is_better: bool,
    baseline: tuple[date | None, float | None],
    target: tuple[date | None, float | None],
    history: Any,
    latest: tuple[date | None, float | None],
    previous: tuple[date | None, float | None] = (None, None),
    interval: tuple[float | None, float | None, int | None] = (None, None, None),
    unit: str = "%",
) -> str:
    """``curve.assess``'s status, from the least-squares sums of the figures up to the baseline (distinct
    dates, n, Σx, Σy, Σxy, Σx² with x in days from the baseline) and the latest figure after it."""
    baseline_on, baseline_value = baseline
    latest_on, latest_value = latest
    if baseline_on is None or baseline_value is None or latest_on is None or latest_value is None:
        return "not-enough-data"
    low, high, sample_size = interval
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
    goal = (target_on, target_value) if target_on is not None and target_value is not None else None
    base = curve.Point(baseline_on, baseline_value)
    previous_on, previous_value = previous
    return curve.decide(
        sign=sign,
        latest=latest_value,
        forecast=forecast,
        margin=curve.interval(
            curve.Point(latest_on, latest_value, low=low, high=high, sample_size=sample_size), unit
        ),
        on_course_now=curve.on_course(
            baseline=base, figure=(latest_on, latest_value), target=goal, sign=sign
        ),
        on_course_before=previous_on is not None
        and previous_value is not None
        and curve.on_course(baseline=base, figure=(previous_on, previous_value), target=goal, sign=sign),
    )
