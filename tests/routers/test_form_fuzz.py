"""Bad input everywhere: generated values posted to every form route as an officer.

Never a server error; a refused form always answers with a GOV.UK error summary (or the conflict page)."""

import inspect
from datetime import date
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

import app.schemas
import app.schemas.listening
import app.schemas.mapping
import app.schemas.plan
import app.schemas.progress
import app.schemas.tensions
from tests.conftest import World
from tests.pages import check_page
from tests.routers.test_access import MATRIX, app_routes


def _form_fields() -> list[str]:
    """Every field name of every HTML form model, dates as their day, month and year inputs."""
    names: set[str] = {"version", "note", "next", "transaction_id", "theme_ids", "area_ids"}
    for module in (
        app.schemas,
        app.schemas.listening,
        app.schemas.mapping,
        app.schemas.plan,
        app.schemas.progress,
        app.schemas.tensions,
    ):
        for _name, model in inspect.getmembers(module, inspect.isclass):
            if issubclass(model, BaseModel) and model.__name__.endswith("Form"):
                for field_name, info in model.model_fields.items():
                    names.add(field_name)
                    if info.annotation in (date, date | None):
                        names.update({f"{field_name}-day", f"{field_name}-month", f"{field_name}-year"})
    return sorted(names)


FIELDS = _form_fields()
NASTY = [
    "",
    " ",
    "0",
    "-1",
    "1e309",
    "NaN",
    "-Infinity",
    "inf",
    "1e-400",
    "²",
    "9999",
    "31/12/9999",
    "Launch, 31/12/9999",
    "/places/\r\nX-Injected: 1",
    "99999999999999999999",
    "2026-02-30",
    "31",
    "13",
    "<script>alert(1)</script>",
    '=HYPERLINK("http://example.test")',
    "\x00",
    "'; DROP TABLE voice; --",
    "é" * 3000,
    "1" * 300,
]
VALUES = st.one_of(st.sampled_from(NASTY), st.text(max_size=40), st.integers(-(10**12), 10**12).map(str))
FORMS = st.dictionaries(st.sampled_from(FIELDS), VALUES, max_size=12)


def _form_routes(app, admin: bool) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    """POST routes: the administration pages for an admin, every other form (not sign-in or out) for an officer."""
    found = set()
    for context in app_routes(app):
        path = context.path or ""
        if "POST" not in (context.methods or ()) or path.startswith(("/login", "/logout")):
            continue
        if path.startswith("/admin") == admin:
            found.add((context.name, "POST"))
    return sorted(found)


# "tension_officer" holds the tension log, whose forms answer 404 to the plain officer.
@pytest.mark.parametrize("persona", ["officer", "tension_officer", "admin"])
def test_generated_input_never_breaks_a_form(app, client_for, world: World, persona: str) -> None:  # type: ignore[no-untyped-def]
    client = client_for(persona)
    routes = _form_routes(app, admin=persona == "admin")
    assert len(routes) >= 5, "the walk found too few form routes"
    paths = [
        app.url_path_for(name, **{k: str(v) for k, v in MATRIX[(name, method)][0](world).items()})
        for name, method in routes
    ]

    @settings(
        max_examples=200,
        deadline=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(index=st.integers(0, len(paths) - 1), form=FORMS)
    def post(index: int, form: dict[str, Any]) -> None:
        path = paths[index]
        response = client.post(path, data={**form, "csrf_token": client.csrf})
        assert response.status_code < 500, f"POST {path} with {form!r}: {response.status_code}"
        # A control character in a header (a redirect to a typed ``next``) makes the server drop the connection.
        assert all(value.isprintable() for value in response.headers.values()), f"POST {path} with {form!r}"
        if response.status_code == 400 and "text/html" in response.headers.get("content-type", ""):
            page = check_page(response)
            assert page.select(".govuk-error-summary"), (
                f"POST {path} with {form!r}: 400 without an error summary"
            )

    post()


def test_nul_characters_and_ids_beyond_the_integer_range_get_clear_answers(client_for, world: World) -> None:  # type: ignore[no-untyped-def]
    officer = client_for("officer")
    base = f"/places/{world.place.slug}/strategies/{world.strategy.slug}"
    response = officer.post_form(
        f"{base}/edit",
        {
            "title": "Strategy\x00 with a NUL",
            "start_date-day": "1",
            "start_date-month": "4",
            "start_date-year": "2026",
            "end_date-day": "31",
            "end_date-month": "3",
            "end_date-year": "2029",
            "status": "draft",
            "version": str(world.strategy.version),
        },
    )
    assert response.status_code == 303
    assert "Strategy with a NUL" in check_page(officer.get(f"{base}/")).texts("h1")[0]
    assert officer.get(f"{base}/plan/actions/99999999999999999999/").status_code == 404
    assert officer.get(f"/places/{world.place.slug}/history/action/99999999999999999999/").status_code == 404
