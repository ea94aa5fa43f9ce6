"""Access table rows for the JSON API and your account page (see test_access.py).

The table's clients sign in with a session cookie, which the API accepts as well as a bearer token; without
either, the API answers 401 (a JSON client cannot follow a sign-in redirect)."""

from tests.routers.access_common import LOGIN, AccessTable, expect, strategy_params

UNAUTHORIZED = 401
PLACE = expect(UNAUTHORIZED, 200, 404, 200, 200, 404)
DRAFTS = expect(UNAUTHORIZED, 200, 404, 200, 403, 404)

ACCESS: AccessTable = {
    ("api.openapi", "GET"): (lambda w: {}, expect(200, 200, 200, 200, 200, 200)),
    ("api.places", "GET"): (lambda w: {}, expect(UNAUTHORIZED, 200, 200, 200, 200, 200)),
    ("api.place", "GET"): (lambda w: {"place_slug": w.place.slug}, PLACE),
    ("api.strategies", "GET"): (lambda w: {"place_slug": w.place.slug}, PLACE),
    ("api.strategy", "GET"): (strategy_params, PLACE),
    ("api.editions", "GET"): (strategy_params, PLACE),
    ("api.edition", "GET"): (lambda w: {**strategy_params(w), "edition_id": w.edition.id}, PLACE),
    **{
        (name, "GET"): (strategy_params, DRAFTS)
        for name in (
            "api.listening_exercises",
            "api.voices",
            "api.strengths",
            "api.struggles",
            "api.priorities",
            "api.actions",
            "api.indicators",
        )
    },
    ("account.show", "GET"): (lambda w: {}, expect(LOGIN, 200, 200, 200, 200, 200)),
    ("account.create_token", "POST"): (lambda w: {}, expect(LOGIN, 400, 400, 400, 400, 400)),
    # Someone else's token, or none: not found.
    ("account.revoke_token", "POST"): (lambda w: {"token_id": 10**8}, expect(LOGIN, 404, 404, 404, 404, 404)),
}
