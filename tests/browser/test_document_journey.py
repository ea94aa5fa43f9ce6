"""The strategy document in a real browser: the officer writes the foreword and publishes the action plan;
the councillor reads the plan edition and downloads the document as a PDF and as a Word file. axe runs on
every page visited.

Everything is found the way a person finds it: by visible text, labels and roles.
"""

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from tests.browser.journeys import Check, open_strategy, sign_in, sign_out

pytestmark = pytest.mark.browser

PLACE = "Ashbourne Vale"
STRATEGY = f"{PLACE} cohesion strategy 2026 to 2029"
FOREWORD = "Ashbourne Vale is a place where **everyone** belongs.\n\n- We listened\n- We acted"
EDITION = "Action plan, agreed by Cabinet"
Shoot = Callable[[Page, str], None]


def test_officer_writes_and_publishes_councillor_reads_and_downloads(
    page: Page, check_accessibility: Check, screenshot: Shoot
) -> None:
    check = check_accessibility
    sign_in(page, "officer@demo.test", check)
    open_strategy(page, PLACE, check)
    page.get_by_role("link", name="The strategy’s narrative").click()
    expect(page.get_by_role("heading", name="The strategy’s narrative", level=1)).to_be_visible()
    check(page)
    page.get_by_role("link", name=re.compile(r"^Write\s*foreword$")).click()
    expect(page.get_by_role("heading", name="Foreword", level=1)).to_be_visible()
    check(page)
    page.get_by_label("Text").fill(FOREWORD)
    page.get_by_role("button", name="Save section").click()
    expect(page.locator("#foreword strong")).to_have_text("everyone")
    check(page)

    page.goto(page.url.split("/narrative/")[0] + "/")
    page.get_by_role("link", name=re.compile("^Editions")).click()
    expect(page.get_by_role("heading", name="Editions", level=1)).to_be_visible()
    check(page)
    page.get_by_role("link", name="Publish an edition of plan actions with partners").click()
    check(page)
    page.get_by_label("Title of this edition").fill(EDITION)
    page.get_by_role("button", name="Publish edition").click()
    expect(page.get_by_role("heading", name=EDITION, level=1)).to_be_visible()
    check(page)
    sign_out(page)

    sign_in(page, "councillor@demo.test", check)
    open_strategy(page, PLACE, check)
    page.get_by_role("link", name=re.compile("^Editions")).click()
    check(page)
    page.get_by_role("link", name=re.compile(re.escape(EDITION))).first.click()
    expect(page.get_by_role("heading", name=EDITION, level=1)).to_be_visible()
    expect(page.locator(".app-edition table.app-actions").first).to_be_visible()
    assert not re.search(r"\b\d{4}-\d{2}-\d{2}\b|\bTrue\b|\bFalse\b", page.locator("main").inner_text())
    check(page)
    screenshot(page, "plan-edition")

    page.go_back()
    page.go_back()
    page.get_by_role("link", name=re.compile("^The strategy document")).click()
    expect(page.get_by_role("heading", name=STRATEGY, level=1)).to_be_visible()
    expect(page.get_by_role("heading", name="Foreword", level=2)).to_be_visible()
    check(page)
    with page.expect_download() as pdf:
        page.get_by_role("link", name="Download this document as a PDF").click()
    assert pdf.value.suggested_filename.endswith("-published.pdf")
    with page.expect_download() as word:
        page.get_by_role("link", name="Download this document as a Word file").click()
    assert word.value.suggested_filename.endswith("-published.docx")
