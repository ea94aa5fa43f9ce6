"""What every response must be: security headers, error pages without stack traces, health, start-up rules."""

from pathlib import Path

import pytest
from fastapi import APIRouter
from fastapi.testclient import TestClient
from sqlalchemy import create_engine

from app.config import DEFAULT_SECRET_KEY, Settings
from app.db import make_engine
from app.main import create_app
from seed.demo import seed_demo
from tests.conftest import World, migrate
from tests.pages import check_page


def test_security_headers_on_every_response(client_for, world: World) -> None:
    client = client_for("officer")
    for path in ("/login", "/places/", "/places/nowhere/", "/healthz", "/static/css/app.css"):
        headers = client.get(path).headers
        csp = headers["content-security-policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp
        assert "frame-ancestors 'none'" in csp
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "same-origin"


def test_pages_use_local_assets_only_and_no_inline_script(client_for, world: World) -> None:
    page = check_page(client_for("officer").get("/places/"))
    for script in page.select("script"):
        assert script.get("src", "").startswith("/static/"), (
            "every script is a file from our own static folder"
        )
        assert not script.get_text().strip()
    assert page.select('link[rel="stylesheet"]')[0]["href"] == "/static/css/app.css"
    assert "Cohesion Strategy Toolkit" in page.text(".govuk-generic-header")
    assert "Beta" in page.text(".govuk-phase-banner")
    assert not page.select(".govuk-header__logotype, .govuk-footer__crown"), "no GOV.UK crown"


def test_built_css_uses_arial_and_not_the_gds_font() -> None:
    css = (Path(__file__).resolve().parent.parent / "app" / "static" / "css" / "app.css").read_text(
        "utf-8-sig"
    )
    assert "GDS Transport" not in css
    assert "arial" in css.lower()


def test_not_found_page_has_no_stack_trace(client_for, world: World) -> None:
    response = client_for("officer").get("/no/such/page")
    page = check_page(response)
    assert response.status_code == 404
    assert page.texts("main h1") == ["Page not found"]


def test_unexpected_error_shows_the_500_page_and_nothing_else(
    settings: Settings, engine, session_factory
) -> None:  # type: ignore[no-untyped-def]
    app = create_app(settings, engine=engine, session_factory=session_factory)
    boom = APIRouter()

    @boom.get("/boom", name="boom")
    def explode() -> None:
        raise RuntimeError("secret internals")

    app.include_router(boom)
    response = TestClient(app, raise_server_exceptions=False).get("/boom")
    assert response.status_code == 500
    assert "secret internals" not in response.text
    assert "Traceback" not in response.text
    assert "Sorry, there is a problem with the service" in response.text


def test_healthz_reports_the_database(client_for, world: World, settings: Settings) -> None:
    response = client_for("anonymous").get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    broken = create_engine(
        "postgresql+psycopg://nobody@127.0.0.1:1/none", connect_args={"connect_timeout": 1}
    )
    response = TestClient(create_app(settings, engine=broken)).get("/healthz")
    assert response.status_code == 503


def test_production_refuses_the_default_secret_key(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'prod.db'}")
    migrate(engine)
    with pytest.raises(RuntimeError, match="COHESION_SECRET_KEY"):
        create_app(
            Settings(env="production", secret_key=DEFAULT_SECRET_KEY, DATABASE_URL="sqlite://"), engine=engine
        )
    strong = "k" * 48
    assert create_app(Settings(env="production", secret_key=strong, DATABASE_URL="sqlite://"), engine=engine)


def test_production_refuses_to_start_with_demo_accounts(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'prod.db'}")
    migrate(engine)
    seed_demo(engine)
    with pytest.raises(RuntimeError, match="Demo accounts"):
        create_app(Settings(env="production", secret_key="k" * 48, DATABASE_URL="sqlite://"), engine=engine)


def test_production_cookies_are_secure(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'prod.db'}")
    migrate(engine)
    app = create_app(Settings(env="production", secret_key="k" * 48, DATABASE_URL="sqlite://"), engine=engine)
    response = TestClient(app, base_url="https://testserver").get("/login")
    assert "secure" in response.headers["set-cookie"].lower()
    assert "max-age" in response.headers["strict-transport-security"]
