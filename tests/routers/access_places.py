"""Access to loading wards and population profiles (administrators only), and to one area's page of who
the place has heard from (those who may read drafts)."""

from tests.routers.access_common import LOGIN, AccessTable, expect, strategy_params

_PLACE = lambda w: {"place_slug": w.place.slug}  # noqa: E731
_STAGED = lambda w: {"place_slug": w.place.slug, "token": "no-such-import"}  # noqa: E731

ACCESS: AccessTable = {
    ("listening.heard_area", "GET"): (
        lambda w: {**strategy_params(w), "area_id": w.area.id},
        expect(LOGIN, 200, 404, 200, 403, 404),
    ),
    ("admin.import_areas_form", "GET"): (_PLACE, expect(LOGIN, 403, 403, 403, 403, 200)),
    ("admin.check_areas", "POST"): (_PLACE, expect(LOGIN, 403, 403, 403, 403, 400)),
    ("admin.preview_areas", "GET"): (_STAGED, expect(LOGIN, 403, 403, 403, 403, 404)),
    ("admin.save_areas", "POST"): (_STAGED, expect(LOGIN, 403, 403, 403, 403, 404)),
    ("admin.import_census_form", "GET"): (_PLACE, expect(LOGIN, 403, 403, 403, 403, 200)),
    ("admin.check_census", "POST"): (_PLACE, expect(LOGIN, 403, 403, 403, 403, 400)),
    ("admin.preview_census", "GET"): (_STAGED, expect(LOGIN, 403, 403, 403, 403, 404)),
    ("admin.save_census", "POST"): (_STAGED, expect(LOGIN, 403, 403, 403, 403, 404)),
}
