"""Access table rows for review comments (see test_access.py).

Officers and facilitators comment and reply; only officers resolve and reopen; councillors may do none of it.
The world has no comments, so the routes about one comment answer 404 to those allowed to use them."""

from tests.routers.access_common import LOGIN, AccessTable, expect, strategy_params

NO_COMMENT = 10**8

ACCESS: AccessTable = {
    ("review.index", "GET"): (strategy_params, expect(LOGIN, 200, 404, 200, 403, 404)),
    ("review.target", "GET"): (
        lambda w: {**strategy_params(w), "target_kind": "action", "target_id": w.action.id},
        expect(LOGIN, 200, 404, 200, 403, 404),
    ),
    ("review.add", "POST"): (
        lambda w: {**strategy_params(w), "target_kind": "edition", "target_id": w.edition.id},
        expect(LOGIN, 400, 404, 400, 403, 404),
    ),
    ("review.reply", "POST"): (
        lambda w: {**strategy_params(w), "comment_id": NO_COMMENT},
        expect(LOGIN, 404, 404, 404, 403, 404),
    ),
    ("review.resolve", "POST"): (
        lambda w: {**strategy_params(w), "comment_id": NO_COMMENT},
        expect(LOGIN, 404, 404, 403, 403, 404),
    ),
    ("review.reopen", "POST"): (
        lambda w: {**strategy_params(w), "comment_id": NO_COMMENT},
        expect(LOGIN, 404, 404, 403, 403, 404),
    ),
}
