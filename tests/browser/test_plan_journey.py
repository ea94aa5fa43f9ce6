"""The action plan stage in a real browser: turn a serious struggle no action answers into a priority, add an
action to it (a milestone outside its dates first), add a standard indicator, then follow the golden thread
from the action back to what people said. axe runs on every page visited.

Everything is found the way a person finds it: by visible text, labels and roles.
"""

import re
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.browser.journeys import Check, open_strategy, sign_in

pytestmark = pytest.mark.browser

STAGE = "Plan actions with partners"
BRACKENFORD = "Brackenford"
ASHBOURNE = "Ashbourne Vale"
# The demo plans answer every serious struggle but this one (severity 4), so the plan check lists it.
UNANSWERED = "Racist abuse on buses and at the bus station"
OUTCOME = "People travel on buses without fear of abuse"
ACTION = "Bystander training for bus drivers"
LEAD = "Brackenford Bus Company"
MILESTONE = "Launch event"
LIBRARY_INDICATOR = "Trust in people in the neighbourhood"
TRUST_QUESTION = (
    "Would you say that many of the people who live in this neighbourhood can be trusted, some can be "
    "trusted, a few can be trusted, or that none of the people in your neighbourhood can be trusted?"
)
ASHBOURNE_PLAN_URL = "/places/ashbourne-vale/strategies/cohesion-strategy-2026/plan/"
EVIDENCE_HEADING = re.compile(r"^Evidence: what people said \(\d+\)$")

Shoot = Callable[[Page, str], None]


def fill_date(page: Page, group: str, day: int, month: int, year: int) -> None:
    fieldset = page.get_by_role("group", name=group)
    fieldset.get_by_label("Day").fill(str(day))
    fieldset.get_by_label("Month").fill(str(month))
    fieldset.get_by_label("Year").fill(str(year))


def named(visible: str, hidden: str) -> re.Pattern[str]:
    """An accessible name made of visible text then visually hidden words. Chromium puts a space before the
    hidden part (it is absolutely positioned), so ": Title" comes out as " : Title"."""
    return re.compile(rf"^{re.escape(visible)}\s*{re.escape(hidden)}$")


def summary_value(page: Page, key: str) -> Locator:
    """The value beside a key in the page's summary list."""
    row = page.locator(".govuk-summary-list__row").filter(
        has=page.locator(".govuk-summary-list__key", has_text=re.compile(rf"^\s*{re.escape(key)}\s*$"))
    )
    return row.locator(".govuk-summary-list__value")


def subnav(page: Page) -> Locator:
    return page.get_by_role("navigation", name="Action plan stage")


def test_officer_plans_and_follows_the_golden_thread(
    page: Page, check_accessibility: Check, screenshot: Shoot
) -> None:
    sign_in(page, "officer@demo.test", check_accessibility)
    open_strategy(page, BRACKENFORD, check_accessibility, stage=STAGE)

    expect(page.get_by_role("button", name="Add a priority", exact=True)).to_be_visible()

    # The plan check: the one serious struggle that no action answers yet.
    check_list = page.locator("#plan-check").get_by_role("list")
    expect(page.get_by_text("Check the plan")).to_be_visible()
    expect(page.get_by_role("heading", name="Serious struggles that no action answers yet")).to_be_visible()
    expect(check_list.get_by_role("listitem")).to_have_count(1)
    expect(check_list).to_contain_text(f"{UNANSWERED} (severity 4)")
    screenshot(page, "plan")

    page.get_by_role("link", name=named("make it a priority", f": {UNANSWERED}")).click()
    expect(page.get_by_role("heading", name="Add a priority", level=1)).to_be_visible()
    struggles = page.get_by_role("group", name="Struggles it answers")
    expect(struggles.get_by_label(f"{UNANSWERED} (severity 4)")).to_be_checked()
    expect(struggles.get_by_role("checkbox", checked=True)).to_have_count(1)
    check_accessibility(page)
    page.get_by_label("Outcome").fill(OUTCOME)
    page.get_by_role("button", name="Save priority").click()

    expect(page.get_by_role("heading", name=STAGE, level=1)).to_be_visible()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Priority saved")
    expect(page.get_by_role("heading", name=OUTCOME, level=2)).to_be_visible()
    # The new priority comes last: it can move up but not down.
    expect(page.get_by_role("button", name=named("Move up", f": {OUTCOME}"))).to_have_count(1)
    expect(page.get_by_role("button", name=named("Move down", f": {OUTCOME}"))).to_have_count(0)
    expect(page.get_by_role("button", name=re.compile(r"^Move up"))).to_have_count(3)
    expect(page.get_by_role("button", name=re.compile(r"^Move down"))).to_have_count(3)
    # Only an action answers a struggle, so a priority with none leaves it in the plan check.
    expect(page.locator("#plan-check")).to_contain_text(UNANSWERED)
    check_accessibility(page)

    page.get_by_role("link", name=named("Add an action to this priority", f": {OUTCOME}")).click()
    expect(page.get_by_role("heading", name="Add an action", level=1)).to_be_visible()
    expect(page.get_by_label("Priority (optional)").locator("option:checked")).to_have_text(OUTCOME)
    check_accessibility(page)

    page.get_by_label("Title", exact=True).fill(ACTION)
    page.get_by_role("group", name="Status").get_by_label("On track").check()
    page.get_by_label("Lead organisation").fill(LEAD)
    fill_date(page, "Start date", 1, 6, 2026)
    fill_date(page, "End date", 31, 3, 2027)
    page.get_by_label("Budget in pounds (optional)").fill("£5,000")
    page.get_by_label("Funding source (optional)").select_option(label="Partner contribution")
    milestones = page.get_by_label("Milestones (optional)")
    milestones.fill(f"{MILESTONE}, 15/05/2026")
    page.get_by_role("button", name="Save action").click()

    # A milestone before the start: the error summary links to the field, and everything typed is kept.
    summary = page.locator(".govuk-error-summary")
    expect(summary.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(
        summary.get_by_role("link", name=f"Milestone “{MILESTONE}” is due outside the action's dates")
    ).to_be_visible()
    expect(page).to_have_title(re.compile(r"^Error: "))
    expect(page.get_by_label("Title", exact=True)).to_have_value(ACTION)
    expect(page.get_by_role("group", name="Status").get_by_label("On track")).to_be_checked()
    expect(page.get_by_label("Lead organisation")).to_have_value(LEAD)
    expect(page.get_by_role("group", name="Start date").get_by_label("Month")).to_have_value("6")
    expect(page.get_by_role("group", name="End date").get_by_label("Year")).to_have_value("2027")
    expect(page.get_by_label("Budget in pounds (optional)")).to_have_value("£5,000")
    expect(page.get_by_label("Funding source (optional)").locator("option:checked")).to_have_text(
        "Partner contribution"
    )
    expect(page.get_by_label("Priority (optional)").locator("option:checked")).to_have_text(OUTCOME)
    expect(milestones).to_have_value(f"{MILESTONE}, 15/05/2026")
    check_accessibility(page)
    screenshot(page, "plan-action-error")

    milestones.fill(f"{MILESTONE}, 20/06/2026")
    page.get_by_role("button", name="Save action").click()

    expect(page.get_by_role("heading", name=ACTION, level=1)).to_be_visible()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Action saved")
    expect(summary_value(page, "Budget")).to_have_text("£5,000 from Partner contribution")
    expect(summary_value(page, "Status")).to_have_text("On track")
    expect(summary_value(page, "Lead organisation")).to_have_text(LEAD)
    expect(summary_value(page, "Dates")).to_have_text("1 June 2026 to 31 March 2027")
    expect(page.get_by_role("heading", name="Milestones", level=2)).to_be_visible()
    expect(page.locator("#milestones")).to_contain_text(MILESTONE)
    thread = page.get_by_role("region", name="Why this action: the golden thread")
    expect(thread).to_contain_text(OUTCOME)
    expect(thread.get_by_role("link", name=UNANSWERED)).to_be_visible()
    check_accessibility(page)
    screenshot(page, "plan-action")
    action_url = page.url

    # A standard indicator, in one click, keeps the survey's exact wording.
    subnav(page).get_by_role("link", name="Indicators").click()
    expect(page.get_by_role("heading", name="How success will be measured", level=1)).to_be_visible()
    check_accessibility(page)
    page.get_by_role("button", name=f"Add {LIBRARY_INDICATOR}").click()
    expect(page.get_by_role("heading", name=LIBRARY_INDICATOR, level=1)).to_be_visible()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(f"{LIBRARY_INDICATOR} added")
    expect(summary_value(page, "Survey question")).to_have_text(TRUST_QUESTION)
    check_accessibility(page)

    # Back to the action, through the plan, and along the golden thread to what people said.
    subnav(page).get_by_role("link", name="Plan").click()
    expect(page.get_by_role("heading", name=STAGE, level=1)).to_be_visible()
    # The action answers the struggle through its priority, so the plan has nothing left to check.
    expect(page.get_by_text("Check the plan")).to_have_count(0)
    expect(page.get_by_role("link", name=re.compile(r"^make it a priority"))).to_have_count(0)
    check_accessibility(page)
    page.get_by_role("link", name=ACTION).click()
    expect(page).to_have_url(action_url)
    expect(page.get_by_role("heading", name=ACTION, level=1)).to_be_visible()
    check_accessibility(page)

    thread = page.get_by_role("region", name="Why this action: the golden thread")
    thread.get_by_role("link", name=UNANSWERED).click()
    expect(page.get_by_role("heading", name=UNANSWERED, level=1)).to_be_visible()
    check_accessibility(page)
    evidence = page.get_by_role("list", name=EVIDENCE_HEADING)
    voice = evidence.get_by_role("link").first
    expect(voice).to_be_visible()
    voice.click()
    expect(page.get_by_role("heading", name="What was said", level=1)).to_be_visible()
    expect(page.locator("#evidence-for").get_by_role("link", name=UNANSWERED)).to_be_visible()
    expect(page.get_by_role("heading", name="What is being done about it", level=2)).to_be_visible()
    expect(page.locator("#answered-by").get_by_role("link", name=ACTION)).to_be_visible()
    check_accessibility(page)

    page.locator("#answered-by").get_by_role("link", name=ACTION).click()
    expect(page.get_by_role("heading", name=ACTION, level=1)).to_be_visible()
    check_accessibility(page)
    subnav(page).get_by_role("link", name="Timeline").click()
    expect(page.get_by_role("heading", name="Timeline of actions and milestones", level=1)).to_be_visible()
    chart = page.get_by_role("region", name="Timeline chart")
    expect(chart.locator("svg")).to_be_visible()
    table = page.get_by_role("table", name="Actions and milestones")
    row = table.get_by_role("row").filter(has=page.get_by_role("link", name=ACTION))
    expect(row).to_contain_text("1 June 2026")
    expect(row).to_contain_text("31 March 2027")
    expect(row).to_contain_text("On track")
    expect(row).to_contain_text(MILESTONE)
    check_accessibility(page)
    screenshot(page, "plan-timeline")


def test_facilitator_reads_the_plan_and_councillor_is_refused(page: Page, check_accessibility: Check) -> None:
    sign_in(page, "facilitator@demo.test", check_accessibility)
    open_strategy(page, ASHBOURNE, check_accessibility, stage=STAGE)
    expect(
        page.get_by_role("heading", name="People from different backgrounds meet and mix in shared spaces")
    ).to_be_visible()
    expect(page.get_by_role("link", name="Free family passes for summer events")).to_be_visible()
    for name in ("Add a priority", "Add an action"):
        # GOV.UK renders a link styled as a button with role="button".
        expect(page.get_by_role("button", name=name, exact=True)).to_have_count(0)
    expect(page.get_by_role("link", name=re.compile(r"^Add an action to this priority"))).to_have_count(0)
    expect(page.get_by_role("button", name=re.compile(r"^Move (up|down)"))).to_have_count(0)
    page.get_by_role("link", name="Free family passes for summer events").click()
    expect(page.get_by_role("heading", name="Free family passes for summer events", level=1)).to_be_visible()
    expect(page.get_by_role("link", name="Change this action")).to_have_count(0)
    check_accessibility(page)

    page.context.clear_cookies()
    sign_in(page, "councillor@demo.test", check_accessibility)
    response: Any = page.goto(ASHBOURNE_PLAN_URL)
    assert response is not None and response.status == 403
    expect(page.get_by_role("heading", name="You do not have permission to do that", level=1)).to_be_visible()
    check_accessibility(page)
