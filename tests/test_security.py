"""Nothing a signed-in person sees is kept by a browser's or a proxy's cache: ``Cache-Control: no-store`` on
every page, download, API answer, redirect and error page; only the public static files may be cached."""

from collections.abc import Callable

import pytest
from fastapi import APIRouter, FastAPI
from fastapi.testclient import TestClient
from sqlmodel import Session

from app.services.accounts import api_tokens
from tests.conftest import Client, World
from tests.routers.access_common import strategy_params
from tests.routers.test_access import MATRIX

ClientFor = Callable[[str], Client]


@pytest.mark.parametrize("persona", ["officer", "councillor", "admin", "anonymous"])
def test_every_get_route_answers_no_store(
    persona: str, app: FastAPI, client_for: ClientFor, world: World
) -> None:
    client = client_for(persona)
    statuses: set[int] = set()
    for (name, method), (params, _expected) in sorted(MATRIX.items()):
        if method != "GET":
            continue
        path = app.url_path_for(name, **{k: str(v) for k, v in params(world).items()})
        response = client.get(path)
        statuses.add(response.status_code)
        assert response.headers.get("cache-control") == "no-store", (
            f"GET {path} as {persona} answered {response.status_code} without no-store"
        )
    # The walk met pages or downloads, redirects and refusals, not only one kind of answer.
    assert {303} <= statuses and (statuses & {200, 403, 404, 401})


def test_downloads_and_form_posts_answer_no_store(officer: Client, world: World) -> None:
    base = "/places/{place_slug}/strategies/{strategy_slug}".format(**strategy_params(world))
    for path in (f"{base}/exports/actions.csv", f"{base}/exports/voices.xlsx", f"{base}/document.pdf"):
        response = officer.get(path)
        assert response.status_code == 200, path
        assert response.headers["content-type"].split(";")[0] != "text/html", path
        assert response.headers["cache-control"] == "no-store", path
    saved = officer.post_form(
        f"{base}/plan/priorities/new",
        {"outcome": "People mix in shared spaces", "struggle_ids": str(world.struggle.id)},
    )
    refused = officer.post_form(f"{base}/plan/priorities/new", {})
    assert (saved.status_code, refused.status_code) == (303, 400)
    assert saved.headers["cache-control"] == refused.headers["cache-control"] == "no-store"


def test_api_with_a_bearer_token_answers_no_store(app: FastAPI, session: Session, world: World) -> None:
    token = api_tokens.create_token(session=session, user=world.users["officer"], name="reports").secret
    session.commit()
    client = TestClient(app, headers={"Authorization": f"Bearer {token}"})
    base = "/api/v1/places/{place_slug}/strategies/{strategy_slug}".format(**strategy_params(world))
    for path in (f"{base}/actions", f"{base}/voices", "/api/v1/places/nowhere", "/api/v1/places"):
        response = client.get(path)
        assert response.headers["content-type"].startswith("application/json"), path
        assert response.headers["cache-control"] == "no-store", path
    unsigned = TestClient(app).get(f"{base}/actions")
    assert unsigned.status_code == 401 and unsigned.headers["cache-control"] == "no-store"


def test_unexpected_error_page_answers_no_store(app: FastAPI, world: World) -> None:
    broken = APIRouter()

    @broken.get("/broken")
    def fail() -> None:
        raise RuntimeError("boom")

    @broken.get("/api/v1/broken")
    def fail_in_api() -> None:
        raise RuntimeError("boom")

    app.include_router(broken)
    client = TestClient(app, raise_server_exceptions=False)
    for path in ("/broken", "/api/v1/broken"):
        response = client.get(path)
        assert response.status_code == 500, path
        assert response.headers["cache-control"] == "no-store", path
        assert "script-src 'self'" in response.headers["content-security-policy"], path
        assert response.headers["x-content-type-options"] == "nosniff", path


def test_static_files_may_be_cached(officer: Client) -> None:
    response = officer.get("/static/css/app.css")
    assert response.status_code == 200
    assert "no-store" not in response.headers.get("cache-control", "")
