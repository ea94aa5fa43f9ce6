"""Your account page: who you are, and your personal API tokens, created once and revoked."""

from sqlmodel import Session, col, select

from app.models import ApiToken, AuditEvent
from tests.conftest import World
from tests.pages import check_page


def test_account_page_shows_who_you_are_and_no_tokens_yet(client_for, world: World) -> None:
    page = check_page(client_for("councillor").get("/account/"))
    assert page.texts("main h1") == ["Your account"]
    assert page.texts("#details .govuk-summary-list__value") == [
        "Cal Councillor",
        "councillor@example.test",
        "Set",
        "Off",
        "Straight away",
    ]
    assert page.texts("#no-tokens") == ["You have no API tokens."]
    assert "/api/v1/openapi.json" in page.links().values()
    nav = [text for text in page.soup.select(".govuk-service-navigation__link")]
    assert any(link.get_text(strip=True) == "Your account" for link in nav)


def test_create_shows_the_token_once_then_only_its_prefix(client_for, session: Session, world: World) -> None:
    officer = client_for("officer")
    response = officer.post_form("/account/tokens", {"name": "Power BI report"})
    assert response.status_code == 200
    assert "set-cookie" not in response.headers or "cohesion_flash" not in response.headers["set-cookie"]
    page = check_page(response)
    secret = page.value("new_token")
    assert secret is not None and secret.startswith("cst_") and len(secret) > 40
    assert "It will not be shown again" in page.text(".govuk-notification-banner")
    token = session.exec(select(ApiToken).where(ApiToken.name == "Power BI report")).one()
    assert token.prefix == secret[:12] and token.token_hash != secret
    assert page.texts("#tokens tbody tr td:nth-child(1)") == ["Power BI report"]
    assert page.texts("#tokens tbody tr td:nth-child(2)") == [f"{secret[:12]}…"]
    assert page.texts("#tokens tbody tr td:nth-child(4)") == ["Never"]

    again = check_page(officer.get("/account/"))
    assert secret not in again.response.text, "the token is shown once, on the answer to the form only"
    assert again.value("new_token") is None
    api = officer.get("/api/v1/places", headers={"Authorization": f"Bearer {secret}"})
    assert api.status_code == 200
    used = check_page(officer.get("/account/"))
    assert used.texts("#tokens tbody tr td:nth-child(4)") != ["Never"]


def test_empty_or_long_name_is_refused_with_an_error_summary(client_for, world: World) -> None:
    officer = client_for("officer")
    response = officer.post_form("/account/tokens", {"name": "  "})
    assert response.status_code == 400
    page = check_page(response)
    assert page.errors == ["Enter a name for the token"]
    assert page.value("new_token") is None
    response = officer.post_form("/account/tokens", {"name": "x" * 101})
    assert response.status_code == 400
    page = check_page(response)
    assert page.errors == ["Token name must be 100 characters or fewer"]
    assert page.value("name") == "x" * 101


def test_revoke_your_own_token(client_for, session: Session, world: World) -> None:
    officer = client_for("officer")
    secret = check_page(officer.post_form("/account/tokens", {"name": "Old report"})).value("new_token")
    token = session.exec(select(ApiToken).where(ApiToken.name == "Old report")).one()
    response = officer.post_form(f"/account/tokens/{token.id}/revoke")
    assert response.status_code == 303
    assert response.headers["location"] == "/account/"
    page = check_page(officer.get("/account/"))
    assert page.text(".govuk-notification-banner") == "Success API token “Old report” revoked"
    assert page.texts("#tokens tbody tr td:nth-child(5)")[0].startswith("Revoked ")
    assert not page.select("#tokens form")
    response = officer.get("/api/v1/places", headers={"Authorization": f"Bearer {secret}"})
    assert response.status_code == 401
    actions = session.exec(
        select(AuditEvent.action).where(
            AuditEvent.actor_id == world.users["officer"].id, col(AuditEvent.action).startswith("api_token")
        )
    )
    assert sorted(actions.all()) == ["api_token_created", "api_token_revoked"]


def test_someone_elses_token_is_not_found(client_for, session: Session, world: World) -> None:
    check_page(client_for("facilitator").post_form("/account/tokens", {"name": "Facilitator report"}))
    token = session.exec(select(ApiToken).where(ApiToken.name == "Facilitator report")).one()
    response = client_for("officer").post_form(f"/account/tokens/{token.id}/revoke")
    assert response.status_code == 404
    session.refresh(token)
    assert token.revoked_at is None
    assert client_for("officer").post_form("/account/tokens/abc/revoke").status_code == 404
    assert client_for("officer").post_form(f"/account/tokens/{2**40}/revoke").status_code == 404
