"""Ward maps on the pages: one shape per area with an outline, the same figures in the table, a summary and
the ONS credit; no map where no area has an outline."""

from sqlmodel import Session

from app.models import Area
from seed.boundaries import invented_wards
from tests.conftest import World
from tests.factories import make_action, make_area, make_struggle, make_voice
from tests.pages import check_page

CREDIT = "contains ONS data © Crown copyright and database right"


def _outline(session: Session, world: World) -> Area:
    """Northfield and a second area get invented outlines; a third area has none."""
    first, second = invented_wards(2, seed=11)
    world.area.boundary = first
    world.area.population = 2000
    westgate = make_area(
        session, place=world.place, actor=world.users["admin"], name="Westgate", population=None
    )
    westgate.boundary = second
    make_area(session, place=world.place, actor=world.users["admin"], name="Zeal Common", population=500)
    session.add_all([world.area, westgate])
    session.flush()
    return westgate


def _base(world: World) -> str:
    return f"/places/{world.place.slug}/strategies/{world.strategy.slug}"


def test_voices_per_thousand_residents(client_for, world: World, session: Session) -> None:
    _outline(session, world)
    for _ in range(3):
        make_voice(session, exercise=world.exercise, actor=world.users["officer"], area=world.area)
    session.commit()
    page = check_page(client_for("officer").get(f"{_base(world)}/listening/analysis/"))
    svg = page.select("#voices-map-heading ~ .app-chart svg")[0]
    assert len(svg.select("path")) == 2, "one shape per area with an outline"
    assert [t.get_text() for t in svg.select("path > title")] == ["Northfield", "Westgate"]
    assert page.texts("#voices-map-table tbody tr") == [
        "Northfield 2.0 (4 voices, 2,000 residents) 1.5 to 2",
        "Westgate No figure (0 voices, population not known) No figure",
        "Zeal Common 0.0 (0 voices, 500 residents) 0 to 0.5",
    ]
    assert page.text("#voices-map-summary") == (
        "Voices per 1,000 residents is highest in Northfield (2) and lowest in Zeal Common (0)."
    )
    assert "Not on the map, as they have no outline yet: Zeal Common." in page.text("main")
    assert CREDIT in page.text(".app-map-credit")
    assert 'style="' not in str(svg), "the CSP forbids inline styles"


def test_struggles_by_highest_severity(client_for, world: World, session: Session) -> None:
    westgate = _outline(session, world)
    make_struggle(
        session, strategy=world.strategy, actor=world.users["officer"], areas=[world.area], severity=2
    )
    make_struggle(
        session,
        strategy=world.strategy,
        actor=world.users["officer"],
        areas=[world.area, westgate],
        severity=5,
    )
    session.commit()
    page = check_page(client_for("facilitator").get(f"{_base(world)}/mapping/"))
    assert page.texts("#struggles-map-table tbody tr") == [
        "Northfield 5 (severe), 3 struggles 5 (severe)",  # with the standard cast's own struggle
        "Westgate 5 (severe), 1 struggle 5 (severe)",
        "Zeal Common No struggles recorded No struggles recorded",
    ]
    assert page.text("#struggles-map-summary") == (
        "The most severe struggles, at 5 (severe), are in Northfield and Westgate; 2 of 3 areas have a "
        "struggle recorded."
    )


def test_the_dashboard_maps_only_published_actions(client_for, world: World, session: Session) -> None:
    westgate = _outline(session, world)
    action = make_action(session, strategy=world.strategy, actor=world.users["officer"])
    action.area_ids = [westgate.id]
    session.add(action)
    session.commit()
    councillor = client_for("councillor")
    page = check_page(councillor.get(f"{_base(world)}/dashboard"))
    assert page.texts("#actions-map-table tbody tr")[1].startswith("Westgate 0 "), "not published yet"
    world.publish(session, "plan", "Plan")
    page = check_page(councillor.get(f"{_base(world)}/dashboard"))
    rows = page.texts("#actions-map-table tbody tr")
    assert rows[1].startswith("Westgate 1 ") and rows[0].startswith("Northfield 0 ")
    assert len(page.select("#actions-map-heading ~ .app-chart svg path")) == 2


def test_no_map_without_outlines(client_for, world: World) -> None:
    page = check_page(client_for("officer").get(f"{_base(world)}/listening/analysis/"))
    assert page.select("#voices-map-heading") == []


def test_the_document_and_its_pdf_carry_the_struggles_map(client_for, world: World, session: Session) -> None:
    _outline(session, world)
    session.commit()
    officer = client_for("officer")
    page = check_page(officer.get(f"{_base(world)}/document?source=draft"))
    assert page.text("#document-struggles-map-heading") == "Where the struggles are"
    assert page.soup.select_one("#document-struggles-map-heading").name == "h3"  # type: ignore[union-attr]
    assert len(page.select("#document-struggles-map-heading ~ .app-chart svg path")) == 2
    assert page.texts("#document-struggles-map-table tbody tr")[0].startswith("Northfield 4, 1 struggle")
    assert CREDIT in page.text("main")
    pdf = officer.get(f"{_base(world)}/document.pdf?source=draft")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_actions_for_the_whole_place_are_said_not_mapped(client_for, world: World, session: Session) -> None:
    westgate = _outline(session, world)
    world.action.area_ids = []
    session.add(world.action)
    session.commit()

    world.publish(session, "plan", "Plan")
    councillor = client_for("councillor")
    summary = check_page(councillor.get(f"{_base(world)}/dashboard")).text("#actions-map-summary")
    assert (
        summary
        == "Every action in the plan (1) is for the whole place, so the map counts none in any one area."
    )
    action = make_action(session, strategy=world.strategy, actor=world.users["officer"])
    action.area_ids = [westgate.id]
    session.add(action)
    session.commit()
    world.publish(session, "plan", "Plan")
    summary = check_page(councillor.get(f"{_base(world)}/dashboard")).text("#actions-map-summary")
    assert summary.endswith("One more action is for the whole place and is not counted in any one area."), (
        summary
    )
    assert "highest in Westgate (1)" in summary
