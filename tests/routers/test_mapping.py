"""Strengths and struggles pages: forms and errors, evidence picker, candidates, matches, grid."""

from sqlmodel import Session, select

from app.models import EvidenceLink, Strength, Struggle, Theme
from tests.conftest import World
from tests.factories import make_score_set, make_strength
from tests.pages import check_page


def _base(world: World) -> str:
    return f"/places/{world.place.slug}/strategies/{world.strategy.slug}/mapping"


def _theme(session: Session, slug: str) -> Theme:
    return session.exec(select(Theme).where(Theme.slug == slug)).one()


def test_add_a_strength_and_see_it(client_for, world: World, session: Session) -> None:
    officer = client_for("officer")
    faith = _theme(session, "faith-and-belief")
    response = officer.post_form(
        f"{_base(world)}/strengths/new",
        {
            "name": "Mosque open kitchen",
            "kind": "faith_group",
            "status": "active",
            "organisation": "Riverside mosque",
            "area_ids": [str(world.area.id)],
            "theme_ids": [str(faith.id)],
            "voice_ids": [str(world.voice.id)],
        },
    )
    assert response.status_code == 303
    page = check_page(officer.get(response.headers["location"]))
    assert page.texts("main h1") == ["Mosque open kitchen"]
    assert "Faith group" in page.text(".govuk-summary-list")
    assert page.texts(".app-evidence__list li a") == ["The bus is always late."]
    voice_page = check_page(
        officer.get(
            f"/places/{world.place.slug}/strategies/{world.strategy.slug}/listening/voices/{world.voice.id}/"
        )
    )
    assert "Strength: Mosque open kitchen" in voice_page.texts("#evidence-for li")


def test_bad_input_is_refused_and_nothing_is_saved(client_for, world: World, session: Session) -> None:
    officer = client_for("officer")
    page = check_page(
        officer.post_form(
            f"{_base(world)}/struggles/new",
            {"title": "", "severity": "9", "trend": "", "data_sources": "Just a name"},
        )
    )
    assert page.errors == [
        "Enter title",
        "Severity must be 5 or less",
        "Select trend",
        "Select at least one area",
        "Select at least one theme",
        "Line 1 of the data sources must be a source, a comma, then a date like 31/03/2026",
    ]
    page = check_page(
        officer.post_form(
            f"{_base(world)}/strengths/new",
            {
                "name": "x",
                "kind": "event",
                "status": "active",
                "organisation": "Call 0121 496 0000",
                "area_ids": [str(world.other_area.id)],
                "theme_ids": ["1"],
            },
        )
    )
    assert page.errors == ["Organisation must not include an email address or phone number"]
    page = check_page(
        officer.post_form(
            f"{_base(world)}/strengths/new",
            {
                "name": "x",
                "kind": "event",
                "status": "active",
                "area_ids": [str(world.other_area.id)],
                "theme_ids": ["1"],
            },
        )
    )
    assert page.errors == ["Select areas from the list"], "another place's area"
    page = check_page(
        officer.post_form(
            f"{_base(world)}/strengths/new",
            {
                "name": "x",
                "kind": "event",
                "status": "active",
                "area_ids": [str(world.area.id)],
                "theme_ids": ["1"],
                "voice_ids": [str(world.other_voice.id)],
            },
        )
    )
    assert page.errors == ["Evidence must be voices heard in this strategy"], "another place's voice"
    assert len(session.exec(select(Strength)).all()) == 1 and len(session.exec(select(Struggle)).all()) == 1


def test_evidence_picker_with_and_without_htmx(client_for, world: World, session: Session) -> None:
    officer = client_for("officer")
    url = f"{_base(world)}/struggles/{world.struggle.id}/"
    page = check_page(officer.get(url + "?q=bus"))
    assert "Add as evidence : The bus is always late." in page.texts("#evidence button")
    response = officer.post_form(
        url + "evidence",
        {"voice_id": str(world.voice.id), "version": "1", "q": "bus"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200 and response.text.lstrip().startswith('<section id="evidence"')
    assert "Voice added as evidence" in response.text
    assert session.exec(select(EvidenceLink)).one().voice_id == world.voice.id
    response = officer.post_form(url + f"evidence/{world.voice.id}/remove", {"version": "2"})
    assert response.status_code == 303 and response.headers["location"].endswith("#evidence")
    session.expire_all()
    assert session.exec(select(EvidenceLink)).first() is None
    response = officer.post_form(url + "evidence", {"voice_id": str(world.other_voice.id), "version": "3"})
    page = check_page(officer.get(response.headers["location"]))
    assert "Evidence must be voices heard in this strategy" in page.text(".govuk-notification-banner")


def _group_scored(session: Session, world: World, theme: str, score: float) -> None:
    """A group of 12 in the world's area gives ``theme`` a Place Standard score: a candidate for the stage."""
    make_score_set(
        session,
        exercise=world.exercise,
        actor=world.users["officer"],
        area=world.area,
        respondents=12,
        scores={theme: score},
    )
    session.commit()


def test_accepting_a_candidate_prefills_the_form(client_for, world: World, session: Session) -> None:
    natural = _theme(session, "natural-space")
    _group_scored(session, world, "natural-space", 6.4)
    officer = client_for("officer")
    page = check_page(officer.get(f"{_base(world)}/"))
    accept = page.select('#candidates ~ table a[href*="candidate="]')[0]["href"]
    page = check_page(officer.get(str(accept)))
    assert page.value("name") == "Natural space in Northfield"
    assert page.checked("area_ids") == [str(world.area.id)] and page.checked("theme_ids") == [str(natural.id)]
    assert page.checked("exercise_ids") == [str(world.exercise.id)]
    key = page.value("candidate")
    response = officer.post_form(
        f"{_base(world)}/strengths/new",
        {
            "name": "Northfield park",
            "kind": "shared_space",
            "status": "active",
            "candidate": str(key),
            "area_ids": [str(world.area.id)],
            "theme_ids": [str(natural.id)],
            "exercise_ids": [str(world.exercise.id)],
        },
    )
    assert response.status_code == 303
    page = check_page(officer.get(f"{_base(world)}/"))
    assert "Natural space in Northfield" not in page.text("main"), (
        "an accepted candidate is not offered again"
    )


def test_dismissing_a_candidate(client_for, world: World, session: Session) -> None:
    _group_scored(session, world, "feeling-safe", 1.2)
    officer = client_for("officer")
    page = check_page(officer.get(f"{_base(world)}/"))
    action = page.select("#candidates ~ table form")[0]["action"]
    assert officer.post_form(str(action)).status_code == 303
    page = check_page(officer.get(f"{_base(world)}/"))
    assert "Feeling safe in Northfield" not in page.text("main")


def test_confirm_a_match_and_see_it_in_history(client_for, world: World) -> None:
    officer = client_for("officer")
    url = f"{_base(world)}/struggles/{world.struggle.id}/"
    page = check_page(officer.get(url))
    assert page.texts("#matches table tbody tr td:first-child") == ["Library conversation club"]
    response = officer.post_form(f"{url}matches/{world.strength.id}", {"version": "1"})
    assert response.status_code == 303
    page = check_page(officer.get(url))
    assert "Confirmed" in page.text("#matches table")
    history = check_page(officer.get(f"/places/{world.place.slug}/history/struggle/{world.struggle.id}/"))
    assert "Strengths that could help set to Library conversation club" in history.texts("#version-2 li")
    assert "Confirmed that Library conversation club could help" in history.text("#version-2")


def test_grid_shows_counts_and_severity_with_links(client_for, world: World, session: Session) -> None:
    page = check_page(client_for("facilitator").get(f"{_base(world)}/grid/"))
    row = page.texts("#mapping-grid tbody tr")
    assert row == ["Public transport S 1 strength T 1 struggle, (max 4) severity"]
    links = [a["href"] for a in page.select("#mapping-grid tbody a")]
    transport = _theme(session, "public-transport")
    assert links == [
        f"{_base(world)}/strengths/?area={world.area.id}&theme={transport.id}",
        f"{_base(world)}/struggles/?area={world.area.id}&theme={transport.id}",
    ]
    page = check_page(client_for("facilitator").get(f"{_base(world)}/grid/?status=lost"))
    assert page.texts("#mapping-grid tbody tr") == ["Public transport T 1 struggle, (max 4) severity"]


def test_the_grid_drawn_before_is_not_shown_once_anything_in_it_changes(
    client_for, world: World, session: Session
) -> None:
    facilitator = client_for("facilitator")
    assert check_page(facilitator.get(f"{_base(world)}/grid/")).texts("#mapping-grid tbody tr") == [
        "Public transport S 1 strength T 1 struggle, (max 4) severity"
    ]
    make_strength(
        session,
        strategy=world.strategy,
        actor=world.users["officer"],
        areas=[world.area],
        themes=[_theme(session, "public-transport")],
    )
    session.commit()
    page = check_page(facilitator.get(f"{_base(world)}/grid/"))
    assert page.texts("#mapping-grid tbody tr") == [
        "Public transport S 2 strengths T 1 struggle, (max 4) severity"
    ]
    world.area.name = "Northfield and Dale"  # nothing counted changes, only a column's name
    session.add(world.area)
    session.commit()
    page = check_page(facilitator.get(f"{_base(world)}/grid/"))
    assert page.texts("#mapping-grid thead th") == ["Theme", "Northfield and Dale"]


def test_editing_a_struggle_refuses_stale_saves(client_for, world: World, session: Session) -> None:
    officer = client_for("officer")
    transport = _theme(session, "public-transport")
    form = {
        "title": "Hotel tension",
        "severity": "5",
        "trend": "worsening",
        "area_ids": [str(world.area.id)],
        "theme_ids": [str(transport.id)],
        "version": "1",
        "data_sources": "Police recorded hate crime, 31/03/2026",
    }
    url = f"{_base(world)}/struggles/{world.struggle.id}/edit"
    assert officer.post_form(url, form).status_code == 303
    session.expire_all()
    struggle = session.get(Struggle, world.struggle.id)
    assert struggle is not None and struggle.data_sources == [
        {"name": "Police recorded hate crime", "date": "2026-03-31"}
    ]
    response = officer.post_form(url, {**form, "title": "Old"})
    assert response.status_code == 409
    page = check_page(officer.get(url))
    assert page.value("data_sources") == "Police recorded hate crime, 31/03/2026"
    assert page.checked("severity") == ["5"]


def test_a_struggle_shows_the_actions_that_answer_it(client_for, world: World) -> None:
    page = check_page(client_for("officer").get(f"{_base(world)}/struggles/{world.struggle.id}/"))
    assert page.texts("#answered-by li") == ["Open iftar programme"], "answered through its priority"


def test_history_names_exercises_and_voices_in_words(client_for, world: World, session: Session) -> None:
    officer = client_for("officer")
    transport = _theme(session, "public-transport")
    response = officer.post_form(
        f"{_base(world)}/strengths/new",
        {
            "name": "Bus buddies",
            "kind": "network",
            "status": "active",
            "area_ids": [str(world.area.id)],
            "theme_ids": [str(transport.id)],
            "exercise_ids": [str(world.exercise.id)],
            "voice_ids": [str(world.voice.id)],
        },
    )
    strength_id = response.headers["location"].rstrip("/").split("/")[-1]
    page = check_page(officer.get(f"/places/{world.place.slug}/history/strength/{strength_id}/"))
    changes = page.texts(".app-history__changes li")
    assert "Exercises as evidence set to Youth club focus group" in changes
    assert "Voices as evidence set to The bus is always late." in changes


def test_a_refused_evidence_change_is_a_warning_not_a_success(client_for, world: World) -> None:
    officer = client_for("officer")
    url = f"{_base(world)}/struggles/{world.struggle.id}/"
    response = officer.post_form(url + "evidence", {"voice_id": str(world.voice.id), "version": "99"})
    page = check_page(officer.get(response.headers["location"]))
    banner = page.soup.select_one(".govuk-notification-banner")
    assert banner is not None and "govuk-notification-banner--success" not in banner.get("class", [])
    assert "Someone else changed this record" in page.text(".govuk-notification-banner")
