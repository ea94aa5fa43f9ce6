"""Accounts in a real browser: someone who forgot their password resets it from the emailed link (the live
server sends it to a real SMTP server started by the test), and an officer sets up two-factor sign-in by
typing the key the page shows into an authenticator (pyotp stands in for the phone), keeps their recovery
codes and signs in again with a code. axe runs on every page visited."""

import os
import re
import time
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pyotp
import pytest
from playwright.sync_api import Page, expect

from tests.browser.journeys import PASSWORD, Check, sign_in, sign_out
from tests.smtp_inbox import Inbox, first_link, smtp_server

__all__ = ["smtp_server"]
pytestmark = pytest.mark.browser
NEW_PASSWORD = "a long and memorable passphrase"


@pytest.fixture(scope="module")
def mail_to_smtp(smtp_server: Inbox) -> Iterator[Inbox]:
    """The live server (started after this) sends its email to the test's SMTP server."""
    settings = {
        "COHESION_EMAIL_BACKEND": "smtp",
        "COHESION_SMTP_HOST": "127.0.0.1",
        "COHESION_SMTP_PORT": str(smtp_server.port),
        "COHESION_SMTP_SECURITY": "none",
    }
    before = {name: os.environ.get(name) for name in settings}
    os.environ.update(settings)
    yield smtp_server
    for name, value in before.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


@pytest.fixture(scope="module")
def live_server(mail_to_smtp: Inbox, live_server: str) -> str:  # the browser conftest's, with email
    return live_server


def _local(link: str) -> str:
    """The emailed link's path and query, on the live server (its address is not known to the server)."""
    parts = urlsplit(link)
    return f"{parts.path}?{parts.query}"


def _wait_for_email(inbox: Inbox, address: str) -> Any:
    deadline = time.monotonic() + 10
    while not inbox.to(address):
        assert time.monotonic() < deadline, f"no email to {address}"
        time.sleep(0.05)
    return inbox.to(address)[-1]


def test_reset_a_forgotten_password(page: Page, check_accessibility: Check, mail_to_smtp: Inbox) -> None:
    page.goto("/login")
    page.get_by_role("link", name="Forgotten your password?").click()
    expect(page.get_by_role("heading", name="Reset your password", level=1)).to_be_visible()
    check_accessibility(page)
    page.get_by_role("button", name="Send the link").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter your email address")
    check_accessibility(page)
    page.get_by_label("Email address").fill("facilitator@demo.test")
    page.get_by_role("button", name="Send the link").click()
    expect(page.get_by_role("heading", name="Check your email", level=1)).to_be_visible()
    check_accessibility(page)

    link = first_link(_wait_for_email(mail_to_smtp, "facilitator@demo.test"))
    page.goto(_local(link))
    expect(page.get_by_role("heading", name="Choose a new password", level=1)).to_be_visible()
    check_accessibility(page)
    page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Type the new password again").fill("not the same at all")
    page.get_by_role("button", name="Save password").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("The passwords do not match")
    check_accessibility(page)
    page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Type the new password again").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Save password").click()
    expect(page.get_by_role("heading", name="Sign in", level=1)).to_be_visible()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Your password is saved")
    check_accessibility(page)
    page.get_by_label("Email address").fill("facilitator@demo.test")
    page.get_by_label("Password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Your places", level=1)).to_be_visible()

    page.goto(_local(link))  # the link works once
    expect(page.get_by_role("heading", name="This link cannot be used", level=1)).to_be_visible()
    check_accessibility(page)


def test_set_up_two_factor_sign_in_and_use_it(page: Page, check_accessibility: Check) -> None:
    sign_in(page, "officer@demo.test", check_accessibility)
    page.get_by_role("link", name="Your account").click()
    expect(page.get_by_role("heading", name="Your account", level=1)).to_be_visible()
    expect(page.locator("#sessions")).to_contain_text("This session")
    check_accessibility(page)
    page.get_by_role("link", name=re.compile("^Set up")).click()
    expect(page.get_by_role("heading", name="Two-factor sign-in", level=1)).to_be_visible()
    expect(page.locator("#qr-code svg")).to_be_visible()
    check_accessibility(page)
    secret = page.locator("#secret-key").inner_text().replace(" ", "")
    phone = pyotp.TOTP(secret)
    page.get_by_label("Code from your authenticator app").fill("000000")
    page.get_by_role("button", name="Turn on two-factor sign-in").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("The code is not right")
    check_accessibility(page)
    page.get_by_label("Code from your authenticator app").fill(phone.now())
    page.get_by_role("button", name="Turn on two-factor sign-in").click()
    expect(page.get_by_role("heading", name="Your recovery codes", level=1)).to_be_visible()
    expect(page.locator("#recovery-codes li")).to_have_count(10)
    check_accessibility(page)
    page.get_by_role("button", name="I have kept my codes").click()
    expect(page.locator("#details")).to_contain_text("On")

    sign_out(page)
    page.get_by_label("Email address").fill("officer@demo.test")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Enter your code", level=1)).to_be_visible()
    check_accessibility(page)
    page.get_by_label("Code from your authenticator app").fill(phone.at(time.time() + 30))
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Your places", level=1)).to_be_visible()
