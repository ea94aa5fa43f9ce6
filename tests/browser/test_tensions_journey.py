"""The tension log in a real browser: an officer given the tension log records an entry (personal details
removed), sets and shares the week's place-wide level and chooses a period to export; a councillor then sees
the shared level on the place's page and no entry. axe runs on every page visited.

Everything is found the way a person finds it: by visible text, labels and roles.
"""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.journeys import Check, sign_in, sign_out

pytestmark = pytest.mark.browser

PLACE = "Ashbourne Vale"
ENTRY = "Stickers at the bus station"


def test_officer_keeps_the_tension_log_and_a_councillor_sees_only_the_shared_level(
    page: Page, check_accessibility: Check
) -> None:
    check = check_accessibility
    sign_in(page, "officer@demo.test", check)
    page.get_by_role("link", name=PLACE, exact=True).click()
    expect(page.get_by_role("heading", name="Community tensions this week")).to_be_visible()
    check(page)

    page.get_by_role("link", name="Tension log", exact=True).click()
    expect(page.get_by_role("heading", name="Tension log", level=1)).to_be_visible()
    expect(page.get_by_role("link", name="Graffiti on the mosque wall")).to_be_visible()
    check(page)

    page.get_by_role("button", name="Add an entry").click()
    expect(page.get_by_role("heading", name="Add an entry to the tension log")).to_be_visible()
    check(page)
    page.get_by_role("button", name="Save entry").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    check(page)
    observed = page.get_by_role("group", name="When was it observed?")
    observed.get_by_label("Day").fill("1")
    observed.get_by_label("Month").fill("12")
    observed.get_by_label("Year").fill("2026")
    page.get_by_label("Short description").fill(ENTRY)
    page.get_by_role("group", name="Category").get_by_label("Race").check()
    page.get_by_role("group", name="Areas").get_by_role("checkbox").first.check()
    page.get_by_label("What happened").fill("Stickers seen by a resident; call me on 07700 900123.")
    page.get_by_role("group", name="Source").get_by_label("Partner organisation").check()
    page.get_by_role("group", name="Evidence type").get_by_label("Evidenced").check()
    page.get_by_role("group", name="Spread").get_by_label("Local").check()
    page.get_by_role("group", name="Impact").get_by_label("2: some").check()
    page.get_by_role("group", name="Status").get_by_label("Open").check()
    page.get_by_role("button", name="Save entry").click()
    expect(page.get_by_role("heading", name=ENTRY, level=1)).to_be_visible()
    expect(page.get_by_text("Personal details were removed before saving")).to_be_visible()
    expect(page.get_by_text("07700 900123")).to_have_count(0)
    check(page)

    page.get_by_role("link", name="Weekly picture").click()
    expect(page.get_by_role("heading", name=re.compile(r"^Weekly picture"), level=1)).to_be_visible()
    expect(page.get_by_role("table", name="Levels by week (the chart's data)")).to_be_visible()
    check(page)
    page.get_by_role("link", name=re.compile(r"the level for Whole place")).click()
    expect(page.get_by_role("heading", name=re.compile(r"^Level for the whole of"))).to_be_visible()
    check(page)
    page.get_by_role("group", name="Level").get_by_label("High").check()
    page.get_by_label("Reason", exact=True).fill(
        "A protest is planned for Saturday; partners are meeting on Friday."
    )
    page.get_by_label("Share this place-wide level and its reason with councillors").check()
    page.get_by_role("button", name="Save level").click()
    expect(page.get_by_text("Level saved")).to_be_visible()
    check(page)

    page.get_by_role("link", name="Export for partners").click()
    page.get_by_role("button", name="Choose this period").click()
    expect(page.get_by_role("link", name="Entries (CSV)")).to_be_visible()
    check(page)
    sign_out(page)

    sign_in(page, "councillor@demo.test", check)
    page.get_by_role("link", name=PLACE, exact=True).click()
    expect(page.get_by_text("A protest is planned for Saturday")).to_be_visible()
    expect(page.get_by_role("link", name="Tension log")).to_have_count(0)
    expect(page.get_by_text(ENTRY)).to_have_count(0)
    check(page)
