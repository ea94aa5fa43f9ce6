"""The progress stage in a real browser: record an update on an overdue action (an impossible percentage first),
then give a new standard indicator its baseline and target and add the figure that turns its curve, import many
figures (a bad row first), and read "You said, we did". axe runs on every page visited.

Everything is found the way a person finds it: by visible text, labels and roles.

The demo data gives the first three places updates and figures, so every Brackenford indicator already has
figures after its baseline; the journey adds one from the library, which has none. The action overdue for an
update is the one the demo leaves not started ("Sports hall open in school holidays", started 1 May 2026 with no
update), which is overdue from August 2026 on, as the demo's dates assume.
"""

import re
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.browser.journeys import Check, open_strategy, sign_in

pytestmark = pytest.mark.browser

STAGE = "Track progress"
PLAN_STAGE = "Plan actions with partners"
BRACKENFORD = "Brackenford"
ASHBOURNE = "Ashbourne Vale"
OVERDUE_ACTION = "Sports hall open in school holidays"
WHAT_HAPPENED = "The trust agreed the halls, but no caretaker is paid for the holidays yet."
LIBRARY_INDICATOR = "Trust in people in the neighbourhood"
SEEDED_INDICATOR = "People from different backgrounds get on well together"
NOT_ENOUGH_DATA = "Not enough data"
ON_COURSE = "Green: on course"
ASHBOURNE_PROGRESS_URL = "/places/ashbourne-vale/strategies/cohesion-strategy-2026/progress/"

Shoot = Callable[[Page, str], None]


def fill_date(page: Page, group: str, day: int, month: int, year: int) -> None:
    fieldset = page.get_by_role("group", name=group)
    fieldset.get_by_label("Day").fill(str(day))
    fieldset.get_by_label("Month").fill(str(month))
    fieldset.get_by_label("Year").fill(str(year))


def named(visible: str, hidden: str) -> re.Pattern[str]:
    """An accessible name made of visible text then visually hidden words (Chromium may put a space between)."""
    return re.compile(rf"^{re.escape(visible)}\s*{re.escape(hidden)}$")


def summary_value(page: Page, key: str) -> Locator:
    """The value beside a key in the page's summary list."""
    row = page.locator(".govuk-summary-list__row").filter(
        has=page.locator(".govuk-summary-list__key", has_text=re.compile(rf"^\s*{re.escape(key)}\s*$"))
    )
    return row.locator(".govuk-summary-list__value")


def indicator_row(page: Page, name: str) -> Locator:
    """The overview's row for one indicator, in the table of indicators and their status."""
    table = page.get_by_role("table", name="Indicators and their status")
    return table.get_by_role("row").filter(has=page.get_by_role("link", name=name, exact=True))


def banner(page: Page) -> Locator:
    return page.locator(".govuk-notification-banner--success")


def error_summary(page: Page) -> Locator:
    summary = page.locator(".govuk-error-summary")
    expect(summary.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(page).to_have_title(re.compile(r"^Error: "))
    return summary


def test_officer_records_progress_and_the_curve_turns(
    page: Page, check_accessibility: Check, screenshot: Shoot
) -> None:
    sign_in(page, "officer@demo.test", check_accessibility)
    open_strategy(page, BRACKENFORD, check_accessibility, stage=STAGE)
    overview_url = page.url

    # The overview: updates overdue, and the seeded indicators all have figures since their baseline.
    expect(
        page.get_by_role("heading", name=re.compile(r"^Updates overdue \(\d+\)$"), level=2)
    ).to_be_visible()
    expect(page.get_by_role("table", name="Actions by status")).to_be_visible()
    expect(indicator_row(page, SEEDED_INDICATOR)).to_be_visible()
    expect(page.get_by_role("table", name="Indicators and their status")).not_to_contain_text(NOT_ENOUGH_DATA)
    screenshot(page, "progress-overview")

    # An update with an impossible percentage: the error summary, and everything typed is kept.
    page.get_by_role("link", name=named("record an update", f"for {OVERDUE_ACTION}")).click()
    expect(page.get_by_role("heading", name="Record an update", level=1)).to_be_visible()
    expect(page.get_by_text(OVERDUE_ACTION)).to_be_visible()
    check_accessibility(page)
    fill_date(page, "Period ending", 31, 10, 2026)
    page.get_by_role("group", name="Status").get_by_label("At risk").check()
    percent = page.get_by_label("Percent complete")
    percent.fill("140")
    page.get_by_label("What happened").fill(WHAT_HAPPENED)
    page.get_by_role("button", name="Save update").click()

    summary = error_summary(page)
    expect(summary.get_by_role("link", name="Percent complete must be 100 or less")).to_be_visible()
    expect(percent).to_have_value("140")
    expect(page.get_by_role("group", name="Period ending").get_by_label("Day")).to_have_value("31")
    expect(page.get_by_role("group", name="Period ending").get_by_label("Month")).to_have_value("10")
    expect(page.get_by_role("group", name="Period ending").get_by_label("Year")).to_have_value("2026")
    expect(page.get_by_role("group", name="Status").get_by_label("At risk")).to_be_checked()
    expect(page.get_by_label("What happened")).to_have_value(WHAT_HAPPENED)
    check_accessibility(page)
    summary.get_by_role("link", name="Percent complete must be 100 or less").click()
    expect(percent).to_be_focused()

    percent.fill("10")
    page.get_by_role("button", name="Save update").click()

    # The action follows its latest update, and lists it.
    expect(page.get_by_role("heading", name=OVERDUE_ACTION, level=1)).to_be_visible()
    expect(banner(page)).to_contain_text("Update saved")
    expect(summary_value(page, "Status")).to_have_text("At risk")
    expect(summary_value(page, "Progress")).to_have_text("10% complete")
    updates = page.get_by_role("table", name="Updates on this action, newest first")
    row = updates.get_by_role("row").filter(has_text=WHAT_HAPPENED)
    expect(row).to_have_count(1)
    expect(row).to_contain_text("31 October 2026")
    expect(row).to_contain_text("At risk")
    expect(row).to_contain_text("10%")
    check_accessibility(page)

    # No indicator lacks figures, so add a standard one in the plan: it has no baseline and no figures.
    page.get_by_role("navigation", name="Action plan stage").get_by_role("link", name="Indicators").click()
    expect(page.get_by_role("heading", name="How success will be measured", level=1)).to_be_visible()
    check_accessibility(page)
    page.get_by_role("button", name=f"Add {LIBRARY_INDICATOR}").click()
    expect(page.get_by_role("heading", name=LIBRARY_INDICATOR, level=1)).to_be_visible()
    check_accessibility(page)

    page.goto(overview_url)
    expect(page.get_by_role("heading", name=STAGE, level=1)).to_be_visible()
    # The update was recorded, so the action is no longer overdue.
    expect(page.get_by_role("link", name=named("record an update", f"for {OVERDUE_ACTION}"))).to_have_count(0)
    expect(indicator_row(page, LIBRARY_INDICATOR)).to_contain_text(NOT_ENOUGH_DATA)
    check_accessibility(page)
    indicator_row(page, LIBRARY_INDICATOR).get_by_role("link", name=LIBRARY_INDICATOR).click()
    expect(page.get_by_role("heading", name=LIBRARY_INDICATOR, level=1)).to_be_visible()
    expect(page.locator("#rag")).to_have_text(NOT_ENOUGH_DATA)
    expect(page.get_by_text("No baseline has been set yet.")).to_be_visible()
    check_accessibility(page)
    indicator_url = page.url

    # Its baseline and target, in the plan.
    page.get_by_role("link", name="Indicator details").click()
    expect(page.get_by_role("heading", name=LIBRARY_INDICATOR, level=1)).to_be_visible()
    expect(summary_value(page, "Baseline")).to_have_text("Not set")
    check_accessibility(page)
    page.get_by_role("link", name="Change this indicator").click()
    expect(page.get_by_role("heading", name="Change indicator", level=1)).to_be_visible()
    check_accessibility(page)
    page.get_by_label("Baseline value (optional)").fill("60")
    fill_date(page, "Baseline date (optional)", 31, 3, 2026)
    page.get_by_label("Target value (optional)").fill("70")
    fill_date(page, "Target date (optional)", 31, 3, 2029)
    page.get_by_role("button", name="Save indicator").click()
    expect(page.get_by_role("heading", name=LIBRARY_INDICATOR, level=1)).to_be_visible()
    expect(banner(page)).to_contain_text("Indicator saved")
    expect(summary_value(page, "Baseline")).to_have_text(re.compile(r"^\s*60(\.0)?% on 31 March 2026\s*$"))
    expect(summary_value(page, "Target")).to_have_text(re.compile(r"^\s*70(\.0)?% by 31 March 2029\s*$"))
    check_accessibility(page)

    page.get_by_role("link", name="Figures and progress (turn the curve)").click()
    expect(page).to_have_url(indicator_url)
    expect(page.locator("#rag")).to_have_text(NOT_ENOUGH_DATA)
    expect(page.get_by_text("Nothing has been measured since the baseline yet.")).to_be_visible()
    check_accessibility(page)

    # One figure after the baseline, rising fast enough to reach the target: the curve turns.
    page.get_by_role("button", name="Add a figure").click()
    expect(page.get_by_role("heading", name="Add a figure", level=1)).to_be_visible()
    check_accessibility(page)
    fill_date(page, "Date", 30, 9, 2026)
    page.get_by_label("Value", exact=True).fill("65")
    page.get_by_label("Sample size (optional)").fill("800")
    page.get_by_role("button", name="Save figure").click()

    expect(page.get_by_role("heading", name=LIBRARY_INDICATOR, level=1)).to_be_visible()
    expect(banner(page)).to_contain_text("Figure saved")
    expect(page.locator("#rag")).to_have_text(ON_COURSE)
    expect(page.get_by_text("How the status is worked out")).to_be_visible()
    expect(page.locator("#rule")).to_contain_text("Green: on course to meet the target by its date")
    chart = page.locator(".app-chart svg")
    expect(chart).to_be_visible()
    expect(chart.locator("circle")).to_have_count(1)
    expect(
        page.get_by_role("img", name=re.compile(rf"^{re.escape(LIBRARY_INDICATOR)}: measurements, baseline"))
    ).to_be_visible()
    figures = page.get_by_role("table", name="Figures")
    figure = figures.get_by_role("row").filter(has_text="30 September 2026")
    cells = figure.get_by_role("cell")
    expect(cells.nth(1)).to_have_text(re.compile(r"^\s*65(\.0)?%\s*$"))
    # The 95% interval is worked out from the sample size: 65 ± 1.96 √(0.65 × 0.35 / 800).
    expect(cells.nth(2)).to_have_text("61.7 to 68.3")
    expect(cells.nth(3)).to_have_text("800")
    expect(figures).to_contain_text("31 March 2026 (baseline)")
    expect(figures).to_contain_text("31 March 2029 (target)")
    check_accessibility(page)
    screenshot(page, "progress-indicator")

    # Many figures at once: one bad row refuses them all, with the problem by row.
    page.get_by_role("link", name="Import many figures").click()
    expect(page.get_by_role("heading", name="Import figures", level=1)).to_be_visible()
    check_accessibility(page)
    pasted = page.get_by_label("Paste figures")
    bad = "date,value,sample size\n31/10/2026,66,800\n31/13/2026,67,800"
    pasted.fill(bad)
    page.get_by_role("button", name="Import figures").click()

    summary = error_summary(page)
    expect(summary).to_contain_text("no figures were saved")
    problems = page.get_by_role("table", name="Problems by row")
    expect(problems.get_by_role("row")).to_have_count(2)
    # Rows are counted as in the spreadsheet, the column names being row 1.
    expect(problems.get_by_role("row").nth(1).get_by_role("cell")).to_have_text(
        ["3", "“31/13/2026” is not a date like 31/03/2026"]
    )
    expect(pasted).to_have_value(bad)
    check_accessibility(page)

    pasted.fill("date,value,sample size\n31/10/2026,66,800\n15/11/2026,67,800")
    page.get_by_role("button", name="Import figures").click()
    expect(page.get_by_role("heading", name=LIBRARY_INDICATOR, level=1)).to_be_visible()
    expect(banner(page)).to_contain_text("2 figures saved")
    expect(page.locator("#rag")).to_have_text(ON_COURSE)
    expect(chart.locator("circle")).to_have_count(3)
    expect(figures).to_contain_text("31 October 2026")
    expect(figures).to_contain_text("15 November 2026")
    check_accessibility(page)

    # You said, we did: for each area, what people raised most.
    page.get_by_role("link", name="Progress", exact=True).click()
    expect(page.get_by_role("heading", name=STAGE, level=1)).to_be_visible()
    expect(indicator_row(page, LIBRARY_INDICATOR)).to_contain_text(ON_COURSE)
    check_accessibility(page)
    page.get_by_role("navigation", name="Progress stage").get_by_role("link", name="You said, we did").click()
    expect(page.get_by_role("heading", name="You said, we did", level=1)).to_be_visible()
    areas = page.locator("main section")
    expect(areas.first).to_be_visible()
    for index in range(areas.count()):
        expect(areas.nth(index).get_by_role("heading", level=2)).to_have_count(1)
        expect(areas.nth(index)).to_contain_text("You said:")
        expect(areas.nth(index)).to_contain_text("We did:")
    check_accessibility(page)
    screenshot(page, "progress-said-did")


def test_facilitator_reads_progress_and_councillor_is_refused(page: Page, check_accessibility: Check) -> None:
    sign_in(page, "facilitator@demo.test", check_accessibility)
    open_strategy(page, ASHBOURNE, check_accessibility, stage=STAGE)
    expect(
        page.get_by_role("heading", name=re.compile(r"^Updates overdue \(\d+\)$"), level=2)
    ).to_be_visible()
    expect(page.get_by_role("link", name=re.compile(r"^record an update"))).to_have_count(0)
    row = indicator_row(page, SEEDED_INDICATOR)
    expect(row).to_be_visible()
    row.get_by_role("link", name=SEEDED_INDICATOR).click()
    expect(page.get_by_role("heading", name=SEEDED_INDICATOR, level=1)).to_be_visible()
    expect(page.locator(".app-chart svg")).to_be_visible()
    expect(page.get_by_role("table", name="Figures")).to_be_visible()
    # GOV.UK renders a link styled as a button with role="button".
    expect(page.get_by_role("button", name="Add a figure")).to_have_count(0)
    expect(page.get_by_role("link", name="Import many figures")).to_have_count(0)
    expect(page.get_by_role("link", name="Write the story behind the curve")).to_have_count(0)
    check_accessibility(page)

    page.context.clear_cookies()
    sign_in(page, "councillor@demo.test", check_accessibility)
    response: Any = page.goto(ASHBOURNE_PROGRESS_URL)
    assert response is not None and response.status == 403
    expect(page.get_by_role("heading", name="You do not have permission to do that", level=1)).to_be_visible()
    check_accessibility(page)
