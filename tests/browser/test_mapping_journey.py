"""The strengths and struggles stage in a real browser: accept a candidate struggle, add evidence with and
without JavaScript, confirm a strength that could help, read the grid and the history. axe runs on every
page visited, and again after each part of a page that htmx swaps.

Everything is found the way a person finds it: by visible text, labels and roles.
"""

import re
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.browser.journeys import Check, open_strategy, sign_in, sign_out

pytestmark = pytest.mark.browser

PLACE = "Ashbourne Vale"
STAGE = "Map strengths and struggles"
MAPPING_URL = "/places/ashbourne-vale/strategies/cohesion-strategy-2026/mapping/"
SEEDED_STRUGGLE = "Nothing for young people to do in the evenings"
EVIDENCE_HEADING = re.compile(r"^Evidence: what people said \((\d+)\)$")

Shoot = Callable[[Page, str], None]


def evidence_count(evidence: Locator) -> int:
    text = evidence.get_by_role("heading", level=2).inner_text().strip()
    found = EVIDENCE_HEADING.match(text)
    assert found, f"Unexpected evidence heading: {text!r}"
    return int(found.group(1))


def search_voices(page: Page, word: str, check: Check) -> Locator:
    """Search the voices from the record page's evidence panel; the results are a plain GET page."""
    evidence = page.locator("#evidence")
    expect(evidence.get_by_role("heading", name="Find voices to add as evidence")).to_be_visible()
    evidence.get_by_label("Words in the text").fill(word)
    evidence.get_by_role("button", name="Search voices").click()
    expect(page).to_have_url(re.compile(rf"[?&]q={word}(&|#|$)"))
    expect(evidence.get_by_label("Words in the text")).to_have_value(word)
    add_buttons = evidence.get_by_role("button", name=re.compile(r"^Add as evidence"))
    expect(add_buttons.first).to_be_visible()
    check(page)
    return evidence


def first_result(evidence: Locator) -> tuple[str, Locator]:
    """The text of the first voice found and its "Add as evidence" button."""
    item = evidence.get_by_role("list", name="Voices found").get_by_role("listitem").first
    text = item.locator("span").first.inner_text().strip()
    return text, item.get_by_role("button", name=re.compile(r"^Add as evidence"))


def checked_label(page: Page, group: str) -> str:
    """The label of the one ticked checkbox in a fieldset."""
    boxes = page.get_by_role("group", name=group).get_by_role("checkbox", checked=True)
    expect(boxes).to_have_count(1)
    box_id = boxes.first.get_attribute("id")
    return page.locator(f"label[for='{box_id}']").inner_text().strip()


def test_officer_maps_strengths_and_struggles(
    page: Page, check_accessibility: Check, screenshot: Shoot
) -> None:
    sign_in(page, "officer@demo.test", check_accessibility)
    open_strategy(page, PLACE, check_accessibility, stage=STAGE)

    # The overview offers candidates found in what people said; accept a struggle.
    expect(page.get_by_role("heading", name="Candidates from what people said", level=2)).to_be_visible()
    candidates = page.get_by_role("table", name="Candidate strengths and struggles")
    struggle_rows = candidates.get_by_role("row").filter(
        has=page.locator(".govuk-tag", has_text=re.compile(r"^\s*Struggle\s*$"))
    )
    expect(struggle_rows.first).to_be_visible()
    screenshot(page, "mapping-overview")
    accept = struggle_rows.first.get_by_role("link", name=re.compile(r"^Accept "))
    title = (accept.get_attribute("aria-label") or accept.inner_text()).removeprefix("Accept").strip()
    assert title, "The Accept link does not say which candidate it accepts"
    accept.click()

    # The form is filled in from the candidate: title, one area and one theme.
    expect(page.get_by_role("heading", name="Add a struggle", level=1)).to_be_visible()
    expect(page.get_by_text("Filled in from a candidate")).to_be_visible()
    expect(page.get_by_label("Title", exact=True)).to_have_value(title)
    area = checked_label(page, "Areas")
    theme = checked_label(page, "Themes")
    assert title == f"{theme} in {area}"
    check_accessibility(page)
    page.get_by_role("group", name="Severity").get_by_label("3: serious").check()
    page.get_by_role("group", name="Trend").get_by_label("Worsening").check()
    page.get_by_role("button", name="Save struggle").click()

    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Struggle saved")
    expect(page.get_by_role("heading", name=title, level=1)).to_be_visible()
    summary = page.locator(".govuk-summary-list")
    expect(summary).to_contain_text("3 of 5")
    expect(summary).to_contain_text("Worsening")
    check_accessibility(page)
    struggle_url = page.url

    # Find voices and add two of them as evidence; htmx swaps only the evidence panel.
    evidence = search_voices(page, "bus", check_accessibility)
    initial_evidence = evidence_count(evidence)
    searched_url = page.url
    page.evaluate("window.stillTheSamePage = true")
    added = []
    for _ in range(2):
        before = evidence_count(evidence)
        text, button = first_result(evidence)
        button.click()
        expect(evidence.get_by_role("status")).to_have_text("Voice added as evidence")
        expect(evidence.get_by_role("heading", level=2)).to_have_text(
            f"Evidence: what people said ({before + 1})"
        )
        expect(
            evidence.get_by_role("list", name=EVIDENCE_HEADING).get_by_role("link", name=text, exact=True)
        ).to_be_visible()
        expect(page).to_have_url(searched_url)
        assert page.evaluate("window.stillTheSamePage === true"), "The page was reloaded, not swapped"
        expect(page.locator(".govuk-notification-banner--success")).to_have_count(0)
        # Adding a voice changed the struggle's version; the match forms below the panel must follow it,
        # or confirming a match next would be refused as someone else's change.
        version = evidence.locator("input[name=version]").first.get_attribute("value")
        for field in page.locator("#matches input[name=version]").all():
            expect(field).to_have_value(version or "")
        check_accessibility(page)
        added.append(text)
    assert added[0] != added[1]

    # Confirm that a strength could help (an ordinary form post, after the two swaps above).
    matches = page.get_by_role("table", name=re.compile(r"^Strengths that could help with "))
    confirm = matches.get_by_role("button", name=re.compile(r"^Confirm it could help")).first
    strength = confirm.inner_text().split(":", 1)[1].strip()
    confirm.click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Match confirmed")
    expect(page).to_have_url(re.compile(re.escape(struggle_url.split("?")[0]) + r"#matches$"))
    row = matches.get_by_role("row").filter(has=page.get_by_role("link", name=strength, exact=True))
    expect(row.locator(".govuk-tag")).to_have_text("Confirmed")
    expect(row.get_by_role("button", name=re.compile(r"^Remove match"))).to_be_visible()
    expect(page.locator("#evidence").get_by_role("heading", level=2)).to_have_text(
        f"Evidence: what people said ({initial_evidence + 2})"
    )
    check_accessibility(page)
    screenshot(page, "mapping-struggle")

    # The grid, from the stage's sub-navigation: the new struggle counts in its theme and area.
    page.get_by_role("navigation", name="Strengths and struggles stage").get_by_role(
        "link", name="Area and theme grid"
    ).click()
    expect(
        page.get_by_role("heading", name="Where strengths and struggles concentrate", level=1)
    ).to_be_visible()
    grid = page.get_by_role("table", name="Strengths and struggles by theme and area")
    expect(grid).to_be_visible()
    check_accessibility(page)
    screenshot(page, "mapping-grid")
    areas = [name.strip() for name in grid.locator("thead th").all_inner_texts()]
    theme_row = grid.get_by_role("row").filter(has=page.get_by_role("rowheader", name=theme, exact=True))
    cell = theme_row.get_by_role("cell").nth(areas.index(area) - 1)
    # No other struggle was recorded there (or it would not have been a candidate): one, of severity 3.
    struggles_link = cell.get_by_role("link", name=re.compile(r"^T 1 struggle, \(max 3\) severity$"))
    expect(struggles_link).to_be_visible()
    struggles_link.click()

    # The struggles list, filtered to that area and theme, includes the new struggle.
    expect(page.get_by_role("heading", name="Struggles", level=1)).to_be_visible()
    expect(page.get_by_label("Area")).to_have_value(re.compile(r"^\d+$"))
    expect(page.get_by_label("Area").locator("option:checked")).to_have_text(area)
    expect(page.get_by_label("Theme").locator("option:checked")).to_have_text(theme)
    records = page.locator("#records")
    expect(records.get_by_role("link", name=title, exact=True)).to_be_visible()
    check_accessibility(page)
    records.get_by_role("link", name=title, exact=True).click()

    # Its history tells what happened: two voices added, one strength confirmed.
    expect(page.get_by_role("heading", name=title, level=1)).to_be_visible()
    check_accessibility(page)
    page.get_by_role("link", name="History of this struggle").click()
    expect(page.get_by_role("heading", name=title, level=1)).to_be_visible()
    history = page.locator(".app-history")
    expect(history.get_by_text("Added a voice as evidence")).to_have_count(2)
    expect(history).to_contain_text("Voices as evidence changed from")
    expect(history).to_contain_text(f"Confirmed that {strength} could help")
    expect(history.locator("li", has_text="Strengths that could help").first).to_contain_text(strength)
    check_accessibility(page)


def test_evidence_picker_works_without_javascript(
    page_without_javascript: Page, check_accessibility_without_javascript: Check
) -> None:
    page = page_without_javascript
    check_accessibility = check_accessibility_without_javascript
    sign_in(page, "officer@demo.test", check_accessibility)
    open_strategy(page, PLACE, check_accessibility, stage=STAGE)
    page.get_by_role("navigation", name="Strengths and struggles stage").get_by_role(
        "link", name="Struggles", exact=True
    ).click()
    expect(page.get_by_role("heading", name="Struggles", level=1)).to_be_visible()
    check_accessibility(page)
    page.locator("#records").get_by_role("link", name=SEEDED_STRUGGLE).click()
    expect(page.get_by_role("heading", name=SEEDED_STRUGGLE, level=1)).to_be_visible()
    check_accessibility(page)
    record_url = page.url

    evidence = search_voices(page, "park", check_accessibility)
    before = evidence_count(evidence)
    text, button = first_result(evidence)
    button.click()

    # A plain form post: redirected back to the record's evidence, with the search kept and a flash.
    expect(page).to_have_url(re.compile(re.escape(record_url) + r"\?q=park#evidence$"))
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Voice added as evidence")
    expect(evidence.get_by_role("heading", level=2)).to_have_text(
        f"Evidence: what people said ({before + 1})"
    )
    expect(
        evidence.get_by_role("list", name=EVIDENCE_HEADING).get_by_role("link", name=text, exact=True)
    ).to_be_visible()
    expect(evidence.get_by_label("Words in the text")).to_have_value("park")
    check_accessibility(page)


def test_facilitator_reads_and_councillor_is_refused(page: Page, check_accessibility: Check) -> None:
    sign_in(page, "facilitator@demo.test", check_accessibility)
    open_strategy(page, PLACE, check_accessibility, stage=STAGE)
    expect(page.get_by_role("heading", name="Candidates from what people said")).to_be_visible()
    for name in ("Add a strength", "Add a struggle"):
        expect(page.get_by_role("button", name=name)).to_have_count(0)
        expect(page.get_by_role("link", name=name)).to_have_count(0)
    expect(page.get_by_role("link", name=re.compile(r"^Accept"))).to_have_count(0)
    expect(page.get_by_role("button", name=re.compile(r"^Dismiss"))).to_have_count(0)

    page.get_by_role("navigation", name="Strengths and struggles stage").get_by_role(
        "link", name="Struggles", exact=True
    ).click()
    expect(page.get_by_role("heading", name="Struggles", level=1)).to_be_visible()
    check_accessibility(page)
    page.locator("#records").get_by_role("link", name=SEEDED_STRUGGLE).click()
    expect(page.get_by_role("heading", name=SEEDED_STRUGGLE, level=1)).to_be_visible()
    expect(page.get_by_role("heading", name="Strengths that could help")).to_be_visible()
    expect(page.get_by_role("heading", name="Find voices to add as evidence")).to_have_count(0)
    for pattern in (r"^Add as evidence", r"^Remove", r"^Confirm it could help"):
        expect(page.get_by_role("button", name=re.compile(pattern))).to_have_count(0)
    expect(page.get_by_role("link", name="Change this struggle")).to_have_count(0)
    check_accessibility(page)

    # A councillor sees a stage only once it is published, so its working pages are refused.
    sign_out(page)
    sign_in(page, "councillor@demo.test", check_accessibility)
    response: Any = page.goto(MAPPING_URL)
    assert response is not None and response.status == 403
    expect(page.get_by_role("heading", name="You do not have permission to do that", level=1)).to_be_visible()
    check_accessibility(page)
