"""An edition's page and a comparison of two editions, each read in one call."""

import pytest
from sqlmodel import Session

from app.services.outputs import edition_screens
from app.services.records import editions, versioning
from tests.conftest import World


def _change_action(session: Session, world: World) -> None:
    versioning.save_record(
        session=session,
        record=world.action,
        actor=world.users["officer"],
        changes={"status": "at_risk"},
        expected_version=world.action.version,
    )
    session.commit()


def test_an_edition_page_offers_the_stages_other_editions(session: Session, world: World) -> None:
    _change_action(session, world)
    later = world.publish(session, "plan", "Refreshed plan")
    page = edition_screens.edition_screen(
        session=session, strategy=world.strategy, place=world.place, edition_id=later.id, personal=False
    )
    assert page.edition.id == later.id and page.stage.slug == "plan"
    assert [other.id for other in page.others] == [world.edition.id]
    assert page.publisher == world.users["officer"].name and page.rule == edition_screens.curve.RULE
    assert page.review.kind == "edition" and page.review.target_id == later.id


def test_a_comparison_runs_from_the_earlier_edition_whichever_is_named_first(
    session: Session, world: World
) -> None:
    _change_action(session, world)
    later = world.publish(session, "plan", "Refreshed plan")
    page = edition_screens.comparison_screen(
        session=session, strategy=world.strategy, from_id=later.id, to_id=world.edition.id, drafts=False
    )
    assert (page.first.id, page.second and page.second.id) == (world.edition.id, later.id)
    assert not page.unchanged
    same = edition_screens.comparison_screen(
        session=session, strategy=world.strategy, from_id=later.id, to_id=None, drafts=True
    )
    assert same.second is None and same.unchanged


def test_the_stage_now_is_for_draft_readers_and_stages_are_not_mixed(session: Session, world: World) -> None:
    heard = world.publish(session, "listening", "What we heard")
    with pytest.raises(editions.EditionNotFound):
        edition_screens.comparison_screen(
            session=session, strategy=world.strategy, from_id=world.edition.id, to_id=None, drafts=False
        )
    with pytest.raises(editions.EditionNotFound):
        edition_screens.comparison_screen(
            session=session, strategy=world.strategy, from_id=world.edition.id, to_id=heard.id, drafts=True
        )
