"""Steps every browser journey shares."""

import re
from collections.abc import Callable

from playwright.sync_api import Page, expect

PASSWORD = "cohesion-demo"  # the demo accounts' password (seed/demo.py)

Check = Callable[[Page], None]


def sign_in(page: Page, email: str, check: Check) -> None:
    """Sign in through the form as a demo user, checking the sign-in page and the page it leads to."""
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/login(\?|$)"))
    expect(page.get_by_role("heading", name="Sign in", level=1)).to_be_visible()
    check(page)
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Your places", level=1)).to_be_visible()
    check(page)


def sign_out(page: Page) -> None:
    """Sign out and wait for the sign-in page, so the next step cannot race the sign-out's response."""
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", name="Sign in", level=1)).to_be_visible()


def open_strategy(page: Page, place: str, check: Check, *, stage: str | None = None) -> None:
    """From "Your places" to a demo place's strategy (its task list), and on to the ``stage`` named, by
    their links, checking each page on the way."""
    strategy = f"{place} cohesion strategy 2026 to 2029"
    for name, exact in [(place, True), (strategy, True), *([(stage, False)] if stage else [])]:
        page.get_by_role("link", name=name, exact=exact).click()
        expect(page.get_by_role("heading", name=name, level=1)).to_be_visible()
        check(page)
