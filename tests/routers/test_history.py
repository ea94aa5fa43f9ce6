"""Restoring from a record's history: a page that says what will change and asks to confirm, then the same
checks as an edit (400 with the reason, 409 when the record moved on, never 500)."""

from sqlmodel import Session

from app.models import Action, Versioned
from app.services.records import versioning
from tests.conftest import World
from tests.factories import make_action, make_priority
from tests.pages import check_page


def _history(world: World, record: Versioned, kind: str = "action") -> str:
    return f"/places/{world.place.slug}/history/{kind}/{record.id}/"


def _change(session: Session, world: World, record: Versioned, **changes: object) -> None:
    versioning.save_record(
        session=session, record=record, actor=world.users["officer"], changes=changes, expected_version=None
    )
    session.commit()


def _action(session: Session, world: World) -> Action:
    session.expire_all()
    action = session.get(Action, world.action.id)
    assert action is not None
    return action


def test_restore_asks_to_confirm_with_the_changes_in_words_then_restores(
    client_for, session: Session, world: World
) -> None:
    officer_user = world.users["officer"]
    safer = make_priority(
        session,
        strategy=world.strategy,
        actor=officer_user,
        struggles=[world.struggle],
        outcome="Safer streets",
    )
    young = make_priority(
        session,
        strategy=world.strategy,
        actor=officer_user,
        struggles=[world.struggle],
        outcome="Young people",
    )
    session.commit()
    _change(session, world, world.action, priority_id=safer.id, status="at_risk")
    _change(session, world, world.action, priority_id=young.id, status="on_track")
    officer = client_for("officer")

    history = check_page(officer.get(_history(world, world.action)))
    assert "Priority changed from Safer streets to Young people" in history.texts("#version-3 li")
    assert history.links()["Back to the action"].endswith(f"/plan/actions/{world.action.id}/")
    assert not history.select("main form"), "nothing is restored straight from the history"

    page = check_page(officer.get(history.links()["Restore version 2"]))
    assert page.texts("main h1") == ["Restore version 2 of Open iftar programme?"]
    assert page.texts(".app-restore__changes li") == [
        "Priority changed from Young people to Safer streets",
        "Status changed from On track to At risk",
    ]
    assert page.links()["Back to the action"].endswith(f"/plan/actions/{world.action.id}/")
    assert page.value("version") == "3"
    assert _action(session, world).priority_id == young.id, "showing the page changes nothing"

    response = officer.post_form(
        f"{_history(world, world.action)}restore",
        {"transaction_id": page.value("transaction_id") or "", "version": "3"},
    )
    assert response.status_code == 303
    action = _action(session, world)
    assert (action.priority_id, action.status) == (safer.id, "at_risk")
    history = check_page(officer.get(_history(world, world.action)))
    assert "Restored version 2" in history.text("#version-4")


def test_a_restore_that_would_make_a_parent_cycle_is_refused_with_the_reason(
    client_for, session: Session, world: World
) -> None:
    part = make_action(session, strategy=world.strategy, actor=world.users["officer"], title="Iftar venues")
    session.commit()
    _change(session, world, world.action, parent_id=part.id)
    _change(session, world, world.action, parent_id=None)
    _change(session, world, part, parent_id=world.action.id)
    officer = client_for("officer")
    history = check_page(officer.get(_history(world, world.action)))

    page = check_page(officer.get(history.links()["Restore version 2"]))
    assert page.errors == ["Part of: An action cannot be part of itself or of one of its own parts"]
    assert not page.select("main form"), "a restore the rules refuse is not offered"
    assert page.texts(".app-restore__changes li") == ["Part of set to Iftar venues"]

    transaction_id = history.links()["Restore version 2"].rsplit("=", 1)[1]
    response = officer.post_form(
        f"{_history(world, world.action)}restore", {"transaction_id": transaction_id, "version": "3"}
    )
    page = check_page(response)
    assert response.status_code == 400
    assert page.soup.title is not None and page.soup.title.get_text().strip().startswith("Error:")
    assert "Version 2 cannot be restored" in page.text(".govuk-error-summary")
    assert page.errors == ["Part of: An action cannot be part of itself or of one of its own parts"]
    action = _action(session, world)
    assert action.parent_id is None and action.version == 3, "nothing changed"


def test_a_restore_whose_parent_was_deleted_is_refused_not_an_error(
    client_for, session: Session, world: World
) -> None:
    officer_user = world.users["officer"]
    launch = make_action(session, strategy=world.strategy, actor=officer_user, title="Launch event")
    session.commit()
    _change(session, world, world.action, parent_id=launch.id)
    _change(session, world, world.action, parent_id=None)
    versioning.delete_record(session=session, record=launch, actor=officer_user, expected_version=None)
    session.commit()
    officer = client_for("officer")
    history = check_page(officer.get(_history(world, world.action)))
    assert "Part of removed (was Launch event (deleted))" in history.texts("#version-3 li")

    transaction_id = history.links()["Restore version 2"].rsplit("=", 1)[1]
    response = officer.post_form(
        f"{_history(world, world.action)}restore", {"transaction_id": transaction_id, "version": "3"}
    )
    assert response.status_code == 400
    assert check_page(response).errors == ["Part of: “Launch event” has been deleted"]
    assert _action(session, world).parent_id is None


def test_a_restore_from_a_stale_page_is_a_conflict(client_for, session: Session, world: World) -> None:
    _change(session, world, world.action, title="Iftar programme, first rename")
    officer = client_for("officer")
    history = check_page(officer.get(_history(world, world.action)))
    page = check_page(officer.get(history.links()["Restore version 1"]))
    assert page.value("version") == "2"
    _change(session, world, world.action, title="Iftar programme, renamed meanwhile")

    response = officer.post_form(
        f"{_history(world, world.action)}restore",
        {"transaction_id": page.value("transaction_id") or "", "version": "2"},
    )
    page = check_page(response)
    assert response.status_code == 409
    assert "changed while you were looking at it" in page.text(".govuk-error-summary")
    assert page.texts(".app-restore__changes li") == [
        "Title changed from “Iftar programme, renamed meanwhile” to “Open iftar programme”"
    ]
    assert page.value("version") == "3", "restoring again is based on the latest version"
    assert _action(session, world).title == "Iftar programme, renamed meanwhile"
