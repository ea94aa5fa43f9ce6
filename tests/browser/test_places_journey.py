"""Real places in a real browser: an administrator adds Hartlepool, loads its wards from the ONS boundary
file and its population profile from Census 2021 tables, checking each preview before saving; an officer then
reads the ward map on the listening analysis and who the place has heard from, area by area. axe runs on
every page visited."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.journeys import Check, sign_in, sign_out

pytestmark = pytest.mark.browser

FIXTURES = Path(__file__).parents[1] / "fixtures"
HARTLEPOOL = FIXTURES / "ons" / "wards-E06000001-hartlepool.geojson"


def test_administrator_loads_wards_and_an_officer_reads_the_map(
    page: Page, check_accessibility: Check, tmp_path: Path
) -> None:
    sign_in(page, "admin@demo.test", check_accessibility)
    page.get_by_role("link", name="Administration").first.click()
    page.get_by_role("link", name="Add a place").click()
    page.get_by_label("Name", exact=True).fill("Hartlepool")
    page.get_by_label("Short name for web addresses").fill("hartlepool")
    page.get_by_label("ONS GSS code").fill("E06000001")
    page.get_by_role("button", name="Add place").click()
    expect(page.get_by_role("heading", name="Hartlepool", level=1)).to_be_visible()
    check_accessibility(page)

    page.get_by_role("link", name="Load wards from an ONS file").click()
    check_accessibility(page)
    page.get_by_role("button", name="Check the file").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select a file")
    check_accessibility(page)
    page.get_by_label("Boundary GeoJSON or ward lookup CSV").set_input_files(HARTLEPOOL)
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_role("heading", name="Check the wards before saving")).to_be_visible()
    expect(page.get_by_role("heading", name="To be added (12)")).to_be_visible()
    check_accessibility(page)
    page.get_by_role("button", name="Save these wards").click()
    expect(page.locator(".govuk-notification-banner, .app-flash").first).to_contain_text("12 added")
    expect(page.locator("#areas")).to_contain_text("Burn Valley")
    check_accessibility(page)

    census = tmp_path / "census-ts008.csv"
    census.write_text(
        "date,geography,geography code,Sex: All persons,Sex: Female,Sex: Male\n"
        "2021,Burn Valley,E05013038,7000,3600,3400\n"
        "2021,Elsewhere,E05999999,100,50,50\n"
    )
    page.get_by_role("link", name="Load population profiles from Census 2021").click()
    check_accessibility(page)
    page.get_by_label("Census CSV files").set_input_files(census)
    page.get_by_role("button", name="Check the files").click()
    expect(page.locator("#profiles")).to_contain_text("Burn Valley 7,000 Gender")
    check_accessibility(page)
    page.get_by_role("button", name="Save these profiles").click()
    expect(page.locator("#areas")).to_contain_text("Census 2021, table TS008")
    sign_out(page)

    sign_in(page, "officer@demo.test", check_accessibility)
    page.goto("/places/ashbourne-vale/strategies/cohesion-strategy-2026/listening/analysis/")
    expect(page.get_by_role("heading", name="Voices per 1,000 residents")).to_be_visible()
    expect(page.locator(".app-chart svg[role=img]").last).to_be_visible()
    expect(page.get_by_text("contains ONS data © Crown copyright", exact=False).first).to_be_visible()
    check_accessibility(page)
    page.get_by_role("link", name="Who we have heard from").first.click()
    expect(page.get_by_role("heading", name=re.compile("^Largest gaps across"))).to_be_visible()
    check_accessibility(page)
    page.locator("#area-gaps tbody a").first.click()
    expect(page.get_by_role("link", name="Back to every area and the largest gaps")).to_be_visible()
    check_accessibility(page)
