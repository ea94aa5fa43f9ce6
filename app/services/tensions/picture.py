"""The weekly picture: for each ward and week the level an officer set, with its reason, beside the level
the toolkit suggests from that week's entries (``suggest.py``); and the place-wide level, which an officer
may publish so that councillors see it (the level and reason only, never an entry).

A week runs Monday to Sunday and is named by its Monday. The picture of a week costs four queries whatever
the number of wards or entries: the areas, the figures of that week and the one before counted in the
database by ward (from the entries' area index) and for the whole place, and the levels set.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import and_, case, func
from sqlmodel import Session, col, select

from app.errors import FieldError, NotFound
from app.models import Area, Place, TensionEntry, TensionEntryArea, TensionLevel, User, WeeklyLevel
from app.models.base import id_of
from app.schemas.tensions import WeeklyLevelForm
from app.services.records.versioning import create_record, save_record
from app.services.tensions.suggest import WIDE, Suggestion, WeekFigures, suggest_level

HISTORY_WEEKS = 12
WHOLE_PLACE = "Whole place"  # what a level set for the place, not one ward, is called


class WeekNotFound(NotFound):
    """Not a week that can be shown (a garbled date or an area of another place)."""


def week_of(day: date) -> date:
    """The Monday of the week ``day`` falls in."""
    return day - timedelta(days=day.weekday())


def read_week(text: str | None, *, today: date) -> date:
    """A week from the address (its Monday, or any day in it); this week when none is given."""
    if not text:
        return week_of(today)
    try:
        return week_of(date.fromisoformat(text))
    except ValueError:
        raise WeekNotFound(text) from None


@dataclass(frozen=True)
class Ward:
    """What the picture shows of an area: its name and where it links, not its outline or profile."""

    id: int
    name: str


@dataclass(frozen=True)
class SetLevel:
    """What the picture shows of a level an officer set (read as values: there are two weeks of 70 wards)."""

    level: TensionLevel
    reason: str
    published: bool


@dataclass(frozen=True)
class PictureRow:
    """One ward (``area`` None: the whole place) in one week."""

    area: Ward | None
    entry_count: int
    suggestion: Suggestion
    level: SetLevel | None
    previous: SetLevel | None

    @property
    def name(self) -> str:
        return self.area.name if self.area is not None else WHOLE_PLACE


@dataclass(frozen=True)
class Picture:
    week: date
    place_row: PictureRow
    rows: list[PictureRow]

    @property
    def previous_week(self) -> date:
        return self.week - timedelta(days=7)

    @property
    def next_week(self) -> date:
        return self.week + timedelta(days=7)


def _levels(session: Session, place: Place, weeks: Sequence[date]) -> dict[tuple[int | None, date], SetLevel]:
    rows = session.exec(
        select(  # type: ignore[call-overload]
            WeeklyLevel.area_id,
            WeeklyLevel.week_start,
            WeeklyLevel.level,
            WeeklyLevel.reason,
            WeeklyLevel.published,
        ).where(WeeklyLevel.place_id == place.id, col(WeeklyLevel.week_start).in_(list(weeks)))
    ).all()
    return {
        (area_id, week_start): SetLevel(level, reason, published)
        for area_id, week_start, level, reason, published in rows
    }


def _counted(observed_on: Any, week: date) -> tuple[Any, ...]:
    """A week's ``WeekFigures`` and the week before's count, as columns over entries of the two weeks."""
    this = col(observed_on) >= week
    wide = col(TensionEntry.spread).in_([spread.value for spread in WIDE])
    return (
        func.count(case((this, 1))),
        func.max(case((this, TensionEntry.impact))),
        func.count(case((and_(this, wide), 1))),
        func.count(case((and_(this, wide, col(TensionEntry.impact) >= 5), 1))),
        func.count(case((col(observed_on) < week, 1))),
    )


def week_figures(*, session: Session, place: Place, week: date) -> dict[int | None, tuple[WeekFigures, int]]:
    """Each ward's figures for the week and its count the week before (None: the whole place, where an entry
    naming two wards counts once); a ward with no entries in either week is left out."""
    previous, end = week - timedelta(days=7), week + timedelta(days=7)
    link = TensionEntryArea
    # The entries' own place and dates as well as their index rows', so that PostgreSQL reads only the
    # fortnight's entries to join to rather than every entry of the place.
    entries_in = (
        TensionEntry.place_id == place.id,
        col(TensionEntry.observed_on) >= previous,
        col(TensionEntry.observed_on) < end,
    )
    by_area = session.exec(
        select(link.area_id, *_counted(link.observed_on, week))  # type: ignore[call-overload]
        .join(TensionEntry, col(TensionEntry.id) == col(link.entry_id))
        .where(link.place_id == place.id, col(link.observed_on) >= previous, col(link.observed_on) < end)
        .where(*entries_in)
        .group_by(col(link.area_id))
    ).all()
    whole = session.exec(
        select(*_counted(TensionEntry.observed_on, week)).where(*entries_in)  # type: ignore[call-overload]
    ).one()
    found: dict[int | None, tuple[WeekFigures, int]] = {}
    for key, count, highest, wide, wide_at_five, before in [(None, *whole), *by_area]:
        found[key] = (WeekFigures(count, highest or 0, wide, wide_at_five), before)
    return found


def weekly_picture(*, session: Session, place: Place, week: date) -> Picture:
    areas = [
        Ward(int(area_id or 0), name)
        for area_id, name in session.exec(
            select(Area.id, Area.name).where(Area.place_id == place.id).order_by(col(Area.name))
        ).all()
    ]
    previous = week - timedelta(days=7)
    figures = week_figures(session=session, place=place, week=week)
    levels = _levels(session, place, [week, previous])

    def row(area: Ward | None) -> PictureRow:
        key = area.id if area is not None else None
        this_week, last_week = figures.get(key, (WeekFigures(), 0))
        return PictureRow(
            area=area,
            entry_count=this_week.count,
            suggestion=suggest_level(this_week, previous_count=last_week),
            level=levels.get((key, week)),
            previous=levels.get((key, previous)),
        )

    return Picture(week=week, place_row=row(None), rows=[row(area) for area in areas])


def get_area(*, session: Session, place: Place, area_id: int | None) -> Area | None:
    """The ward a level is set for; None for the whole place."""
    if area_id is None:
        return None
    area = session.exec(select(Area).where(Area.id == area_id, Area.place_id == place.id)).first()
    if area is None:
        raise WeekNotFound(area_id)
    return area


def get_level(*, session: Session, place: Place, area: Area | None, week: date) -> WeeklyLevel | None:
    which = col(WeeklyLevel.area_id) == area.id if area is not None else col(WeeklyLevel.area_id).is_(None)
    return session.exec(
        select(WeeklyLevel).where(WeeklyLevel.place_id == place.id, WeeklyLevel.week_start == week, which)
    ).first()


def set_level(
    *,
    session: Session,
    place: Place,
    area: Area | None,
    week: date,
    actor: User,
    form: WeeklyLevelForm,
    expected_version: int | None,
) -> WeeklyLevel:
    """Set (or change) the level of a ward's week. Only the place-wide level is published."""
    if form.published and area is not None:
        raise FieldError("published", "Only the place-wide level is shared with councillors")
    values: dict[str, Any] = {"level": form.level.value, "reason": form.reason, "published": form.published}
    existing = get_level(session=session, place=place, area=area, week=week)
    if existing is None:
        return create_record(
            session=session,
            actor=actor,
            note=form.note,
            record=WeeklyLevel(
                place_id=id_of(place),
                area_id=area.id if area is not None else None,
                week_start=week,
                **values,
            ),
        )
    return save_record(
        session=session,
        record=existing,
        actor=actor,
        changes=values,
        expected_version=expected_version,
        note=form.note,
    )


def levels_over_time(
    *, session: Session, place: Place, area: Area | None, until: date, weeks: int = HISTORY_WEEKS
) -> list[tuple[date, WeeklyLevel | None]]:
    """The level of each of the ``weeks`` weeks up to ``until``, oldest first (None where none was set)."""
    span = [until - timedelta(days=7 * n) for n in range(weeks - 1, -1, -1)]
    which = col(WeeklyLevel.area_id) == area.id if area is not None else col(WeeklyLevel.area_id).is_(None)
    rows = session.exec(
        select(WeeklyLevel).where(
            WeeklyLevel.place_id == place.id, col(WeeklyLevel.week_start).in_(span), which
        )
    ).all()
    levels = {row.week_start: row for row in rows}
    return [(week, levels.get(week)) for week in span]


def current_ward_levels(*, session: Session, place: Place, today: date) -> dict[int, WeeklyLevel]:
    """Each ward's latest level up to this week (for the area and theme grid)."""
    rows = session.exec(
        select(WeeklyLevel)
        .where(
            WeeklyLevel.place_id == place.id,
            col(WeeklyLevel.area_id).is_not(None),
            col(WeeklyLevel.week_start) <= week_of(today),
        )
        .order_by(col(WeeklyLevel.week_start))
    ).all()
    return {row.area_id: row for row in rows if row.area_id is not None}


def published_place_levels(*, session: Session, place_ids: Sequence[int]) -> dict[int, WeeklyLevel]:
    """The latest published place-wide level of each place: what councillors and the overview may show."""
    if not place_ids:
        return {}
    rows = session.exec(
        select(WeeklyLevel)
        .where(
            col(WeeklyLevel.place_id).in_(list(place_ids)),
            col(WeeklyLevel.area_id).is_(None),
            col(WeeklyLevel.published).is_(True),
        )
        .order_by(col(WeeklyLevel.week_start))
    ).all()
    return {row.place_id: row for row in rows}


def published_place_level(*, session: Session, place: Place) -> WeeklyLevel | None:
    return published_place_levels(session=session, place_ids=[id_of(place)]).get(id_of(place))
