"""Who may do what: every route, every persona, one table checked against app.routes.

The table is this module's ``MATRIX`` plus the ``ACCESS`` table of every ``tests/routers/access_*.py``
module (one per area of the app), so each area keeps its own rows."""

import importlib
import pkgutil
from typing import Any

import pytest
from fastapi.routing import APIRoute, RouteContext, iter_route_contexts

import tests.routers
from app.deps import PLACE_ACCESS_DEPENDENCIES, get_admin_user
from tests.conftest import PERSONAS, World
from tests.routers.access_common import LOGIN, AccessTable, expect
from tests.routers.access_common import strategy_params as _strategy


def _record(w: World, records: str) -> dict[str, Any]:
    return {**_strategy(w), "records": records, "record_id": getattr(w, records.removesuffix("s")).id}


# The strengths' and struggles' pages: one route for each page, with the kind in the address. The matrix
# checks them for strengths; test_mapping_routes_answer_alike_for_struggles for struggles.
MAPPING: dict[tuple[str, str], tuple[Any, Any]] = {
    ("mapping.records", "GET"): (
        lambda w, records: {**_strategy(w), "records": records},
        expect(LOGIN, 200, 404, 200, 403, 404),
    ),
    ("mapping.new_record", "GET"): (
        lambda w, records: {**_strategy(w), "records": records},
        expect(LOGIN, 200, 404, 403, 403, 404),
    ),
    ("mapping.create_record", "POST"): (
        lambda w, records: {**_strategy(w), "records": records},
        expect(LOGIN, 400, 404, 403, 403, 404),
    ),
    ("mapping.record", "GET"): (_record, expect(LOGIN, 200, 404, 200, 403, 404)),
    ("mapping.edit_record_form", "GET"): (_record, expect(LOGIN, 200, 404, 403, 403, 404)),
    ("mapping.edit_record", "POST"): (_record, expect(LOGIN, 400, 404, 403, 403, 404)),
    # An empty attach is answered with a message on the record's page.
    ("mapping.attach_voice", "POST"): (_record, expect(LOGIN, 303, 404, 403, 403, 404)),
    ("mapping.detach_voice", "POST"): (
        lambda w, records: {**_record(w, records), "voice_id": 10**8},
        expect(LOGIN, 303, 404, 403, 403, 404),
    ),
}

# For a write, "ok" for an allowed persona is 400: the empty form is refused with an error page,
# which proves the route ran its form handling rather than an access refusal.
MATRIX: AccessTable = {
    ("home", "GET"): (lambda w: {}, expect(303, 303, 303, 303, 303, 303)),
    ("health", "GET"): (lambda w: {}, expect(200, 200, 200, 200, 200, 200)),
    ("auth.login_form", "GET"): (lambda w: {}, expect(200, 303, 303, 303, 303, 303)),
    ("auth.login", "POST"): (lambda w: {}, expect(400, 400, 400, 400, 400, 400)),
    ("auth.logout", "POST"): (lambda w: {}, expect(303, 303, 303, 303, 303, 303)),
    ("places.index", "GET"): (lambda w: {}, expect(LOGIN, 200, 200, 200, 200, 200)),
    ("places.show", "GET"): (lambda w: {"place_slug": w.place.slug}, expect(LOGIN, 200, 404, 200, 200, 404)),
    ("strategies.show", "GET"): (
        lambda w: {"place_slug": w.place.slug, "strategy_slug": w.strategy.slug},
        expect(LOGIN, 200, 404, 200, 200, 404),
    ),
    ("strategies.edit_form", "GET"): (
        lambda w: {"place_slug": w.place.slug, "strategy_slug": w.strategy.slug},
        expect(LOGIN, 200, 404, 403, 403, 404),
    ),
    ("strategies.edit", "POST"): (
        lambda w: {"place_slug": w.place.slug, "strategy_slug": w.strategy.slug},
        expect(LOGIN, 400, 404, 403, 403, 404),
    ),
    ("history.show", "GET"): (
        lambda w: {"place_slug": w.place.slug, "kind": "strategy", "record_id": w.strategy.id},
        expect(LOGIN, 200, 404, 200, 403, 404),
    ),
    ("history.delete_form", "GET"): (
        lambda w: {"place_slug": w.place.slug, "kind": "action", "record_id": w.action.id},
        expect(LOGIN, 200, 404, 403, 403, 404),
    ),
    ("history.delete", "POST"): (
        lambda w: {"place_slug": w.place.slug, "kind": "action", "record_id": w.action.id},
        expect(LOGIN, 409, 404, 403, 403, 404),  # officer: no version sent counts as stale
    ),
    ("history.restore_form", "GET"): (
        lambda w: {"place_slug": w.place.slug, "kind": "strategy", "record_id": w.strategy.id},
        expect(LOGIN, 404, 404, 403, 403, 404),  # officer: no version named is 404
    ),
    ("history.restore", "POST"): (
        lambda w: {"place_slug": w.place.slug, "kind": "strategy", "record_id": w.strategy.id},
        expect(LOGIN, 404, 404, 403, 403, 404),  # officer: no such version (empty form) is 404
    ),
    **{
        (name, "GET"): (lambda w, extra=extra: {**_strategy(w), **extra(w)}, statuses)
        for name, extra, statuses in [
            ("listening.index", lambda w: {}, expect(LOGIN, 200, 404, 200, 403, 404)),
            ("listening.voices", lambda w: {}, expect(LOGIN, 200, 404, 200, 403, 404)),
            ("listening.analysis", lambda w: {}, expect(LOGIN, 200, 404, 200, 403, 404)),
            ("listening.heard", lambda w: {}, expect(LOGIN, 200, 404, 200, 403, 404)),
            ("listening.scores", lambda w: {}, expect(LOGIN, 200, 404, 200, 403, 404)),
            ("listening.themes", lambda w: {}, expect(LOGIN, 200, 404, 200, 403, 404)),
            ("listening.new_exercise", lambda w: {}, expect(LOGIN, 200, 404, 403, 403, 404)),
            (
                "listening.show_exercise",
                lambda w: {"exercise_id": w.exercise.id},
                expect(LOGIN, 200, 404, 200, 403, 404),
            ),
            (
                "listening.edit_exercise_form",
                lambda w: {"exercise_id": w.exercise.id},
                expect(LOGIN, 200, 404, 403, 403, 404),
            ),
            (
                "listening.show_voice",
                lambda w: {"voice_id": w.voice.id},
                expect(LOGIN, 200, 404, 200, 403, 404),
            ),
            (
                "listening.edit_voice_form",
                lambda w: {"voice_id": w.voice.id},
                expect(LOGIN, 200, 404, 403, 403, 404),
            ),
            (
                "listening.new_scores",
                lambda w: {"exercise_id": w.exercise.id},
                expect(LOGIN, 200, 404, 403, 403, 404),
            ),
            (
                "listening.upload_form",
                lambda w: {"exercise_id": w.exercise.id},
                expect(LOGIN, 200, 404, 403, 403, 404),
            ),
            (
                "listening.match_columns",
                lambda w: {"exercise_id": w.exercise.id, "token": "no-such-upload"},
                expect(LOGIN, 404, 404, 403, 403, 404),
            ),
        ]
    },
    **{
        (name, "POST"): (lambda w, extra=extra: {**_strategy(w), **extra(w)}, statuses)
        for name, extra, statuses in [
            ("listening.create_exercise", lambda w: {}, expect(LOGIN, 400, 404, 403, 403, 404)),
            ("listening.add_theme", lambda w: {}, expect(LOGIN, 400, 404, 403, 403, 404)),
            (
                "listening.edit_exercise",
                lambda w: {"exercise_id": w.exercise.id},
                expect(LOGIN, 400, 404, 403, 403, 404),
            ),
            (
                "listening.add_voice",
                lambda w: {"exercise_id": w.exercise.id},
                expect(LOGIN, 400, 404, 403, 403, 404),
            ),
            (
                "listening.edit_voice",
                lambda w: {"voice_id": w.voice.id},
                expect(LOGIN, 400, 404, 403, 403, 404),
            ),
            (
                "listening.accept_theme",
                lambda w: {"voice_id": w.voice.id, "theme_id": 10**8},
                expect(LOGIN, 303, 404, 403, 403, 404),
            ),
            (
                "listening.reject_theme",
                lambda w: {"voice_id": w.voice.id, "theme_id": 10**8},
                expect(LOGIN, 303, 404, 403, 403, 404),
            ),
            (
                "listening.create_scores",
                lambda w: {"exercise_id": w.exercise.id},
                expect(LOGIN, 400, 404, 403, 403, 404),
            ),
            (
                "listening.upload",
                lambda w: {"exercise_id": w.exercise.id},
                expect(LOGIN, 400, 404, 403, 403, 404),
            ),
            (
                "listening.check_import",
                lambda w: {"exercise_id": w.exercise.id, "token": "no-such-upload"},
                expect(LOGIN, 404, 404, 403, 403, 404),
            ),
        ]
    },
    ("mapping.index", "GET"): (_strategy, expect(LOGIN, 200, 404, 200, 403, 404)),
    ("mapping.grid", "GET"): (_strategy, expect(LOGIN, 200, 404, 200, 403, 404)),
    ("mapping.dismiss_candidate", "POST"): (
        lambda w: {**_strategy(w), "key": "no-such-candidate"},
        expect(LOGIN, 404, 404, 403, 403, 404),
    ),
    ("mapping.confirm_match", "POST"): (
        lambda w: {**_strategy(w), "record_id": w.struggle.id, "strength_id": 10**8},
        expect(LOGIN, 404, 404, 403, 403, 404),
    ),
    **{
        key: (lambda w, params=params: params(w, "strengths"), expected)
        for key, (params, expected) in MAPPING.items()
    },
    ("plan.index", "GET"): (_strategy, expect(LOGIN, 200, 404, 200, 403, 404)),
    ("plan.timeline", "GET"): (_strategy, expect(LOGIN, 200, 404, 200, 403, 404)),
    ("plan.indicators", "GET"): (_strategy, expect(LOGIN, 200, 404, 200, 403, 404)),
    ("plan.new_priority", "GET"): (_strategy, expect(LOGIN, 200, 404, 403, 403, 404)),
    ("plan.create_priority", "POST"): (_strategy, expect(LOGIN, 400, 404, 403, 403, 404)),
    ("plan.edit_priority_form", "GET"): (
        lambda w: {**_strategy(w), "priority_id": w.priority.id},
        expect(LOGIN, 200, 404, 403, 403, 404),
    ),
    ("plan.edit_priority", "POST"): (
        lambda w: {**_strategy(w), "priority_id": w.priority.id},
        expect(LOGIN, 400, 404, 403, 403, 404),
    ),
    ("plan.move_priority", "POST"): (
        lambda w: {**_strategy(w), "priority_id": w.priority.id},
        expect(LOGIN, 303, 404, 403, 403, 404),
    ),
    ("plan.new_action", "GET"): (_strategy, expect(LOGIN, 200, 404, 403, 403, 404)),
    ("plan.create_action", "POST"): (_strategy, expect(LOGIN, 400, 404, 403, 403, 404)),
    ("plan.show_action", "GET"): (
        lambda w: {**_strategy(w), "action_id": w.action.id},
        expect(LOGIN, 200, 404, 200, 403, 404),
    ),
    ("plan.edit_action_form", "GET"): (
        lambda w: {**_strategy(w), "action_id": w.action.id},
        expect(LOGIN, 200, 404, 403, 403, 404),
    ),
    ("plan.edit_action", "POST"): (
        lambda w: {**_strategy(w), "action_id": w.action.id},
        expect(LOGIN, 400, 404, 403, 403, 404),
    ),
    ("plan.new_indicator", "GET"): (_strategy, expect(LOGIN, 200, 404, 403, 403, 404)),
    ("plan.create_indicator", "POST"): (_strategy, expect(LOGIN, 400, 404, 403, 403, 404)),
    ("plan.add_library_indicator", "POST"): (
        lambda w: {**_strategy(w), "key": "no-such-indicator"},
        expect(LOGIN, 404, 404, 403, 403, 404),
    ),
    ("plan.show_indicator", "GET"): (
        lambda w: {**_strategy(w), "indicator_id": 10**8},
        expect(LOGIN, 404, 404, 404, 403, 404),
    ),
    ("plan.edit_indicator_form", "GET"): (
        lambda w: {**_strategy(w), "indicator_id": 10**8},
        expect(LOGIN, 404, 404, 403, 403, 404),
    ),
    ("plan.edit_indicator", "POST"): (
        lambda w: {**_strategy(w), "indicator_id": 10**8},
        expect(LOGIN, 404, 404, 403, 403, 404),
    ),
    ("progress.index", "GET"): (_strategy, expect(LOGIN, 200, 404, 200, 403, 404)),
    ("progress.said_did", "GET"): (_strategy, expect(LOGIN, 200, 404, 200, 403, 404)),
    ("progress.new_update", "GET"): (
        lambda w: {**_strategy(w), "action_id": w.action.id},
        expect(LOGIN, 200, 404, 403, 403, 404),
    ),
    ("progress.create_update", "POST"): (
        lambda w: {**_strategy(w), "action_id": w.action.id},
        expect(LOGIN, 400, 404, 403, 403, 404),
    ),
    **{
        (name, method): (lambda w: {**_strategy(w), "indicator_id": w.indicator.id}, statuses)
        for name, method, statuses in [
            ("progress.indicator", "GET", expect(LOGIN, 200, 404, 200, 403, 404)),
            ("progress.new_measurement", "GET", expect(LOGIN, 200, 404, 403, 403, 404)),
            ("progress.create_measurement", "POST", expect(LOGIN, 400, 404, 403, 403, 404)),
            ("progress.story_form", "GET", expect(LOGIN, 200, 404, 403, 403, 404)),
            ("progress.save_story", "POST", expect(LOGIN, 409, 404, 403, 403, 404)),  # no version sent: stale
            ("progress.import_figures_form", "GET", expect(LOGIN, 200, 404, 403, 403, 404)),
            ("progress.import_figures", "POST", expect(LOGIN, 400, 404, 403, 403, 404)),
        ]
    },
    ("admin.index", "GET"): (lambda w: {}, expect(LOGIN, 403, 403, 403, 403, 200)),
    ("admin.new_place", "GET"): (lambda w: {}, expect(LOGIN, 403, 403, 403, 403, 200)),
    ("admin.create_place", "POST"): (lambda w: {}, expect(LOGIN, 403, 403, 403, 403, 400)),
    ("admin.place", "GET"): (lambda w: {"place_slug": w.place.slug}, expect(LOGIN, 403, 403, 403, 403, 200)),
    ("admin.add_membership", "POST"): (
        lambda w: {"place_slug": w.place.slug},
        expect(LOGIN, 403, 403, 403, 403, 400),
    ),
    ("admin.remove_membership", "POST"): (
        lambda w: {"place_slug": w.place.slug, "membership_id": 10**8},
        expect(LOGIN, 403, 403, 403, 403, 404),
    ),
    ("admin.new_area", "GET"): (
        lambda w: {"place_slug": w.place.slug},
        expect(LOGIN, 403, 403, 403, 403, 200),
    ),
    ("admin.create_area", "POST"): (
        lambda w: {"place_slug": w.place.slug},
        expect(LOGIN, 403, 403, 403, 403, 400),
    ),
    ("admin.edit_area_form", "GET"): (
        lambda w: {"place_slug": w.place.slug, "area_id": w.area.id},
        expect(LOGIN, 403, 403, 403, 403, 200),
    ),
    ("admin.edit_area", "POST"): (
        lambda w: {"place_slug": w.place.slug, "area_id": w.area.id},
        expect(LOGIN, 403, 403, 403, 403, 400),
    ),
    ("admin.new_user", "GET"): (lambda w: {}, expect(LOGIN, 403, 403, 403, 403, 200)),
    ("admin.create_user", "POST"): (lambda w: {}, expect(LOGIN, 403, 403, 403, 403, 400)),
    ("admin.set_user_active", "POST"): (lambda w: {"user_id": 10**8}, expect(LOGIN, 403, 403, 403, 403, 404)),
}
# Routes behind a permission on a membership: expected statuses for the persona variants that hold it.
PERMISSION_MATRIX: dict[tuple[str, str], tuple[Any, dict[str, int]]] = {}
for _module in pkgutil.iter_modules(tests.routers.__path__):
    if _module.name.startswith("access_") and _module.name != "access_common":
        _loaded = importlib.import_module(f"tests.routers.{_module.name}")
        _table: AccessTable = _loaded.ACCESS
        assert not set(_table) & set(MATRIX), f"{_module.name} repeats routes already in the table"
        MATRIX.update(_table)
        PERMISSION_MATRIX.update(getattr(_loaded, "PERMISSION_ACCESS", {}))


def app_routes(app) -> list[RouteContext]:  # type: ignore[no-untyped-def]
    """Every endpoint the app serves, with its full path (routers are included lazily)."""
    return [
        context for context in iter_route_contexts(app.routes) if isinstance(context.original_route, APIRoute)
    ]


def route_keys(app) -> set[tuple[str, str]]:  # type: ignore[no-untyped-def]
    return {(c.name, method) for c in app_routes(app) for method in (c.methods or ()) if method != "HEAD"}


def test_every_route_has_an_entry_in_the_access_matrix(app) -> None:  # type: ignore[no-untyped-def]
    missing = route_keys(app) - set(MATRIX)
    stale = set(MATRIX) - route_keys(app)
    assert not missing, f"routes without an expected status per persona: {sorted(missing)}"
    assert not stale, f"matrix entries for routes that no longer exist: {sorted(stale)}"


def _calls(dependant) -> set[object]:  # type: ignore[no-untyped-def]
    found = {dependant.call}
    for sub in dependant.dependencies:
        found |= _calls(sub)
    return found


def test_every_place_route_has_an_access_dependency(app) -> None:  # type: ignore[no-untyped-def]
    checked = 0
    for context in app_routes(app):
        calls = _calls(context.original_route.dependant)
        path = context.path or ""
        if path.startswith("/admin"):
            assert get_admin_user in calls, f"{context.name} is an admin page without AdminUser"
        elif "{place_slug}" in path:
            assert calls & PLACE_ACCESS_DEPENDENCIES, (
                f"{context.name} has no ReadablePlace/EditablePlace dependency"
            )
            checked += 1
    assert checked >= 5, "the walk found too few place routes: it is not seeing the routes"


@pytest.mark.parametrize("key", sorted(MATRIX), ids=lambda key: f"{key[1]} {key[0]}")
def test_access_matrix(key: tuple[str, str], app, client_for, world: World) -> None:  # type: ignore[no-untyped-def]
    name, method = key
    params, expected = MATRIX[key]
    path = app.url_path_for(name, **{k: str(v) for k, v in params(world).items()})
    for persona in PERSONAS:
        client = client_for(persona)
        response = client.get(path) if method == "GET" else client.post_form(path)
        assert response.status_code == expected[persona], (
            f"{method} {path} as {persona}: got {response.status_code}, expected {expected[persona]}"
        )
        if (
            expected[persona] == LOGIN
            and persona == "anonymous"
            and name not in ("home", "auth.logout", "auth.two_factor_form")
        ):
            assert response.headers["location"].startswith("/login?next=")


@pytest.mark.parametrize("key", sorted(MAPPING), ids=lambda key: f"{key[1]} {key[0]}")
def test_mapping_routes_answer_alike_for_struggles(
    key: tuple[str, str], app, client_for, world: World
) -> None:  # type: ignore[no-untyped-def]
    name, method = key
    params, expected = MAPPING[key]
    path = app.url_path_for(name, **{k: str(v) for k, v in params(world, "struggles").items()})
    assert "/mapping/struggles/" in path
    for persona in PERSONAS:
        client = client_for(persona)
        response = client.get(path) if method == "GET" else client.post_form(path)
        assert response.status_code == expected[persona], f"{method} {path} as {persona}"


def test_a_mapping_address_with_another_kind_is_not_found(client_for, world: World) -> None:
    base = f"/places/{world.place.slug}/strategies/{world.strategy.slug}/mapping"
    officer = client_for("officer")
    assert officer.get(f"{base}/strengths/").status_code == 200
    assert officer.get(f"{base}/priorities/").status_code == 404
    assert officer.get(f"{base}/strength/{world.strength.id}/").status_code == 404


@pytest.mark.parametrize("key", sorted(PERMISSION_MATRIX), ids=lambda key: f"{key[1]} {key[0]} (permission)")
def test_access_matrix_with_a_permission(key: tuple[str, str], app, client_for, world: World) -> None:  # type: ignore[no-untyped-def]
    name, method = key
    params, expected = PERMISSION_MATRIX[key]
    assert key in MATRIX, f"{name} has statuses with the permission but none without it"
    path = app.url_path_for(name, **{k: str(v) for k, v in params(world).items()})
    for persona, status in expected.items():
        client = client_for(persona)
        response = client.get(path) if method == "GET" else client.post_form(path)
        assert response.status_code == status, (
            f"{method} {path} as {persona}: got {response.status_code}, expected {status}"
        )


def test_every_tension_log_route_is_checked_with_the_permission(app) -> None:  # type: ignore[no-untyped-def]
    tension_routes = {key for key in route_keys(app) if key[0].startswith("tensions.")}
    assert tension_routes, "the walk found no tension log routes"
    assert tension_routes == set(PERMISSION_MATRIX), sorted(tension_routes ^ set(PERMISSION_MATRIX))


def test_another_places_record_id_is_not_found_through_this_place(client_for, world: World) -> None:
    officer = client_for("officer")
    response = officer.get(f"/places/{world.place.slug}/history/area/{world.other_area.id}/")
    assert response.status_code == 404
    response = officer.get(f"/places/{world.place.slug}/history/strategy/{world.other_strategy.id}/")
    assert response.status_code == 404
    response = officer.get(f"/places/{world.place.slug}/strategies/{world.other_strategy.slug}x/")
    assert response.status_code == 404
    base = f"/places/{world.place.slug}/strategies/{world.strategy.slug}/listening"
    assert officer.get(f"{base}/voices/{world.other_voice.id}/").status_code == 404
    assert officer.get(f"{base}/exercises/{world.other_voice.exercise_id}/").status_code == 404
    response = officer.post_form(f"{base}/voices/{world.other_voice.id}/edit", {"text": "x", "kind": "idea"})
    assert response.status_code == 404


def test_unknown_kind_and_garbled_ids_are_not_found(client_for, world: World) -> None:
    officer = client_for("officer")
    assert officer.get(f"/places/{world.place.slug}/history/nonsense/1/").status_code == 404
    assert officer.get(f"/places/{world.place.slug}/history/strategy/abc/").status_code == 404
