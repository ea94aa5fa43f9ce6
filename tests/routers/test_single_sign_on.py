"""Single sign-on end to end against a real OpenID Connect provider (the npm package oidc-provider, started
on the loopback address): the authorization code flow with PKCE, state and nonce, the ID token checked
against the provider's keys, and people matched by verified email."""

from collections.abc import Iterator

import pytest
from sqlmodel import Session, select

from app.config import Settings
from app.main import create_app
from app.models import User
from tests.conftest import TEST_SECRET, Client, World
from tests.oidc.server import (
    APP_BASE,
    CLIENT_ID,
    CLIENT_SECRET,
    Provider,
    running_provider,
    sign_in_at_provider,
)
from tests.pages import check_page

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def provider() -> Iterator[Provider]:
    with running_provider() as running:
        yield running


def sso_settings(provider: Provider, **extra: object) -> Settings:
    return Settings(
        env="test",
        secret_key=TEST_SECRET,
        DATABASE_URL="sqlite://",
        base_url=APP_BASE,
        oidc_issuer=provider.issuer,
        oidc_client_id=CLIENT_ID,
        oidc_client_secret=CLIENT_SECRET,
        **extra,  # type: ignore[arg-type]
    )


@pytest.fixture
def settings(provider: Provider) -> Settings:
    return sso_settings(provider)


def _start(client: Client, next_path: str = "/account/") -> str:
    login = check_page(client.get("/login"))
    assert login.texts("#single-sign-on") == ["Sign in with your council account"]
    response = client.get(f"/login/sso/?next={next_path}")
    assert response.status_code == 303
    authorize = response.headers["location"]
    assert "code_challenge_method=S256" in authorize and "nonce=" in authorize and "state=" in authorize
    return authorize


def _callback_path(location: str) -> str:
    return location.removeprefix(APP_BASE)


def test_sign_in_with_the_identity_provider(client_for, world: World, provider: Provider) -> None:
    browser = client_for("anonymous")
    back = sign_in_at_provider(_start(browser), "olu")
    response = browser.get(_callback_path(back))
    assert response.status_code == 303 and response.headers["location"] == "/account/"
    page = check_page(browser.get("/account/"))
    assert "Olu Officer" in page.text("#details")

    # The same answer cannot be used twice, nor in another browser.
    replay = check_page(browser.get(_callback_path(back)))
    assert replay.status == 400
    assert replay.texts("#sso-problem") == [
        "This sign-in was started in another browser or has expired. Start again."
    ]
    elsewhere = client_for("anonymous")
    assert elsewhere.get(_callback_path(back)).status_code == 400


def test_the_state_must_match_the_browser_that_started(client_for, world: World, provider: Provider) -> None:
    first = client_for("anonymous")
    second = client_for("anonymous")
    back = sign_in_at_provider(_start(first), "olu")
    _start(second)  # the second browser has a state of its own
    refused = check_page(second.get(_callback_path(back)))
    assert refused.status == 400
    assert second.get("/places/").status_code == 303


def test_no_account_is_created_unless_allowed(
    client_for, world: World, provider: Provider, session: Session
) -> None:
    browser = client_for("anonymous")
    refused = check_page(browser.get(_callback_path(sign_in_at_provider(_start(browser), "newcomer"))))
    assert refused.texts("#sso-problem") == [
        "There is no account for your email address. Ask your administrator to invite you."
    ]
    assert session.exec(select(User).where(User.email == "newcomer@example.test")).first() is None


def test_an_account_is_created_when_allowed(
    world: World, provider: Provider, engine, session_factory, session: Session, client_for
) -> None:
    app = create_app(
        sso_settings(provider, oidc_allow_account_creation=True),
        engine=engine,
        session_factory=session_factory,
    )
    anonymous = client_for("anonymous")
    browser = Client(app, follow_redirects=False, base_url=APP_BASE, cookies=dict(anonymous.cookies))
    browser.csrf = anonymous.csrf
    response = browser.get(_callback_path(sign_in_at_provider(_start(browser), "newcomer")))
    assert response.status_code == 303
    created = session.exec(select(User).where(User.email == "newcomer@example.test")).one()
    assert (created.name, created.password_hash, created.is_admin) == ("Nel Newcomer", "", False)
    assert check_page(browser.get("/places/")).status == 200


def test_an_unverified_email_address_is_refused(client_for, world: World, provider: Provider) -> None:
    browser = client_for("anonymous")
    refused = check_page(browser.get(_callback_path(sign_in_at_provider(_start(browser), "unverified"))))
    assert refused.texts("#sso-problem") == [
        "Your identity provider has not verified your email address, so you cannot be signed in."
    ]
    assert browser.get("/places/").status_code == 303


def test_a_refusal_at_the_provider_signs_nobody_in(client_for, world: World, provider: Provider) -> None:
    browser = client_for("anonymous")
    _start(browser)
    page = check_page(browser.get("/login/sso/callback?error=access_denied&state=x"))
    assert page.status == 400 and "did not sign you in" in page.text("#sso-problem")
