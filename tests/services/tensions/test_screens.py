"""The weekly picture and a log entry's page, each read in one call."""

from sqlmodel import Session

from app.schemas.tensions import LogFilters
from app.services.tensions import screens
from tests.conftest import World


def test_the_picture_charts_the_whole_place_and_the_ward_chosen(session: Session, world: World) -> None:
    week = world.tension.week
    alone = screens.picture_screen(session=session, place=world.place, week=week, ward=None)
    assert [series.name for series in alone.series] == [screens.WHOLE_PLACE]
    assert alone.weeks[-1] == week and alone.weeks == sorted(alone.weeks)
    place_level, ward_level = world.tension.place_level, world.tension.ward_level
    assert (
        dict(zip(alone.weeks, alone.series[0].levels, strict=True))[place_level.week_start]
        == place_level.level
    )
    with_ward = screens.picture_screen(session=session, place=world.place, week=week, ward=world.area)
    assert [series.name for series in with_ward.series] == [screens.WHOLE_PLACE, world.area.name]
    assert (
        dict(zip(with_ward.weeks, with_ward.series[1].levels, strict=True))[ward_level.week_start]
        == ward_level.level
    )
    assert world.area.name in with_ward.svg and with_ward.summary != alone.summary


def test_an_entry_page_names_its_struggles_and_a_rumour_its_response(session: Session, world: World) -> None:
    entry = screens.entry_screen(session=session, place=world.place, entry_id=world.tension.entry.id)
    assert entry.struggles == [world.struggle.title] and not entry.is_rumour and entry.response is None
    rumour = screens.entry_screen(session=session, place=world.place, entry_id=world.tension.rumour.id)
    assert rumour.is_rumour and rumour.response is not None
    assert rumour.area_names[world.area.id] == world.area.name


def test_the_log_keeps_only_filters_it_knows(session: Session, world: World) -> None:
    filters = LogFilters.model_validate({"status": "open", "category": "gossip", "area": "", "page": "-3"})
    screen = screens.log_screen(session=session, place=world.place, filters=filters)
    assert (screen.filters.status, screen.filters.category, screen.filters.page) == ("open", None, 1)
    assert {entry.id for entry in screen.log_page.entries} == {
        world.tension.entry.id,
        world.tension.rumour.id,
    }
    assert screen.area_names == {world.area.id: "Northfield"}


def test_the_log_filtered_by_category_shows_only_that_category(session: Session, world: World) -> None:
    filters = LogFilters(category="rumour", area_id=world.area.id)
    screen = screens.log_screen(session=session, place=world.place, filters=filters)
    assert [entry.id for entry in screen.log_page.entries] == [world.tension.rumour.id]
