"""Steps every browser journey shares."""

from collections.abc import Callable

from playwright.sync_api import Page, expect

PASSWORD = "cohesion-demo"  # the demo accounts' password (seed/demo.py)

Check = Callable[[Page], None]


def sign_in(page: Page, email: str, check: Check) -> None:
    """Sign in through the form as a demo user, checking the sign-in page and the page it leads to."""
    page.goto("/")
    expect(page.get_by_role("heading", name="Sign in", level=1)).to_be_visible()
    check(page)
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Your places", level=1)).to_be_visible()
    check(page)
