"""Progress pages: updates, figures and the curve, the story, the overview and You said we did."""

from sqlmodel import Session

from app.models import Theme
from app.services.mapping import service as mapping
from tests.conftest import World
from tests.factories import make_voice
from tests.pages import check_page


def _base(world: World) -> str:
    return f"/places/{world.place.slug}/strategies/{world.strategy.slug}/progress"


def test_record_an_update_and_see_it_on_the_action(client_for, world: World) -> None:
    officer = client_for("officer")
    url = f"{_base(world)}/actions/{world.action.id}/updates/new"
    page = check_page(officer.post_form(url, {"percent_complete": "140", "status": "on_track"}))
    assert page.errors == [
        "Enter period ending",
        "Percent complete must be 100 or less",
        "Enter what happened",
    ]
    response = officer.post_form(
        url,
        {
            "period_end-day": "30",
            "period_end-month": "6",
            "period_end-year": "2026",
            "status": "at_risk",
            "percent_complete": "35",
            "what_happened": "Two open iftars held",
            "spent": "2500",
        },
    )
    assert response.status_code == 303
    page = check_page(officer.get(response.headers["location"].split("#")[0]))
    assert "At risk" in page.text(".govuk-summary-list") and "35% complete" in page.text(
        ".govuk-summary-list"
    )
    assert "Two open iftars held" in page.text("#updates ~ .app-table-scroll table")
    overview = check_page(officer.get(f"{_base(world)}/"))
    assert "£2,500 spent" in overview.text("#spending")


def test_figures_turn_the_curve_and_the_rule_is_on_the_page(
    client_for, world: World, session: Session
) -> None:
    world.indicator.baseline_value, world.indicator.target_value = 70.0, 80.0
    from datetime import date

    world.indicator.baseline_date, world.indicator.target_date = date(2026, 3, 31), date(2029, 3, 31)
    session.add(world.indicator)
    session.commit()
    officer = client_for("officer")
    page = check_page(officer.get(f"{_base(world)}/indicators/{world.indicator.id}/"))
    assert page.text("#rag") == "Not enough data"
    assert "Green: on course to meet the target by its date" in page.text("#rule")
    assert "Within the margin of error" in page.text("#rule")
    response = officer.post_form(
        f"{_base(world)}/indicators/{world.indicator.id}/measurements/new",
        {
            "measured_on-day": "31",
            "measured_on-month": "3",
            "measured_on-year": "2027",
            "value": "74",
            "sample_size": "600",
        },
    )
    assert response.status_code == 303
    page = check_page(officer.get(f"{_base(world)}/indicators/{world.indicator.id}/"))
    assert page.text("#rag") == "Green: on course"
    assert page.select(".app-chart svg[role=img]")
    assert "31 March 2027 74% 70.5 to 77.5 600" in page.texts("#measurements tbody tr")
    overview = check_page(officer.get(f"{_base(world)}/"))
    assert "Green: on course" in overview.text("#indicator-status")


def test_bad_figures_are_refused(client_for, world: World) -> None:
    page = check_page(
        client_for("officer").post_form(
            f"{_base(world)}/indicators/{world.indicator.id}/measurements/new",
            {"value": "lots", "ci_low": "10", "ci_high": "5", "sample_size": "0"},
        )
    )
    assert page.errors == [
        "Enter date",
        "Value must be a number",
        "Sample size (optional) must be 1 or more",
        "The end of the confidence interval must not be below its start",
    ]


def test_story_behind_the_curve_is_versioned(client_for, world: World) -> None:
    officer = client_for("officer")
    url = f"{_base(world)}/indicators/{world.indicator.id}/story"
    page = check_page(officer.get(url))
    version = page.value("version")
    assert (
        officer.post_form(url, {"story": "Mixing events helped", "version": str(version)}).status_code == 303
    )
    assert officer.post_form(url, {"story": "Stale", "version": str(version)}).status_code == 409
    history = check_page(officer.get(f"/places/{world.place.slug}/history/indicator/{world.indicator.id}/"))
    assert "Story behind the curve set to “Mixing events helped”" in history.texts(".app-history__changes li")


def test_you_said_we_did(client_for, world: World, session: Session) -> None:
    from sqlmodel import select

    transport = session.exec(select(Theme).where(Theme.slug == "public-transport")).one()
    for _ in range(3):
        make_voice(
            session,
            exercise=world.exercise,
            actor=world.users["officer"],
            area=world.area,
            themes=[transport],
        )
    session.commit()
    mapping.index_evidence(session, world.struggle)
    page = check_page(client_for("facilitator").get(f"{_base(world)}/you-said-we-did/"))
    text = page.text(f"#said-{world.area.id} ~ p")
    assert "public transport (fewer than 10 people)" in text
    assert (
        "Open iftar programme, led by Faith forum, across the whole place (about public transport). "
        "On track, 0% done. No update yet." in page.texts("main li")
    )


def test_progress_bad_input(client_for, world: World, session: Session) -> None:
    from datetime import date

    officer = client_for("officer")
    world.indicator.baseline_date, world.indicator.baseline_value = date(2026, 3, 31), 70.0
    session.add(world.indicator)
    session.commit()
    url = f"{_base(world)}/indicators/{world.indicator.id}/measurements/new"
    old = {"measured_on-day": "31", "measured_on-month": "3", "measured_on-year": "2025", "value": "68"}
    page = check_page(officer.post_form(url, old))
    assert page.errors == [
        "This figure is dated before the baseline (31 March 2026). Tick the box to keep it as "
        "history, or correct the date"
    ]
    assert page.select('input[name="confirm_history"]')
    assert officer.post_form(url, {**old, "confirm_history": "on"}).status_code == 303
    page = check_page(
        officer.post_form(url, {**old, "measured_on-year": "2027", "ci_low": "71", "ci_high": "75"})
    )
    assert page.errors == ["The confidence interval must contain the value"]

    world.action.status = "complete"
    session.add(world.action)
    session.commit()
    page = check_page(
        officer.post_form(
            f"{_base(world)}/actions/{world.action.id}/updates/new",
            {
                "period_end-day": "30",
                "period_end-month": "6",
                "period_end-year": "2026",
                "status": "on_track",
                "percent_complete": "100",
                "what_happened": "Done",
            },
        )
    )
    assert page.errors == [
        "This action is complete. Change its status in the plan before recording more updates"
    ]


def test_import_many_figures_all_or_none(client_for, world: World, session: Session) -> None:
    from datetime import date

    from sqlmodel import select

    from app.models import Measurement

    world.indicator.baseline_date, world.indicator.baseline_value = date(2026, 3, 31), 70.0
    session.add(world.indicator)
    session.commit()
    officer = client_for("officer")
    url = f"{_base(world)}/indicators/{world.indicator.id}/figures/import"
    bad = "date,value,sample size\n30/06/2026,72.5,800\n31/09/2026,73,800\n31/12/2026,lots,\n"
    page = check_page(officer.post_form(url, {"figures": bad}))
    assert page.errors == ["2 rows have problems, so no figures were saved"]
    assert page.texts("#row-errors tbody tr") == [
        "3 “31/09/2026” is not a date like 31/03/2026",
        "4 “lots” is not a number",
    ]
    assert page.value("figures") is not None and "31/09/2026" in str(
        page.soup.select_one("#figures").get_text()
    )
    assert session.exec(select(Measurement)).first() is None
    early = "date,value\n31/12/2025,69\n30/06/2026,72.5\n"
    page = check_page(officer.post_form(url, {"figures": early}))
    assert page.texts("#row-errors tbody tr")[0].startswith("2 31/12/2025 is before the baseline")
    response = officer.post_form(url, {"figures": early, "confirm_history": "on"})
    assert response.status_code == 303
    assert [m.value for m in session.exec(select(Measurement).order_by(Measurement.measured_on)).all()] == [
        69.0,
        72.5,
    ]
    response = officer.post(
        url,
        data={"csrf_token": officer.csrf},
        files={"file": ("figures.csv", b"Date;Value\n30/09/2026;73\n", "text/csv")},
    )
    assert response.status_code == 303
