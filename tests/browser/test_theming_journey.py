"""Theming many voices in a real browser: import a survey export (a near-miss area confirmed once), give 50
voices their themes from the "needs themes" queue (one in place with htmx, the rest selected and accepted
together), and name a new theme from a proposed group. axe runs on every page visited."""

import csv
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.journeys import Check, open_strategy, sign_in
from tests.browser.test_listening_journey import PLACE, STAGE, flash, record_exercise, subnav

pytestmark = pytest.mark.browser

TITLE = "Spring residents survey"
FITTING = [
    "The bus into town never comes on time and the last one leaves at seven",
    "I do not feel safe walking home at night because the street lights are broken",
    "There is nothing for young people to do, the youth club closed last year",
    "Rents keep going up and families are being priced out of their homes",
    "The park is full of litter and the grass is never cut",
]
UNFITTED = [
    "Allotment plots are scarce and the allotment society has closed its doors",
    "Allotment holders have nowhere to store tools since the allotment shed burned down",
]


def write_export(path: Path) -> Path:
    """A Google Forms export: 50 answers some theme fits, then 10 about allotments, one area misspelt."""
    rows = []
    for number in range(60):
        text = FITTING[number % 5] if number < 50 else UNFITTED[number % 2]
        area = "Riversde" if number == 3 else ("Northfield", "Riverside")[number % 2]
        rows.append(
            [f"2026/03/{number % 28 + 1:02d} 7:45:12 PM GMT", "", f"{text} (reply {number + 1}).", area]
        )
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            ["Timestamp", "Email address", "What would make this a better place to live?", "Ward"]
        )
        writer.writerows(rows)
    return path


def themed(page: Page) -> int:
    text = page.locator("#queue-progress").text_content() or ""
    return int(text.split(" of ", 1)[0].replace(",", ""))


def select_all_and_accept(page: Page, expected: int) -> None:
    boxes = page.get_by_role("checkbox", name=re.compile(r"^Select: top suggestion"))
    expect(boxes).to_have_count(expected)
    for index in range(boxes.count()):
        boxes.nth(index).check()
    page.get_by_role("button", name="Accept the top suggestion for each selected voice").click()


def test_import_theme_fifty_voices_and_name_a_new_theme(
    page: Page, check_accessibility: Check, tmp_path: Path
) -> None:
    check = check_accessibility
    sign_in(page, "officer@demo.test", check)
    open_strategy(page, PLACE, check, stage=STAGE)
    record_exercise(page, TITLE, check)

    # Import: the tool is recognised, samples sit beside every column, the near miss is confirmed once.
    page.get_by_role("link", name="Import survey responses from a CSV file").click()
    expect(page.get_by_role("link", name="CSV template (CSV, 1 KB)")).to_be_visible()
    check(page)
    page.get_by_label("CSV file").set_input_files(write_export(tmp_path / "export.csv"))
    page.get_by_role("button", name="Upload file").click()
    expect(page.get_by_role("heading", name="Match the columns", level=1)).to_be_visible()
    expect(page.locator("#recognised")).to_contain_text("Google Forms export")
    columns = page.get_by_role("region", name="Columns in your file with sample values")
    expect(columns.get_by_role("row").filter(has_text="Ward")).to_contain_text("Northfield")
    expect(page.get_by_label("What was said")).to_have_value("What would make this a better place to live?")
    expect(page.get_by_label("Area (name or GSS code)")).to_have_value("Ward")
    check(page)
    page.get_by_role("button", name="Check every row").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("1 of 60 rows has problems")
    check(page)
    page.get_by_label("Read “Riversde” as Riverside (1 row)").check()
    page.get_by_role("button", name="Check every row").click()
    expect(page.get_by_role("heading", name=re.compile(r"^Preview: the first 10 of 60 rows"))).to_be_visible()
    check(page)
    page.get_by_role("button", name="Import 60 rows").click()
    expect(flash(page, "60 responses imported")).to_be_visible()
    check(page)

    # The queue, filtered to this exercise from the exercise's page; the filter is the queue's own.
    page.get_by_role("link", name="Give themes to this exercise's voices, with suggestions").click()
    expect(page.get_by_role("heading", name="Voices needing themes", level=1)).to_be_visible()
    expect(subnav(page).get_by_role("link", name="Needs themes")).to_have_attribute("aria-current", "page")
    expect(page.get_by_label("Exercise").locator("option:checked")).to_have_text(TITLE)
    check(page)
    expect(page.locator("#queue-list")).to_contain_text(
        "60 voices need themes with these filters; page 1 of 3."
    )
    before = themed(page)
    check(page)

    # One in place with htmx: the row says so and the progress moves, without a page load.
    page.evaluate("() => { window.stillTheSameDocument = true }")
    first = page.locator(".app-queue__voice").first
    first.get_by_role("button", name=re.compile(r"^Accept .* for this voice$")).first.click()
    expect(first).to_contain_text("Theme added:")
    expect(page.locator("#queue-progress")).to_contain_text(f"{before + 1:,} of")
    assert page.evaluate("() => window.stillTheSameDocument === true")
    check(page)

    # The rest of the first page, then the whole second, each accepted together.
    select_all_and_accept(page, 24)
    expect(flash(page, "Themes given to 24 voices")).to_be_visible()
    expect(page.get_by_label("Exercise").locator("option:checked")).to_have_text(TITLE)
    check(page)
    select_all_and_accept(page, 25)
    expect(flash(page, "Themes given to 25 voices")).to_be_visible()
    assert themed(page) == before + 50
    expect(page.locator("#queue-list")).to_contain_text("10 voices need themes with these filters.")
    check(page)

    # A new theme from the voices no theme fits.
    page.get_by_role("link", name="Find new themes among voices no theme fits").click()
    expect(page.get_by_role("heading", name="Find new themes", level=1)).to_be_visible()
    check(page)
    group = page.locator("section.app-theme-group").filter(has_text="Allotment plots are scarce")
    expect(group).to_have_count(1)
    group.get_by_label("Name a new theme for this group").fill("Allotments and growing")
    group.get_by_role("button", name="Create theme").click()
    expect(flash(page, re.compile(r"New theme Allotments and growing given to \d+ voices"))).to_be_visible()
    expect(
        page.locator("section.app-theme-group").filter(has_text="Allotment plots are scarce")
    ).to_have_count(0)
    check(page)
