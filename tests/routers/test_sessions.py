"""Your signed-in sessions: listed on the account page, and everywhere else signed out at once."""

from tests.conftest import World
from tests.factories import TEST_PASSWORD
from tests.pages import check_page

FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:140.0) Gecko/20100101 Firefox/140.0"
SAFARI = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/18.0 Mobile/15E148 Safari/604.1"
)


def _signed_in(client_for, user_agent: str):  # type: ignore[no-untyped-def]
    client = client_for("anonymous")
    client.headers["User-Agent"] = user_agent
    response = client.post_form("/login", {"email": "officer@example.test", "password": TEST_PASSWORD})
    assert response.status_code == 303
    return client


def test_account_page_lists_sessions_and_signs_out_the_others(client_for, world: World) -> None:
    desk = _signed_in(client_for, FIREFOX)
    phone = _signed_in(client_for, SAFARI)
    page = check_page(desk.get("/account/"))
    rows = page.texts("#sessions tbody tr")
    assert len(rows) == 2
    assert rows[0].startswith("Firefox on Windows This session testclient")
    assert rows[1].startswith("Safari on iPhone testclient")

    response = desk.post_form("/account/sessions/sign-out-others")
    assert response.status_code == 303
    assert phone.get("/account/").status_code == 303, "the phone is signed out"
    assert desk.get("/account/").status_code == 200
    after = check_page(desk.get("/account/"))
    assert len(after.texts("#sessions tbody tr")) == 1
    again = desk.post_form("/account/sessions/sign-out-others")
    assert again.status_code == 303
