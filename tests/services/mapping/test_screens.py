"""A strength's or a struggle's page read in one call: what answers a struggle, and who sees its log entries."""

from sqlmodel import Session

from app.models import Role
from app.services.access import PlaceAccess
from app.services.mapping import screens
from tests.conftest import World


def _access(world: World, persona: str, *, tension_log: bool) -> PlaceAccess:
    return PlaceAccess(
        place=world.place, user=world.users[persona], role=Role.officer, tension_log=tension_log
    )


def test_a_struggle_page_names_what_answers_it(session: Session, world: World) -> None:
    page = screens.record_screen(
        session=session,
        strategy=world.strategy,
        access=_access(world, "tension_officer", tension_log=True),
        kind="struggle",
        record=world.struggle,
    )
    assert [action.id for action in page.answered_by] == [world.action.id]  # through its priority
    assert [entry.id for entry in page.tension_entries] == [world.tension.entry.id]
    assert [match.strength.id for match in page.matches] == [world.strength.id]  # the same theme and area
    assert page.review.kind == "struggle" and page.review.target_id == world.struggle.id


def test_log_entries_are_left_out_without_the_permission(session: Session, world: World) -> None:
    page = screens.record_screen(
        session=session,
        strategy=world.strategy,
        access=_access(world, "officer", tension_log=False),
        kind="struggle",
        record=world.struggle,
    )
    assert page.tension_entries == [] and page.answered_by


def test_a_strength_page_has_only_its_comments(session: Session, world: World) -> None:
    page = screens.record_screen(
        session=session,
        strategy=world.strategy,
        access=_access(world, "tension_officer", tension_log=True),
        kind="strength",
        record=world.strength,
    )
    assert (page.matches, page.answered_by, page.tension_entries) == ([], [], [])
    assert page.review.kind == "strength" and page.review.open == 0
