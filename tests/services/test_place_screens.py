"""A place's page and a strategy's task list, each read in one call, for the reader's role."""

from sqlmodel import Session

from app.models import Role
from app.services import place_screens, review
from app.services.access import PlaceAccess
from tests.conftest import World


def _access(world: World, role: Role, *, tension_log: bool = False) -> PlaceAccess:
    return PlaceAccess(place=world.place, user=world.users["officer"], role=role, tension_log=tension_log)


def test_the_weeks_tension_picture_is_only_for_log_readers(session: Session, world: World) -> None:
    today = world.tension.week
    reader = place_screens.place_screen(
        session=session, access=_access(world, Role.officer, tension_log=True), today=today
    )
    assert reader.tension_picture is not None
    assert [s.id for s in reader.strategies] == [world.strategy.id]
    assert world.area.id in [a.id for a in reader.areas]
    assert reader.published_level is not None and reader.published_level.id == world.tension.place_level.id
    councillor = place_screens.place_screen(
        session=session, access=_access(world, Role.councillor, tension_log=True), today=today
    )
    assert councillor.tension_picture is None and councillor.published_level == reader.published_level


def test_a_strategy_page_counts_open_comments_only_for_those_who_comment(
    session: Session, world: World
) -> None:
    review.add_comment(
        session=session,
        strategy=world.strategy,
        actor=world.users["facilitator"],
        target_kind="action",
        target_id=world.action.id,
        body="Who leads this?",
    )
    officer = place_screens.strategy_screen(
        session=session, access=_access(world, Role.officer), strategy=world.strategy
    )
    assert officer.open_comments == 1
    assert [s.stage.slug for s in officer.stages] == ["listening", "mapping", "plan", "progress"]
    councillor = place_screens.strategy_screen(
        session=session, access=_access(world, Role.councillor), strategy=world.strategy
    )
    assert councillor.open_comments == 0 and councillor.status_label == officer.status_label
    plan = {s.stage.slug: s for s in councillor.stages}["plan"]
    assert plan.latest is not None and plan.latest.id == world.edition.id
