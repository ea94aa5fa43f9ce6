"""Action plan pages: priorities from struggles, actions with milestones, indicators, the golden thread."""

from sqlmodel import Session, select

from app.models import Action, Indicator
from app.services.mapping import service as mapping
from tests.conftest import World
from tests.factories import make_action, make_priority
from tests.pages import check_page


def _base(world: World) -> str:
    return f"/places/{world.place.slug}/strategies/{world.strategy.slug}/plan"


def _action_form(world: World, **overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "title": "Open iftar programme",
        "status": "on_track",
        "lead_organisation": "Faith forum",
        "weight": "1",
        "priority_id": str(world.priority.id),
        "start_date-day": "1",
        "start_date-month": "5",
        "start_date-year": "2026",
        "end_date-day": "31",
        "end_date-month": "3",
        "end_date-year": "2027",
        "budget": "£12,000",
        "funding_source": "pride_in_place",
        "milestones": "Venue booked, 30/09/2026",
        "risks": "Volunteers drop out; medium; high; recruit early",
    }
    data.update(overrides)
    return data


def test_a_priority_needs_a_struggle_and_starts_from_one(client_for, world: World) -> None:
    officer = client_for("officer")
    page = check_page(officer.get(f"{_base(world)}/priorities/new?struggle={world.struggle.id}"))
    assert page.checked("struggle_ids") == [str(world.struggle.id)]
    page = check_page(officer.post_form(f"{_base(world)}/priorities/new", {"outcome": "Mixing"}))
    assert page.errors == ["Select at least one struggle this priority answers"]
    response = officer.post_form(
        f"{_base(world)}/priorities/new",
        {"outcome": "Young people feel safe", "struggle_ids": [str(world.struggle.id)]},
    )
    assert response.status_code == 303
    page = check_page(officer.get(f"{_base(world)}/"))
    assert page.texts(".app-plan-group h2")[:2] == [
        "People from different backgrounds mix in shared spaces",
        "Young people feel safe",
    ]


def test_add_an_action_and_follow_its_thread(client_for, world: World, session: Session) -> None:
    world.struggle.voice_ids = [world.voice.id]  # type: ignore[list-item]
    session.add(world.struggle)
    mapping.index_evidence(session, world.struggle)
    session.commit()
    officer = client_for("officer")
    response = officer.post_form(f"{_base(world)}/actions/new", _action_form(world))
    assert response.status_code == 303
    page = check_page(officer.get(response.headers["location"]))
    assert "£12,000 from Pride in Place" in page.text(".govuk-summary-list")
    assert page.texts("#milestones li") == ["Due: Venue booked, 30 September 2026"]
    assert page.texts("#thread-struggles li a") == ["Tension over the hotel"]
    assert page.texts("#thread-voices li a") == ["“The bus is always late.”"]
    voice = check_page(
        officer.get(
            f"/places/{world.place.slug}/strategies/{world.strategy.slug}/listening/voices/{world.voice.id}/"
        )
    )
    assert "Open iftar programme" in voice.texts("#answered-by li")


def test_action_bad_input(client_for, world: World, session: Session) -> None:
    officer = client_for("officer")
    page = check_page(
        officer.post_form(
            f"{_base(world)}/actions/new",
            _action_form(
                world,
                budget="-5",
                milestones="Launch, 01/01/2030",
                **{"end_date-year": "2026", "end_date-month": "4", "end_date-day": "1"},
            ),
        )
    )
    assert page.errors == [
        "End date must be the same as or after the start date",
        "Budget must be £0 or more",
    ]
    page = check_page(
        officer.post_form(f"{_base(world)}/actions/new", _action_form(world, milestones="Launch, 01/01/2030"))
    )
    assert page.errors == ["Milestone “Launch” is due outside the action's dates"]
    page = check_page(officer.post_form(f"{_base(world)}/actions/new", _action_form(world, weight="0")))
    assert page.errors == ["Weight within the larger action must be 1 or more"]
    assert page.value("budget") == "£12,000", "what was typed is kept"
    assert len(session.exec(select(Action)).all()) == 1


def test_child_actions_show_their_weights(client_for, world: World, session: Session) -> None:
    officer_user = world.users["officer"]
    part_a = make_action(
        session,
        strategy=world.strategy,
        actor=officer_user,
        title="Part A",
        parent=world.action,
        weight=3,
        percent=100,
    )
    make_action(
        session, strategy=world.strategy, actor=officer_user, title="Part B", parent=world.action, weight=1
    )
    make_action(session, strategy=world.strategy, actor=officer_user, title="Unrelated")
    session.commit()
    page = check_page(client_for("facilitator").get(f"{_base(world)}/actions/{world.action.id}/"))
    assert page.texts("#roll-up tbody tr") == ["Part A 3 100%", "Part B 1 0%"]
    assert "75% complete" in page.text(".govuk-summary-list")
    page = check_page(client_for("facilitator").get(f"{_base(world)}/actions/{part_a.id}/"))
    assert f"Part of {world.action.title}" in page.text() and "with weight 3." in page.text()
    assert page.links()[world.action.title].endswith(f"/actions/{world.action.id}/")
    assert not page.select("#roll-up"), "a leaf has nothing to roll up"


def test_library_indicator_in_one_click_and_the_wrong_way_warning(
    client_for, world: World, session: Session
) -> None:
    officer = client_for("officer")
    page = check_page(officer.get(f"{_base(world)}/indicators/"))
    assert "Add Belonging to the neighbourhood" in page.texts("main button")
    response = officer.post_form(f"{_base(world)}/indicators/library/belonging")
    assert response.status_code == 303
    indicator = session.exec(select(Indicator).where(Indicator.library_key == "belonging")).one()
    url = f"{_base(world)}/indicators/{indicator.id}/edit"
    form = {
        "name": indicator.name,
        "kind": "population",
        "unit": "%",
        "polarity": "higher",
        "version": "1",
        "baseline_value": "60",
        "target_value": "55",
    }
    page = check_page(officer.post_form(url, form))
    assert page.errors[0].startswith("The target goes the opposite way")
    assert page.select('input[name="confirm_direction"]')
    assert officer.post_form(url, {**form, "confirm_direction": "on"}).status_code == 303
    page = check_page(officer.get(f"{_base(world)}/indicators/"))
    assert "Add Belonging to the neighbourhood" not in page.texts("main button")


def test_plan_views_and_timeline(client_for, world: World) -> None:
    officer = client_for("officer")
    for group, heading in [("lead", "Faith forum"), ("area", "Whole place"), ("status", "On track")]:
        page = check_page(officer.get(f"{_base(world)}/?group={group}"))
        assert heading in page.texts(".app-plan-group h2")
    page = check_page(officer.get(f"{_base(world)}/timeline/"))
    assert page.select(".app-chart svg[role=img]")
    assert page.texts("#timeline-table tbody tr td:first-child") == ["Open iftar programme"]


def test_priorities_with_the_same_outcome_each_keep_their_actions(
    client_for, world: World, session: Session
) -> None:
    officer_user = world.users["officer"]
    twin = make_priority(
        session,
        strategy=world.strategy,
        actor=officer_user,
        struggles=[world.struggle],
        outcome=world.priority.outcome,
    )
    make_action(session, strategy=world.strategy, actor=officer_user, title="Twin's action", priority=twin)
    page = check_page(client_for("officer").get(f"{_base(world)}/"))
    groups = page.select(".app-plan-group")
    assert [group.select_one("h2").get_text(strip=True) for group in groups] == [world.priority.outcome] * 2
    assert [[a.get_text(strip=True) for a in group.select("table a")] for group in groups] == [
        [world.action.title],
        ["Twin's action"],
    ]
    moves = [
        [" ".join(b.get_text(" ", strip=True).split()[:2]) for b in group.select("form button")]
        for group in groups
    ]
    assert moves == [["Move down"], ["Move up"]]


def test_a_performance_indicator_offers_its_three_questions(
    client_for, world: World, session: Session
) -> None:
    officer = client_for("officer")
    page = check_page(officer.get(f"{_base(world)}/indicators/new"))
    assert [
        label
        for label in page.texts("#performance_question ~ label, .govuk-radios__label")
        if label.endswith("?")
    ] == ["How much did we do?", "How well did we do it?", "Is anyone better off?"]
    page = check_page(
        officer.post_form(
            f"{_base(world)}/indicators/new",
            {
                "name": "People at mixing events",
                "kind": "performance",
                "unit": "people",
                "polarity": "higher",
            },
        )
    )
    assert page.errors == ["Select which question this performance indicator answers"]
    response = officer.post_form(
        f"{_base(world)}/indicators/new",
        {
            "name": "People at mixing events",
            "kind": "performance",
            "performance_question": "how_much",
            "unit": "people",
            "polarity": "higher",
        },
    )
    assert response.status_code == 303
    created = session.exec(select(Indicator).where(Indicator.name == "People at mixing events")).one()
    assert created.performance_question == "how_much"


def test_the_action_links_to_all_the_voices_behind_it(client_for, world: World, session: Session) -> None:
    world.struggle.voice_ids = [world.voice.id]  # type: ignore[list-item]
    session.add(world.struggle)
    session.commit()
    officer = client_for("officer")
    page = check_page(officer.get(f"{_base(world)}/actions/{world.action.id}/"))
    link = page.links()["All 1 voice behind this action"]
    page = check_page(officer.get(link))
    assert "Open iftar programme" in page.text("#behind-action")
    assert page.texts("#voice-results tbody tr td:first-child") == ["The bus is always late."]
