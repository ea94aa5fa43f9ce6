"""Sign-in: wrong password, throttling, CSRF, sessions revoked, fixation, idle timeout, deactivation."""

from datetime import timedelta

from sqlmodel import Session, select

from app.deps import SESSION_COOKIE
from app.models import LoginAttempt, UserSession
from tests.conftest import World
from tests.factories import TEST_PASSWORD
from tests.pages import check_page


def _sign_in(client, email: str, password: str, **extra: str):  # type: ignore[no-untyped-def]
    return client.post_form("/login", {"email": email, "password": password, **extra})


def test_sign_in_page_has_labelled_fields_and_button(client_for, world: World) -> None:
    page = check_page(client_for("anonymous").get("/login"))
    assert page.texts("label") == ["Email address", "Password"]
    assert page.texts("main button") == ["Sign in"]
    email = page.select("input#email")[0]
    assert (email["type"], email["autocomplete"], email["spellcheck"]) == ("email", "email", "false"), (
        "the address box brings up a phone's email keyboard and offers the saved address"
    )


def test_every_email_address_box_is_an_email_input(client_for, world: World) -> None:
    pages = [("anonymous", "/login"), ("anonymous", "/password/forgotten"), ("admin", "/admin/users/new")]
    for persona, path in pages:
        page = check_page(client_for(persona).get(path))
        assert [box["type"] for box in page.select("input#email")] == ["email"], path


def test_sign_in_and_out(client_for, world: World, session: Session) -> None:
    client = client_for("anonymous")
    response = _sign_in(client, "Officer@Example.test ", TEST_PASSWORD)
    assert response.status_code == 303
    assert response.headers["location"] == "/places/"
    cookie = response.cookies.get(SESSION_COOKIE)
    assert cookie
    set_cookie = response.headers["set-cookie"].lower()
    assert "httponly" in set_cookie and "samesite=lax" in set_cookie
    page = check_page(client.get("/places/"))
    assert "Signed in as Olu Officer" in page.text("header")

    assert client.post_form("/logout").status_code == 303
    assert client.get("/places/").status_code == 303, "the signed-out session no longer works"
    replay = client_for("anonymous")
    replay.cookies.set(SESSION_COOKIE, cookie)
    assert replay.get("/places/").status_code == 303, (
        "the old token was revoked on the server, not just forgotten"
    )


def test_sign_in_returns_to_the_page_asked_for_but_never_off_site(client_for, world: World) -> None:
    client = client_for("anonymous")
    response = _sign_in(client, "officer@example.test", TEST_PASSWORD, next="/places/northmoor/")
    assert response.headers["location"] == "/places/northmoor/"
    client = client_for("anonymous")
    response = _sign_in(client, "officer@example.test", TEST_PASSWORD, next="//evil.example/")
    assert response.headers["location"] == "/places/"


def test_wrong_password_shows_an_error_and_keeps_the_email(client_for, world: World) -> None:
    response = _sign_in(client_for("anonymous"), "officer@example.test", "not the password")
    page = check_page(response)
    assert response.status_code == 400
    assert page.errors == ["Enter a correct email address and password"]
    assert page.value("email") == "officer@example.test"
    assert page.value("password") == "", "a password is never sent back"


def test_empty_form_lists_each_missing_field(client_for, world: World) -> None:
    page = check_page(_sign_in(client_for("anonymous"), "", ""))
    assert page.errors == ["Enter email address", "Enter password"]
    assert page.field_errors() == {"email": "Enter email address", "password": "Enter password"}


def test_five_failures_lock_the_account_for_fifteen_minutes(
    client_for, world: World, session: Session
) -> None:
    client = client_for("anonymous")
    for _ in range(5):
        assert _sign_in(client, "officer@example.test", "wrong").status_code == 400
    response = _sign_in(client, "officer@example.test", TEST_PASSWORD)
    assert response.status_code == 429
    assert "Too many attempts" in check_page(response).errors[0]
    assert SESSION_COOKIE not in response.cookies

    for attempt in session.exec(select(LoginAttempt)).all():
        attempt.attempted_at = attempt.attempted_at - timedelta(minutes=16)
        session.add(attempt)
    session.commit()
    assert _sign_in(client, "officer@example.test", TEST_PASSWORD).status_code == 303


def test_throttling_does_not_reveal_whether_an_account_exists(client_for, world: World) -> None:
    client = client_for("anonymous")
    answers = {}
    for email in ("officer@example.test", "nobody@example.test"):
        statuses = [_sign_in(client, email, "wrong").status_code for _ in range(6)]
        answers[email] = (statuses, check_page(_sign_in(client, email, "wrong")).errors)
    assert answers["officer@example.test"] == answers["nobody@example.test"]


def test_missing_or_wrong_csrf_token_is_refused(client_for, world: World) -> None:
    client = client_for("officer")
    url = f"/places/{world.place.slug}/strategies/{world.strategy.slug}/edit"
    response = client.post(url, data={"title": "No token"})
    assert response.status_code == 403
    assert "did not come from this service" in check_page(response).text()
    response = client.post(url, data={"title": "Wrong token", "csrf_token": "0" * 64})
    assert response.status_code == 403
    response = client.post("/login", data={"email": "a@b.test", "password": "x"})
    assert response.status_code == 403, "sign-in is protected too"
    response = client.post(url, headers={"X-CSRF-Token": client.csrf}, data={"title": ""})
    assert response.status_code == 400, "the header (htmx) works as well as the field"


def test_sign_in_issues_a_new_session_and_revokes_the_old_one(
    client_for, world: World, session: Session
) -> None:
    client = client_for("officer")
    before = client.cookies.get(SESSION_COOKIE)
    response = _sign_in(client, "officer@example.test", TEST_PASSWORD)
    after = response.cookies.get(SESSION_COOKIE)
    assert after and after != before
    stale = client_for("anonymous")
    stale.cookies.set(SESSION_COOKIE, before)
    assert stale.get("/places/").status_code == 303


def test_idle_session_expires(client_for, world: World, session: Session) -> None:
    client = client_for("officer")
    assert client.get("/places/").status_code == 200
    for row in session.exec(select(UserSession)).all():
        row.last_seen_at = row.last_seen_at - timedelta(minutes=61)
        session.add(row)
    session.commit()
    assert client.get("/places/").status_code == 303


def test_deactivated_user_is_signed_out_at_once(client_for, world: World, session: Session) -> None:
    officer = client_for("officer")
    admin = client_for("admin")
    assert officer.get("/places/").status_code == 200
    response = admin.post_form(f"/admin/users/{world.users['officer'].id}/active", {"active": "false"})
    assert response.status_code == 303
    assert officer.get("/places/").status_code == 303
    assert _sign_in(client_for("anonymous"), "officer@example.test", TEST_PASSWORD).status_code == 400
