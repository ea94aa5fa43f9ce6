"""Access table rows for the "needs themes" queue and finding new themes (see test_access.py).

Officers and facilitators see the queue and the proposed groups; only officers accept, reject, name, merge
or dismiss. An empty form is refused with 400 for those allowed."""

from tests.routers.access_common import LOGIN, AccessTable, expect, strategy_params

ACCESS: AccessTable = {
    ("listening.queue", "GET"): (strategy_params, expect(LOGIN, 200, 404, 200, 403, 404)),
    ("listening.theme_groups", "GET"): (strategy_params, expect(LOGIN, 200, 404, 200, 403, 404)),
    ("listening.queue_accept", "POST"): (strategy_params, expect(LOGIN, 400, 404, 403, 403, 404)),
    ("listening.queue_reject", "POST"): (strategy_params, expect(LOGIN, 400, 404, 403, 403, 404)),
    ("listening.name_theme_group", "POST"): (strategy_params, expect(LOGIN, 400, 404, 403, 403, 404)),
    ("listening.merge_theme_group", "POST"): (strategy_params, expect(LOGIN, 400, 404, 403, 403, 404)),
    ("listening.dismiss_theme_group", "POST"): (strategy_params, expect(LOGIN, 400, 404, 403, 403, 404)),
    ("listening.import_template", "GET"): (
        lambda w: {**strategy_params(w), "exercise_id": w.exercise.id},
        expect(LOGIN, 200, 404, 403, 403, 404),
    ),
}
