"""Access table rows for downloads and the audit log (see test_access.py).

Without a source, officers and facilitators get the current drafts and a councillor the latest published
edition (the world has a published action plan)."""

from tests.routers.access_common import LOGIN, AccessTable, expect, strategy_params

ACCESS: AccessTable = {
    ("exports.index", "GET"): (strategy_params, expect(LOGIN, 200, 404, 200, 200, 404)),
    ("exports.csv", "GET"): (
        lambda w: {**strategy_params(w), "list_name": "actions"},
        expect(LOGIN, 200, 404, 200, 200, 404),
    ),
    ("exports.xlsx", "GET"): (
        lambda w: {**strategy_params(w), "list_name": "voices"},
        expect(LOGIN, 200, 404, 200, 403, 404),
    ),
    ("exports.document", "GET"): (strategy_params, expect(LOGIN, 200, 404, 200, 200, 404)),
    ("exports.document_pdf", "GET"): (strategy_params, expect(LOGIN, 200, 404, 200, 200, 404)),
    ("exports.document_docx", "GET"): (strategy_params, expect(LOGIN, 200, 404, 200, 200, 404)),
    ("admin.audit", "GET"): (lambda w: {}, expect(LOGIN, 403, 403, 403, 403, 200)),
}
