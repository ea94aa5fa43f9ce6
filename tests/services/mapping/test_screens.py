"""A strength's or a struggle's page read in one call: what answers a struggle, and who sees its log entries."""

from sqlmodel import Session

from app.models import Role
from app.services.access import PlaceAccess
from app.services.mapping import screens
from app.services.mapping.candidates import candidate_list
from tests.conftest import World
from tests.factories import make_strength


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


def test_the_overview_counts_the_strategys_strengths_and_struggles(session: Session, world: World) -> None:
    make_strength(session, strategy=world.strategy, actor=world.users["officer"], areas=[world.area])
    make_strength(session, strategy=world.other_strategy, actor=world.users["other_place_officer"])
    page = screens.overview_screen(session=session, strategy=world.strategy)
    assert (page.strength_count, page.struggle_count) == (2, 1)  # not the other place's strength
    assert page.candidates == candidate_list(session=session, strategy=world.strategy)
    assert page.struggles_map is None  # the world's areas have no outline to draw


def test_the_grid_keeps_only_filters_it_knows(session: Session, world: World) -> None:
    known = screens.grid_screen(
        session=session,
        strategy=world.strategy,
        access=_access(world, "officer", tension_log=False),
        kind="community_group",
        status="unknown",
        today=world.tension.week,
    )
    assert (known.kind, known.status) == ("community_group", None)
    unknown = screens.grid_screen(
        session=session,
        strategy=world.strategy,
        access=_access(world, "officer", tension_log=False),
        kind="<script>",
        status=None,
        today=world.tension.week,
    )
    assert unknown.kind is None and unknown.grid.cells  # the world's strength and struggle share a cell


def test_the_grid_shows_ward_levels_only_to_readers_of_the_log(session: Session, world: World) -> None:
    def levels(persona: str, tension_log: bool) -> object:
        return screens.grid_screen(
            session=session,
            strategy=world.strategy,
            access=_access(world, persona, tension_log=tension_log),
            kind=None,
            status=None,
            today=world.tension.week,
        ).ward_levels

    assert levels("officer", False) is None
    shown = levels("tension_officer", True)
    assert isinstance(shown, dict) and shown[world.area.id].id == world.tension.ward_level.id


def test_the_grids_key_holds_the_ward_levels_shown(session: Session, world: World) -> None:
    def shown() -> tuple[object, ...]:
        return screens.grid_screen(
            session=session,
            strategy=world.strategy,
            access=_access(world, "tension_officer", tension_log=True),
            kind=None,
            status=None,
            today=world.tension.week,
        ).shown

    before = shown()
    world.tension.ward_level.level = "low"  # type: ignore[assignment]
    session.add(world.tension.ward_level)
    session.flush()
    assert shown() != before, "a ward's new level is drawn, not the grid kept from before"
