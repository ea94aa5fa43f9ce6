"""The listening stage in a real browser: record an exercise, add what people said with and without
JavaScript, import a survey, read the analysis. axe runs on every page visited.

Everything is found the way a person finds it: by visible text, labels and roles.
"""

import csv
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.browser.journeys import Check, open_strategy, sign_in, sign_out

pytestmark = pytest.mark.browser

PLACE = "Ashbourne Vale"
STAGE = "Listen to local voices"
LISTENING_URL = "/places/ashbourne-vale/strategies/cohesion-strategy-2026/listening/"

# (what was said, kind, a distinctive part of the saved text, the theme the toolkit should suggest)
VOICES = [
    (
        "The number 12 bus to the hospital is always late. Email me at priya.shah@example.com, "
        "my name is Priya Shah.",
        "Concern",
        "bus to the hospital is always late",
        "Public transport",
    ),
    (
        "The park by the river is lovely, with old trees and wildflowers, but it needs more benches.",
        "Strength",
        "The park by the river is lovely",
        "Natural space",
    ),
    (
        "I do not feel safe walking home after dark; there is drug dealing by the underpass.",
        "Concern",
        "I do not feel safe walking home",
        "Feeling safe",
    ),
]

SURVEY_COMMENTS = [
    ("The buses stop at seven so I cannot get to my evening shift.", "Public transport"),
    ("Teenagers need somewhere to play football that is not the car park.", "Play and recreation"),
    ("The library is the heart of this community.", "Facilities and amenities"),
    ("Potholes on every road into the estate.", "Care and maintenance"),
    ("A train station would change everything here.", "Public transport; Work and local economy"),
]
SURVEY_AREAS = ["Northfield", "Riverside"]
SURVEY_AGES = ["16-24", "25-34", "35-49", "50-64", "65+"]
SURVEY_ROWS = [
    (SURVEY_COMMENTS[i % 5][0], SURVEY_AREAS[i % 2], SURVEY_AGES[(i // 2) % 5], SURVEY_COMMENTS[i % 5][1])
    for i in range(20)
]

Shoot = Callable[[Page, str], None]


def write_csv(path: Path, rows: list[tuple[str, str, str, str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Comment", "Ward", "Age group", "Themes"])
        writer.writerows(rows)
    return path


def subnav(page: Page) -> Locator:
    return page.get_by_role("navigation", name="Listening stage")


def fill_exercise(page: Page, title: str) -> None:
    page.get_by_label("Title", exact=True).fill(title)
    page.get_by_role("group", name="Method").get_by_label("Focus group", exact=True).check()
    start = page.get_by_role("group", name="Start date", exact=True)
    start.get_by_label("Day").fill("14")
    start.get_by_label("Month").fill("5")
    start.get_by_label("Year").fill("2026")
    areas = page.get_by_role("group", name="Areas", exact=True)
    areas.get_by_label("Northfield", exact=True).check()
    areas.get_by_label("Riverside", exact=True).check()
    page.get_by_role("group", name="Consent basis").get_by_label("Consent", exact=True).check()


def record_exercise(page: Page, title: str, check: Check) -> None:
    """From the listening index: record an exercise and land on its page."""
    page.get_by_role("button", name="Record a listening exercise").click()
    expect(page.get_by_role("heading", name="Record a listening exercise", level=1)).to_be_visible()
    check(page)
    fill_exercise(page, title)
    page.get_by_role("button", name="Save exercise").click()
    expect(page.get_by_role("heading", name=title, level=1)).to_be_visible()
    expect(page.get_by_role("alert").filter(has_text="Listening exercise saved")).to_be_visible()
    check(page)


def voice_panel(page: Page) -> Locator:
    return page.get_by_role("region", name=re.compile(r"^What people said"))


def flash(page: Page, text: str) -> Locator:
    return page.locator(".govuk-notification-banner--success").filter(has_text=text)


def add_voice_with_htmx(page: Page, text: str, kind: str, saved: str, count: int) -> Locator:
    """Add one voice through the panel and check htmx swapped the panel in place; return its banner."""
    panel = voice_panel(page)
    address = page.url
    page.evaluate("() => { window.stillTheSameDocument = true }")
    panel.get_by_label("What was said").fill(text)
    panel.get_by_role("group", name="Kind").get_by_label(kind, exact=True).check()
    panel.get_by_role("button", name="Add voice").click()
    banner = panel.get_by_role("alert").filter(has=page.locator("blockquote", has_text=saved))
    expect(banner).to_contain_text("Voice added.")
    expect(panel.get_by_role("heading", name=f"What people said ({count})")).to_be_visible()
    # No full page load: the address is the same and the document survived the request.
    assert page.url == address
    assert page.evaluate("() => window.stillTheSameDocument === true")
    # GOV.UK Frontend was started on the swapped-in banner, which moves focus to it.
    expect(banner).to_be_focused()
    # A fresh form for the next voice.
    expect(panel.get_by_label("What was said")).to_have_value("")
    expect(panel.get_by_role("group", name="Kind").get_by_label(kind, exact=True)).not_to_be_checked()
    return banner


def test_officer_listening_journey(
    page: Page, check_accessibility: Check, screenshot: Shoot, tmp_path: Path
) -> None:
    check = check_accessibility
    sign_in(page, "officer@demo.test", check)
    open_strategy(page, PLACE, check, stage=STAGE)
    expect(subnav(page).get_by_role("link", name="Exercises")).to_have_attribute("aria-current", "page")
    screenshot(page, "listening-index")

    # An empty form first: the error summary links to each field.
    page.get_by_role("button", name="Record a listening exercise").click()
    expect(page.get_by_role("heading", name="Record a listening exercise", level=1)).to_be_visible()
    check(page)
    page.get_by_role("button", name="Save exercise").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(summary.get_by_role("link", name="Enter title")).to_be_visible()
    expect(summary.get_by_role("link", name="Select method")).to_be_visible()
    expect(summary.get_by_role("link", name="Select consent basis")).to_be_visible()
    expect(page).to_have_title(re.compile(r"^Error: "))
    check(page)
    screenshot(page, "listening-exercise-error")

    title = "Northfield and Riverside youth focus group"
    fill_exercise(page, title)
    page.get_by_role("button", name="Save exercise").click()
    expect(page.get_by_role("heading", name=title, level=1)).to_be_visible()
    expect(flash(page, "Listening exercise saved")).to_be_visible()
    expect(page.locator(".govuk-summary-list")).to_contain_text("Northfield, Riverside")
    check(page)

    # With htmx, an empty voice comes back as the panel with its error summary, in place.
    panel = voice_panel(page)
    address = page.url
    panel.get_by_role("button", name="Add voice").click()
    expect(panel.get_by_role("link", name="Enter what was said")).to_be_visible()
    assert page.url == address
    check(page)

    # Three voices in a row, each swapped in by htmx.
    for number, (text, kind, saved, theme) in enumerate(VOICES, start=1):
        banner = add_voice_with_htmx(page, text, kind, saved, number)
        expect(banner.get_by_role("button", name=f"Accept {theme}")).to_be_visible()
        check(page)
        if number == 1:
            expect(banner).to_contain_text("Personal details were removed before saving")
            quote = banner.locator("blockquote")
            expect(quote).to_contain_text("[email removed]")
            expect(quote).to_contain_text("[name removed]")
            expect(quote).not_to_contain_text("Priya")
            expect(quote).not_to_contain_text("example.com")
            # Each marker is highlighted where the detail was.
            expect(quote.locator("mark.app-removed")).to_have_text(["[email removed]", "[name removed]"])
            screenshot(page, "listening-voice-panel-redacted")
    screenshot(page, "listening-voice-panel")

    # Accept a suggested theme for the last voice, then see it on the voice's page.
    voice_panel(page).get_by_role("button", name="Accept Feeling safe").click()
    expect(flash(page, "Theme added")).to_be_visible()
    expect(page.get_by_role("heading", name=title, level=1)).to_be_visible()
    check(page)
    voice_panel(page).get_by_role("link", name=re.compile(r"^I do not feel safe walking home")).click()
    expect(page.get_by_role("heading", name="What was said", level=1)).to_be_visible()
    expect(page.locator(".govuk-summary-list__row").filter(has_text="Themes")).to_contain_text("Feeling safe")
    expect(page.get_by_role("button", name="Accept Feeling safe")).to_have_count(0)
    check(page)
    screenshot(page, "listening-voice")
    page.locator(".govuk-summary-list").get_by_role("link", name=title).click()
    expect(page.get_by_role("heading", name=title, level=1)).to_be_visible()

    # Place Standard scores for Northfield, as a group's averages.
    page.get_by_role("link", name="Record Place Standard scores").click()
    expect(page.get_by_role("heading", name="Record Place Standard scores", level=1)).to_be_visible()
    check(page)
    page.get_by_label("Area (optional)").select_option(label="Northfield")
    page.get_by_role("group", name="These scores are from").get_by_label(
        "A group: these are averages"
    ).check()
    page.get_by_label("Number of respondents").fill("12")
    score_inputs = page.get_by_role("group", name="Scores").get_by_role("textbox")
    expect(score_inputs).to_have_count(14)
    for index in range(14):
        score_inputs.nth(index).fill(str(2 + index % 5) + (".5" if index % 3 == 0 else ""))
    page.get_by_role("button", name="Save scores").click()
    expect(flash(page, "Scores saved")).to_be_visible()
    expect(page.get_by_role("heading", name="Place Standard scores", level=1)).to_be_visible()
    expect(page.get_by_role("heading", name="Northfield", level=2)).to_be_visible()
    check(page)
    screenshot(page, "listening-scores")
    subnav(page).get_by_role("link", name="Exercises").click()
    page.get_by_role("link", name=title).click()
    expect(page.get_by_role("heading", name=title, level=1)).to_be_visible()

    # Import a survey export: upload, match the columns, check every row, import.
    page.get_by_role("link", name="Import survey responses from a CSV file").click()
    expect(page.get_by_role("heading", name="Import survey responses", level=1)).to_be_visible()
    check(page)
    page.get_by_role("button", name="Upload file").click()
    expect(page.locator(".govuk-error-summary").get_by_role("link", name="Select a CSV file")).to_be_visible()
    check(page)
    page.get_by_label("CSV file").set_input_files(write_csv(tmp_path / "survey.csv", SURVEY_ROWS))
    page.get_by_role("button", name="Upload file").click()
    expect(page.get_by_role("heading", name="Match the columns", level=1)).to_be_visible()
    expect(page.get_by_label("What was said")).to_have_value("Comment")
    expect(page.get_by_label("Area (name or GSS code)")).to_have_value("Ward")
    expect(page.get_by_label("Age", exact=True)).to_have_value("Age group")
    expect(page.get_by_label(re.compile(r"^Themes"))).to_have_value("Themes")
    check(page)
    page.get_by_role("button", name="Check every row").click()
    expect(page.get_by_role("heading", name="Preview: the first 10 of 20 rows")).to_be_visible()
    preview = page.get_by_role("region", name="Preview of the first rows")
    expect(preview.get_by_role("row")).to_have_count(11)
    expect(preview).to_contain_text("The buses stop at seven")
    check(page)
    screenshot(page, "listening-import-preview")
    page.get_by_role("button", name="Import 20 rows").click()
    expect(flash(page, "20 responses imported")).to_be_visible()
    expect(voice_panel(page).get_by_role("heading", name="What people said (23)")).to_be_visible()
    check(page)

    # A file with one bad row: every problem listed by row, and nothing to import.
    bad_rows = [
        *SURVEY_ROWS[:2],
        ("Nowhere to sit in the square.", "Atlantis", "25-34", ""),
        *SURVEY_ROWS[2:4],
    ]
    page.get_by_role("link", name="Import survey responses from a CSV file").click()
    page.get_by_label("CSV file").set_input_files(write_csv(tmp_path / "bad.csv", bad_rows))
    page.get_by_role("button", name="Upload file").click()
    expect(page.get_by_role("heading", name="Match the columns", level=1)).to_be_visible()
    page.get_by_role("button", name="Check every row").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "1 of 5 rows has problems, so nothing can be imported"
    )
    expect(
        page.locator(".govuk-error-summary").get_by_role("link", name="See the problems by row")
    ).to_be_visible()
    problems = page.get_by_role("table", name="Problems by row")
    expect(problems.get_by_role("row")).to_have_count(2)
    expect(problems.get_by_role("row").nth(1).get_by_role("cell")).to_have_text(
        ["4", "Ward", "“Atlantis” is not an area of this place"]
    )
    expect(page.get_by_role("button", name=re.compile(r"^Import"))).to_have_count(0)
    check(page)
    screenshot(page, "listening-import-problems")

    # Analysis: voices by theme and area, each number a link to the voices behind it.
    page.get_by_role("link", name="Listening", exact=True).click()
    expect(page.get_by_role("heading", name=STAGE, level=1)).to_be_visible()
    check(page)
    subnav(page).get_by_role("link", name="Analysis").click()
    expect(page.get_by_role("heading", name="What the place is saying", level=1)).to_be_visible()
    check(page)
    screenshot(page, "listening-analysis")
    grid = page.get_by_role("table", name="Voices by theme and area")
    transport = grid.get_by_role("row").filter(has=page.get_by_role("rowheader", name="Public transport"))
    in_northfield = transport.get_by_role(
        "link", name=re.compile(r"^\d+ voices on Public transport in Northfield$")
    )
    shown = int((in_northfield.text_content() or "").split()[0])
    imported = sum(
        1 for _, area, _, themes in SURVEY_ROWS if area == "Northfield" and "Public transport" in themes
    )
    assert shown >= imported, (
        f"{shown} voices on Public transport in Northfield, but {imported} were imported"
    )
    in_northfield.click()
    expect(page.get_by_role("heading", name="What people said", level=1)).to_be_visible()
    expect(page.get_by_role("status")).to_have_text(re.compile(rf"^{shown:,} voices found"))
    expect(page.get_by_label("Theme", exact=True).locator("option:checked")).to_have_text("Public transport")
    expect(page.get_by_label("Area", exact=True).locator("option:checked")).to_have_text("Northfield")
    results = page.get_by_role("table", name="Voices matching the filters").locator("tbody tr")
    expect(results.first).to_be_visible()
    for index in range(results.count()):
        expect(results.nth(index).get_by_role("cell").last).to_have_text("Northfield")
    expect(results.filter(has_text="The buses stop at seven")).not_to_have_count(0)
    expect(subnav(page).get_by_role("link", name="Voices")).to_have_attribute("aria-current", "page")
    check(page)

    subnav(page).get_by_role("link", name="Who we have heard from").click()
    expect(page.get_by_role("heading", name="Who we have heard from", level=1)).to_be_visible()
    expect(page.get_by_role("heading", name="Each area", level=2)).to_be_visible()
    check(page)
    screenshot(page, "listening-heard")
    page.get_by_role("link", name="Northfield", exact=True).click()
    expect(page.get_by_role("heading", name="Northfield", level=1)).to_be_visible()
    check(page)


def test_voice_can_be_added_without_javascript(
    page_without_javascript: Page, check_accessibility_without_javascript: Check
) -> None:
    page = page_without_javascript
    check = check_accessibility_without_javascript
    sign_in(page, "officer@demo.test", check)
    open_strategy(page, PLACE, check, stage=STAGE)
    record_exercise(page, "Riverside market street conversations", check)

    page.get_by_label("What was said").fill("More bins on the high street, please, the litter is awful.")
    page.get_by_role("group", name="Kind").get_by_label("Idea", exact=True).check()
    page.get_by_label("Area (optional)").select_option(label="Riverside")
    page.get_by_role("button", name="Add voice").click()

    expect(page.get_by_role("heading", name="What was said", level=1)).to_be_visible()
    expect(flash(page, "Voice added.")).to_be_visible()
    expect(page.locator(".app-voice-text")).to_have_text(
        "More bins on the high street, please, the litter is awful."
    )
    expect(page.locator(".govuk-summary-list__row").filter(has_text="Area")).to_contain_text("Riverside")
    check(page)


def test_voice_with_errors_without_javascript_keeps_the_exercise_details(
    page_without_javascript: Page, check_accessibility_without_javascript: Check
) -> None:
    page = page_without_javascript
    check = check_accessibility_without_javascript
    sign_in(page, "officer@demo.test", check)
    open_strategy(page, PLACE, check, stage=STAGE)
    title = "Station Quarter coffee morning"
    record_exercise(page, title, check)

    page.get_by_role("button", name="Add voice").click()
    expect(
        page.locator(".govuk-error-summary").get_by_role("link", name="Enter what was said")
    ).to_be_visible()
    expect(page).to_have_title(re.compile(rf"^Error: {title}"))
    check(page)
    expect(page.get_by_role("heading", name=title, level=1)).to_be_visible()
    expect(page.locator(".govuk-caption-l")).to_have_text("Focus group")
    expect(page.locator(".govuk-summary-list")).to_contain_text("Northfield, Riverside")


def test_facilitator_reads_listening_and_councillor_is_refused(
    page: Page, check_accessibility: Check, screenshot: Shoot
) -> None:
    check = check_accessibility
    title = "Old Town drop-in for facilitators to read"
    sign_in(page, "officer@demo.test", check)
    open_strategy(page, PLACE, check, stage=STAGE)
    record_exercise(page, title, check)
    sign_out(page)

    sign_in(page, "facilitator@demo.test", check)
    open_strategy(page, PLACE, check, stage=STAGE)
    expect(page.get_by_role("button", name="Record a listening exercise")).to_have_count(0)
    expect(page.get_by_role("link", name="Record a listening exercise")).to_have_count(0)
    page.get_by_role("link", name=title).click()
    expect(page.get_by_role("heading", name=title, level=1)).to_be_visible()
    expect(voice_panel(page)).to_be_visible()
    expect(page.get_by_role("heading", name="Add what someone said")).to_have_count(0)
    expect(page.get_by_role("button", name="Add voice")).to_have_count(0)
    expect(page.get_by_role("link", name="Change this exercise")).to_have_count(0)
    check(page)
    page.get_by_role("link", name="Listening", exact=True).click()
    for link, heading in [
        ("Voices", "What people said"),
        ("Analysis", "What the place is saying"),
        ("Who we have heard from", "Who we have heard from"),
        ("Place Standard scores", "Place Standard scores"),
    ]:
        subnav(page).get_by_role("link", name=link).click()
        expect(page.get_by_role("heading", name=heading, level=1)).to_be_visible()
        check(page)
    sign_out(page)

    sign_in(page, "councillor@demo.test", check)
    open_strategy(page, PLACE, check)
    # A councillor's task list links to the published edition, never to the draft stage.
    expect(page.get_by_role("link", name=STAGE)).to_have_attribute("href", re.compile(r"/editions/\d+/$"))
    response: Any = page.goto(LISTENING_URL)
    assert response is not None and response.status == 403
    expect(page.get_by_role("heading", name="You do not have permission to do that", level=1)).to_be_visible()
    check(page)
    screenshot(page, "listening-forbidden")
