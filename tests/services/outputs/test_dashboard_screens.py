"""The dashboards read in one call: the councillors' from published editions, and the facilitator overview
with only the tension levels an officer has published."""

from datetime import date

from sqlmodel import Session

from app.services.outputs import dashboard_screens, overview
from tests.conftest import World


def test_the_councillors_dashboard_is_drawn_from_the_published_plan(session: Session, world: World) -> None:
    screen = dashboard_screens.councillor_screen(session=session, strategy=world.strategy, today=date.today())
    assert screen.dashboard.editions["plan"].id == world.edition.id
    assert screen.extras.summary  # what the published plan says, in sentences
    assert screen.actions_map is None  # the world's areas have no outline to draw


def test_the_overview_shows_only_published_tension_levels(session: Session, world: World) -> None:
    filters = overview.Filters()
    screen = dashboard_screens.overview_screen(
        session=session, user=world.users["facilitator"], today=date.today(), filters=filters
    )
    assert [row.place.id for row in screen.overview.rows] == [world.place.id]
    shown = screen.tension_levels[world.place.id]
    assert shown.id == world.tension.place_level.id  # the published place-wide level, not the ward's
