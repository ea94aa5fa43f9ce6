"""Across the stages in a real browser: an officer publishes an edition of the action plan and compares it with
the draft; a councillor reads the dashboard and the published plan, with nothing to change; a facilitator reads
the overview of their places, sorts and filters it, compares an indicator across places and leaves a review
comment on an action (an empty one first); the officer sees it on the strategy home and resolves it.
axe runs on every page visited.

The demo data publishes all four stages of Ashbourne Vale (its plan has changed since) and gives the facilitator
six places."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.journeys import Check, open_strategy, sign_in

pytestmark = pytest.mark.browser

ASHBOURNE = "Ashbourne Vale"
STRATEGY = f"{ASHBOURNE} cohesion strategy 2026 to 2029"
EDITION_TITLE = "Action plan, refreshed after the spring review"
COMMENT = "Could the iftar programme reach the new estate too?"


def post_forms(page: Page) -> list[str]:
    """The actions of every form on the page that would change something."""
    return page.eval_on_selector_all(
        "form",
        "forms => forms.filter(f => (f.getAttribute('method') || 'get').toLowerCase() === 'post')"
        ".map(f => f.getAttribute('action'))",
    )


def test_officer_publishes_an_edition_and_compares_it_with_the_draft(
    page: Page, check_accessibility: Check
) -> None:
    sign_in(page, "officer@demo.test", check_accessibility)
    open_strategy(page, ASHBOURNE, check_accessibility)
    plan_item = page.locator(".govuk-task-list__item").filter(has_text="Plan actions with partners")
    expect(plan_item).to_contain_text("Changed since last edition")

    page.get_by_role("link", name=re.compile("^Editions")).click()
    expect(page.get_by_role("heading", name="Editions", level=1)).to_be_visible()
    check_accessibility(page)
    page.get_by_role("link", name="Publish an edition of plan actions with partners").click()
    expect(
        page.get_by_role("heading", name="Publish an edition of plan actions with partners")
    ).to_be_visible()
    check_accessibility(page)
    page.get_by_role("button", name="Publish edition").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("There is a problem")
    expect(page).to_have_title(re.compile("^Error: "))
    check_accessibility(page)

    page.get_by_label("Title of this edition").fill(EDITION_TITLE)
    group = page.get_by_role("group", name="Date of the decision (optional)")
    group.get_by_label("Day").fill("12")
    group.get_by_label("Month").fill("3")
    group.get_by_label("Year").fill("2027")
    page.get_by_label("The decision is still to come").check()  # a decision date after publication
    page.get_by_role("button", name="Publish edition").click()
    expect(page.get_by_role("heading", name=EDITION_TITLE, level=1)).to_be_visible()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("published")
    expect(page.get_by_text("12 March 2027 (decision still to come)")).to_be_visible()
    check_accessibility(page)

    page.get_by_label("Compare this edition with").select_option(index=0)  # edition 1, the one before
    page.get_by_role("button", name="Compare").click()
    expect(page.get_by_role("heading", name="What changed", level=1)).to_be_visible()
    expect(page.get_by_text(re.compile(r"^Added \(\d+\)$")).first).to_be_visible()
    check_accessibility(page)

    page.get_by_role("link", name=STRATEGY, exact=True).click()
    expect(plan_item).to_contain_text("Published")


def test_councillor_reads_the_dashboard_and_the_published_plan_with_nothing_to_change(
    page: Page, check_accessibility: Check
) -> None:
    sign_in(page, "councillor@demo.test", check_accessibility)
    open_strategy(page, ASHBOURNE, check_accessibility)
    assert post_forms(page) == ["/logout"]

    page.get_by_role("link", name="Dashboard", exact=True).click()
    expect(page.get_by_role("heading", name=f"Dashboard: {STRATEGY}", level=1)).to_be_visible()
    for section in (
        "Where each stage stands",
        "Priorities and their actions",
        "How success is measured",
        "You said, we did",
        "What we heard",
    ):
        expect(page.get_by_role("heading", name=section, level=2)).to_be_visible()
    expect(page.get_by_role("table", name="All actions by status")).to_be_visible()
    expect(page.get_by_role("table", name="Themes raised most")).to_be_visible()
    assert post_forms(page) == ["/logout"]
    check_accessibility(page)

    page.go_back()
    page.get_by_role("link", name="Plan actions with partners").click()
    expect(page.get_by_text("This is a frozen edition")).to_be_visible()
    assert post_forms(page) == ["/logout"]
    check_accessibility(page)


def test_facilitator_compares_places_and_leaves_a_comment_the_officer_resolves(
    page: Page, check_accessibility: Check
) -> None:
    sign_in(page, "facilitator@demo.test", check_accessibility)
    page.get_by_role("link", name="Overview").click()
    expect(page.get_by_role("heading", name="Your places side by side", level=1)).to_be_visible()
    table = page.get_by_role("table", name="Places")
    expect(table.get_by_role("row")).to_have_count(7)  # a heading row and six places
    check_accessibility(page)

    table.get_by_role("link", name="Overdue updates").click()
    expect(page).to_have_url(re.compile("sort=overdue"))
    expect(page.get_by_role("table", name="Places")).to_be_visible()
    check_accessibility(page)
    page.get_by_label("Only places with overdue updates").check()
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_text(re.compile(r"^Showing \d+ of 6 places"))).to_be_visible()
    check_accessibility(page)

    page.get_by_role("link", name="People from different backgrounds get on well together").last.click()
    expect(
        page.get_by_role("heading", name="People from different backgrounds get on well together", level=1)
    ).to_be_visible()
    expect(page.get_by_role("table", name="Places asking the question in the same words")).to_be_visible()
    check_accessibility(page)

    page.goto("/overview/")
    page.get_by_role("table", name="Places").get_by_role("link", name=ASHBOURNE).click()
    expect(page.get_by_role("heading", name=STRATEGY, level=1)).to_be_visible()
    page.get_by_role("link", name="Plan actions with partners").click()
    expect(page.get_by_role("heading", name="Plan actions with partners", level=1)).to_be_visible()
    page.get_by_role("link", name=re.compile("Open iftar")).first.click()
    check_accessibility(page)
    page.get_by_role("link", name="Read, reply to or add comments").click()
    check_accessibility(page)
    page.get_by_role("button", name="Add comment").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("There is a problem")
    check_accessibility(page)
    page.get_by_label("Your comment").fill(COMMENT)
    page.get_by_role("button", name="Add comment").click()
    expect(page.get_by_text(COMMENT)).to_be_visible()
    check_accessibility(page)

    page.context.clear_cookies()
    sign_in(page, "officer@demo.test", check_accessibility)
    open_strategy(page, ASHBOURNE, check_accessibility)
    expect(page.locator("#open-comments")).to_contain_text("open comment")
    page.get_by_role("link", name="See all review comments").click()
    expect(page.get_by_text(COMMENT)).to_be_visible()
    check_accessibility(page)
    thread = page.locator(".app-history__entry").filter(has_text=COMMENT)
    thread.get_by_role("button", name=re.compile("^Resolve")).click()
    expect(page.locator(".govuk-notification-banner--success")).to_be_visible()
    check_accessibility(page)
