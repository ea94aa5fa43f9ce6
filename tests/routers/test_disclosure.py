"""The small-count rule in everything a councillor can reach: a published exercise with one participant, a
set of scores from one respondent and a figure from a sample of four never show those numbers, or the
scores, on the edition pages, in the API, in the CSV and XLSX lists, in the strategy document and its PDF,
on the dashboard or in "You said, we did". Officers keep the exact figures on the pages for drafts."""

import csv
import io
import re
from dataclasses import dataclass
from typing import Any

import pytest
from bs4 import BeautifulSoup
from openpyxl import load_workbook
from sqlmodel import Session, select

from app.models import Edition, ListeningExercise, ScoreSet, Theme
from app.services.outputs import document
from app.services.records.versioning import save_record
from tests.conftest import World
from tests.factories import make_exercise, make_measurement, make_score_set, make_voice
from tests.pages import check_page
from tests.routers.test_api import _check, _response_schema

SMALL_SCORES = ("2.25", "6.75")  # the one respondent's answers: never shown to a councillor
LARGE_SCORE = "4.5"  # twelve respondents' average: shown to everyone


@dataclass
class Small:
    market: ListeningExercise  # one participant
    iftar: ListeningExercise  # twenty-five participants
    one_respondent: ScoreSet
    listening: Edition
    progress: Edition


@pytest.fixture
def small(session: Session, world: World) -> Small:
    officer = world.users["officer"]
    safe = session.exec(select(Theme).where(Theme.slug == "feeling-safe")).one()
    market = make_exercise(
        session,
        strategy=world.strategy,
        actor=officer,
        title="Market stall conversation",
        method="street",
        areas=[world.area],
        participants=1,
        profile={"age_band": {"16-24": 1}},
    )
    iftar = make_exercise(
        session,
        strategy=world.strategy,
        actor=officer,
        title="Community iftar",
        method="community_event",
        participants=25,
    )
    for text in ("I do not walk home after dark.", "The underpass feels unsafe."):
        make_voice(session, exercise=market, actor=officer, text=text, area=world.area, themes=[safe])
    one = make_score_set(
        session,
        exercise=market,
        actor=officer,
        area=world.area,
        scores={"public-transport": 2.25, "feeling-safe": 6.75},
    )
    make_score_set(
        session,
        exercise=iftar,
        actor=officer,
        respondents=12,
        scores={"public-transport": float(LARGE_SCORE)},
    )
    make_measurement(session, indicator=world.indicator, actor=officer, value=61.0, sample_size=4)
    session.commit()
    return Small(
        market=market,
        iftar=iftar,
        one_respondent=one,
        listening=world.publish(session, "listening", "What we heard in spring"),
        progress=world.publish(session, "progress", "Progress in autumn"),
    )


def _base(world: World) -> str:
    return f"/places/{world.place.slug}/strategies/{world.strategy.slug}"


def _no_small_scores(text: str) -> None:
    for score in SMALL_SCORES:
        # A figure on its own, not digits inside a longer number (a time such as 18:38:32.250917).
        found = re.search(rf"(?<![\d.]){re.escape(score)}(?!\d)", text)
        assert found is None, f"a score from one respondent ({score}) is shown"


def _records(page: Any, heading: str) -> dict[str, str]:
    """The summary list under one record's heading on an edition page, as label -> value."""
    title = next(tag for tag in page.select("main h4") if tag.get_text(strip=True) == heading)
    rows = title.find_next("dl").select(".govuk-summary-list__row")
    return {
        row.select_one("dt").get_text(strip=True): row.select_one("dd").get_text(strip=True) for row in rows
    }


def test_councillor_edition_page_gives_small_counts_as_fewer_than_10_and_leaves_out_small_scores(
    client_for, world: World, small: Small
) -> None:
    url = f"{_base(world)}/editions/{small.listening.id}/"
    page = check_page(client_for("councillor").get(url))
    assert page.status == 200
    assert _records(page, "Market stall conversation")["Number of participants"] == "fewer than 10"
    assert _records(page, "Community iftar")["Number of participants"] == "25"
    headings = page.texts("main h3")
    assert "Voice (in this edition: fewer than 10)" in headings
    assert "Set of place standard scores (in this edition: 1)" in headings
    text = page.text()
    assert "Any set of Place Standard scores from fewer than 10 people is left out" in text
    assert _records(page, "Set of Place Standard scores")["Respondents"] == "12"
    assert LARGE_SCORE in text, "scores from ten or more people are shown"
    _no_small_scores(text)
    assert "16-24" not in text, "who took part is never shown to a councillor"

    officer = check_page(client_for("officer").get(url))
    assert _records(officer, "Market stall conversation")["Number of participants"] == "1"
    assert "Set of place standard scores (in this edition: 2)" in officer.texts("main h3")
    assert all(score in officer.text() for score in SMALL_SCORES), "draft readers keep the exact figures"


def test_councillor_comparison_of_editions_shows_no_small_count(
    client_for, session: Session, world: World, small: Small
) -> None:
    save_record(
        session=session,
        record=small.market,
        actor=world.users["officer"],
        changes={"participants": 4},
        expected_version=None,
    )
    make_score_set(
        session,
        exercise=small.market,
        actor=world.users["officer"],
        respondents=2,
        scores={"feeling-safe": 1.5},
    )
    session.commit()
    later = world.publish(session, "listening", "What we heard in summer")
    url = f"{_base(world)}/editions/compare?from_id={small.listening.id}&to_id={later.id}"
    councillor = check_page(client_for("councillor").get(url))
    assert "Nothing changed." in councillor.text(), councillor.text()
    officer = check_page(client_for("officer").get(url))
    assert "Number of participants changed from 1 to 4" in officer.texts("main li")
    assert "Set of place standard scores" in officer.texts("main h2")


def test_councillor_api_edition_gives_small_counts_as_fewer_than_10_as_documented(
    client_for, world: World, small: Small
) -> None:
    client = client_for("councillor")
    path = "/api/v1/places/{place_slug}/strategies/{strategy_slug}/editions/{edition_id}"
    response = client.get(
        path.format(
            place_slug=world.place.slug, strategy_slug=world.strategy.slug, edition_id=small.listening.id
        )
    )
    assert response.status_code == 200
    body = response.json()
    openapi = client.get("/api/v1/openapi.json").json()
    _check(_response_schema(openapi, path, 200), body, openapi["components"]["schemas"])
    kinds = {kind["kind"]: kind for kind in body["kinds"]}
    assert (kinds["voice"]["count"], kinds["voice"]["shown"], kinds["voice"]["records"]) == (
        None,
        "fewer than 10",
        [],
    )
    exercises = {r["heading"]: r["values"] for r in kinds["listening_exercise"]["records"]}
    assert exercises["Market stall conversation"]["Number of participants"] == "fewer than 10"
    assert exercises["Community iftar"]["Number of participants"] == "25"
    scores = kinds["score_set"]
    assert [r["values"]["Respondents"] for r in scores["records"]] == ["12"]
    assert scores["count"] == 1 and "fewer than 10 people is left out" in scores["left_out"]
    _no_small_scores(response.text)


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_councillor_lists_give_small_counts_as_fewer_than_10(
    client_for, world: World, small: Small, file_format: str
) -> None:
    def rows(name: str, persona: str = "councillor") -> dict[str, dict[str, Any]]:
        response = client_for(persona).get(f"{_base(world)}/exports/{name}.{file_format}")
        assert response.status_code == 200
        if file_format == "csv":
            table = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        else:
            sheet = load_workbook(io.BytesIO(response.content)).active
            table = [[cell.value for cell in row] for row in sheet.iter_rows()]
        header, *body = table
        name = 1 if header[0] == "ID" else 0  # only those who may read drafts get the ID column
        return {str(row[name]): dict(zip(header, row, strict=True)) for row in body}

    exercises = rows("exercises")
    assert exercises["Market stall conversation"]["Number of participants"] == "fewer than 10"
    assert str(exercises["Community iftar"]["Number of participants"]) == "25"
    measurements = rows("measurements")
    assert [row["Sample size"] for row in measurements.values()] == ["fewer than 10"]
    drafts = rows("exercises", "officer")
    assert str(drafts["Market stall conversation"]["Number of participants"]) == "1"


def test_councillor_document_and_pdf_give_small_counts_as_fewer_than_10(
    client_for, world: World, small: Small, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = check_page(client_for("councillor").get(f"{_base(world)}/document"))
    exercises = {
        row[0]: row for row in (r.split(" | ") for r in _table(page, "#exercises + .app-table-scroll table"))
    }
    assert exercises["Market stall conversation"][-1] == "fewer than 10"
    assert exercises["Community iftar"][-1] == "25"
    assert page.text("#what-we-heard + p").startswith("Fewer than 10 things people said")
    _no_small_scores(page.text())
    figures = [row.split(" | ") for row in _table(page, "caption") if row.startswith("30 September 2026")]
    assert figures == [
        ["30 September 2026", "61%", "Not shown: from fewer than 10 people", "fewer than 10"],
    ], "the figure's table shows no interval that would give the sample size away"

    drawn: list[str] = []
    render = document.render_pdf

    def keep(html: str) -> bytes:
        drawn.append(html)
        return render(html)

    monkeypatch.setattr(document, "render_pdf", keep)
    response = client_for("councillor").get(f"{_base(world)}/document.pdf")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    pdf = BeautifulSoup(drawn[0], "html.parser")
    pdf_exercises = {
        row[0]: row for row in (r.split(" | ") for r in _table(pdf, "#exercises + .app-table-scroll table"))
    }
    assert pdf_exercises["Market stall conversation"][-1] == "fewer than 10"
    assert "Fewer than 10 things people said" in pdf.get_text(" ")


def _table(page: Any, selector: str) -> list[str]:
    """The body rows of the tables ``selector`` picks (or the tables of the captions it picks), cells
    joined with " | "."""
    tables = [tag if tag.name == "table" else tag.find_parent("table") for tag in page.select(selector)]
    return [
        " | ".join(cell.get_text(" ", strip=True) for cell in row.select("td"))
        for table in tables
        for row in table.select("tbody tr")
    ]


def test_councillor_dashboard_and_the_edition_it_links_to_show_no_small_count(
    client_for, world: World, small: Small
) -> None:
    councillor = client_for("councillor")
    page = check_page(councillor.get(f"{_base(world)}/dashboard"))
    text = page.text()
    assert "Comments recorded: fewer than 10." in text
    assert "Feeling safe fewer than 10" in page.texts("main table tr")
    links = page.links()
    edition = check_page(councillor.get(links["What we heard in spring"]))
    assert _records(edition, "Market stall conversation")["Number of participants"] == "fewer than 10"
    _no_small_scores(edition.text())


def test_you_said_we_did_gives_small_counts_as_fewer_than_10(client_for, world: World, small: Small) -> None:
    url = f"{_base(world)}/progress/you-said-we-did/"
    assert client_for("councillor").get(url).status_code == 403  # drafts: councillors read editions
    page = check_page(client_for("officer").get(url))
    said = page.text(f"#said-{world.area.id} ~ p")
    assert "feeling safe (fewer than 10 people)" in said
    assert "(2 people)" not in said and "(1 person)" not in said
