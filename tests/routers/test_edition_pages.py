"""Edition pages read as the stage, for officers and councillors: names not ids, dates in words, money in
pounds, milestones with their marks, compasses with tables, actions by priority with status; and the same
progress on the dashboard, the plan edition and the document."""

import re
from datetime import UTC, date, datetime
from io import BytesIO

import pytest
from docx import Document
from sqlmodel import Session

from app.models import ActionUpdate, Edition, Measurement, Role
from app.services.access import PlaceAccess
from app.services.outputs import dashboards, document
from app.services.records.versioning import create_record, save_record
from tests.conftest import World
from tests.factories import make_score_set
from tests.pages import check_page

PERSONAS = ("officer", "councillor")
# What nobody should read: ISO dates, True/False, enum values and slugs, ids.
LEAKS = [
    re.compile(r"\b\d{4}-\d{2}-\d{2}\b"),
    re.compile(r"\b(True|False)\b"),
    re.compile(r"\b(on_track|not_started|focus_group|score_set|listening_exercise|action_update)\b"),
    re.compile(
        r"\b[a-z]+-[a-z]+-[a-z]+\b"
    ),  # theme slugs such as moving-around are two words; three catch most
    re.compile(r"moving-around|public-transport|feeling-safe"),
    re.compile(r"#\d+"),
    re.compile(r"\bPriority \d+\b"),
    re.compile(r"Listening exercise: \d+"),
]


def _base(world: World) -> str:
    return f"/places/{world.place.slug}/strategies/{world.strategy.slug}"


def _no_leaks(text: str) -> None:
    for pattern in LEAKS:
        assert not pattern.search(text), f"{pattern.pattern} in: {pattern.search(text)}"


@pytest.fixture
def stages(session: Session, world: World) -> dict[str, Edition]:
    officer = world.users["officer"]
    save_record(
        session=session,
        record=world.action,
        actor=officer,
        expected_version=None,
        changes={
            "budget": 18000,
            "percent_complete": 60,
            "milestones": [
                {"title": "First forum held", "due": "2026-06-30", "done": True},
                {"title": "Report to Cabinet", "due": "2026-12-31", "done": False},
            ],
        },
    )
    make_score_set(
        session,
        exercise=world.exercise,
        actor=officer,
        respondents=12,
        scores={"moving-around": 3.0, "public-transport": 2.9, "feeling-safe": 4.5},
    )
    world.indicator.baseline_value, world.indicator.baseline_date = 52.0, date(2026, 3, 31)
    world.indicator.target_value, world.indicator.target_date = 56.0, date(2029, 3, 31)
    session.add(world.indicator)
    create_record(
        session=session,
        actor=officer,
        record=Measurement(
            place_id=world.place.id,  # type: ignore[arg-type]
            strategy_id=world.strategy.id,  # type: ignore[arg-type]
            indicator_id=world.indicator.id,  # type: ignore[arg-type]
            measured_on=date(2026, 9, 30),
            value=55.0,
            ci_low=50.2,
            ci_high=59.8,
        ),
    )
    create_record(
        session=session,
        actor=officer,
        record=ActionUpdate(
            place_id=world.place.id,  # type: ignore[arg-type]
            strategy_id=world.strategy.id,  # type: ignore[arg-type]
            action_id=world.action.id,  # type: ignore[arg-type]
            period_end=date(2026, 9, 30),
            status="at_risk",
            percent_complete=45,
            what_happened="Two forums held; the third moved to the spring.",
        ),
    )
    return {
        stage: world.publish(session, stage, f"{stage.title()}, agreed")
        for stage in ("listening", "mapping", "plan", "progress")
    }


@pytest.mark.parametrize("persona", PERSONAS)
def test_listening_edition_shows_counts_exercises_and_the_compass(
    client_for, world: World, stages: dict[str, Edition], persona: str
) -> None:
    page = check_page(client_for(persona).get(f"{_base(world)}/editions/{stages['listening'].id}/"))
    main = page.text(".app-edition")
    _no_leaks(page.text("main"))
    assert world.exercise.title in main and "Focus group" in main
    assert "Place Standard scores" in main
    assert page.select(".app-edition .app-compass svg"), "the compass chart"
    assert "Moving around 3.0" in page.text(".app-edition .app-compass table")
    assert world.voice.text not in main, "what people said is not quoted in the stage's sections"
    if persona == "councillor":
        assert world.voice.text not in page.text("main")


@pytest.mark.parametrize("persona", PERSONAS)
def test_mapping_edition_lists_strengths_and_struggles_by_name(
    client_for, world: World, stages: dict[str, Edition], persona: str
) -> None:
    page = check_page(client_for(persona).get(f"{_base(world)}/editions/{stages['mapping'].id}/"))
    _no_leaks(page.text("main"))
    assert world.strength.name in page.text(".app-edition") and world.struggle.title in page.text(
        ".app-edition"
    )


@pytest.mark.parametrize("persona", PERSONAS)
def test_plan_edition_groups_actions_by_priority_with_status_money_and_milestones(
    client_for, world: World, stages: dict[str, Edition], persona: str
) -> None:
    page = check_page(client_for(persona).get(f"{_base(world)}/editions/{stages['plan'].id}/"))
    _no_leaks(page.text("main"))
    assert page.texts(".app-edition h3")[0] == world.priority.outcome
    [row] = page.select(".app-edition table.app-actions tbody tr")
    cells = [cell.get_text(" ", strip=True) for cell in row.select("td")]
    assert cells[0].startswith(world.action.title)
    assert "First forum held, due 30 June 2026 (done)" in cells[0]
    assert "Report to Cabinet, due 31 December 2026 (not done yet)" in cells[0]
    assert cells[3:] == ["At risk", "45%", "£18,000"], "progress from the published update, budget in pounds"
    assert "Latest update, to 30 September 2026: Two forums held; the third moved to the spring." in cells[0]
    assert "Progress, agreed" in page.text("#progress-source")
    records = page.text("details")
    assert "Budget £18,000" in records and "Percent complete 60%" in records
    assert "Priority " + world.priority.outcome in records


@pytest.mark.parametrize("persona", PERSONAS)
def test_progress_edition_is_honest_about_the_margin_of_error(
    client_for, world: World, stages: dict[str, Edition], persona: str
) -> None:
    page = check_page(client_for(persona).get(f"{_base(world)}/editions/{stages['progress'].id}/"))
    _no_leaks(page.text("main"))
    edition = page.text(".app-edition")
    assert "Within the margin of error." in edition and "Green" not in page.text(".app-edition strong")
    assert "Within the margin of error" in page.text("#status-rule")
    assert page.select(".app-edition .app-document__chart svg")
    assert "Two forums held" in edition
    updates = page.soup.select_one("#updates + .app-table-scroll table")
    assert updates is not None, "a progress edition, with no plan beside it, lists the updates in a table"
    assert [th.get_text(strip=True) for th in updates.select("th")] == [
        "Action",
        "Period ending",
        "Status",
        "Done",
        "What happened",
    ]
    figures = page.soup.select_one("table.app-document__figures")
    assert figures is not None
    assert [th.get_text(strip=True) for th in figures.select("th")] == [
        "Date",
        "Value",
        "95% confidence interval",
    ], "no figure has a sample size or differing sources, so those columns are left out"
    assert [
        [cell.get_text(" ", strip=True) for cell in row.select("td")] for row in figures.select("tbody tr")
    ] == [
        ["31 March 2026 (baseline)", "52%", ""],
        ["30 September 2026", "55%", "50.2% to 59.8%"],
        ["31 March 2029 (target)", "56%", ""],
    ], "the chart's table: baseline, figures and target in date order"


def test_history_reads_like_the_edition(client_for, world: World, stages: dict[str, Edition]) -> None:
    page = check_page(
        client_for("officer").get(f"/places/{world.place.slug}/history/action/{world.action.id}/")
    )
    text = page.text("main")
    _no_leaks(text)
    assert "Budget set to £18,000" in text
    assert "First forum held, due 30 June 2026 (done)" in text


def test_dashboard_edition_and_document_give_the_same_progress(
    session: Session, world: World, stages: dict[str, Edition]
) -> None:
    board = dashboards.councillor_dashboard(session=session, strategy=world.strategy)
    on_board = [
        (line.title, line.percent_complete, line.status_label)
        for block in board.priorities
        for _, lines in block.by_status
        for line in lines
    ]
    access = PlaceAccess(place=world.place, user=world.users["councillor"], role=Role.councillor)
    doc = document.build_document(
        session=session,
        access=access,
        strategy=world.strategy,
        source="published",
        file_format="html",
        now=datetime.now(UTC),
    )
    assert doc.planned is not None
    in_document = [(a["title"], a["percent"], a["status"]) for p in doc.planned.priorities for a in p.actions]
    assert on_board == in_document == [(world.action.title, 45, "At risk")]


def test_the_word_file_gives_each_figure_and_each_update_once_too(
    client_for, world: World, stages: dict[str, Edition]
) -> None:
    response = client_for("councillor").get(f"{_base(world)}/document.docx?source=published")
    assert response.status_code == 200
    file = Document(BytesIO(response.content))
    text = "\n".join(p.text for p in file.paragraphs)
    cells = [[cell.text for cell in row.cells] for table in file.tables for row in table.rows]
    [action] = [row for row in cells if row[0].startswith(world.action.title)]
    assert action[0].splitlines() == [
        world.action.title,
        "First forum held, due 30 June 2026 (done)",
        "Report to Cabinet, due 31 December 2026 (not done yet)",
        "Latest update, to 30 September 2026: Two forums held; the third moved to the spring.",
    ]
    assert "latest update is in the action plan" in text
    assert ["Date", "Value", "95% confidence interval"] in cells
    assert ["30 September 2026", "55%", "50.2% to 59.8%"] in cells
    assert [world.indicator.name, "52% (31 March 2026)", "55% (30 September 2026)", "56% (31 March 2029)",
            "Within the margin of error"] in cells  # fmt: skip
    assert sum(row.count("50.2% to 59.8%") for row in cells) == 1


def test_the_document_gives_each_figure_and_each_update_once(
    client_for, world: World, stages: dict[str, Edition]
) -> None:
    page = check_page(client_for("councillor").get(f"{_base(world)}/document?source=published"))
    _no_leaks(page.text("main"))
    assert page.text("main").count("Two forums held") == 1, "the update is with its action in the plan"
    [row] = page.select("#action-plan ~ .app-table-scroll table.app-actions tbody tr")
    assert "Latest update, to 30 September 2026: Two forums held" in row.get_text(" ", strip=True)
    assert not page.select("#updates + .app-table-scroll table"), (
        "the progress section points to the plan instead"
    )
    assert "latest update is in the action plan" in page.text("#updates + p")
    tables = " ".join(page.texts("main table"))
    assert tables.count("50.2% to 59.8%") == 1, "each figure's interval once, in its chart's table"
    glance = [
        [cell.get_text(" ", strip=True) for cell in row.select("td")]
        for row in page.select("#indicators-at-a-glance tbody tr")
    ]
    assert glance == [
        [
            world.indicator.name,
            "52% (31 March 2026)",
            "55% (30 September 2026)",
            "56% (31 March 2029)",
            "Within the margin of error",
        ]
    ]


def test_an_edition_page_shows_a_renamed_area_at_once(client_for, world: World, session: Session) -> None:
    """The page keeps what it worked out of a frozen edition, but the names it shows are today's."""
    edition = world.publish(session, "mapping", "Our map")
    officer = client_for("officer")
    url = f"{_base(world)}/editions/{edition.id}/"
    assert "Northfield" in check_page(officer.get(url)).text("main")
    save_record(
        session=session, record=world.area, actor=None, expected_version=None, changes={"name": "North Field"}
    )
    session.commit()
    text = check_page(officer.get(url)).text("main")
    assert "North Field" in text and "Northfield" not in text
