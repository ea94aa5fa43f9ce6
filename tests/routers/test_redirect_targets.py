"""Where to go next (``next``), taken from the request: control characters are dropped, never sent in a header
(a line break there makes the server drop the connection), and the target stays on this site."""

from urllib.parse import quote

import pytest

from tests.conftest import World
from tests.factories import TEST_PASSWORD
from tests.pages import check_page

HTMX = {"HX-Request": "true"}


def _sendable(headers) -> None:  # type: ignore[no-untyped-def]
    """Every header a server can send: no control character, and Latin-1 only."""
    for name, value in headers.items():
        assert not any(ord(char) < 32 or ord(char) == 127 for char in value), f"{name}: {value!r}"
        value.encode("latin-1")


@pytest.mark.parametrize(
    ("typed", "lands_on"),
    [
        ("/places/northmoor/\r\n", "/places/northmoor/"),
        ("/places/northmoor/\r\nSet-Cookie: taken=1", "/places/northmoor/Set-Cookie:%20taken=1"),
        ("/places/\x00north\x1bmoor/\x7f", "/places/northmoor/"),
        ("/\r\n/evil.example/", "/places/"),
        ("/\t/evil.example/", "/places/"),
        ("\r\n//evil.example/", "/places/"),
        ("/places/\\evil.example", "/places/"),
        ("https://evil.example/", "/places/"),
    ],
)
def test_sign_in_goes_to_a_clean_path_on_this_site(
    client_for, world: World, typed: str, lands_on: str
) -> None:  # type: ignore[no-untyped-def]
    client = client_for("anonymous")
    response = client.post_form(
        "/login", {"email": "officer@example.test", "password": TEST_PASSWORD, "next": typed}, headers=HTMX
    )
    assert response.status_code == 303
    _sendable(response.headers)
    assert response.headers["location"] == lands_on
    assert response.headers["HX-Redirect"] == lands_on


def test_sign_in_page_and_a_signed_in_visit_keep_only_the_clean_path(client_for, world: World) -> None:  # type: ignore[no-untyped-def]
    typed = quote("/places/northmoor/\r\n\x00", safe="/")
    page = check_page(client_for("anonymous").get(f"/login?next={typed}"))
    assert page.value("next") == "/places/northmoor/"
    response = client_for("officer").get(f"/login?next={typed}")
    assert response.status_code == 303
    _sendable(response.headers)
    assert response.headers["location"] == "/places/northmoor/"
    response = client_for("officer").get("/login?next=%2F%0D%0A%2Fevil.example%2F")
    assert response.headers["location"] == "/places/"


def test_a_page_to_return_to_after_a_comment_is_cleaned_too(client_for, world: World) -> None:  # type: ignore[no-untyped-def]
    facilitator = client_for("facilitator")
    base = f"/places/{world.place.slug}/strategies/{world.strategy.slug}"
    back = f"{base}/plan/actions/{world.action.id}/"
    response = facilitator.post_form(
        f"{base}/comments/on/action/{world.action.id}/",
        {"body": "Is the venue booked?", "next": back + "\r\nX-Injected: 1"},
        headers=HTMX,
    )
    assert response.status_code == 303
    _sendable(response.headers)
    assert response.headers["location"] == back + "X-Injected:%201"
    response = facilitator.post_form(
        f"{base}/comments/on/action/{world.action.id}/",
        {"body": "And the caterer?", "next": "/\r\n/evil.example/"},
    )
    assert response.headers["location"].startswith(f"{base}/comments/"), "off-site: the comment's own page"
