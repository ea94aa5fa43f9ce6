"""The JSON API: every endpoint for every persona with a bearer token, credentials, strict parameters,
pagination, children, frozen editions, JSON errors, and an OpenAPI document that matches every answer."""

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

import pytest
from fastapi.routing import iter_route_contexts
from fastapi.testclient import TestClient
from pydantic import BaseModel
from sqlalchemy import event
from sqlmodel import Session

from app.schemas.api import ListeningExerciseRead, PriorityRead, StrengthRead, StruggleRead, VoiceRead
from app.schemas.progress import MeasurementForm, UpdateForm
from app.services.accounts import api_tokens
from app.services.plan import indicators as plan_indicators
from app.services.progress import service as progress
from tests.conftest import PERSONAS, World
from tests.factories import make_action, make_priority
from tests.routers.access_common import expect, strategy_params

PLACE = expect(401, 200, 404, 200, 200, 404)
DRAFTS = expect(401, 200, 404, 200, 403, 404)
STRATEGY = "/api/v1/places/{place_slug}/strategies/{strategy_slug}"

# route name -> (path parameters, expected status per persona)
ENDPOINTS: dict[str, tuple[Callable[[World], dict[str, Any]], dict[str, int]]] = {
    "api.places": (lambda w: {}, expect(401, 200, 200, 200, 200, 200)),
    "api.place": (lambda w: {"place_slug": w.place.slug}, PLACE),
    "api.strategies": (lambda w: {"place_slug": w.place.slug}, PLACE),
    "api.strategy": (strategy_params, PLACE),
    "api.editions": (strategy_params, PLACE),
    "api.edition": (lambda w: {**strategy_params(w), "edition_id": w.edition.id}, PLACE),
    "api.listening_exercises": (strategy_params, DRAFTS),
    "api.voices": (strategy_params, DRAFTS),
    "api.strengths": (strategy_params, DRAFTS),
    "api.struggles": (strategy_params, DRAFTS),
    "api.priorities": (strategy_params, DRAFTS),
    "api.actions": (strategy_params, DRAFTS),
    "api.indicators": (strategy_params, DRAFTS),
}


@pytest.fixture
def bearer(app, session: Session, world: World):  # type: ignore[no-untyped-def]
    """bearer("officer") is a client sending that persona's new API token, and no cookies."""

    def make(persona: str) -> TestClient:
        client = TestClient(app, follow_redirects=False, base_url="http://testserver")
        if persona != "anonymous":
            new = api_tokens.create_token(session=session, user=world.users[persona], name="Reports")
            session.commit()
            client.headers["Authorization"] = f"Bearer {new.secret}"
        return client

    return make


def path_of(app, world: World, name: str, **query: Any) -> str:  # type: ignore[no-untyped-def]
    params, _ = ENDPOINTS[name]
    path = app.url_path_for(name, **{k: str(v) for k, v in params(world).items()})
    return path + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def assert_error(response, status: int) -> str:  # type: ignore[no-untyped-def]
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/json"
    body = response.json()
    assert isinstance(body["detail"], str) and body["detail"]
    return str(body["detail"])


# --- Access ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(ENDPOINTS))
def test_every_endpoint_for_every_persona_with_a_bearer_token(app, bearer, world: World, name: str) -> None:  # type: ignore[no-untyped-def]
    _, expected = ENDPOINTS[name]
    for persona in PERSONAS:
        response = bearer(persona).get(path_of(app, world, name))
        assert response.status_code == expected[persona], f"{name} as {persona}: {response.text}"
        assert response.headers["content-type"] == "application/json"
        if response.status_code != 200:
            assert_error(response, expected[persona])


def test_places_lists_only_your_places_with_your_role(bearer, world: World) -> None:
    body = bearer("officer").get("/api/v1/places").json()
    assert body == {
        "items": [{"slug": "northmoor", "name": "Northmoor", "gss_code": "E08999001", "role": "officer"}],
        "page": 1,
        "page_size": 50,
        "total": 1,
    }
    assert bearer("councillor").get("/api/v1/places").json()["items"][0]["role"] == "councillor"
    assert bearer("admin").get("/api/v1/places").json()["total"] == 0, "admin is not a member of any place"
    place = bearer("facilitator").get("/api/v1/places/northmoor").json()
    assert (place["role"], [a["name"] for a in place["areas"]]) == ("facilitator", ["Northfield"])
    [area] = place["areas"]
    assert set(area) == {
        "id",
        "name",
        "welsh_name",
        "gss_code",
        "population",
        "profile_source",
        "has_boundary",
    }
    assert area["has_boundary"] is False


def test_the_session_cookie_works_too_and_stops_when_the_user_is_deactivated(
    client_for, session: Session, world: World
) -> None:
    officer = client_for("officer")
    assert officer.get("/api/v1/places/northmoor").status_code == 200
    world.users["officer"].active = False
    session.add(world.users["officer"])
    session.commit()
    response = officer.get("/api/v1/places/northmoor")
    assert_error(response, 401)
    assert response.headers["www-authenticate"] == "Bearer"


# --- Credentials ----------------------------------------------------------------------------------------------


def test_no_token_is_401_with_a_bearer_challenge(bearer) -> None:  # type: ignore[no-untyped-def]
    response = bearer("anonymous").get("/api/v1/places")
    assert "Authorization header" in assert_error(response, 401)
    assert response.headers["www-authenticate"] == "Bearer"


@pytest.mark.parametrize(
    ("header", "message"),
    [
        ("Basic b2ZmaWNlcjpwYXNzd29yZA==", "must be the word Bearer"),
        ("Bearer", "must be the word Bearer"),
        ("Bearer two words", "must be the word Bearer"),
        ("cst_abcdef", "must be the word Bearer"),
        ("Bearer cst_not-a-real-token", "not recognised"),
    ],
)
def test_a_malformed_or_unknown_token_is_401(bearer, header: str, message: str) -> None:  # type: ignore[no-untyped-def]
    client = bearer("anonymous")
    response = client.get("/api/v1/places", headers={"Authorization": header})
    assert message in assert_error(response, 401)
    assert response.headers["www-authenticate"] == 'Bearer error="invalid_token"'


def test_a_revoked_token_is_401_at_once(app, session: Session, world: World) -> None:  # type: ignore[no-untyped-def]
    officer = world.users["officer"]
    new = api_tokens.create_token(session=session, user=officer, name="Old report")
    session.commit()
    client = TestClient(app, headers={"Authorization": f"Bearer {new.secret}"})
    assert client.get("/api/v1/places").status_code == 200
    api_tokens.revoke_token(session=session, user=officer, token_id=new.token.id or 0)
    session.commit()
    assert "revoked" in assert_error(client.get("/api/v1/places"), 401)


def test_a_deactivated_users_token_is_401_at_once(app, session: Session, world: World) -> None:  # type: ignore[no-untyped-def]
    officer = world.users["officer"]
    new = api_tokens.create_token(session=session, user=officer, name="Report")
    session.commit()
    client = TestClient(app, headers={"Authorization": f"Bearer {new.secret}"})
    assert client.get("/api/v1/places/northmoor").status_code == 200
    officer.active = False
    session.add(officer)
    session.commit()
    assert "deactivated" in assert_error(client.get("/api/v1/places/northmoor"), 401)


# --- Strict parameters and JSON errors ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("page_size=201", "page_size must be 200 or less."),
        ("page_size=0", "page_size must be 1 or more."),
        ("page=0", "page must be 1 or more."),
        ("page=abc", "page must be a whole number."),
        ("page=1.5", "page must be a whole number."),
        ("colour=red", "colour is not a query parameter of this address."),
        ("page=0&page_size=500", "page must be 1 or more; page_size must be 200 or less."),
        ("page=1&page=2", "page must be given once only."),
        ("page=", "page must be a whole number."),
    ],
)
def test_invalid_or_unknown_query_parameters_are_422(bearer, query: str, message: str) -> None:  # type: ignore[no-untyped-def]
    response = bearer("officer").get(f"/api/v1/places/northmoor/strategies?{query}")
    assert assert_error(response, 422) == message
    assert response.json()["errors"][0]["location"] == "query"


def test_detail_endpoints_refuse_query_parameters_and_bad_path_parameters(bearer, world: World) -> None:  # type: ignore[no-untyped-def]
    officer = bearer("officer")
    assert_error(officer.get("/api/v1/places/northmoor?page=1"), 422)
    base = STRATEGY.format(**strategy_params(world))
    detail = assert_error(officer.get(f"{base}/editions/abc"), 422)
    assert detail == "edition_id must be a whole number."
    assert_error(officer.get(f"{base}/editions/0"), 422)
    assert_error(officer.get(f"{base}/editions/{2**40}"), 422)
    assert_error(officer.get(f"{base}/editions/999999"), 404)
    response = officer.get("/api/v1/places/North%20Moor")
    assert assert_error(response, 422).startswith("place_slug must be a short name")
    assert response.json()["errors"] == [
        {
            "location": "path",
            "name": "place_slug",
            "message": "must be a short name of lower-case letters, numbers and hyphens",
        }
    ]


def test_errors_under_the_api_are_json_never_html(bearer, world: World) -> None:  # type: ignore[no-untyped-def]
    officer = bearer("officer")
    assert_error(officer.get("/api/v1/no-such-thing"), 404)
    assert_error(officer.get("/api/v1/places/southvale"), 404)
    assert_error(officer.get("/api/v1/places/northmoor/strategies/no-such-strategy"), 404)
    response = officer.post("/api/v1/places")
    assert_error(response, 405)
    assert response.headers["allow"] == "GET"
    councillor = bearer("councillor")
    assert_error(councillor.get(STRATEGY.format(**strategy_params(world)) + "/voices"), 404)
    assert "Draft records" in assert_error(
        councillor.get(STRATEGY.format(**strategy_params(world)) + "/listening/voices"), 403
    )


# --- Pagination, children and editions ------------------------------------------------------------------------


def test_pagination_counts_every_page(bearer, session: Session, world: World) -> None:  # type: ignore[no-untyped-def]
    for number in range(4):
        make_priority(
            session,
            strategy=world.strategy,
            actor=world.users["officer"],
            struggles=[world.struggle],
            outcome=f"Outcome {number}",
        )
    session.commit()
    officer = bearer("officer")
    base = STRATEGY.format(**strategy_params(world)) + "/priorities"
    pages = [officer.get(f"{base}?page={page}&page_size=2").json() for page in (1, 2, 3, 4)]
    assert [(p["page"], p["page_size"], p["total"], len(p["items"])) for p in pages] == [
        (1, 2, 5, 2),
        (2, 2, 5, 2),
        (3, 2, 5, 1),
        (4, 2, 5, 0),
    ]
    ids = [item["id"] for p in pages for item in p["items"]]
    assert len(set(ids)) == 5, "every priority once, none twice"
    everything = officer.get(base).json()
    assert (everything["page_size"], everything["total"], len(everything["items"])) == (50, 5, 5)


@pytest.mark.parametrize(
    ("path", "record", "read"),
    [
        ("/listening/exercises", "exercise", ListeningExerciseRead),
        ("/listening/voices", "voice", VoiceRead),
        ("/strengths", "strength", StrengthRead),
        ("/struggles", "struggle", StruggleRead),
        ("/priorities", "priority", PriorityRead),
    ],
)
def test_each_list_answers_with_its_records_values(  # type: ignore[no-untyped-def]
    bearer, world: World, path: str, record: str, read: type[BaseModel]
) -> None:
    """The lists read columns, not records: each item is what the record itself reads as."""
    items = bearer("officer").get(STRATEGY.format(**strategy_params(world)) + path).json()["items"]
    assert items[0] == read.model_validate(getattr(world, record)).model_dump(mode="json")


def test_actions_carry_their_updates_and_indicators_their_measurements(
    bearer, session: Session, world: World
) -> None:  # type: ignore[no-untyped-def]
    officer = world.users["officer"]
    for period_end, percent in ((date(2026, 9, 30), 40), (date(2026, 6, 30), 20)):
        progress.create_update(
            session=session,
            strategy=world.strategy,
            action=world.action,
            actor=officer,
            form=UpdateForm.model_validate(
                {
                    "period_end": period_end,
                    "status": "on_track",
                    "percent_complete": percent,
                    "what_happened": f"{percent}% done",
                }
            ),
        )
    make_action(session, strategy=world.strategy, actor=officer, title="Without updates")
    progress.create_measurement(
        session=session,
        strategy=world.strategy,
        indicator=world.indicator,
        actor=officer,
        form=MeasurementForm.model_validate(
            {"measured_on": date(2026, 9, 30), "value": 50, "sample_size": 400}
        ),
    )
    session.commit()
    client = bearer("facilitator")
    base = STRATEGY.format(**strategy_params(world))
    actions = client.get(f"{base}/actions").json()["items"]
    assert [(a["title"], [u["what_happened"] for u in a["updates"]]) for a in actions] == [
        ("Open iftar programme", ["20% done", "40% done"]),
        ("Without updates", []),
    ]
    assert actions[0]["updates"][1]["period_end"] == "2026-09-30"
    indicators = client.get(f"{base}/indicators").json()["items"]
    assert [
        (m["value"], m["ci_low"], m["ci_high"], m["sample_size"]) for m in indicators[0]["measurements"]
    ] == [(50.0, 45.1, 54.9, 400)]


def test_children_are_loaded_per_page_not_per_item(bearer, engine, session: Session, world: World) -> None:  # type: ignore[no-untyped-def]
    client = bearer("officer")
    base = STRATEGY.format(**strategy_params(world))
    client.get(f"{base}/actions")  # the token's first use writes last_used_at; count the reads after it
    statements: list[str] = []

    def count(*args: Any) -> None:
        statements.append(args[2])

    def queries(path: str) -> int:
        statements.clear()
        event.listen(engine, "before_cursor_execute", count)
        try:
            assert client.get(path).status_code == 200
        finally:
            event.remove(engine, "before_cursor_execute", count)
        return len(statements)

    few = {name: queries(f"{base}/{name}") for name in ("actions", "indicators")}
    assert min(few.values()) >= 4, "the listener sees the requests' queries"
    officer = world.users["officer"]
    for number, key in enumerate(
        ("belonging", "pull-together", "trust", "volunteering", "influence-decisions")
    ):
        action = make_action(session, strategy=world.strategy, actor=officer, title=f"Action {number}")
        progress.create_update(
            session=session,
            strategy=world.strategy,
            action=action,
            actor=officer,
            form=UpdateForm.model_validate(
                {
                    "period_end": date(2026, 6, 30),
                    "status": "on_track",
                    "percent_complete": 10,
                    "what_happened": "Begun",
                }
            ),
        )
        plan_indicators.add_from_library(session=session, strategy=world.strategy, actor=officer, key=key)
    session.commit()
    assert {name: queries(f"{base}/{name}") for name in ("actions", "indicators")} == few


def test_an_edition_returns_its_frozen_records(bearer, session: Session, world: World) -> None:  # type: ignore[no-untyped-def]
    make_action(
        session, strategy=world.strategy, actor=world.users["officer"], title="Added after the edition"
    )
    session.commit()
    base = STRATEGY.format(**strategy_params(world))
    for persona in ("officer", "councillor"):
        client = bearer(persona)
        edition = client.get(f"{base}/editions/{world.edition.id}").json()
        assert (edition["stage"], edition["number"], edition["title"]) == (
            "plan",
            1,
            "Action plan, approved by Cabinet",
        )
        assert edition["published_by"] == "Olu Officer"
        kinds = {kind["kind"]: kind for kind in edition["kinds"]}
        assert [r["heading"] for r in kinds["action"]["records"]] == ["Open iftar programme"]
        assert kinds["action"]["count"] == 1
        assert kinds["action"]["records"][0]["values"]["Status"] == "On track"
        listed = client.get(f"{base}/editions").json()
        assert [(e["id"], e["stage"]) for e in listed["items"]] == [(world.edition.id, "plan")]
    drafts = bearer("officer").get(f"{base}/actions").json()["items"]
    assert "Added after the edition" in [a["title"] for a in drafts]


# --- The OpenAPI document -------------------------------------------------------------------------------------


def _check(schema: dict[str, Any], value: Any, components: dict[str, Any], where: str = "$") -> None:
    """A small JSON Schema check for what FastAPI writes: $ref, anyOf, enum, types, properties, items,
    formats and bounds. Objects may not carry properties their schema does not list."""
    if "$ref" in schema:
        _check(components[schema["$ref"].rsplit("/", 1)[1]], value, components, where)
        return
    if "anyOf" in schema:
        failures = []
        for option in schema["anyOf"]:
            try:
                _check(option, value, components, where)
                return
            except AssertionError as failure:
                failures.append(str(failure))
        raise AssertionError(f"{where}: matches none of anyOf: {failures}")
    if "enum" in schema:
        assert value in schema["enum"], f"{where}: {value!r} not in {schema['enum']}"
    kind = schema.get("type")
    types = {
        "object": dict,
        "array": list,
        "string": str,
        "integer": int,
        "number": (int, float),
        "boolean": bool,
        "null": type(None),
    }
    if kind is not None:
        assert isinstance(value, types[kind]), f"{where}: {value!r} is not {kind}"
        assert kind == "boolean" or not isinstance(value, bool), f"{where}: {value!r} is not {kind}"
    if kind == "object":
        properties = schema.get("properties", {})
        missing = set(schema.get("required", [])) - set(value)
        assert not missing, f"{where}: missing {missing}"
        extra = schema.get("additionalProperties")
        for key, item in value.items():
            if key in properties:
                _check(properties[key], item, components, f"{where}.{key}")
            elif isinstance(extra, dict):
                _check(extra, item, components, f"{where}.{key}")
            else:
                raise AssertionError(f"{where}: {key!r} is not in the documented schema")
    if kind == "array":
        for index, item in enumerate(value):
            _check(schema.get("items", {}), item, components, f"{where}[{index}]")
    if schema.get("format") == "date":
        date.fromisoformat(value)
    if schema.get("format") == "date-time":
        assert datetime.fromisoformat(value).tzinfo is not None, f"{where}: {value} has no time zone"
    if "minimum" in schema:
        assert value >= schema["minimum"], where
    if "maximum" in schema:
        assert value <= schema["maximum"], where


def _response_schema(document: dict[str, Any], path: str, status: int) -> dict[str, Any]:
    responses = document["paths"][path]["get"]["responses"]
    assert str(status) in responses, f"{path} does not document {status}"
    return dict(responses[str(status)]["content"]["application/json"]["schema"])


def test_openapi_lists_every_api_path_with_every_answer(app, bearer) -> None:  # type: ignore[no-untyped-def]
    response = bearer("anonymous").get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = response.json()
    assert document["openapi"].startswith("3.1")
    routes = {
        context.path_format: context.name
        for context in iter_route_contexts(app.routes)
        if (context.path or "").startswith("/api/v1/") and context.name != "api.openapi"
    }
    assert set(document["paths"]) == set(routes)
    assert set(routes.values()) == set(ENDPOINTS)
    assert document["components"]["securitySchemes"]["bearerAuth"] == {
        "type": "http",
        "scheme": "bearer",
        "description": "A personal API token, created on your account page: `Authorization: Bearer cst_…`.",
    }
    for path, name in routes.items():
        operation = document["paths"][path]["get"]
        assert operation["security"] == [{"bearerAuth": []}]
        statuses = set(operation["responses"])
        expected = {"200", "401", "422"} | {str(s) for s in set(ENDPOINTS[name][1].values()) - {401, 200}}
        assert statuses == expected, f"{path}: documents {statuses}, can answer {expected}"
        assert "WWW-Authenticate" in operation["responses"]["401"]["headers"]
    assert "HTTPValidationError" not in document["components"]["schemas"]


def test_every_answer_matches_its_documented_schema(app, bearer, session: Session, world: World) -> None:  # type: ignore[no-untyped-def]
    progress.create_update(
        session=session,
        strategy=world.strategy,
        action=world.action,
        actor=world.users["officer"],
        form=UpdateForm.model_validate(
            {
                "period_end": date(2026, 6, 30),
                "status": "at_risk",
                "percent_complete": 5,
                "what_happened": "Slow",
            }
        ),
    )
    session.commit()
    document = bearer("anonymous").get("/api/v1/openapi.json").json()
    components = document["components"]["schemas"]
    templates = {context.name: context.path_format for context in iter_route_contexts(app.routes)}
    clients = {persona: bearer(persona) for persona in PERSONAS}
    for name, (_params, expected) in ENDPOINTS.items():
        path = path_of(app, world, name)
        for persona, status in expected.items():
            response = clients[persona].get(path)
            assert response.status_code == status
            body = response.json()
            _check(_response_schema(document, templates[name], status), body, components, f"{name} {status}")
            if persona == "officer" and "items" in body:
                assert body["items"], f"{name}: check a real item, not an empty list"
        invalid = clients["officer"].get(path + "?page_size=201")
        assert invalid.status_code == 422
        _check(_response_schema(document, templates[name], 422), invalid.json(), components)
