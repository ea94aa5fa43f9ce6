"""Two-factor sign-in end to end: enrolment with a QR code and the key in text, sign-in with a code,
recovery codes, replayed codes, and an administrator requiring it."""

import re
import time

import pyotp
from sqlmodel import Session, col, select

from app.models import Membership, RecoveryCode, User
from tests.conftest import World
from tests.factories import TEST_PASSWORD
from tests.pages import check_page


def _enrol(client) -> tuple[str, list[str]]:  # type: ignore[no-untyped-def]
    page = check_page(client.get("/account/two-factor/"))
    assert (
        page.select("#qr-code svg title")[0].get_text()
        == "QR code to add this account to an authenticator app"
    )
    secret = page.value("secret") or ""
    assert re.fullmatch(r"[A-Z2-7]{32}", secret)
    assert page.text("#secret-key").replace(" ", "") == secret
    wrong = check_page(client.post_form("/account/two-factor/", {"secret": secret, "code": "000000"}))
    assert wrong.status == 400
    assert wrong.errors == [
        "The code is not right. Check the time on your phone, then enter the code it shows now"
    ]
    assert wrong.value("secret") == secret, "the same key stays on the page after a mistake"
    codes = check_page(
        client.post_form("/account/two-factor/", {"secret": secret, "code": pyotp.TOTP(secret).now()})
    )
    assert codes.texts("main h1") == ["Your recovery codes"]
    recovery = codes.texts("#recovery-codes li")
    assert len(recovery) == 10 and all(re.fullmatch(r"[0-9a-f]{6}-[0-9a-f]{6}", c) for c in recovery)
    return secret, recovery


def _password(client, email: str = "officer@example.test"):  # type: ignore[no-untyped-def]
    return client.post_form("/login", {"email": email, "password": TEST_PASSWORD, "next": "/places/"})


def _next_step_code(secret: str) -> str:
    """A code for the next 30-second step (the one just used may not be used again)."""
    return pyotp.TOTP(secret).at(time.time() + 30)


def test_enrol_then_sign_in_with_a_code(client_for, world: World, session: Session) -> None:
    officer = client_for("officer")
    secret, recovery = _enrol(officer)
    stored = session.exec(select(RecoveryCode).where(RecoveryCode.user_id == world.users["officer"].id)).all()
    assert len(stored) == 10 and not {row.code_hash for row in stored} & set(recovery)
    account = check_page(officer.get("/account/"))
    assert "Two-factor sign-in On" in account.text("#details")

    browser = client_for("anonymous")
    response = _password(browser)
    assert response.status_code == 303 and response.headers["location"] == "/login/two-factor?next=/places/"
    assert browser.get("/places/").status_code == 303, "a password alone signs nobody in"
    page = check_page(browser.get("/login/two-factor?next=/places/"))
    assert page.texts("main h1") == ["Enter your code"]
    wrong = check_page(browser.post_form("/login/two-factor", {"code": "123456", "next": "/places/"}))
    assert wrong.errors == ["The code is not right. Enter the code your app shows now, or a recovery code"]
    done = browser.post_form("/login/two-factor", {"code": _next_step_code(secret), "next": "/places/"})
    assert done.status_code == 303 and done.headers["location"] == "/places/"
    assert browser.get("/places/").status_code == 200

    # The same code cannot sign in a second time.
    again = client_for("anonymous")
    _password(again)
    replay = check_page(again.post_form("/login/two-factor", {"code": _next_step_code(secret)}))
    assert replay.status == 400


def test_a_recovery_code_works_once(client_for, world: World) -> None:
    _, recovery = _enrol(client_for("officer"))
    browser = client_for("anonymous")
    _password(browser)
    done = browser.post_form("/login/two-factor", {"code": recovery[0].upper().replace("-", " ")})
    assert done.status_code == 303
    assert (
        check_page(browser.get("/account/two-factor/")).text("#codes-left")
        == "You have 9 unused recovery codes."
    )
    other = client_for("anonymous")
    _password(other)
    assert other.post_form("/login/two-factor", {"code": recovery[0]}).status_code == 400


def test_five_wrong_codes_end_the_sign_in(client_for, world: World) -> None:
    secret, _ = _enrol(client_for("officer"))
    browser = client_for("anonymous")
    _password(browser)
    for _ in range(4):
        assert browser.post_form("/login/two-factor", {"code": "000000"}).status_code == 400
    ended = browser.post_form("/login/two-factor", {"code": "000000"})
    assert ended.status_code == 303 and ended.headers["location"] == "/login"
    assert browser.post_form("/login/two-factor", {"code": _next_step_code(secret)}).status_code == 303
    assert browser.get("/places/").status_code == 303, "the right code after that is too late"


def test_new_recovery_codes_replace_the_old_and_turning_off_needs_a_code(client_for, world: World) -> None:
    officer = client_for("officer")
    secret, first = _enrol(officer)
    fresh = check_page(officer.post_form("/account/two-factor/recovery-codes")).texts("#recovery-codes li")
    assert len(fresh) == 10 and not set(fresh) & set(first)
    refused = check_page(officer.post_form("/account/two-factor/off", {"code": "000000"}))
    assert refused.errors == ["The code is not right. Enter the code your app shows now"]
    off = officer.post_form("/account/two-factor/off", {"code": _next_step_code(secret)})
    assert off.status_code == 303
    browser = client_for("anonymous")
    assert _password(browser).headers["location"] == "/places/"


def test_an_administrator_can_require_it_for_administrators(
    client_for, world: World, session: Session
) -> None:
    admin = client_for("admin")
    settings = check_page(admin.get("/admin/settings"))
    assert settings.texts("main h1") == ["Sign-in settings"]
    assert admin.post_form("/admin/settings", {"require_two_factor": "on"}).status_code == 303
    # Until they set it up, administrators are sent to the set-up page from every other page.
    assert admin.get("/admin/").headers["location"] == "/account/two-factor/"
    assert admin.get("/places/").headers["location"] == "/account/two-factor/"
    page = check_page(admin.get("/account/two-factor/"))
    assert "Your administrator requires two-factor sign-in" in page.text("main")
    # Everyone else carries on.
    assert client_for("officer").get("/places/").status_code == 200
    # Signing in goes straight to the set-up page.
    browser = client_for("anonymous")
    assert _password(browser, "admin@example.test").headers["location"] == "/account/two-factor/"
    secret = page.value("secret") or ""
    admin.post_form("/account/two-factor/", {"secret": secret, "code": pyotp.TOTP(secret).now()})
    assert admin.get("/admin/").status_code == 200
    refused = check_page(admin.post_form("/account/two-factor/off", {"code": _next_step_code(secret)}))
    assert refused.errors == ["Two-factor sign-in is required for your account, so it cannot be turned off"]
    stored = session.get(User, world.users["admin"].id)
    session.refresh(stored)
    assert stored is not None and stored.totp_enabled_at is not None
    assert session.exec(select(RecoveryCode).where(col(RecoveryCode.used_at).is_(None))).all()


def test_the_requirement_covers_people_who_can_see_a_tension_log(
    client_for, world: World, session: Session
) -> None:
    admin = client_for("admin")
    assert admin.post_form("/admin/settings", {"require_two_factor": "on"}).status_code == 303
    officer = client_for("officer")
    assert officer.get("/places/").status_code == 200, "no sensitive permission: carries on"
    membership = session.exec(
        select(Membership).where(
            Membership.user_id == world.users["officer"].id, Membership.place_id == world.place.id
        )
    ).one()
    membership.tension_log = True
    session.add(membership)
    session.commit()
    assert officer.get("/places/").headers["location"] == "/account/two-factor/"
    page = check_page(officer.get("/account/two-factor/"))
    assert "Your administrator requires two-factor sign-in" in page.text("main")
    secret = page.value("secret") or ""
    officer.post_form("/account/two-factor/", {"secret": secret, "code": pyotp.TOTP(secret).now()})
    assert officer.get("/places/").status_code == 200
    refused = check_page(officer.post_form("/account/two-factor/off", {"code": _next_step_code(secret)}))
    assert refused.errors == ["Two-factor sign-in is required for your account, so it cannot be turned off"]
