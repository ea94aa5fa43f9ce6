"""Dashboard pages: the councillor's (read-only, published only, no voice text anywhere a councillor can
reach) and the facilitator overview with its indicator comparison."""

from collections import deque
from datetime import date
from urllib.parse import urljoin, urlsplit

from sqlmodel import Session, select

from app.models import ActionUpdate, Role, Theme
from app.services.plan import indicators as plan_indicators
from app.services.records.versioning import create_record
from tests.conftest import World
from tests.factories import make_membership, make_place, make_strategy, make_voice
from tests.pages import check_page, normalise

SKIPPED_SUFFIXES = (".pdf", ".csv", ".xlsx", ".json")
CHANGING_PAGES = {"edit", "new", "publish", "restore", "delete", "import", "upload"}


def _dashboard(world: World) -> str:
    return f"/places/{world.place.slug}/strategies/{world.strategy.slug}/dashboard"


def _published_world(session: Session, world: World) -> None:
    transport = session.exec(select(Theme).where(Theme.slug == "public-transport")).one()
    for number in range(11):
        make_voice(
            session,
            exercise=world.exercise,
            actor=world.users["officer"],
            area=world.area,
            text=f"Private remark number {number} about the 42 bus",
            themes=[transport],
        )
    create_record(
        session=session,
        actor=world.users["officer"],
        record=ActionUpdate(
            place_id=world.place.id,  # type: ignore[arg-type]
            strategy_id=world.strategy.id,  # type: ignore[arg-type]
            action_id=world.action.id,  # type: ignore[arg-type]
            period_end=date(2026, 6, 30),
            status="on_track",
            percent_complete=25,
            what_happened="First iftar held with 80 neighbours",
        ),
    )
    for stage, title in (
        ("listening", "What we heard, noted by Cabinet"),
        ("mapping", "Strengths and struggles, agreed by the partnership"),
        ("progress", "Progress report to Cabinet"),
    ):
        world.publish(session, stage, title)


def test_the_dashboard_shows_published_editions_with_their_dates(
    client_for, world: World, session: Session
) -> None:
    _published_world(session, world)
    page = check_page(client_for("councillor").get(_dashboard(world)))

    assert page.text("h1") == f"Dashboard: {world.strategy.title}"
    rows = page.texts("#stage-table tbody tr")
    assert rows[2].startswith("Plan actions with partners Published Action plan, approved by Cabinet")
    assert all("Published" in row for row in rows)
    assert "Open iftar programme, led by Faith forum" in page.text("#priorities ~ section")
    assert page.texts("#themes-heard tbody tr") == ["Public transport 11"]
    assert "Last updated" in page.text("main") and "from the edition" in page.text("main")
    said = page.text(f"#said-{world.area.id} ~ ul")
    assert "Open iftar programme, led by Faith forum" in said
    assert "Latest update, for the period to 30 June 2026: First iftar held with 80 neighbours" in said
    assert page.select("#rule") and page.select(".app-chart svg title")
    assert page.select(f"#indicator-{world.indicator.id}-figures caption")
    assert "Private remark" not in page.response.text and world.voice.text not in page.response.text


def test_an_unpublished_stage_says_so(client_for, world: World) -> None:
    page = check_page(client_for("officer").get(_dashboard(world)))
    assert page.texts("#stage-table tbody tr")[0] == (
        "Listen to local voices Not published yet None yet Not published yet"
    )
    assert "What people said has not been published yet." in page.text("main")


def test_the_dashboard_is_the_councillors_obvious_landing(client_for, world: World) -> None:
    councillor = client_for("councillor")
    strategy = check_page(councillor.get(f"/places/{world.place.slug}/strategies/{world.strategy.slug}/"))
    assert strategy.links()["Dashboard"] == _dashboard(world)
    place = check_page(councillor.get(f"/places/{world.place.slug}/"))
    assert place.links()[f"Dashboard of {world.strategy.title}"] == _dashboard(world)
    officer_place = check_page(client_for("officer").get(f"/places/{world.place.slug}/"))
    assert f"Dashboard of {world.strategy.title}" not in officer_place.links()


def _allowed_post(action: str) -> bool:
    """Signing out, and the person's own account settings (their API tokens), which change no place data."""
    return action == "/logout" or action.startswith("/account/")


def _same_site_links(path: str, page_links: list[str]) -> list[str]:
    found = []
    for href in page_links:
        target = urlsplit(urljoin(f"http://testserver{path}", href))
        if target.netloc != "testserver" or target.path.startswith("/static"):
            continue
        if target.path.endswith(SKIPPED_SUFFIXES):
            continue
        found.append(target.path + (f"?{target.query}" if target.query else ""))
    return found


def test_councillor_reaches_no_voice_text_no_draft_and_no_control_that_changes_data(
    client_for, world: World, session: Session
) -> None:
    _published_world(session, world)
    councillor = client_for("councillor")
    voice_texts = [world.voice.text, "Private remark number"]
    queue, seen = deque(["/places/"]), set()
    while queue and len(seen) < 400:
        path = queue.popleft()
        if path in seen:
            continue
        seen.add(path)
        response = councillor.get(path)
        assert response.status_code == 200, f"{path} answers {response.status_code} to a link it was given"
        if "text/html" not in response.headers.get("content-type", ""):
            continue
        page = check_page(response)
        for text in voice_texts:
            assert text not in response.text, f"{path} shows what a resident said"
        for form in page.select("form"):
            method = str(form.get("method", "get")).lower()
            if method == "post":
                assert _allowed_post(str(form.get("action"))), f"{path} has a form that changes data: {form}"
        for button in page.select("button, input[type=submit]"):
            if str(button.get("type", "submit")).lower() != "submit":
                continue  # a control of the page itself, such as the menu toggle
            form = button.find_parent("form")
            assert form is not None, f"{path} has a submit button outside a form: {button}"
            method = str(form.get("method", "get")).lower()
            assert method == "get" or _allowed_post(str(form.get("action"))), f"{path}: {button}"
        hrefs = [str(a["href"]) for a in page.select("a[href]")]
        for href in hrefs:
            segments = set(urlsplit(href).path.strip("/").split("/"))
            assert not segments & CHANGING_PAGES, f"{path} links to a page that changes data: {href}"
        queue.extend(_same_site_links(path, hrefs))
    assert _dashboard(world) in seen
    assert any("/editions/" in path for path in seen), "the published editions are reachable"
    assert len(seen) > 8

    strategy = f"/places/{world.place.slug}/strategies/{world.strategy.slug}"
    drafts = [
        f"{strategy}/listening/",
        f"{strategy}/listening/voices/",
        f"{strategy}/listening/voices/{world.voice.id}/",
        f"{strategy}/mapping/",
        f"{strategy}/plan/",
        f"{strategy}/plan/actions/{world.action.id}/",
        f"{strategy}/progress/",
        f"/places/{world.place.slug}/history/action/{world.action.id}/",
    ]
    for path in drafts:
        assert councillor.get(path).status_code in (403, 404), path


# --- Facilitator overview ----------------------------------------------------------------------------------


def _facilitate(session: Session, world: World, slug: str, name: str, question: str | None = None) -> None:
    place = make_place(session, slug=slug, name=name)
    make_membership(session, user=world.users["facilitator"], place=place, role=Role.facilitator)
    strategy = make_strategy(session, place=place, actor=world.users["admin"])
    indicator = plan_indicators.add_from_library(
        session=session, strategy=strategy, actor=world.users["admin"], key="get-on-well"
    )
    if question is not None:
        indicator.question = question
        session.add(indicator)
    session.commit()


def test_the_overview_lists_assigned_places_only(client_for, world: World) -> None:
    facilitator = client_for("facilitator")
    page = check_page(facilitator.get("/overview/"))
    rows = page.texts("#places tbody tr")
    assert len(rows) == 1
    assert rows[0].startswith("Northmoor") and "In progress In progress Published Not started" in rows[0]
    assert "Southvale" not in page.response.text
    assert page.links()["Northmoor"] == f"/places/{world.place.slug}/strategies/{world.strategy.slug}/"
    assert page.texts("header .govuk-service-navigation__item a")[:2] == ["Your places", "Overview"]
    officer_home = check_page(client_for("officer").get("/places/"))
    assert "Overview" not in officer_home.texts("header .govuk-service-navigation__item a")
    assert client_for("officer").get("/overview/").status_code == 403
    assert client_for("councillor").get("/overview/").status_code == 403


def test_the_overview_sorts_and_filters_without_javascript(
    client_for, world: World, session: Session
) -> None:
    _facilitate(session, world, "aldermoor", "Aldermoor")
    facilitator = client_for("facilitator")

    page = check_page(facilitator.get("/overview/"))
    assert [normalise(r.select_one("th").get_text()) for r in page.select("#places tbody tr")] == [
        "Aldermoor",
        "Northmoor",
    ]
    [sorted_header] = page.select("#places th[aria-sort]")
    assert (sorted_header.get_text(strip=True), sorted_header["aria-sort"]) == ("Place▲", "ascending")
    assert page.links()["Place"] == "/overview/?order=desc"

    page = check_page(facilitator.get("/overview/?sort=name&order=desc"))
    assert page.texts("#places tbody th")[0] == "Northmoor"
    assert page.soup.select_one("#places th[aria-sort]")["aria-sort"] == "descending"  # type: ignore[index]

    page = check_page(facilitator.get("/overview/?q=north"))
    assert page.texts("#places tbody th") == ["Northmoor"]
    assert page.value("q") == "north"
    assert page.text("#showing") == "Showing 1 of 2 places."

    page = check_page(facilitator.get("/overview/?stage=plan&stage_status=published"))
    assert page.texts("#places tbody th") == ["Northmoor"]
    page = check_page(facilitator.get("/overview/?overdue=1&sort=overdue&order=desc"))
    assert page.texts("#places tbody th") == ["Northmoor"], "Aldermoor has no actions"
    assert page.soup.select_one("form[method=get] input[name=sort]")["value"] == "overdue"  # type: ignore[index]
    page = check_page(facilitator.get("/overview/?stage_status=nonsense&sort=nonsense&order=sideways"))
    assert page.texts("#places tbody th") == ["Aldermoor", "Northmoor"]


def test_compare_one_indicator_where_the_wording_matches(client_for, world: World, session: Session) -> None:
    _facilitate(session, world, "aldermoor", "Aldermoor")
    _facilitate(session, world, "westvale", "Westvale", question="Do people round here get on?")
    facilitator = client_for("facilitator")

    page = check_page(facilitator.get("/overview/indicators/get-on-well"))
    assert page.texts("#compared tbody th") == ["Aldermoor", "Northmoor"]
    assert page.texts("#different-wording li") == ["Westvale asks: “Do people round here get on?”"]
    assert page.text("#summary").startswith("None of the 2 places asking this question in the same words")
    assert page.select(".app-chart svg title")
    assert "Southvale" not in page.response.text
    overview = check_page(facilitator.get("/overview/"))
    assert overview.links()["People from different backgrounds get on well together"] == (
        "/overview/indicators/get-on-well"
    )
    assert facilitator.get("/overview/indicators/no-such-indicator").status_code == 404
    assert client_for("officer").get("/overview/indicators/no-such-indicator").status_code == 403


def test_the_dashboard_opens_with_a_five_line_summary_matching_the_detail(
    client_for, world: World, session: Session
) -> None:
    _published_world(session, world)
    page = check_page(client_for("councillor").get(_dashboard(world)))
    keys = page.texts("#summary-lines dt")
    assert keys == [
        "Actions on track",
        "Actions at risk",
        "Indicators",
        "Changed since the last edition",
        "Overdue",
    ]
    lines = dict(zip(keys, page.texts("#summary-lines dd"), strict=True))
    by_status = dict(row.rsplit(" ", 1) for row in page.texts("#actions-by-status tbody tr"))
    assert lines["Actions on track"] == f"{by_status['On track']} of 1 action on track."
    assert (
        lines["Actions at risk"] == f"{by_status['At risk']} at risk and {by_status['Off track']} off track."
    )
    assert lines["Indicators"] == "1 not enough data."
    assert "Plan actions with partners: first edition" in lines["Changed since the last edition"]
    # The first thing on the page after its heading.
    assert page.select("main h2")[0].get_text() == "Summary"


def test_overview_needs_attention_and_shows_its_sort(client_for, world: World, session: Session) -> None:
    from app.models import ReviewComment

    session.add(
        ReviewComment(
            place_id=world.place.id,  # type: ignore[arg-type]
            strategy_id=world.strategy.id,  # type: ignore[arg-type]
            target_kind="action",
            target_id=world.action.id,  # type: ignore[arg-type]
            author_id=world.users["facilitator"].id,
            body="Please check the dates",
        )
    )
    session.commit()
    page = check_page(client_for("facilitator").get("/overview/"))
    assert "Open review comments: Northmoor (1)." in page.texts("#attention li")
    assert page.select("#places th.app-overview__place[aria-sort] .app-sort-indicator")
    headers = page.texts("#places thead th")
    assert headers.index("Open review comments") < headers.index("Listen to local voices")
    assert page.select(".app-width-container--wide #places")


def test_the_overview_follows_every_change_at_once(client_for, world: World, session: Session) -> None:
    """Each worker keeps the places' figures between requests; any change shows on the next one."""
    facilitator = client_for("facilitator")
    first = check_page(facilitator.get("/overview/"))
    assert not any(line.startswith("Open review comments") for line in first.texts("#attention li"))
    url = f"/places/{world.place.slug}/strategies/{world.strategy.slug}/comments/on/action/{world.action.id}/"
    assert facilitator.post_form(url, {"body": "Who runs this?"}).status_code == 303
    second = check_page(facilitator.get("/overview/"))
    assert "Open review comments: Northmoor (1)." in second.texts("#attention li")

    world.place.name = "Northmoor and Vale"
    session.add(world.place)
    session.commit()
    third = check_page(facilitator.get("/overview/"))
    assert "Open review comments: Northmoor and Vale (1)." in third.texts("#attention li")
