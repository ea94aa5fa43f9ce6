"""The area × theme grid: what each cell counts, and how the strength filters narrow it."""

from sqlmodel import Session, select

from app.models import Theme
from app.services.mapping import overlap
from tests.conftest import World
from tests.factories import make_area, make_strength, make_struggle


def _theme(session: Session, slug: str) -> Theme:
    return session.exec(select(Theme).where(Theme.slug == slug)).one()


def test_each_cell_counts_its_strengths_and_struggles_and_keeps_the_worst_severity(
    session: Session, world: World
) -> None:
    officer = world.users["officer"]
    transport = _theme(session, "public-transport")
    hillcrest = make_area(session, place=world.place, actor=world.users["admin"], name="Hillcrest")
    # The world already has one strength and one struggle (severity 4) in its area under public transport.
    make_strength(
        session,
        strategy=world.strategy,
        actor=officer,
        name="Community minibus",
        areas=[world.area, hillcrest],
        themes=[transport],
        kind="service",
    )
    make_struggle(
        session,
        strategy=world.strategy,
        actor=officer,
        title="Buses stop at six",
        areas=[world.area],
        themes=[transport],
        severity=5,
    )

    found = overlap.grid(session=session, strategy=world.strategy)
    here = found.cells[(transport.id, world.area.id)]
    there = found.cells[(transport.id, hillcrest.id)]
    assert (here.strengths, here.struggles, here.highest_severity) == (2, 2, 5)
    assert (there.strengths, there.struggles, there.highest_severity) == (1, 0, None), (
        "a cell with no struggle has no severity, not a severity of 0"
    )
    assert [theme.id for theme in found.themes] == [transport.id], "only themes with a cell are rows"
    assert [area.name for area in found.areas] == ["Hillcrest", "Northfield"], (
        "every area of the place, by name"
    )

    services = overlap.grid(session=session, strategy=world.strategy, strength_kind="service")
    assert services.cells[(transport.id, world.area.id)].strengths == 1, (
        "the kind filter counts services only"
    )
    assert services.cells[(transport.id, world.area.id)].struggles == 2, "struggles are never filtered out"


def test_each_row_has_a_cell_or_none_for_every_area_in_the_columns_order(
    session: Session, world: World
) -> None:
    transport = _theme(session, "public-transport")
    make_area(session, place=world.place, actor=world.users["admin"], name="Abbeyfield")
    found = overlap.grid(session=session, strategy=world.strategy)
    [(theme, row)] = found.rows
    assert theme.id == transport.id
    assert [(area.name, cell) for area, cell in row] == [
        ("Abbeyfield", None),
        ("Northfield", found.cells[(transport.id, world.area.id)]),
    ]
