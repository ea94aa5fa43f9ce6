"""The JSON API's edition: its records as they were when it was published, in one call."""

import pytest
from sqlmodel import Session

from app.services import api
from app.services.records import editions, versioning
from tests.conftest import World


def test_an_edition_keeps_its_records_as_published(session: Session, world: World) -> None:
    title = world.action.title
    versioning.save_record(
        session=session,
        record=world.action,
        actor=world.users["officer"],
        changes={"title": "A title given after publishing"},
        expected_version=world.action.version,
    )
    session.commit()
    found = api.edition_detail(
        session=session, strategy=world.strategy, edition_id=world.edition.id, personal=False
    )
    assert found.edition.id == world.edition.id and found.published_by == world.users["officer"].name
    actions = {kind.kind: kind for kind in found.kinds}["action"]
    assert [record.heading for record in actions.records] == [title]


def test_another_strategys_edition_is_not_found(session: Session, world: World) -> None:
    with pytest.raises(editions.EditionNotFound):
        api.edition_detail(
            session=session, strategy=world.other_strategy, edition_id=world.edition.id, personal=True
        )
