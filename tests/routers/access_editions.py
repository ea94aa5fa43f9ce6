"""Access table rows for editions (see test_access.py)."""

from tests.routers.access_common import LOGIN, AccessTable, expect, strategy_params

ACCESS: AccessTable = {
    ("editions.index", "GET"): (strategy_params, expect(LOGIN, 200, 404, 200, 200, 404)),
    ("editions.publish_form", "GET"): (
        lambda w: {**strategy_params(w), "stage": "plan"},
        expect(LOGIN, 200, 404, 403, 403, 404),
    ),
    ("editions.publish", "POST"): (
        lambda w: {**strategy_params(w), "stage": "plan"},
        expect(LOGIN, 400, 404, 403, 403, 404),
    ),
    ("editions.show", "GET"): (
        lambda w: {**strategy_params(w), "edition_id": w.edition.id},
        expect(LOGIN, 200, 404, 200, 200, 404),
    ),
    # Without the two editions in the query string there is nothing to compare.
    ("editions.compare", "GET"): (strategy_params, expect(LOGIN, 404, 404, 404, 404, 404)),
}
