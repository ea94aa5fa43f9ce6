"""Analysis: counts by theme and area, and small-group suppression in "who we have heard from"."""

from sqlmodel import Session, select

from app.models import Theme
from app.services.listening import analysis, heard
from tests.conftest import World
from tests.factories import make_exercise, make_voice


def test_grid_counts_each_theme_in_each_area(session: Session, world: World) -> None:
    bus = session.exec(select(Theme).where(Theme.slug == "public-transport")).one()
    park = session.exec(select(Theme).where(Theme.slug == "natural-space")).one()
    officer = world.users["officer"]
    make_voice(session, exercise=world.exercise, actor=officer, area=world.area, themes=[bus, park])
    make_voice(session, exercise=world.exercise, actor=officer, area=world.area, themes=[bus])
    make_voice(session, exercise=world.exercise, actor=officer, themes=[bus])
    other = make_exercise(session, strategy=world.other_strategy, actor=world.users["other_place_officer"])
    make_voice(session, exercise=other, actor=world.users["other_place_officer"], themes=[bus])
    grid = analysis.theme_area_grid(session=session, strategy=world.strategy)
    assert grid.cells[(bus.id, world.area.id)] == 2
    assert grid.cells[(bus.id, analysis.NO_AREA)] == 1
    assert grid.theme_totals == {bus.id: 3, park.id: 1}, "another place's voices are not counted"
    assert [t.slug for t in grid.themes] == ["public-transport", "natural-space"]
    assert grid.voices == 4 and grid.untagged == 1
    assert analysis.top_themes_by_area(grid)[0][2] == [(bus, 2), (park, 1)]


def test_exercise_profiles_count_only_when_held_in_one_area(session: Session, world: World) -> None:
    officer = world.users["officer"]
    one_area = make_exercise(session, strategy=world.strategy, actor=officer, areas=[world.area])
    one_area.profile = {"age_band": {"16-24": 14}}
    two_areas = make_exercise(
        session, strategy=world.strategy, actor=officer, areas=[world.area, world.other_area]
    )
    two_areas.profile = {"age_band": {"65+": 30}}
    session.add_all([one_area, two_areas])
    session.flush()
    hearing = heard.place_hearing(session=session, strategy=world.strategy, place_name=world.place.name)
    areas = {a.name: a for a in hearing.areas}
    northfield = {row.group: row.heard for row in areas["Northfield"].fields["Age"]}
    assert northfield["16-24"] == "14" and northfield["65+"] == "None"
    place_wide = {row.group: row.heard for row in areas["Whole place or several areas"].fields["Age"]}
    assert place_wide["65+"] == "30"
    everyone = {row.group: row.heard for row in hearing.place.fields["Age"]}
    assert everyone["65+"] == "30" and everyone["16-24"] == "14", "the whole place counts every participant"


def test_the_place_flags_a_gap_for_every_group_with_residents(session: Session, world: World) -> None:
    """Women are flagged like any group; the largest shortfall comes first; the profile's source is said."""
    officer = world.users["officer"]
    world.area.profile = {"gender": {"Woman": 5100, "Man": 4900}, "age_band": {"16-24": 1000, "65+": 9000}}
    world.area.profile_source = "Census 2021, tables TS007A and TS008"
    session.add(world.area)
    for _ in range(12):
        make_voice(
            session, exercise=world.exercise, actor=officer, area=world.area, gender="Man", age_band="65+"
        )
    for _ in range(10):
        make_voice(
            session, exercise=world.exercise, actor=officer, area=world.area, gender="Woman", age_band="65+"
        )
    hearing = heard.place_hearing(session=session, strategy=world.strategy, place_name="Northmoor")
    assert hearing.sources == ["Census 2021, tables TS007A and TS008"]
    assert [row.gap for row in hearing.place.largest_gaps] == [
        "No one aged 16-24 heard across Northmoor yet."
    ]
    for _ in range(20):
        make_voice(
            session, exercise=world.exercise, actor=officer, area=world.area, gender="Man", age_band="16-24"
        )
    hearing = heard.place_hearing(session=session, strategy=world.strategy, place_name="Northmoor")
    assert [row.gap for row in hearing.place.largest_gaps] == [
        "People aged 65+ are under-represented across Northmoor: 52% of those heard, 90% of residents.",
        "People who are women are under-represented across Northmoor: 24% of those heard, 51% of residents.",
    ]
    area = heard.area_hearing(session=session, strategy=world.strategy, area_id=world.area.id)
    assert area.gaps[-1] == (
        "People who are women are under-represented in Northfield: 24% of those heard, 51% of residents."
    )
    assert area.unrecorded == []


def test_a_field_nobody_heard_has_recorded_is_said_once(session: Session, world: World) -> None:
    world.area.profile = {"faith": {"Christian": 100, "Muslim": 50}}
    session.add(world.area)
    session.flush()
    area = heard.area_hearing(session=session, strategy=world.strategy, area_id=world.area.id)
    assert area.unrecorded == [
        "No one heard in Northfield has their faith recorded yet, so gaps by faith cannot be seen."
    ]
    assert area.gaps == []
