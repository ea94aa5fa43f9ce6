"""The "needs themes" queue: paging, filters, accepting and rejecting one suggestion (with and without htmx),
accepting the top suggestions of many voices all or nothing and versioned, and finding new themes."""

from bs4 import BeautifulSoup
from sqlmodel import Session, col, select

from app.models import Theme, ThemeGroupDismissal, Voice, VoiceTheme, version_class
from app.services.listening import theming
from tests.conftest import World
from tests.factories import make_area, make_exercise, make_voice
from tests.pages import check_page

BUS = "The number 12 bus never turns up on time and the bus stop has no shelter."
HX = {"HX-Request": "true"}


def _queue(world: World) -> str:
    return f"/places/{world.place.slug}/strategies/{world.strategy.slug}/listening/queue/"


def _voices(session: Session, world: World, count: int, text: str = BUS, **extra: object) -> list[Voice]:
    voices = [
        make_voice(
            session, exercise=world.exercise, actor=world.users["officer"], text=f"{text} ({n})", **extra
        )  # type: ignore[arg-type]
        for n in range(count)
    ]
    session.commit()
    return voices


def _transport(session: Session) -> Theme:
    return session.exec(select(Theme).where(Theme.slug == "public-transport")).one()


def test_the_queue_lists_voices_without_themes_with_progress_and_pages(
    client_for, world: World, session: Session
) -> None:
    _voices(session, world, theming.QUEUE_PAGE_SIZE + 5)
    officer = client_for("officer")
    page = check_page(officer.get(_queue(world)))
    assert page.texts("h1") == ["Voices needing themes"]
    # The world's own voice has no theme either.
    total = theming.QUEUE_PAGE_SIZE + 6
    assert page.text("#queue-progress") == f"0 of {total} voices themed"
    assert len(page.select(".app-queue__voice")) == theming.QUEUE_PAGE_SIZE
    assert f"{total} voices need themes; page 1 of 2." in page.text("#queue-list")
    assert "Accept Public transport for this voice" in page.texts("main button")
    reasons = page.texts(".app-suggestion .govuk-body-s")
    assert reasons[0].startswith("Mentions"), reasons[0]
    assert all(reason.count("Mentions") <= 1 for reason in reasons), "each kind of reason is said once"
    second = check_page(officer.get(_queue(world) + "?page=2"))
    assert len(second.select(".app-queue__voice")) == 6
    # htmx asks for the list alone.
    fragment = officer.get(_queue(world) + "?page=2", headers=HX)
    assert fragment.text.lstrip().startswith('<div id="queue-list">')


def test_the_queue_filters_by_exercise_area_and_kind(client_for, world: World, session: Session) -> None:
    officer_user = world.users["officer"]
    hillcrest = make_area(session, place=world.place, actor=officer_user, name="Hillcrest")
    other = make_exercise(session, strategy=world.strategy, actor=officer_user, title="Market stall")
    make_voice(
        session,
        exercise=other,
        actor=officer_user,
        text="The market brings people together.",
        kind="strength",
    )
    make_voice(
        session, exercise=world.exercise, actor=officer_user, text="Hillcrest park is dark.", area=hillcrest
    )
    session.commit()
    officer = client_for("officer")
    by_exercise = check_page(officer.get(_queue(world) + f"?exercise={other.id}"))
    assert [t.split(" (")[0] for t in by_exercise.texts(".app-queue__voice a")[:1]] == [
        "The market brings people together."
    ]
    by_area = check_page(officer.get(_queue(world) + f"?area={hillcrest.id}"))
    assert by_area.texts(".app-queue__voice > p:first-child") == ["Hillcrest park is dark."]
    by_kind = check_page(officer.get(_queue(world) + "?kind=strength"))
    assert by_kind.texts(".app-queue__voice > p:first-child") == ["The market brings people together."]
    assert "1 voice needs themes with these filters." in by_kind.text("#queue-list")


def test_accept_one_suggestion_without_javascript_and_with_htmx(
    client_for, world: World, session: Session
) -> None:
    first, second = _voices(session, world, 2)
    transport = _transport(session)
    officer = client_for("officer")
    response = officer.post_form(
        _queue(world).replace("/queue/", "/queue/accept"),
        {"one": f"{first.id}:{transport.id}:1", "next": _queue(world)},
    )
    assert response.status_code == 303 and response.headers["location"] == _queue(world)
    session.expire_all()
    assert session.get(Voice, first.id).theme_ids == [transport.id]  # type: ignore[union-attr]
    response = officer.post_form(
        _queue(world).replace("/queue/", "/queue/accept"),
        {"one": f"{second.id}:{transport.id}:1"},
        headers=HX,
    )
    assert response.status_code == 200
    assert f'id="queue-voice-{second.id}"' in response.text
    assert "Theme added: Public transport." in response.text
    assert 'id="queue-progress" role="status" data-hx-swap-oob="true"' in response.text
    # What is confirmed is out of the queue and teaches the suggestions at once.
    page = check_page(officer.get(_queue(world)))
    assert page.text("#queue-progress") == "2 of 3 voices themed"


def test_reject_a_suggestion_from_the_queue(client_for, world: World, session: Session) -> None:
    [voice] = _voices(session, world, 1)
    transport = _transport(session)
    officer = client_for("officer")
    response = officer.post_form(
        _queue(world).replace("/queue/", "/queue/reject"), {"one": f"{voice.id}:{transport.id}:1"}, headers=HX
    )
    assert response.status_code == 200
    assert "Accept Public transport" not in response.text
    assert "it will not be suggested for this voice again" in response.text


def test_accept_many_is_all_or_nothing_and_versioned(client_for, world: World, session: Session) -> None:
    voices = _voices(session, world, 4)
    transport = _transport(session)
    officer = client_for("officer")
    accept = _queue(world).replace("/queue/", "/queue/accept")
    picks = [f"{voice.id}:{transport.id}:1" for voice in voices]
    # One voice changed since the page was loaded: nothing is accepted.
    stale = [*picks[:3], f"{voices[3].id}:{transport.id}:0"]
    response = officer.post_form(accept, {"pick": stale, "bulk": "1"})  # type: ignore[dict-item]
    assert response.status_code == 409
    page = check_page(response)
    assert "nothing was accepted" in page.errors[0]
    session.expire_all()
    assert (
        session.exec(select(VoiceTheme).where(col(VoiceTheme.voice_id).in_([v.id for v in voices]))).all()
        == []
    )
    # Another strategy's voice refuses the batch too.
    response = officer.post_form(accept, {"pick": [*picks, f"{world.other_voice.id}:{transport.id}:1"]})  # type: ignore[dict-item]
    assert response.status_code == 400
    response = officer.post_form(accept, {"pick": picks, "bulk": "1"})  # type: ignore[dict-item]
    assert response.status_code == 303
    session.expire_all()
    for voice in voices:
        stored = session.get(Voice, voice.id)
        assert stored is not None and stored.theme_ids == [transport.id] and stored.version == 2
    links = session.exec(select(VoiceTheme.voice_id).where(VoiceTheme.theme_id == transport.id)).all()
    assert set(links) >= {voice.id for voice in voices}
    VoiceVersion = version_class(Voice)
    transactions = session.exec(
        select(VoiceVersion.transaction_id).where(  # type: ignore[call-overload]
            col(VoiceVersion.id).in_([v.id for v in voices]), VoiceVersion.operation_type == 1
        )
    ).all()
    assert len(transactions) == 4 and len(set(transactions)) == 1, "one version each, one transaction"
    history = check_page(officer.get(f"/places/{world.place.slug}/history/voice/{voices[0].id}/"))
    assert "Themes set to Public transport" in history.texts("#version-2 li")


def test_accept_needs_a_selection(client_for, world: World, session: Session) -> None:
    _voices(session, world, 1)
    response = client_for("officer").post_form(
        _queue(world).replace("/queue/", "/queue/accept"), {"bulk": "1"}
    )
    page = check_page(response)
    assert response.status_code == 400 and page.errors == ["Select at least one voice"]


def test_suggestions_stay_on_the_exercise_page_after_the_next_voice(
    client_for, world: World, session: Session
) -> None:
    officer = client_for("officer")
    url = f"/places/{world.place.slug}/strategies/{world.strategy.slug}/listening/exercises/{world.exercise.id}/voices"
    officer.post_form(url, {"text": BUS, "kind": "struggle"}, headers=HX)
    response = officer.post_form(
        url, {"text": "Nothing here for the young people at night.", "kind": "concern"}, headers=HX
    )
    page = check_page(officer.get(f"{url[: -len('voices')]}"))
    assert "bus never turns up" not in response.text.split("<table", 1)[0], (
        "the banner is for the newest voice"
    )
    for html in (response.text, page.response.text):
        rows = [row for row in BeautifulSoup(html, "html.parser").select("#voice-panel tbody tr")]
        bus = [row for row in rows if "bus never turns up" in row.get_text()]
        assert bus and "Accept Public transport" in bus[0].get_text(), (
            "the earlier voice keeps its suggestions"
        )


def test_new_themes_are_found_named_merged_and_dismissed(client_for, world: World, session: Session) -> None:
    officer_user = world.users["officer"]
    for n in range(4):
        make_voice(
            session,
            exercise=world.exercise,
            actor=officer_user,
            text=f"Allotment plots are scarce and the allotment society has closed its doors ({n}).",
        )
    for n in range(3):
        make_voice(
            session,
            exercise=world.exercise,
            actor=officer_user,
            text=f"Pigeons nesting under the railway bridge make a mess below ({n}).",
        )
    session.commit()
    officer = client_for("officer")
    base = _queue(world).replace("/queue/", "/theme-groups/")
    page = check_page(officer.get(base))
    sections = {s.h2.get_text().strip(): s.blockquote.get_text() for s in page.select("main section")}
    assert len(sections) == 2, sections
    assert any("allotment" in heading.lower() for heading in sections), "typical words head each group"
    section = next(s for s in page.select("main section") if "allotment" in s.h2.get_text().lower())
    assert len(section.select("blockquote")) == 3, "example voices"
    data = {
        "voice": [i["value"] for i in section.select('input[name="voice"]')],
        "word": [i["value"] for i in section.select('input[name="word"]')],
        "group": section.select_one('input[name="group"]')["value"],
    }
    refused = officer.post_form(base + "name", {**data, "name": ""})  # type: ignore[dict-item]
    assert refused.status_code == 400 and check_page(refused).errors == ["Enter a name for the new theme"]
    named = officer.post_form(base + "name", {**data, "name": "Allotments"})  # type: ignore[dict-item]
    assert named.status_code == 303
    theme = session.exec(select(Theme).where(Theme.name == "Allotments")).one()
    assert theme.place_id == world.place.id and "allotment" in (theme.keywords or [])
    assert len(session.exec(select(VoiceTheme).where(VoiceTheme.theme_id == theme.id)).all()) == 4
    page = check_page(officer.get(base))
    [section] = page.select("main section")
    assert "Pigeons" in section.blockquote.get_text()
    signature = section.select_one('input[name="signature"]')["value"]
    assert officer.post_form(base + "dismiss", {"signature": signature}).status_code == 303
    assert session.exec(select(ThemeGroupDismissal)).one().signature == signature
    page = check_page(officer.get(base))
    assert not any("pigeon" in heading.lower() for heading in page.texts("main section h2")), (
        "dismissed is remembered"
    )


def test_merge_a_group_into_an_existing_theme(client_for, world: World, session: Session) -> None:
    officer_user = world.users["officer"]
    voices = [
        make_voice(
            session,
            exercise=world.exercise,
            actor=officer_user,
            text=f"Dog fouling on the school path again ({n}).",
        )
        for n in range(3)
    ]
    session.commit()
    transport = _transport(session)
    base = _queue(world).replace("/queue/", "/theme-groups/")
    response = client_for("officer").post_form(
        base + "merge",
        {"voice": [str(v.id) for v in voices], "theme": str(transport.id), "group": "1"},  # type: ignore[dict-item]
    )
    assert response.status_code == 303
    session.expire_all()
    assert all(session.get(Voice, v.id).theme_ids == [transport.id] for v in voices)  # type: ignore[union-attr]


def test_a_row_seen_before_shows_the_voice_as_it_is_now(client_for, world: World, session: Session) -> None:
    """Rows are kept as rendered, by what they show: a change to the voice or what may be done shows."""
    [voice] = _voices(session, world, 1)
    officer = client_for("officer")
    row = f"#queue-voice-{voice.id}"
    assert BUS in check_page(officer.get(_queue(world))).text(row)
    voice.text = "The library opening hours are too short for working families."
    session.add(voice)
    session.commit()
    shown = check_page(officer.get(_queue(world)))
    assert "library opening hours" in shown.text(row) and BUS not in shown.text(row)
    assert shown.select(f"{row} button"), "the officer may accept and reject"
    facilitator = check_page(client_for("facilitator").get(_queue(world)))
    assert "library opening hours" in facilitator.text(row)
    assert not facilitator.select(f"{row} button"), "the same row without the buttons for who may not edit"


def test_what_is_confirmed_or_changed_feeds_the_suggestions_at_once(
    client_for, world: World, session: Session
) -> None:
    """Each worker keeps a place's learning examples while the same voices are at the same versions."""
    youth = session.exec(select(Theme).where(Theme.slug == "young-people")).one()
    [unthemed] = _voices(session, world, 1, text="Wheelies outside the chippy every evening")
    officer = client_for("officer")
    row = f"#queue-voice-{unthemed.id}"
    assert "Young people" not in check_page(officer.get(_queue(world))).text(row)
    teacher = make_voice(
        session,
        exercise=world.exercise,
        actor=world.users["officer"],
        text="Lads doing wheelies outside the chippy until midnight",
        themes=[youth],
    )
    session.commit()
    assert "Young people" in check_page(officer.get(_queue(world))).text(row), "learnt at once"
    teacher.text = "Potholes on the ring road have wrecked my tyres"
    session.add(teacher)
    session.commit()
    assert "Young people" not in check_page(officer.get(_queue(world))).text(row), "an edit is learnt too"
