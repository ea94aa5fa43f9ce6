"""Listening stage pages: exercises, voices with redaction and suggestions, scores, analysis."""

from sqlmodel import Session, select

from app.models import ListeningExercise, ScoreSet, Theme, Voice, VoiceTheme
from tests.conftest import World
from tests.factories import make_voice
from tests.pages import check_page


def _base(world: World) -> str:
    return f"/places/{world.place.slug}/strategies/{world.strategy.slug}/listening"


def _exercise_form(world: World, **overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "title": "Riverside walkabout",
        "method": "walkabout",
        "start_date-day": "12",
        "start_date-month": "6",
        "start_date-year": "2026",
        "area_ids": [str(world.area.id)],
        "consent_basis": "public_task",
        "participants": "18",
        "profile-age_band-1": "11",
    }
    data.update(overrides)
    return data


def _theme(session: Session, slug: str) -> Theme:
    return session.exec(select(Theme).where(Theme.slug == slug)).one()


def test_strategy_task_list_links_to_listening(client_for, world: World) -> None:
    page = check_page(
        client_for("officer").get(f"/places/{world.place.slug}/strategies/{world.strategy.slug}/")
    )
    assert page.links()["Listen to local voices"] == f"{_base(world)}/"
    assert "In progress" in page.texts(".govuk-task-list__item")[0]
    page = check_page(
        client_for("councillor").get(f"/places/{world.place.slug}/strategies/{world.strategy.slug}/")
    )
    assert "Listen to local voices" not in page.links(), "councillors do not see raw voices"


def test_record_an_exercise_with_who_took_part(client_for, world: World, session: Session) -> None:
    officer = client_for("officer")
    response = officer.post_form(f"{_base(world)}/exercises/new", _exercise_form(world))
    assert response.status_code == 303
    exercise = session.exec(
        select(ListeningExercise).where(ListeningExercise.title == "Riverside walkabout")
    ).one()
    assert exercise.area_ids == [world.area.id]
    assert exercise.profile == {"age_band": {"16-24": 11}}
    page = check_page(officer.get(response.headers["location"]))
    assert page.texts("main h1") == ["Riverside walkabout"]
    assert "Northfield" in page.text(".govuk-summary-list")
    assert "Age: 16-24 11" in page.text("main")


def test_exercise_errors_are_listed_and_input_kept(client_for, world: World) -> None:
    response = client_for("officer").post_form(
        f"{_base(world)}/exercises/new",
        _exercise_form(
            world,
            title="",
            method="",
            **{"end_date-day": "1", "end_date-month": "6", "end_date-year": "2026"},
            area_ids=[str(world.other_area.id)],
            **{"profile-age_band-1": "lots"},
        ),
    )
    page = check_page(response)
    assert response.status_code == 400
    assert page.errors == [
        "Enter title",
        "Select method",
        "End date must be the same as or after the start date",
        "Age, 16-24: enter a whole number, like 12",
    ]
    assert page.value("profile-age_band-1") == "lots"
    response = client_for("officer").post_form(
        f"{_base(world)}/exercises/new", _exercise_form(world, area_ids=[str(world.other_area.id)])
    )
    assert check_page(response).errors == ["Select areas from the list"], "another place's area is refused"


def test_add_voice_redacts_and_shows_what_was_removed(client_for, world: World, session: Session) -> None:
    officer = client_for("officer")
    text = "My name is Priya Shah, email priya@example.org or 07700 900123. I live at B11 1AA and the bus is late."
    response = officer.post_form(
        f"{_base(world)}/exercises/{world.exercise.id}/voices",
        {"text": text, "kind": "struggle", "area_id": str(world.area.id)},
    )
    assert response.status_code == 303
    page = check_page(officer.get(response.headers["location"]))
    stored = page.text(".app-voice-text")
    assert "Priya" not in stored and "priya@example.org" not in stored and "07700" not in stored
    assert "1AA" not in stored and "B11" in stored
    banner = page.text(".govuk-notification-banner")
    assert "Voice added." in banner and "an email address" in banner and "a name" in banner


def test_add_voice_with_htmx_returns_the_panel_ready_for_the_next(client_for, world: World) -> None:
    officer = client_for("officer")
    response = officer.post_form(
        f"{_base(world)}/exercises/{world.exercise.id}/voices",
        {"text": "There's nothing for teenagers to do and the buses stop at seven.", "kind": "struggle"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert response.text.lstrip().startswith('<section id="voice-panel"'), "a fragment, not a page"
    assert "Voice added." in response.text
    assert 'name="text"' in response.text and "nothing for teenagers to do</textarea>" not in response.text
    assert "Accept " in response.text, "suggested themes are offered for the voice just added"

    response = officer.post_form(
        f"{_base(world)}/exercises/{world.exercise.id}/voices",
        {"text": "", "kind": ""},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 400
    assert "There is a problem" in response.text and "Enter what was said" in response.text


def test_voice_list_filters(client_for, world: World, session: Session) -> None:
    park = _theme(session, "natural-space")
    make_voice(
        session,
        exercise=world.exercise,
        actor=world.users["officer"],
        text="The park is lovely in spring",
        kind="strength",
        area=world.area,
        themes=[park],
    )
    session.commit()
    officer = client_for("officer")
    page = check_page(officer.get(f"{_base(world)}/voices/?theme={park.id}"))
    assert page.texts("#voice-results tbody tr td:first-child") == ["The park is lovely in spring"]
    page = check_page(officer.get(f"{_base(world)}/voices/?q=bus&kind=struggle"))
    assert page.texts("#voice-results tbody tr td:first-child") == ["The bus is always late."]
    page = check_page(officer.get(f"{_base(world)}/voices/?kind=idea"))
    assert "0 voices found" in page.text("#voice-results")
    response = officer.get(f"{_base(world)}/voices/?q=park", headers={"HX-Request": "true"})
    assert 'id="voice-results"' in response.text
    assert "<html" not in response.text


def test_accept_and_reject_suggested_themes(client_for, world: World, session: Session) -> None:
    voice = make_voice(
        session,
        exercise=world.exercise,
        actor=world.users["officer"],
        text="The bus never comes, there's nothing for young people to do, and I don't feel safe.",
    )
    session.commit()
    world.voice = voice
    officer = client_for("officer")
    page = check_page(officer.get(f"{_base(world)}/voices/{world.voice.id}/"))
    assert "Accept Public transport" in page.texts("main button")
    transport = _theme(session, "public-transport")
    response = officer.post_form(
        f"{_base(world)}/voices/{world.voice.id}/themes/{transport.id}/accept", {"version": "1"}
    )
    assert response.status_code == 303
    session.expire_all()
    voice = session.get(Voice, world.voice.id)
    assert voice is not None and voice.theme_ids == [transport.id]
    assert (
        session.exec(select(VoiceTheme).where(VoiceTheme.voice_id == voice.id)).one().theme_id == transport.id
    )
    page = check_page(officer.get(f"/places/{world.place.slug}/history/voice/{world.voice.id}/"))
    assert "Themes set to Public transport" in page.texts("#version-2 li")

    page = check_page(officer.get(f"{_base(world)}/voices/{world.voice.id}/"))
    offered = [b.removeprefix("Reject ") for b in page.texts("main button") if b.startswith("Reject ")]
    assert offered, "more suggestions remain to reject"
    theme = session.exec(select(Theme).where(Theme.name == offered[0])).one()
    officer.post_form(f"{_base(world)}/voices/{world.voice.id}/themes/{theme.id}/reject")
    page = check_page(officer.get(f"{_base(world)}/voices/{world.voice.id}/"))
    assert f"Accept {offered[0]}" not in page.texts("main button"), "a rejected theme is not suggested again"


def test_edit_voice_redacts_again_and_refuses_stale_saves(client_for, world: World) -> None:
    officer = client_for("officer")
    url = f"{_base(world)}/voices/{world.voice.id}/edit"
    response = officer.post_form(
        url, {"text": "Call me Mo. The bus is late.", "kind": "struggle", "version": "1"}
    )
    assert response.status_code == 303
    page = check_page(officer.get(f"{_base(world)}/voices/{world.voice.id}/"))
    quote = page.soup.select_one(".app-voice-text")
    assert quote is not None and quote.get_text() == "Call me [name removed]. The bus is late."
    # The officer sees where the name was: the marker is highlighted.
    assert page.texts(".app-voice-text mark.app-removed") == ["[name removed]"]
    assert "a name" in page.text("main")
    response = officer.post_form(url, {"text": "Old copy", "kind": "struggle", "version": "1"})
    assert response.status_code == 409
    assert "Call me [name removed]. The bus is late." in check_page(response).text("#conflict-comparison")


def test_scores_make_a_compass_with_a_table(client_for, world: World, session: Session) -> None:
    officer = client_for("officer")
    url = f"{_base(world)}/exercises/{world.exercise.id}/scores/new"
    page = check_page(
        officer.post_form(
            url,
            {"basis": "group", "respondents": "12", "score-feeling-safe": "9", "score-natural-space": "six"},
        )
    )
    assert page.errors == [
        "Natural space: enter a score from 1 to 7, like 4 or 4.5",
        "Feeling safe: the score must be from 1 to 7",
    ], "in the order of the form"
    assert page.value("score-feeling-safe") == "9"
    response = officer.post_form(
        url,
        {
            "basis": "group",
            "respondents": "12",
            "area_id": str(world.area.id),
            "score-feeling-safe": "2",
            "score-natural-space": "6.5",
        },
    )
    assert response.status_code == 303
    assert session.exec(select(ScoreSet)).one().scores == {"feeling-safe": 2.0, "natural-space": 6.5}
    page = check_page(officer.get(f"{_base(world)}/scores/"))
    assert len(page.select("svg[role=img]")) == 2, "the whole place and Northfield"
    rows = page.texts("#compass-" + str(world.area.id) + " ~ .app-table-scroll table tbody tr")
    assert "Feeling safe 2.0 2.0" in rows and "Natural space 6.5 6.5" in rows
    assert "Feeling safe" in page.text(".app-compass p")


def test_analysis_links_every_number_to_its_voices(client_for, world: World, session: Session) -> None:
    transport = _theme(session, "public-transport")
    for _ in range(3):
        make_voice(
            session,
            exercise=world.exercise,
            actor=world.users["officer"],
            area=world.area,
            themes=[transport],
        )
    session.commit()
    page = check_page(client_for("facilitator").get(f"{_base(world)}/analysis/"))
    row = page.select("#theme-area tbody tr")[0]
    assert row.select_one("th").get_text(strip=True) == "Public transport"  # type: ignore[union-attr]
    link = row.select("td a")[0]
    assert link.get_text(" ", strip=True).startswith("3")
    assert link["href"] == f"{_base(world)}/voices/?theme={transport.id}&area={world.area.id}"
    assert "Northfield Public transport (3)" in page.texts(".govuk-summary-list__row")


def test_who_we_heard_from_suppresses_small_groups_and_names_gaps(
    client_for, world: World, session: Session
) -> None:
    world.area.profile = {"age_band": {"16-24": 2000, "65+": 3000, "35-49": 5000}}
    session.add(world.area)
    for _ in range(12):
        make_voice(
            session, exercise=world.exercise, actor=world.users["officer"], area=world.area, age_band="65+"
        )
    for _ in range(3):
        make_voice(
            session, exercise=world.exercise, actor=world.users["officer"], area=world.area, age_band="35-49"
        )
    session.commit()
    officer = client_for("officer")
    page = check_page(officer.get(f"{_base(world)}/heard/"))
    assert page.texts("#place-gaps li") == [
        "Fewer than 10 people aged 35-49 heard across Northmoor so far.",
        "No one aged 16-24 heard across Northmoor yet.",
    ]
    assert page.texts("#area-gaps tbody tr")[0] == (
        "Northfield 15 2 Fewer than 10 people aged 35-49 heard in Northfield so far."
    )
    page = check_page(officer.get(str(page.select("#area-gaps tbody tr a")[0]["href"])))
    rows = page.texts("main table:first-of-type tbody tr")
    assert "65+ 12 80% 30% None flagged" in rows
    assert "35-49 fewer than 10 – 50% Gap" in rows
    assert "16-24 None – 20% Gap" in rows
    gaps = page.texts(".app-gaps li")
    assert "No one aged 16-24 heard in Northfield yet." in gaps
    assert "Fewer than 10 people aged 35-49 heard in Northfield so far." in gaps
    assert officer.get(f"{_base(world)}/heard/{world.other_area.id}").status_code == 404


def test_a_place_adds_its_own_theme_and_it_is_suggested(client_for, world: World, session: Session) -> None:
    officer = client_for("officer")
    page = check_page(officer.post_form(f"{_base(world)}/themes/", {"name": "Feeling safe"}))
    assert page.errors == ["There is already a theme called Feeling safe"]
    response = officer.post_form(
        f"{_base(world)}/themes/", {"name": "Canal-side regeneration", "keywords": "canal, towpath, moorings"}
    )
    assert response.status_code == 303
    page = check_page(officer.get(f"{_base(world)}/themes/"))
    assert "Canal-side regeneration" in page.texts("main .govuk-list--bullet li")
    voice = make_voice(
        session,
        exercise=world.exercise,
        actor=world.users["officer"],
        text="The towpath by the canal is overgrown and the moorings are empty.",
    )
    session.commit()
    page = check_page(officer.get(f"{_base(world)}/voices/{voice.id}/"))
    assert "Accept Canal-side regeneration" in page.texts("main button")
    page = check_page(
        client_for("other_place_officer").get(
            f"/places/{world.other_place.slug}/strategies/{world.other_strategy.slug}/listening/themes/"
        )
    )
    assert "Canal-side regeneration" not in page.texts("main .govuk-list--bullet li"), (
        "a place's themes are its own"
    )


def test_voices_with_no_area_can_be_listed(client_for, world: World, session: Session) -> None:
    make_voice(session, exercise=world.exercise, actor=world.users["officer"], text="Said at the town hall")
    session.commit()
    page = check_page(client_for("officer").get(f"{_base(world)}/voices/?area=none"))
    assert page.texts("#voice-results tbody tr td:first-child") == ["Said at the town hall"]
