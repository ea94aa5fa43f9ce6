"""What the tension log's pages show, each read in one call: the router names the page and renders it
(and, for an entry, records that it was viewed)."""

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session

from app.models import Area, Place, TensionEntry
from app.schemas.tensions import LogFilters
from app.services.tensions import chart, log, rumours
from app.services.tensions.picture import WHOLE_PLACE, Picture, levels_over_time, weekly_picture
from app.services.tensions.rumours import ResponseView


@dataclass(frozen=True)
class LogScreen:
    """The log's list (``tensions/index.html``): a page of its entries, newest first, filtered by status,
    category and area (an unknown filter is no filter), and the place's areas by name."""

    log_page: log.LogPage
    filters: LogFilters
    area_names: dict[int, str]


def log_screen(*, session: Session, place: Place, filters: LogFilters) -> LogScreen:
    return LogScreen(
        log_page=log.list_entries(session=session, place=place, filters=filters),
        filters=filters,
        area_names=log.area_names(session=session, place=place),
    )


@dataclass(frozen=True)
class PictureScreen:
    """The weekly picture (``tensions/picture.html``): each ward's level that week, and the levels of the
    weeks up to it, for the whole place and the ward chosen, as a chart with its summary and table."""

    picture: Picture
    ward: Area | None
    weeks: list[date]
    series: list[chart.LevelSeries]
    svg: str
    summary: str


def picture_screen(*, session: Session, place: Place, week: date, ward: Area | None) -> PictureScreen:
    over_time = {WHOLE_PLACE: levels_over_time(session=session, place=place, area=None, until=week)}
    if ward is not None:
        over_time[ward.name] = levels_over_time(session=session, place=place, area=ward, until=week)
    weeks = [week_start for week_start, _ in over_time[WHOLE_PLACE]]
    series = [
        chart.LevelSeries(name, [level.level if level is not None else None for _, level in levels])
        for name, levels in over_time.items()
    ]
    return PictureScreen(
        picture=weekly_picture(session=session, place=place, week=week),
        ward=ward,
        weeks=weeks,
        series=series,
        svg=chart.levels_svg(title=f"Tension levels in {place.name}", weeks=weeks, series=series),
        summary=chart.levels_summary(weeks=weeks, series=series),
    )


@dataclass(frozen=True)
class EntryScreen:
    """A log entry (``tensions/entry.html``): its wards, the struggles it is evidence for, the entries linked
    to it, and, for a rumour, the response to it."""

    entry: TensionEntry
    area_names: dict[int, str]
    struggles: list[str]
    linked: list[TensionEntry]
    response: ResponseView | None
    is_rumour: bool


def entry_screen(*, session: Session, place: Place, entry_id: int) -> EntryScreen:
    entry = log.get_entry(session=session, place=place, entry_id=entry_id)
    return EntryScreen(
        entry=entry,
        area_names=log.area_names(session=session, place=place),
        struggles=log.struggle_titles(session=session, ids=entry.struggle_ids or []),
        linked=log.linked_entries(session=session, place=place, entry=entry),
        response=rumours.response_view(session=session, place=place, entry=entry),
        is_rumour=rumours.is_rumour(entry),
    )
