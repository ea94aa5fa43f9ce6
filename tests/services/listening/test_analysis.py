"""Analysis: counts by theme and area, and small-group suppression in "who we have heard from"."""

from sqlmodel import Session, select

from app.models import Theme
from app.services.listening import analysis
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
    areas = {a.name: a for a in analysis.who_we_heard_from(session=session, strategy=world.strategy)}
    northfield = {row.group: row.heard for row in areas["Northfield"].fields["Age"]}
    assert northfield["16-24"] == "14" and northfield["65+"] == "None"
    place_wide = {row.group: row.heard for row in areas["Whole place or several areas"].fields["Age"]}
    assert place_wide["65+"] == "30"
