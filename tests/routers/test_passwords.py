"""Passwords end to end, through a real SMTP server: reset by email, invitations, and changing a password.

A reset link works once and for 30 minutes; asking for one says and takes the same whether or not the
address has an account."""

import hashlib
import socket
import statistics
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
import uvicorn
from sqlmodel import Session, col, select

from app.config import Settings
from app.main import create_app
from app.models import OneTimeLink, ResetRequest, User, UserSession, utcnow
from app.services.accounts import passwords
from app.services.accounts.auth import verify_password
from app.services.email.outbox import deliver_pending
from app.web import absolute_links
from tests.conftest import World
from tests.factories import TEST_PASSWORD
from tests.pages import check_page
from tests.smtp_inbox import Inbox, body, first_link, inbox, smtp_server, smtp_settings

__all__ = ["inbox", "smtp_server"]
NEW_PASSWORD = "a brand new passphrase"


@pytest.fixture
def settings(smtp_server: Inbox) -> Settings:
    return smtp_settings(smtp_server)


def _path(link: str) -> str:
    assert link.startswith("http://testserver/")
    return link.removeprefix("http://testserver")


def _choose(client, link: str, data: dict[str, str]):  # type: ignore[no-untyped-def]
    """Send the new-password form of ``link``: the token travels in the form, never in the address."""
    token = parse_qs(urlsplit(link).query)["token"][0]
    return client.post_form("/password/reset", {"token": token, **data})


def _sign_in(client, email: str, password: str):  # type: ignore[no-untyped-def]
    return client.post_form("/login", {"email": email, "password": password})


def test_reset_by_email_end_to_end(client_for, world: World, inbox: Inbox, session: Session) -> None:
    browser = client_for("anonymous")
    login = check_page(browser.get("/login"))
    assert login.links()["Forgotten your password?"] == "/password/forgotten"
    page = check_page(browser.post_form("/password/forgotten", {"email": " Officer@Example.test "}))
    assert page.texts("main h1") == ["Check your email"]
    [message] = inbox.to("officer@example.test")
    assert message["Subject"] == "Reset your password for the Cohesion Strategy Toolkit"
    assert "Hello Olu Officer," in body(message)
    assert "open this link within 30 minutes" in body(message)
    link = _path(first_link(message))
    stored = session.exec(select(OneTimeLink)).one()
    assert link.startswith("/password/reset?token=")
    assert stored.token_hash != parse_qs(urlsplit(link).query)["token"][0]  # only a hash is kept
    assert len(stored.token_hash) == 64

    officer = client_for("officer")  # an old session, ended by the reset
    form = check_page(browser.get(link))
    assert form.value("token") == parse_qs(urlsplit(link).query)["token"][0]
    assert [f["action"] for f in form.select("main form")] == ["/password/reset"]
    assert form.texts("main h1") == ["Choose a new password"]
    mismatch = check_page(
        _choose(browser, link, {"new_password": NEW_PASSWORD, "confirm_password": "something else"})
    )
    assert mismatch.errors == ["The passwords do not match"]
    done = _choose(browser, link, {"new_password": NEW_PASSWORD, "confirm_password": NEW_PASSWORD})
    assert done.status_code == 303 and done.headers["location"] == "/login"
    assert officer.get("/places/").status_code == 303
    assert _sign_in(browser, "officer@example.test", TEST_PASSWORD).status_code == 400
    assert _sign_in(browser, "officer@example.test", NEW_PASSWORD).headers["location"] == "/places/"

    again = check_page(browser.get(link))
    assert again.status == 404 and again.texts("main h1") == ["This link cannot be used"]
    reused = _choose(
        browser,
        link,
        {"new_password": "yet another passphrase", "confirm_password": "yet another passphrase"},
    )
    assert reused.status_code == 404
    session.expire_all()
    assert verify_password(NEW_PASSWORD, session.get(User, world.users["officer"].id).password_hash)  # type: ignore[union-attr]


def test_reset_link_expires_after_30_minutes_and_a_newer_one_replaces_it(
    client_for, world: World, inbox: Inbox, session: Session
) -> None:
    browser = client_for("anonymous")
    browser.post_form("/password/forgotten", {"email": "officer@example.test"})
    first = _path(first_link(inbox.to("officer@example.test")[0]))
    browser.post_form("/password/forgotten", {"email": "officer@example.test"})
    second = _path(first_link(inbox.to("officer@example.test")[1]))
    assert browser.get(first).status_code == 404, "a newer link replaces the older one"
    assert browser.get(second).status_code == 200
    link = session.exec(select(OneTimeLink).where(col(OneTimeLink.used_at).is_(None))).one()
    assert link.expires_at - link.created_at == timedelta(minutes=30)
    link.expires_at = link.created_at - timedelta(seconds=1)
    session.add(link)
    session.commit()
    assert browser.get(second).status_code == 404
    refused = _choose(browser, second, {"new_password": NEW_PASSWORD, "confirm_password": NEW_PASSWORD})
    assert refused.status_code == 404


def test_reset_does_not_reveal_whether_an_address_has_an_account(
    client_for, world: World, inbox: Inbox
) -> None:
    browser = client_for("anonymous")

    def ask(email: str) -> tuple[int, str]:
        response = browser.post_form("/password/forgotten", {"email": email})
        return response.status_code, check_page(response).text("main").replace(email.lower(), "ADDRESS")

    assert ask("officer@example.test") == ask("nobody@example.test") == ask("OFFICER@example.test")
    assert len(inbox.to("officer@example.test")) == 2 and inbox.to("nobody@example.test") == []


@contextmanager
def served(app) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """The test's app behind a real uvicorn server, so timings are what a browser sees: the response is
    sent before the email, as in production."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.mark.slow
def test_reset_takes_as_long_whether_or_not_the_address_has_an_account(
    engine, session_factory, client_for, world: World, inbox: Inbox
) -> None:
    settings = smtp_settings(inbox, reset_emails_per_hour=1000)  # every request here sends its email
    app = create_app(settings, engine=engine, session_factory=session_factory)
    browser = client_for("anonymous")
    timings: dict[str, list[float]] = {"officer@example.test": [], "nobody@example.test": []}
    with served(app) as base, httpx.Client(base_url=base, cookies=dict(browser.cookies)) as http:
        for _ in range(15):
            for email, found in timings.items():
                sent = len(inbox.to("officer@example.test"))
                started = time.perf_counter()
                response = http.post("/password/forgotten", data={"csrf_token": browser.csrf, "email": email})
                found.append(time.perf_counter() - started)
                assert response.status_code == 200
                # Wait for this request's email to go before timing the next (one test connection is shared).
                deadline = time.monotonic() + 5
                while email.startswith("officer") and len(inbox.to("officer@example.test")) == sent:
                    assert time.monotonic() < deadline
                    time.sleep(0.01)
                time.sleep(0.05)
    known = statistics.median(timings["officer@example.test"])
    unknown = statistics.median(timings["nobody@example.test"])
    print(f"median answer: {known * 1000:.1f} ms with an account, {unknown * 1000:.1f} ms without")
    # One insert apart: within a few milliseconds, far less than the time sending an email takes.
    assert abs(known - unknown) < 0.015 + 0.3 * min(known, unknown), (known, unknown)


def test_an_inactive_account_gets_no_reset_email(
    client_for, world: World, inbox: Inbox, session: Session
) -> None:
    officer = world.users["officer"]
    officer.active = False
    session.add(officer)
    session.commit()
    client_for("anonymous").post_form("/password/forgotten", {"email": "officer@example.test"})
    assert inbox.to("officer@example.test") == []


def test_invitation_end_to_end(client_for, world: World, inbox: Inbox, session: Session) -> None:
    admin = client_for("admin")
    response = admin.post_form("/admin/users/new", {"name": "Nia New", "email": "nia@example.test"})
    assert response.status_code == 303
    people = check_page(admin.get("/admin/"))
    assert "Nia New nia@example.test Invited" in " ".join(people.texts("#people tbody tr"))
    [message] = inbox.to("nia@example.test")
    assert message["Subject"] == "You have been invited to the Cohesion Strategy Toolkit"
    assert "Ada Admin has given you an account" in body(message)
    assert "within 7 days" in body(message)
    link = _path(first_link(message))

    browser = client_for("anonymous")
    assert _sign_in(browser, "nia@example.test", "").status_code == 400
    assert check_page(browser.get(link)).texts("main h1") == ["Choose your password"]
    short = check_page(_choose(browser, link, {"new_password": "short", "confirm_password": "short"}))
    assert short.errors == ["Password must be 12 characters or more"]
    assert (
        _choose(browser, link, {"new_password": NEW_PASSWORD, "confirm_password": NEW_PASSWORD}).status_code
        == 303
    )
    assert _sign_in(browser, "nia@example.test", NEW_PASSWORD).headers["location"] == "/places/"
    assert "Nia New nia@example.test Active" in " ".join(
        check_page(admin.get("/admin/")).texts("#people tbody tr")
    )


def test_resend_invitation_replaces_the_first_link(
    client_for, world: World, inbox: Inbox, session: Session
) -> None:
    admin = client_for("admin")
    admin.post_form("/admin/users/new", {"name": "Nia New", "email": "nia@example.test"})
    person = session.exec(select(User).where(User.email == "nia@example.test")).one()
    assert admin.post_form(f"/admin/users/{person.id}/invite").status_code == 303
    first, second = inbox.to("nia@example.test")
    browser = client_for("anonymous")
    assert browser.get(_path(first_link(first))).status_code == 404
    assert browser.get(_path(first_link(second))).status_code == 200
    # Someone with a password is not invited again.
    assert admin.post_form(f"/admin/users/{world.users['officer'].id}/invite").status_code == 404


def test_change_password_needs_the_current_one_and_signs_out_other_sessions(
    client_for, world: World, session: Session
) -> None:
    officer = client_for("officer")
    elsewhere = client_for("officer")
    wrong = check_page(
        officer.post_form(
            "/account/password",
            {
                "current_password": "not my password",
                "new_password": NEW_PASSWORD,
                "confirm_password": NEW_PASSWORD,
            },
        )
    )
    assert wrong.errors == ["Your current password is not right"]
    assert wrong.value("new_password") == ""  # passwords are never sent back
    response = officer.post_form(
        "/account/password",
        {"current_password": TEST_PASSWORD, "new_password": NEW_PASSWORD, "confirm_password": NEW_PASSWORD},
    )
    assert response.status_code == 303 and response.headers["location"] == "/account/"
    assert officer.get("/account/").status_code == 200
    assert elsewhere.get("/account/").status_code == 303
    open_sessions = session.exec(
        select(UserSession).where(
            UserSession.user_id == world.users["officer"].id, col(UserSession.revoked_at).is_(None)
        )
    ).all()
    assert len(open_sessions) == 1


def test_forgotten_password_page(client_for, world: World) -> None:
    page = check_page(client_for("anonymous").get("/password/forgotten"))
    assert page.texts("main h1") == ["Reset your password"]
    empty = check_page(client_for("anonymous").post_form("/password/forgotten", {"email": "not an address"}))
    assert empty.errors == ["Enter an email address in the correct format, like name@example.org"]
    assert empty.value("email") == "not an address"


def test_one_address_gets_at_most_five_reset_emails_an_hour(client_for, world: World, inbox: Inbox) -> None:
    browser = client_for("anonymous")
    answers = {
        browser.post_form("/password/forgotten", {"email": "officer@example.test"}).status_code
        for _ in range(7)
    }
    assert answers == {200}
    assert len(inbox.to("officer@example.test")) == 5


def test_a_reset_request_keeps_the_address_only_until_it_is_answered(
    client_for, world: World, inbox: Inbox, session: Session
) -> None:
    client_for("anonymous").post_form("/password/forgotten", {"email": "Nobody@Example.test"})
    client_for("anonymous").post_form("/password/forgotten", {"email": "officer@example.test"})
    session.expire_all()
    requests = session.exec(select(ResetRequest).order_by(col(ResetRequest.id))).all()
    assert [r.email for r in requests] == [None, None], "answered after the response, then forgotten"
    assert all(r.answered_at is not None for r in requests)
    assert requests[0].email_hash == hashlib.sha256(b"nobody@example.test").hexdigest()
    assert len(inbox.to("officer@example.test")) == 1


def test_a_waiting_reset_request_is_answered_by_the_next_delivery(
    engine, session_factory, world: World, inbox: Inbox, session: Session, settings: Settings
) -> None:
    """The request's own background task may not run (the server stopped): the next delivery answers it,
    as ``cohesion send-email`` does, and deletes answered requests once they are an hour old."""
    old = ResetRequest(email_hash="0" * 64, requested_at=utcnow() - timedelta(hours=2), answered_at=utcnow())
    session.add(old)
    passwords.request_reset(session=session, email="officer@example.test")
    session.commit()
    old_id = old.id
    assert inbox.to("officer@example.test") == []
    app = create_app(settings, engine=engine, session_factory=session_factory)
    link_for = absolute_links(app, settings.base_url)
    assert passwords.answer_reset_requests(factory=session_factory, link_for=link_for, settings=settings) == 1
    deliver_pending(factory=session_factory, settings=settings)
    [message] = inbox.to("officer@example.test")
    assert first_link(message).startswith(settings.base_url.rstrip("/") + "/password/reset?token=")
    session.expire_all()
    assert session.get(ResetRequest, old_id) is None
    assert passwords.answer_reset_requests(factory=session_factory, link_for=link_for, settings=settings) == 0
