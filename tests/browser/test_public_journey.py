"""Residents' pages and phones in a real browser: an officer switches Ashbourne Vale's public pages on (with
Welsh and a sentence on how to get in touch); a resident reads every page in English and Welsh, without
JavaScript, on a 375 pixel phone; each persona's main pages fit a phone too, wide tables scrolling in their
own region. axe runs on every page visited.
"""

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import run_axe
from tests.browser.journeys import Check, sign_in, sign_out

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 812}
PLACE = "ashbourne-vale"
STRATEGY = f"/places/{PLACE}/strategies/cohesion-strategy-2026"
PUBLIC = (
    "",
    "what-we-heard/",
    "what-we-are-doing/",
    "how-we-are-doing/",
    "you-said-we-did/",
    "you-said-we-did/easy-read/",
)
# Each persona's main pages, and a page of each kind with a table (the facilitator's overview is checked at
# 1280 pixels too). The ids are the demo data's, all Ashbourne Vale's (editions 1 to 4: listening, mapping,
# plan, progress).
MAIN_PAGES = {
    "officer@demo.test": [
        "/places/",
        f"/places/{PLACE}/",
        f"{STRATEGY}/",
        f"{STRATEGY}/listening/",
        f"{STRATEGY}/listening/exercises/1/",
        f"{STRATEGY}/listening/analysis",
        f"{STRATEGY}/listening/heard",
        f"{STRATEGY}/listening/heard/4",
        f"{STRATEGY}/listening/voices",
        f"{STRATEGY}/listening/scores",
        f"{STRATEGY}/mapping/",
        f"{STRATEGY}/mapping/strengths/",
        f"{STRATEGY}/mapping/struggles/",
        f"{STRATEGY}/mapping/struggles/1/",
        f"{STRATEGY}/mapping/grid",
        f"{STRATEGY}/plan/",
        f"{STRATEGY}/plan/actions/1/",
        f"{STRATEGY}/plan/timeline",
        f"{STRATEGY}/plan/indicators",
        f"{STRATEGY}/progress/",
        f"{STRATEGY}/progress/indicators/1/",
        f"{STRATEGY}/progress/you-said-we-did/",
        f"{STRATEGY}/dashboard",
        f"{STRATEGY}/document",
        f"{STRATEGY}/editions/",
        f"{STRATEGY}/editions/1/",
        f"{STRATEGY}/editions/2/",
        f"{STRATEGY}/editions/4/",
        f"{STRATEGY}/narrative/",
        f"/places/{PLACE}/tensions/",
        f"/places/{PLACE}/tensions/picture/",
        f"/places/{PLACE}/public-pages/",
        "/account/",
    ],
    "councillor@demo.test": [
        "/places/",
        f"/places/{PLACE}/",
        f"{STRATEGY}/",
        f"{STRATEGY}/dashboard",
        f"{STRATEGY}/document",
    ],
    "facilitator@demo.test": [
        "/overview/",
        "/overview/indicators/belonging",
        f"{STRATEGY}/",
        f"{STRATEGY}/comments/",
    ],
    "admin@demo.test": ["/admin/", "/admin/audit", f"/admin/places/{PLACE}/"],
}


def fits(page: Page, width: int, where: str) -> None:
    """No page wider than the screen: anything wide scrolls inside its own region."""
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    if scroll_width > width:
        # Name the outermost elements that stick out, to say what to fix.
        wide = page.evaluate(
            """(width) => [...document.querySelectorAll('body *')]
                .filter((e) => e.getBoundingClientRect().right > width
                    && !(e.parentElement && e.parentElement.getBoundingClientRect().right > width))
                .slice(0, 5).map((e) => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))""",
            width,
        )
        raise AssertionError(f"{where} is {scroll_width} px wide on a {width} px screen: {wide}")
    # A one-word heading of any table stays on one line ("Status", not "Statu s"): a table too narrow for its
    # words sits in a scrolling region (components/scroll.html), where words are kept whole and the table
    # scrolls instead. Each broken heading is named with its table's caption, to say which table to move.
    broken = page.evaluate(
        """() => [...document.querySelectorAll('table th')].filter((th) => {
            const text = th.innerText.trim();
            if (!text || /\\s/.test(text)) return false;
            const range = document.createRange();
            range.selectNodeContents(th);
            // Seen lines: a visually hidden heading has 1-pixel boxes, and a sort arrow sits a little higher.
            const tops = [...range.getClientRects()].filter((r) => r.width > 1).map((r) => r.top);
            return tops.length > 0 && Math.max(...tops) - Math.min(...tops) > 8;
        }).map((th) => {
            const caption = th.closest('table').querySelector('caption');
            return th.innerText.trim() + ' (' + (caption ? caption.textContent.trim() : 'no caption') + ')';
        })"""
    )
    assert not broken, f"{where} breaks table headings mid-word on a {width} px screen: {broken}"


def test_officer_switches_the_public_pages_on_and_residents_read_them_on_a_phone(
    page: Page, browser: Any, live_server: str, check_accessibility: Check
) -> None:
    sign_in(page, "officer@demo.test", check_accessibility)
    page.get_by_role("link", name="Ashbourne Vale", exact=True).click()
    page.get_by_role("link", name=re.compile("Public pages: switch them on")).click()
    expect(page.get_by_role("heading", name="Public pages", level=1)).to_be_visible()
    check_accessibility(page)
    page.get_by_label("Publish the public pages").check()
    page.get_by_role("button", name="Save").click()
    expect(
        page.get_by_text("Enter how residents can get in touch before publishing the pages").first
    ).to_be_visible()
    check_accessibility(page)
    page.get_by_label("How residents can get in touch", exact=True).fill(
        "Email cohesion@ashbourne.example or call 01632 960 000."
    )
    page.get_by_label("Offer the pages in Welsh (Cymraeg) too").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Public pages saved")).to_be_visible()
    page.get_by_role("link", name=re.compile("titles and answers in Welsh")).click()
    expect(page.get_by_role("heading", name="Wording for the public pages", level=1)).to_be_visible()
    check_accessibility(page)
    page.get_by_label("In Welsh").first.fill("Strategaeth cydlyniant Ashbourne Vale 2026 i 2029")
    page.get_by_role("button", name="Save wording").click()
    expect(page.get_by_text("Wording saved")).to_be_visible()
    sign_out(page)

    context = browser.new_context(
        base_url=live_server, locale="cy", viewport=PHONE, java_script_enabled=False
    )
    resident = context.new_page()
    try:
        for language in ("en", "cy"):
            for path in PUBLIC:
                url = f"/p/{PLACE}/{path}?lang={language}"
                response = resident.goto(url)
                assert response is not None and response.status == 200, url
                assert resident.locator("html").get_attribute("lang") == language
                fits(resident, PHONE["width"], url)
                with _scripted(browser, live_server) as checker:
                    checker.goto(url)
                    run_axe(checker, url)
        resident.goto(f"/p/{PLACE}/?lang=cy")
        expect(resident.get_by_text("Strategaeth cydlyniant Ashbourne Vale 2026 i 2029")).to_be_visible()
        resident.get_by_role("link", name="English").click()
        expect(resident.get_by_role("heading", name="Our cohesion strategy", level=1)).to_be_visible()
    finally:
        context.close()


@contextmanager
def _scripted(browser: Any, live_server: str) -> Iterator[Page]:
    """A page with scripts on at the phone's width, for axe (which needs them; the pages have none)."""
    context = browser.new_context(base_url=live_server, locale="en-GB", viewport=PHONE)
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.mark.parametrize("email", sorted(MAIN_PAGES))
def test_each_personas_main_pages_fit_a_phone(
    browser: Any, live_server: str, email: str, check_accessibility: Check
) -> None:
    context = browser.new_context(base_url=live_server, locale="en-GB", viewport=PHONE)
    context.set_default_timeout(10_000)
    page = context.new_page()
    try:
        sign_in(page, email, lambda p: None)
        for path in MAIN_PAGES[email]:
            response = page.goto(path)
            assert response is not None and response.status == 200, path
            fits(page, PHONE["width"], path)
            if path == "/account/":  # and again with the table of API tokens, which is there once one is made
                page.get_by_label("Token name", exact=True).fill("Ward reports spreadsheet")
                page.get_by_role("button", name="Create token").click()
                expect(page.locator("#tokens")).to_be_visible()
                fits(page, PHONE["width"], "/account/ with an API token")
            for region in page.locator(".app-table-scroll").all():
                assert region.get_attribute("tabindex") == "0" and region.get_attribute("aria-label")
            check_accessibility(page)
    finally:
        context.close()


def test_the_overview_shows_comments_and_status_at_1280_pixels(
    page: Page, check_accessibility: Check
) -> None:
    sign_in(page, "facilitator@demo.test", check_accessibility)
    page.goto("/overview/")
    expect(page.get_by_role("heading", name="Needs attention")).to_be_visible()
    check_accessibility(page)
    fits(page, 1280, "/overview/")
    first_indicator = page.locator("#places thead th").nth(3).inner_text()
    for heading in ("Open review comments", "Overdue updates", first_indicator):
        box = page.locator("#places thead th", has_text=heading).bounding_box()
        assert box is not None and box["x"] + box["width"] <= 1280, f"{heading} is off screen"
    expect(page.locator("#places th[aria-sort] .app-sort-indicator")).to_be_visible()
    # The place column stays in view when the table scrolls sideways.
    page.locator(".app-overview").evaluate("(region) => { region.scrollLeft = region.scrollWidth }")
    place = page.locator("#places tbody th").first.bounding_box()
    assert place is not None and place["x"] >= 0
