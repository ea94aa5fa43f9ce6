"""The officer's journey through a strategy, in a real browser, checked with axe on every page.

Everything is found the way a person finds it: by visible text, labels and roles.
"""

import re
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.browser import journeys
from tests.browser.journeys import Check

pytestmark = pytest.mark.browser

PLACE = "Ashbourne Vale"
TITLE = "Ashbourne Vale cohesion strategy 2026 to 2029"
NEW_TITLE = "Ashbourne Vale cohesion strategy 2026 to 2030"
STAGES = 4


def sign_in(page: Page, email: str, check_accessibility: Check) -> None:
    journeys.sign_in(page, email, check_accessibility)
    expect(page.get_by_role("link", name=PLACE)).to_be_visible()


def open_strategy(page: Page, check_accessibility: Check) -> None:
    check_accessibility(page)
    page.get_by_role("link", name=PLACE, exact=True).click()
    expect(page.get_by_role("heading", name=PLACE, level=1)).to_be_visible()
    check_accessibility(page)
    page.get_by_role("link", name=TITLE, exact=True).click()
    expect(page.get_by_role("heading", name=TITLE, level=1)).to_be_visible()


def test_officer_edits_strategy_and_restores_from_history(
    page: Page, check_accessibility: Check, screenshot: Callable[[Page, str], None]
) -> None:
    sign_in(page, "officer@demo.test", check_accessibility)
    open_strategy(page, check_accessibility)

    # The task list: four stages, each started by the demo data and published, the plan changed since.
    stages = page.locator(".govuk-task-list__item")
    expect(stages).to_have_count(STAGES)
    for index in range(STAGES):
        expect(stages.nth(index)).to_contain_text(
            re.compile("In progress|Published|Changed since last edition")
        )
    expect(stages.nth(2)).to_contain_text("Changed since last edition")
    check_accessibility(page)
    screenshot(page, "strategy")

    page.get_by_role("link", name="Change title, dates or status").click()
    expect(page.get_by_role("heading", name="Change strategy details", level=1)).to_be_visible()
    check_accessibility(page)

    # An invalid form first: the GOV.UK error summary, linked to the field.
    page.get_by_label("Title", exact=True).fill("")
    page.get_by_role("button", name="Save strategy").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(summary.get_by_role("link", name="Enter title")).to_be_visible()
    expect(page).to_have_title(re.compile(r"^Error: "))
    check_accessibility(page)
    screenshot(page, "strategy-edit-error")

    # Now a valid change: title, end year, status and a note.
    page.get_by_label("Title", exact=True).fill(NEW_TITLE)
    page.get_by_role("group", name="End date").get_by_label("Year").fill("2030")
    page.get_by_role("group", name="Status").get_by_label("Adopted").check()
    page.get_by_label("Note about this change (optional)").fill("Extended by a year at Cabinet")
    page.get_by_role("button", name="Save strategy").click()

    banner = page.locator(".govuk-notification-banner--success")
    expect(banner).to_contain_text("Strategy saved")
    expect(page.get_by_role("heading", name=NEW_TITLE, level=1)).to_be_visible()
    expect(page.locator(".govuk-summary-list")).to_contain_text("2030")
    expect(page.locator(".govuk-summary-list")).to_contain_text("Adopted")
    check_accessibility(page)

    page.get_by_role("link", name="History of this strategy").click()
    expect(page.get_by_role("heading", name=NEW_TITLE, level=1)).to_be_visible()
    check_accessibility(page)
    screenshot(page, "history")
    version_2 = page.locator("#version-2")
    expect(version_2).to_contain_text("Title changed from")
    expect(version_2).to_contain_text("Status changed from Draft to Adopted")
    expect(version_2).to_contain_text("Extended by a year at Cabinet")

    page.get_by_role("link", name="Restore version 1").click()
    expect(page.locator(".app-restore__changes")).to_contain_text("Status changed from Adopted to Draft")
    check_accessibility(page)
    page.get_by_role("button", name="Restore version 1").click()
    version_3 = page.locator("#version-3")
    expect(version_3).to_contain_text("Restored version 1")
    expect(page.get_by_role("heading", name=TITLE, level=1)).to_be_visible()
    check_accessibility(page)
    screenshot(page, "history-restored")


def test_councillor_reads_but_cannot_change_or_see_other_places(
    page: Page, check_accessibility: Check, screenshot: Callable[[Page, str], None]
) -> None:
    sign_in(page, "councillor@demo.test", check_accessibility)
    open_strategy(page, check_accessibility)
    expect(page.get_by_role("link", name="Change title, dates or status")).to_have_count(0)
    check_accessibility(page)

    response: Any = page.goto("/places/cobbleton/")
    assert response is not None and response.status == 404
    expect(page.get_by_role("heading", name="Page not found", level=1)).to_be_visible()
    check_accessibility(page)
    screenshot(page, "not-found")
