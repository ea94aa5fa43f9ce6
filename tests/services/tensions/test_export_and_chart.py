"""The export for partners removes personal details; the levels chart says what it shows."""

from datetime import date, timedelta

from sqlmodel import Session

from app.models import TensionLevel
from app.services.tensions import chart, export
from tests.conftest import World
from tests.tension_factories import make_entry


def test_the_export_removes_personal_details(session: Session, world: World) -> None:
    make_entry(
        session,
        place=world.place,
        actor=world.users["tension_officer"],
        areas=[world.area],
        observed_on=world.tension.week,
        title="Graffiti on the bridge",
        # Saved straight to the table (as an older entry might be): the export still cleans it.
        what_happened="Reported by someone on 07700 900123 or jo@example.com",
        police_reference="CR/123/26",
    )
    found = export.build_export(
        session=session, place=world.place, date_from=world.tension.week, date_to=world.tension.week
    )
    text = export.csv_text(found, "entries")
    assert "07700 900123" not in text and "jo@example.com" not in text
    assert "CR/123/26" not in text
    assert "Police reference" not in text
    assert "Graffiti on the bridge" in text
    assert text.startswith("\ufeffObserved on,Short description,Category")
    levels = export.csv_text(found, "levels")
    assert "Northfield" in levels and "High" in levels


def test_levels_are_from_the_weeks_of_the_period(session: Session, world: World) -> None:
    found = export.build_export(
        session=session,
        place=world.place,
        date_from=world.tension.week - timedelta(days=7),
        date_to=world.tension.week + timedelta(days=6),
    )
    assert [row["Area"] for row in found.levels] == ["Whole place", "Northfield"]
    assert found.levels[0]["Shared with councillors"] == "Yes"


def test_the_chart_has_a_title_a_description_and_gaps() -> None:
    weeks = [date(2026, 11, 2) + timedelta(days=7 * n) for n in range(4)]
    series = [
        chart.LevelSeries(
            "Whole place", [TensionLevel.high, None, TensionLevel.critical, TensionLevel.medium]
        )
    ]
    svg = chart.levels_svg(title="Levels", weeks=weeks, series=series)
    assert svg.startswith("<svg") and "<title" in svg and "<desc" in svg
    assert svg.count("<polyline") == 2  # the week without a level breaks the line
    assert chart.levels_summary(weeks=weeks, series=series) == (
        "Whole place: medium in the week beginning 23 November 2026, down from a high of critical."
    )


def test_a_chart_with_no_levels_says_so() -> None:
    weeks = [date(2026, 11, 2)]
    assert chart.levels_summary(weeks=weeks, series=[chart.LevelSeries("Northfield", [None])]) == (
        "Northfield: no level set in the 1 week shown."
    )
