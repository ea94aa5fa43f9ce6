"""Finding any record by kind and id within a place, and its history page, live or deleted."""

import pytest
from sqlmodel import Session

from app.services.records import lookup, versioning
from tests.conftest import World
from tests.factories import make_action


def test_a_live_records_history_page_links_to_its_own_page(session: Session, world: World) -> None:
    page = lookup.history_screen(session=session, place=world.place, kind="action", record_id=world.action.id)
    assert page.record is world.action and page.title == world.action.title
    assert page.entries and page.deletable
    assert page.shown_on == lookup.RecordPage(
        route="plan.show_action", params={"strategy_slug": world.strategy.slug, "action_id": world.action.id}
    )
    area = lookup.history_screen(session=session, place=world.place, kind="area", record_id=world.area.id)
    assert area.record is world.area and not area.deletable


def test_a_deleted_records_history_is_kept_without_a_link(session: Session, world: World) -> None:
    officer = world.users["officer"]
    doomed = make_action(session, strategy=world.strategy, actor=officer, title="Pop-up café")
    doomed_id = doomed.id
    session.commit()
    versioning.delete_record(session=session, record=doomed, actor=officer, expected_version=doomed.version)
    session.commit()
    page = lookup.history_screen(session=session, place=world.place, kind="action", record_id=doomed_id)
    assert (page.record, page.shown_on, page.deletable) == (None, None, False)
    assert page.title == "Pop-up café" and len(page.entries) >= 2


def test_another_places_record_has_no_history_here(session: Session, world: World) -> None:
    with pytest.raises(lookup.RecordNotFound):
        lookup.history_screen(
            session=session, place=world.other_place, kind="action", record_id=world.action.id
        )
    with pytest.raises(lookup.RecordNotFound):
        lookup.history_screen(session=session, place=world.place, kind="no_such_kind", record_id=1)
