"""Access table rows for the strategy's narrative (see test_access.py)."""

from tests.routers.access_common import LOGIN, AccessTable, expect, strategy_params


def _part(w: object) -> dict[str, object]:
    return {**strategy_params(w), "part": "foreword"}  # type: ignore[arg-type]


ACCESS: AccessTable = {
    ("narrative.index", "GET"): (strategy_params, expect(LOGIN, 200, 404, 200, 200, 404)),
    ("narrative.edit_form", "GET"): (_part, expect(LOGIN, 200, 404, 403, 403, 404)),
    ("narrative.edit", "POST"): (_part, expect(LOGIN, 303, 404, 403, 403, 404)),
    ("narrative.logo_form", "GET"): (strategy_params, expect(LOGIN, 200, 404, 403, 403, 404)),
    # No file chosen: the officer is asked for one.
    ("narrative.upload_logo", "POST"): (strategy_params, expect(LOGIN, 400, 404, 403, 403, 404)),
}
