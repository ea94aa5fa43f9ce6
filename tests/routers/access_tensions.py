"""Access table rows for the tension log (see test_access.py).

``ACCESS``: the standard personas hold no tension log permission, so every page of the log answers 404 to
them (its entries' existence is not revealed). ``PERMISSION_ACCESS``: the same routes for the persona
variants given the permission on the world's place: officers read and write, facilitators read (403 on a
write), councillors still never see it (404)."""

from typing import Any

from tests.conftest import World
from tests.routers.access_common import LOGIN, AccessTable, expect

HIDDEN = expect(LOGIN, 404, 404, 404, 404, 404)


def place(w: World) -> dict[str, Any]:
    return {"place_slug": w.place.slug}


def entry(w: World) -> dict[str, Any]:
    return {**place(w), "entry_id": w.tension.entry.id}


def rumour(w: World) -> dict[str, Any]:
    return {**place(w), "entry_id": w.tension.rumour.id}


def week(w: World) -> dict[str, Any]:
    return {**place(w), "week": w.tension.week.isoformat()}


def with_permission(officer: int, facilitator: int, councillor: int) -> dict[str, int]:
    return {"tension_officer": officer, "tension_facilitator": facilitator, "tension_councillor": councillor}


# Writes are sent empty: 400 (the form refused with its errors) shows the route ran past the access check.
# The sign-off is refused by a redirect with a message: the officer drafted the response.
ROUTES: dict[tuple[str, str], tuple[Any, dict[str, int]]] = {
    ("tensions.index", "GET"): (place, with_permission(200, 200, 404)),
    ("tensions.new_entry", "GET"): (place, with_permission(200, 403, 404)),
    ("tensions.create_entry", "POST"): (place, with_permission(400, 403, 404)),
    ("tensions.show_entry", "GET"): (entry, with_permission(200, 200, 404)),
    ("tensions.edit_entry_form", "GET"): (entry, with_permission(200, 403, 404)),
    ("tensions.edit_entry", "POST"): (entry, with_permission(400, 403, 404)),
    ("tensions.response_form", "GET"): (rumour, with_permission(200, 403, 404)),
    ("tensions.save_response", "POST"): (rumour, with_permission(400, 403, 404)),
    ("tensions.sign_off", "POST"): (rumour, with_permission(303, 403, 404)),
    ("tensions.publication_form", "GET"): (rumour, with_permission(200, 403, 404)),
    ("tensions.record_publication", "POST"): (rumour, with_permission(400, 403, 404)),
    ("tensions.picture", "GET"): (place, with_permission(200, 200, 404)),
    ("tensions.level_form", "GET"): (week, with_permission(200, 403, 404)),
    ("tensions.set_level", "POST"): (week, with_permission(400, 403, 404)),
    ("tensions.export", "GET"): (place, with_permission(200, 200, 404)),
    ("tensions.export_csv", "GET"): (
        lambda w: {**place(w), "part": "entries"},
        with_permission(400, 400, 404),  # no period chosen: the form again, with its errors
    ),
    ("tensions.export_pdf", "GET"): (place, with_permission(400, 400, 404)),
}

ACCESS: AccessTable = {key: (params, HIDDEN) for key, (params, _) in ROUTES.items()}
PERMISSION_ACCESS = {key: value for key, value in ROUTES.items()}
