"""A place, its strategy as a task list, editing the strategy, its history and restoring."""

from sqlmodel import Session

from app.models import Strategy
from tests.conftest import World
from tests.pages import check_page


def _strategy_url(world: World, suffix: str = "") -> str:
    return f"/places/{world.place.slug}/strategies/{world.strategy.slug}/{suffix}"


def _valid_form(**overrides: str) -> dict[str, str]:
    data = {
        "version": "1",
        "title": "Northmoor belonging strategy",
        "start_date-day": "1",
        "start_date-month": "4",
        "start_date-year": "2026",
        "end_date-day": "31",
        "end_date-month": "3",
        "end_date-year": "2030",
        "status": "adopted",
        "note": "Agreed at Cabinet",
    }
    data.update(overrides)
    return data


def test_your_places_lists_only_memberships(client_for, world: World) -> None:
    page = check_page(client_for("facilitator").get("/places/"))
    assert page.texts("main table tbody tr") == ["Northmoor Facilitator"]
    page = check_page(client_for("admin").get("/places/"))
    assert "You do not belong to any place yet" in page.text()


def test_place_page_lists_strategies_and_areas(client_for, world: World) -> None:
    page = check_page(client_for("officer").get(f"/places/{world.place.slug}/"))
    assert page.texts("main h1") == ["Northmoor"]
    assert "Cohesion strategy 2026 to 2029" in page.links()
    assert page.texts("main table tbody tr td:first-child") == ["Northfield"]


def test_strategy_home_is_a_task_list_of_the_four_stages(client_for, world: World) -> None:
    page = check_page(client_for("officer").get(_strategy_url(world)))
    items = page.texts(".govuk-task-list__item")
    assert len(items) == 4
    for item, stage in zip(
        items,
        [
            "Listen to local voices",
            "Map strengths and struggles",
            "Plan actions with partners",
            "Track progress",
        ],
        strict=True,
    ):
        assert item.startswith(stage)
    assert items[0].endswith("In progress"), "the listening stage has an exercise"
    assert items[1].endswith("In progress"), "the mapping stage has a strength and a struggle"
    assert "Published" in items[2], "the world has an edition of the plan and nothing changed since"
    assert items[3].endswith("Not started")
    assert "Change title, dates or status" in page.links()


def test_councillor_sees_the_strategy_without_edit_controls(client_for, world: World) -> None:
    page = check_page(client_for("councillor").get(_strategy_url(world)))
    assert "Change title, dates or status" not in page.links()
    assert "History of this strategy" not in page.links()
    assert not page.select("main form")


def test_facilitator_reads_history_but_cannot_restore(client_for, world: World) -> None:
    page = check_page(
        client_for("facilitator").get(f"/places/{world.place.slug}/history/strategy/{world.strategy.id}/")
    )
    assert page.texts("main h1") == ["Cohesion strategy 2026 to 2029"]
    assert not page.select("main form")


def test_edit_form_is_filled_from_the_strategy_with_its_version(client_for, world: World) -> None:
    page = check_page(client_for("officer").get(_strategy_url(world, "edit")))
    assert page.value("title") == "Cohesion strategy 2026 to 2029"
    assert (page.value("start_date-day"), page.value("start_date-month"), page.value("start_date-year")) == (
        "1",
        "4",
        "2026",
    )
    assert page.checked("status") == ["draft"]
    assert page.value("version") == "1"


def test_saving_the_strategy_changes_it_and_says_so(client_for, world: World, session: Session) -> None:
    officer = client_for("officer")
    response = officer.post_form(_strategy_url(world, "edit"), _valid_form())
    assert response.status_code == 303
    assert response.headers["location"] == _strategy_url(world)
    page = check_page(officer.get(_strategy_url(world)))
    assert page.texts(".govuk-notification-banner") == ["Success Strategy saved"]
    assert page.texts("main h1") == ["Northmoor belonging strategy"]
    assert "1 April 2026 to 31 March 2030" in page.text(".govuk-summary-list")
    assert "Adopted" in page.text(".govuk-summary-list")
    page = check_page(officer.get(_strategy_url(world)))
    assert not page.select(".govuk-notification-banner"), "the message is shown once"


def test_bad_input_shows_every_error_and_keeps_what_was_typed(
    client_for, world: World, session: Session
) -> None:
    officer = client_for("officer")
    response = officer.post_form(
        _strategy_url(world, "edit"),
        _valid_form(
            title="x" * 201,
            **{"start_date-day": "31", "start_date-month": "2", "end_date-year": "2020"},
            status="",
        ),
    )
    page = check_page(response)
    assert response.status_code == 400
    assert page.errors == [
        "Title must be 200 characters or fewer",
        "Start date must be a real date",
        "Select status",
    ]
    assert page.value("title") == "x" * 201
    assert page.value("start_date-day") == "31"
    assert page.select('a[href="#start_date-day"]')
    session.expire_all()
    saved = session.get(Strategy, world.strategy.id)
    assert saved is not None and saved.title == "Cohesion strategy 2026 to 2029", "nothing half-saved"


def test_end_date_must_follow_start_date(client_for, world: World) -> None:
    page = check_page(
        client_for("officer").post_form(
            _strategy_url(world, "edit"), _valid_form(**{"end_date-year": "2025"})
        )
    )
    assert page.errors == ["End date must be after the start date"]
    assert page.field_errors() == {"end_date": "End date must be after the start date"}


def test_saving_over_a_newer_version_is_refused_with_both_versions(
    client_for, world: World, session: Session
) -> None:
    officer = client_for("officer")
    assert officer.post_form(_strategy_url(world, "edit"), _valid_form(title="First save")).status_code == 303
    response = officer.post_form(
        _strategy_url(world, "edit"), _valid_form(title="Second save, from the old form")
    )
    page = check_page(response)
    assert response.status_code == 409
    rows = page.texts("#conflict-comparison tbody tr")
    assert rows[0] == "Title Different First save Second save, from the old form"
    assert page.value("title") == "Second save, from the old form", "the user's version is kept to merge"
    assert page.value("version") == "2", "saving the merged form again is based on the latest version"
    session.expire_all()
    saved = session.get(Strategy, world.strategy.id)
    assert saved is not None and saved.title == "First save"
    response = officer.post_form(_strategy_url(world, "edit"), _valid_form(title="Merged", version="2"))
    assert response.status_code == 303


def test_history_lists_versions_in_plain_english_and_restores(
    client_for, world: World, session: Session
) -> None:
    officer = client_for("officer")
    officer.post_form(_strategy_url(world, "edit"), _valid_form())
    history_url = f"/places/{world.place.slug}/history/strategy/{world.strategy.id}/"
    page = check_page(officer.get(history_url))
    assert page.texts(".app-history__entry h2") == ["Version 2 Current", "Version 1"]
    assert page.texts(".app-history__entry")[0].count("by Olu Officer") == 1
    changes = page.texts("#version-2 .app-history__changes li")
    assert changes == [
        "Title changed from “Cohesion strategy 2026 to 2029” to “Northmoor belonging strategy”",
        "End date changed from 31 March 2029 to 31 March 2030",
        "Status changed from Draft to Adopted",
    ]
    assert "Agreed at Cabinet" in page.text("#version-2")

    assert not page.select("main form"), "restoring starts from a page that asks to confirm"
    confirm = check_page(officer.get(page.links()["Restore version 1"]))
    assert confirm.texts("main h1") == ["Restore version 1 of Northmoor belonging strategy?"]
    transaction_id = confirm.value("transaction_id")
    assert confirm.value("version") == "2", "the restore carries the version the page was loaded from"
    response = officer.post_form(
        f"{history_url}restore", {"transaction_id": str(transaction_id), "version": "2"}
    )
    assert response.status_code == 303
    page = check_page(officer.get(history_url))
    assert page.texts(".app-history__entry h2")[0] == "Version 3 Current"
    assert "Restored version 1" in page.text("#version-3")
    assert "Status changed from Adopted to Draft" in page.texts("#version-3 .app-history__changes li")

    response = officer.post_form(
        f"{history_url}restore", {"transaction_id": str(transaction_id), "version": "2"}
    )
    assert response.status_code == 409, "restoring from a stale history page is refused too"
    assert "changed while you were looking at it" in check_page(response).text()
