"""Access table rows for the residents' pages and the officer's settings for them (see test_access.py).

The world's place has not switched its public pages on, so every reader, signed in or not, is told they do
not exist; tests/routers/test_public.py reads them once they are on."""

from typing import Any

from tests.conftest import World
from tests.routers.access_common import LOGIN, AccessTable, expect


def _place(w: World) -> dict[str, Any]:
    return {"place_slug": w.place.slug}


ACCESS: AccessTable = {
    **{
        (name, "GET"): (_place, expect(404, 404, 404, 404, 404, 404))
        for name in (
            "public.home",
            "public.heard",
            "public.doing",
            "public.measures",
            "public.said_did",
            "public.easy_read",
        )
    },
    ("public.settings", "GET"): (_place, expect(LOGIN, 200, 404, 403, 403, 404)),
    ("public.save_settings", "POST"): (_place, expect(LOGIN, 303, 404, 403, 403, 404)),
    ("public.wording", "GET"): (_place, expect(LOGIN, 200, 404, 403, 403, 404)),
    ("public.save_wording", "POST"): (_place, expect(LOGIN, 303, 404, 403, 403, 404)),
}
