"""Access table rows for the councillor dashboard and the facilitator overview (see test_access.py)."""

from tests.routers.access_common import LOGIN, AccessTable, expect, strategy_params

ACCESS: AccessTable = {
    # Every member may read the dashboard: it shows published editions only.
    ("dashboards.councillor", "GET"): (strategy_params, expect(LOGIN, 200, 404, 200, 200, 404)),
    # The overview is for facilitators: anyone who facilitates no place gets 403, whatever else they are.
    ("dashboards.overview", "GET"): (lambda w: {}, expect(LOGIN, 403, 403, 200, 403, 403)),
    ("dashboards.compare_indicator", "GET"): (
        lambda w: {"library_key": "get-on-well"},
        expect(LOGIN, 403, 403, 200, 403, 403),
    ),
}
