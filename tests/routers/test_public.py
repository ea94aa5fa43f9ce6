"""Residents' pages: anonymous access, only what is published, Welsh, Easy Read, caching."""

import re
from dataclasses import dataclass
from datetime import date

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import Engine
from sqlmodel import Session, select

from app import public_answers
from app.models import ActionUpdate, Area, PublicPage, Strategy, Theme
from app.models.base import id_of
from app.schemas.progress import UpdateForm
from app.schemas.public import PublicPageForm
from app.security import SECURITY_HEADERS
from app.services.progress import service as progress
from app.services.public import settings
from app.services.records.versioning import save_record
from seed.boundaries import invented_wards
from tests.conftest import World
from tests.factories import make_action, make_area, make_struggle, make_voice
from tests.pages import check_page, normalise
from tests.test_query_counts import counting

PAGES = (
    "",
    "what-we-heard/",
    "what-we-are-doing/",
    "how-we-are-doing/",
    "you-said-we-did/",
    "you-said-we-did/easy-read/",
)
SECRET_VOICE = "My neighbour Mrs Pritchard at number 12 shouts at the bus drivers"
DRAFT_ACTION = "Draft idea nobody has agreed yet"
DRAFT_UPDATE = "Unpublished news about the iftar"


@dataclass
class Published:
    world: World
    base: str
    wide: str  # the place-wide action's title
    title: str  # the strategy's title when its editions were published
    other_area_name: str


@pytest.fixture
def published(session: Session, world: World) -> Published:
    """Every stage published once, the pages switched on; then drafts that must not show."""
    officer = world.users["officer"]
    transport = session.exec(select(Theme).where(Theme.slug == "public-transport")).one()
    safe = session.exec(select(Theme).where(Theme.slug == "feeling-safe")).one()
    hillside = make_area(session, place=world.place, actor=world.users["admin"], name="Hillside")
    for area in (world.area, hillside):
        for _ in range(12):
            make_voice(
                session,
                exercise=world.exercise,
                actor=officer,
                area=area,
                themes=[transport],
                text=SECRET_VOICE,
            )
    make_voice(
        session, exercise=world.exercise, actor=officer, area=hillside, themes=[safe], text=SECRET_VOICE
    )
    # A struggle for the whole place, answered by an action for the whole place (no area on either).
    everywhere = make_struggle(
        session, strategy=world.strategy, actor=officer, title="Buses feel unsafe", themes=[transport]
    )
    wide = make_action(
        session, strategy=world.strategy, actor=officer, title="Night bus marshals", struggles=[everywhere]
    )
    session.commit()
    progress.create_update(
        session=session,
        strategy=world.strategy,
        action=world.action,
        actor=officer,
        form=UpdateForm(
            period_end=date(2026, 6, 30),
            status="on_track",
            percent_complete=40,
            what_happened="Six iftars held with 300 guests",
        ),
    )
    session.commit()
    for stage, title in (
        ("listening", "What we heard"),
        ("mapping", "Our map"),
        ("plan", "Plan two"),
        ("progress", "First progress report"),
    ):
        world.publish(session, stage, title)
    settings.save_page(
        session=session,
        place=world.place,
        actor=officer,
        expected_version=None,
        form=PublicPageForm(
            enabled=True,
            welsh=True,
            contact="Email cohesion@northmoor.example.",
            contact_cy="E-bostiwch cohesion@northmoor.example.",
        ),
    )
    title = world.strategy.title
    # After publication: a draft action, a draft update and a draft title, none of which residents see.
    make_action(session, strategy=world.strategy, actor=officer, title=DRAFT_ACTION, struggles=[everywhere])
    progress.create_update(
        session=session,
        strategy=world.strategy,
        action=world.action,
        actor=officer,
        form=UpdateForm(
            period_end=date(2026, 9, 30), status="at_risk", percent_complete=50, what_happened=DRAFT_UPDATE
        ),
    )
    save_record(
        session=session,
        record=world.strategy,
        actor=officer,
        expected_version=None,
        changes={"title": "Draft strategy title"},
    )
    session.commit()
    return Published(
        world=world,
        base=f"/p/{world.place.slug}/",
        title=title,
        wide=wide.title,
        other_area_name=hillside.name,
    )


def _page(client, url: str, lang: str = "en"):  # type: ignore[no-untyped-def]
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    page = check_page(response, lang=lang, service_title=False)
    return page


def test_a_place_that_has_not_switched_on_is_not_found(client_for, world: World, session: Session) -> None:
    anonymous = client_for("anonymous")
    for path in PAGES:
        assert anonymous.get(f"/p/{world.place.slug}/{path}").status_code == 404
    assert anonymous.get("/p/no-such-place/").status_code == 404
    settings.save_page(
        session=session,
        place=world.place,
        actor=world.users["officer"],
        expected_version=None,
        form=PublicPageForm(enabled=False, contact="x"),
    )
    session.commit()
    assert anonymous.get(f"/p/{world.place.slug}/").status_code == 404


def test_anonymous_readers_see_every_page_with_no_cookie_and_a_validator(
    client_for, published: Published
) -> None:
    anonymous = client_for("anonymous")
    anonymous.cookies.clear()
    for path in PAGES:
        response = anonymous.get(published.base + path)
        assert response.status_code == 200
        assert "set-cookie" not in response.headers
        assert response.headers["cache-control"] == "public, no-cache"
        assert response.headers["etag"] and response.headers["last-modified"]
        again = anonymous.get(published.base + path, headers={"If-None-Match": response.headers["etag"]})
        assert again.status_code == 304 and not again.content
        since = anonymous.get(
            published.base + path, headers={"If-Modified-Since": response.headers["last-modified"]}
        )
        assert since.status_code == 304
    # Signed-in pages keep no-store.
    assert (
        client_for("officer").get(f"/places/{published.world.place.slug}/").headers["cache-control"]
        == "no-store"
    )


def test_a_new_edition_or_new_wording_changes_the_validator(
    client_for, published: Published, session: Session
) -> None:
    anonymous = client_for("anonymous")
    url = published.base + "what-we-are-doing/"
    first = anonymous.get(url).headers["etag"]
    published.world.publish(session, "plan", "Plan three")
    second = anonymous.get(url)
    assert second.headers["etag"] != first
    assert anonymous.get(url, headers={"If-None-Match": first}).status_code == 200
    settings.save_words(
        session=session,
        place=published.world.place,
        actor=published.world.users["officer"],
        entries=[settings.Entry("x", settings.TRANSLATION, "cy", DRAFT_ACTION, "Syniad")],
    )
    session.commit()
    assert anonymous.get(url).headers["etag"] != second.headers["etag"]


def test_nothing_unpublished_or_personal_appears(client_for, published: Published, session: Session) -> None:
    anonymous = client_for("anonymous")
    drafts = [DRAFT_ACTION, DRAFT_UPDATE, "Draft strategy title"]
    personal = [SECRET_VOICE, "Pritchard", "officer@example.test", "Olu Officer"]
    for language in ("en", "cy"):
        for path in PAGES:
            text = _page(anonymous, f"{published.base}{path}?lang={language}", language).soup.get_text(" ")
            for leaked in drafts + personal:
                assert leaked not in text, (path, language, leaked)
            assert not re.search(r"\(\d people\)|\b[1-9] (people|o bobl)\b", text), (path, language)
    # What was published is there.
    doing = _page(anonymous, published.base + "what-we-are-doing/")
    # Its status follows the published update (on track), not the later draft one (at risk).
    assert "Open iftar programme" in " ".join(doing.texts("h3:-soup-contains('On track') + ul li"))
    said = _page(anonymous, published.base + "you-said-we-did/").text()
    assert "Six iftars held with 300 guests" in said


def test_place_wide_actions_answer_every_area(client_for, published: Published) -> None:
    page = _page(client_for("anonymous"), published.base + "you-said-we-did/")
    sections = {
        normalise(s.h2.get_text()): normalise(s.get_text(" ")) for s in page.select("section.app-said-did")
    }
    assert set(sections) >= {"Northfield", published.other_area_name}
    for text in sections.values():
        assert published.wide in text
        assert "Nothing is planned for these yet" not in text
    assert "Feeling safe: fewer than 10 people" in sections[published.other_area_name]
    assert "Public transport: 12 people" in sections["Northfield"]


def test_welsh_pages_are_in_welsh_with_english_fallbacks_marked(
    client_for, published: Published, session: Session
) -> None:
    anonymous = client_for("anonymous")
    english_fixed = _fixed_english()
    for path in PAGES:
        page = _page(anonymous, f"{published.base}{path}?lang=cy", "cy")
        assert page.response.headers["content-language"] == "cy"
        soup = BeautifulSoup(page.response.text, "html.parser")
        for marked in soup.select('[lang="en"]'):
            marked.decompose()
        text = normalise(soup.get_text(" "))
        for message in english_fixed:
            assert message not in text, (path, message)
    # The strategy title has no Welsh yet: shown in English, marked, with a note.
    home = _page(anonymous, published.base + "?lang=cy", "cy")
    fallback = home.select('main span[lang="en"]')
    assert [tag.get_text() for tag in fallback][:1] == [published.title]
    assert "(yn Saesneg)" in home.text()
    # Given in Welsh by an officer, it is shown in Welsh.
    strategy = session.get(Strategy, id_of(published.world.strategy))
    assert strategy is not None
    officer = client_for("officer")
    form = officer.get(f"/places/{published.world.place.slug}/public-pages/wording")
    assert form.status_code == 200
    wording = check_page(form)
    name = next(str(t["name"]) for t in wording.select("textarea") if str(t["name"]).startswith("cy-"))
    response = officer.post_form(
        f"/places/{published.world.place.slug}/public-pages/wording",
        {name: "Strategaeth cydlyniant Northmoor"},
    )
    assert response.status_code == 303
    home = _page(anonymous, published.base + "?lang=cy", "cy")
    assert "Strategaeth cydlyniant Northmoor" in home.text()


def test_welsh_is_offered_only_when_switched_on(client_for, published: Published, session: Session) -> None:
    page = session.exec(select(PublicPage)).one()
    page.welsh = False
    session.add(page)
    session.commit()
    anonymous = client_for("anonymous")
    assert anonymous.get(published.base + "?lang=cy").status_code == 404
    assert anonymous.get(published.base + "?lang=fr").status_code == 404
    assert not _page(anonymous, published.base).select(".app-language-switch")


def test_easy_read_sentences_are_short_with_an_icon_for_each_theme(client_for, published: Published) -> None:
    anonymous = client_for("anonymous")
    for language in ("en", "cy"):
        page = _page(anonymous, f"{published.base}you-said-we-did/easy-read/?lang={language}", language)
        lines = page.texts(".app-easy-read__line")
        assert lines
        for line in lines:
            for sentence in re.split(r"(?<=[.!?:])\s+", line.replace("(yn Saesneg)", "")):
                assert len(sentence.split()) <= 15, sentence
        icons = page.select(".app-easy-read__theme svg[role=img] title")
        assert icons and all(icon.get_text().strip() for icon in icons)


def test_officer_easy_read_wording_is_checked_and_used(client_for, published: Published) -> None:
    officer = client_for("officer")
    url = f"/places/{published.world.place.slug}/public-pages/wording"
    page = check_page(officer.get(url))
    name = next(str(t["name"]) for t in page.select("textarea") if str(t["name"]).startswith("er-en-"))
    long = "We are running a very long programme of events that goes on and on for everyone here."
    refused = check_page(officer.post_form(url, {name: long}))
    assert refused.status == 400 and refused.errors and refused.value(name) == long
    assert officer.post_form(url, {name: "We run meals together. Everyone is welcome."}).status_code == 303
    easy = _page(client_for("anonymous"), published.base + "you-said-we-did/easy-read/")
    assert any("We run meals together." in line for line in easy.texts(".app-easy-read__line"))


def test_officer_switches_pages_on_and_needs_a_contact_sentence(client_for, world: World) -> None:
    officer = client_for("officer")
    url = f"/places/{world.place.slug}/public-pages/"
    check_page(officer.get(url))
    refused = check_page(officer.post_form(url, {"enabled": "on"}))
    assert refused.status == 400 and refused.errors == [
        "Enter how residents can get in touch before publishing the pages"
    ]
    assert officer.post_form(url, {"enabled": "on", "contact": "Call 01632 960000."}).status_code == 303
    page = _page(client_for("anonymous"), f"/p/{world.place.slug}/")
    assert "Call 01632 960000." in page.text("#main-content")
    stale = officer.post_form(url, {"enabled": "on", "contact": "Old", "version": "0"})
    assert stale.status_code == 409


def _fixed_english() -> list[str]:
    """The catalogue's English messages long enough to be telling (short ones such as "Date" are words
    place names and titles may hold)."""
    from app import i18n

    catalogue = i18n.translations("cy")
    messages = [m for m in catalogue._catalog if isinstance(m, str) and m]  # type: ignore[attr-defined]
    pieces = [piece.strip(" .:,") for m in messages for piece in re.split(r"%\(\w+\)s%*", m)]
    return [piece for piece in pieces if len(piece) > 12]


def test_updates_are_plain_words(client_for, published: Published, session: Session) -> None:
    assert session.exec(select(ActionUpdate)).all()
    said = _page(client_for("anonymous"), published.base + "you-said-we-did/")
    text = said.text()
    assert "Latest news, to 30 June 2026: Six iftars held with 300 guests" in text
    assert "On track" in text


def test_a_chart_on_a_welsh_page_is_labelled_in_welsh(client_for, published: Published) -> None:
    anonymous = client_for("anonymous")
    english = _page(anonymous, f"{published.base}how-we-are-doing/", "en")
    welsh = _page(anonymous, f"{published.base}how-we-are-doing/?lang=cy", "cy")
    english_chart = english.select("main .app-chart svg")[0]
    welsh_chart = welsh.select("main .app-chart svg")[0]
    assert (
        english_chart.select_one("title").get_text().endswith(": measurements, baseline forecast and target")
    )
    assert (
        welsh_chart.select_one("title")
        .get_text()
        .endswith(": mesuriadau, rhagolwg o’r llinell sylfaen, a’r targed")
    )
    assert welsh_chart.select_one("desc").get_text().startswith("Nifer y mesuriadau: ")
    assert not welsh.select('main .app-chart[lang="en"]')


def test_what_we_are_doing_maps_the_published_actions_by_area(
    client_for, published: Published, session: Session
) -> None:
    anonymous = client_for("anonymous")
    before = anonymous.get(f"{published.base}what-we-are-doing/")
    assert _page(anonymous, f"{published.base}what-we-are-doing/").select("#actions-map-heading") == []
    areas = session.exec(
        select(Area).where(Area.place_id == published.world.place.id).order_by(Area.name)
    ).all()
    for area, outline in zip(areas, invented_wards(len(areas), seed=5), strict=True):
        save_record(
            session=session, record=area, actor=None, expected_version=None, changes={"boundary": outline}
        )
    session.commit()
    after = anonymous.get(f"{published.base}what-we-are-doing/")
    assert after.headers["etag"] != before.headers["etag"], "new outlines make a new page"
    page = _page(anonymous, f"{published.base}what-we-are-doing/")
    svg = page.select("#actions-map-heading ~ .app-chart svg")[0]
    assert [t.get_text() for t in svg.select("path > title")] == [area.name for area in areas]
    rows = page.texts("#actions-map-table tbody tr")
    assert len(rows) == len(areas)
    assert DRAFT_ACTION not in page.text("main")
    assert "contains ONS data © Crown copyright" in page.text(".app-map-credit")
    welsh = _page(anonymous, f"{published.base}what-we-are-doing/?lang=cy", "cy")
    assert welsh.select('[lang="en"] #actions-map-heading')
    assert "Mae’r map a’i dabl yn Saesneg." in welsh.text("main")


# --- Answered from memory (app/public_answers.py) ----------------------------------------------------


def test_a_page_read_again_is_answered_without_the_database_with_the_same_headers(
    client_for, published: Published, engine: Engine
) -> None:
    anonymous = client_for("anonymous")
    url = published.base + "you-said-we-did/"
    first = anonymous.get(url)
    assert first.status_code == 200
    with counting(engine) as statements:
        again = anonymous.get(url)
        not_modified = anonymous.get(url, headers={"If-None-Match": first.headers["etag"]})
        since = anonymous.get(url, headers={"If-Modified-Since": first.headers["last-modified"]})
        stale = anonymous.get(url, headers={"If-None-Match": '"another"'})
    assert statements == [], "answered from memory"
    assert again.status_code == 200 and again.content == first.content
    for name in ("etag", "last-modified", "cache-control", "content-language", "content-type"):
        assert again.headers[name] == first.headers[name]
    for name, value in SECURITY_HEADERS:
        assert again.headers[name] == value
    assert "set-cookie" not in again.headers and "x-request-id" in again.headers
    assert not_modified.status_code == 304 and not not_modified.content
    assert not_modified.headers["etag"] == first.headers["etag"]
    assert since.status_code == 304
    assert stale.status_code == 200 and stale.content == first.content


def test_after_a_moment_the_page_is_worked_out_again(
    client_for, published: Published, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    anonymous = client_for("anonymous")
    url = published.base + "what-we-are-doing/"
    assert anonymous.get(url).status_code == 200
    monkeypatch.setattr(public_answers, "FRESH_SECONDS", 0.0)
    with counting(engine) as statements:
        assert anonymous.get(url).status_code == 200
    assert statements, "the validator is asked again"


def test_publishing_or_switching_off_is_seen_at_once(
    client_for, published: Published, session: Session
) -> None:
    anonymous = client_for("anonymous")
    url = published.base + "what-we-are-doing/"
    before = anonymous.get(url).headers["etag"]
    published.world.publish(session, "plan", "Plan three")
    assert anonymous.get(url).headers["etag"] != before
    settings.save_page(
        session=session,
        place=published.world.place,
        actor=published.world.users["officer"],
        expected_version=_page_version(session, published),
        form=PublicPageForm(enabled=False, contact="x"),
    )
    session.commit()
    assert anonymous.get(url).status_code == 404


def test_signed_in_pages_and_errors_are_never_kept(client_for, published: Published, engine: Engine) -> None:
    officer = client_for("officer")
    place = f"/places/{published.world.place.slug}/"
    assert officer.get(place).status_code == 200
    missing = client_for("anonymous")
    assert missing.get("/p/no-such-place/").status_code == 404
    with counting(engine) as statements:
        assert officer.get(place).headers["cache-control"] == "no-store"
        assert missing.get("/p/no-such-place/").status_code == 404
    assert len(statements) > 1


def _page_version(session: Session, published: Published) -> int | None:
    page = settings.get_page(session=session, place=published.world.place)
    return page.version if page else None
