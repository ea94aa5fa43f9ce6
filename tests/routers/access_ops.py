"""Access to the operations routes (metrics) and to erasing a person (admin)."""

from tests.routers.access_common import LOGIN, AccessTable, expect

ACCESS: AccessTable = {
    # Admins only, or a scraper on the same machine; the test client is neither local nor proxied.
    ("metrics", "GET"): (lambda w: {}, expect(404, 404, 404, 404, 404, 200)),
    ("admin.erase_user_form", "GET"): (
        lambda w: {"user_id": w.users["councillor"].id},
        expect(LOGIN, 403, 403, 403, 403, 200),
    ),
    ("admin.erase_user", "POST"): (lambda w: {"user_id": 10**8}, expect(LOGIN, 403, 403, 403, 403, 404)),
}
