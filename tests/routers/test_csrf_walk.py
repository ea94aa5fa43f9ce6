"""Every unsafe route refuses a request without a valid CSRF token, found by walking the app's routes."""

from tests.conftest import World
from tests.routers.test_access import MATRIX, app_routes


def test_every_unsafe_route_refuses_a_missing_or_wrong_csrf_token(app, client_for, world: World) -> None:  # type: ignore[no-untyped-def]
    unsafe = sorted(
        {
            (context.name, method)
            for context in app_routes(app)
            for method in context.methods or ()
            if method not in ("GET", "HEAD", "OPTIONS")
        }
    )
    assert len(unsafe) >= 20, "the walk found too few unsafe routes: it is not seeing the routes"
    officer = client_for("officer")
    admin = client_for("admin")
    for name, method in unsafe:
        params, _expected = MATRIX[(name, method)]
        path = app.url_path_for(name, **{k: str(v) for k, v in params(world).items()})
        for client in (officer, admin):
            for data in ({}, {"csrf_token": "0" * 64}, {"csrf_token": client.csrf + "x"}):
                response = client.request(method, path, data=data)
                assert response.status_code == 403, (
                    f"{method} {path} with {data or 'no token'}: {response.status_code}"
                )
