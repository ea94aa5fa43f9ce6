"""Rumours answered: the sign-off needs a second person; time from first report to published response."""

from datetime import date, timedelta

import pytest
from sqlmodel import Session

from app.errors import FieldError
from app.schemas.tensions import PublicationForm, RumourResponseForm
from app.services.tensions import rumours
from tests.conftest import World
from tests.tension_factories import make_entry


def test_the_drafter_cannot_sign_off(session: Session, world: World) -> None:
    drafter = world.users["tension_officer"]
    with pytest.raises(rumours.SignOffRefused, match="someone else"):
        rumours.sign_off(session=session, entry=world.tension.rumour, actor=drafter, expected_version=None)
    assert world.tension.response.signed_off_by_id is None


def test_a_second_person_signs_off_once(session: Session, world: World) -> None:
    signer = world.users["tension_signer"]
    response = rumours.sign_off(
        session=session, entry=world.tension.rumour, actor=signer, expected_version=None
    )
    assert response.signed_off_by_id == signer.id
    assert response.signed_off_at is not None
    with pytest.raises(rumours.SignOffRefused, match="already"):
        rumours.sign_off(session=session, entry=world.tension.rumour, actor=signer, expected_version=None)


def test_changing_a_signed_off_draft_needs_a_new_sign_off(session: Session, world: World) -> None:
    signer = world.users["tension_signer"]
    rumours.sign_off(session=session, entry=world.tension.rumour, actor=signer, expected_version=None)
    response = rumours.save_draft(
        session=session,
        entry=world.tension.rumour,
        actor=signer,
        form=RumourResponseForm(draft="The leisure centre is not closing."),
        expected_version=None,
    )
    assert response.signed_off_by_id is None
    assert response.drafted_by_id == signer.id
    # Now the first officer is the second person.
    rumours.sign_off(
        session=session,
        entry=world.tension.rumour,
        actor=world.users["tension_officer"],
        expected_version=None,
    )
    assert response.signed_off_by_id == world.users["tension_officer"].id


def test_publication_needs_a_sign_off_first(session: Session, world: World) -> None:
    with pytest.raises(FieldError, match="signed off"):
        rumours.record_publication(
            session=session,
            place=world.place,
            entry=world.tension.rumour,
            actor=world.users["tension_officer"],
            form=PublicationForm(published_on=world.tension.week, published_where="Council website"),
            expected_version=None,
        )


def test_time_to_respond_counts_from_the_first_report(session: Session, world: World) -> None:
    first = make_entry(
        session,
        place=world.place,
        actor=world.users["tension_officer"],
        areas=[world.area],
        observed_on=world.tension.week - timedelta(days=10),
        category="rumour",
    )
    world.tension.rumour.earlier_entry_ids = [first.id]  # type: ignore[list-item]
    session.add(world.tension.rumour)
    rumours.sign_off(
        session=session,
        entry=world.tension.rumour,
        actor=world.users["tension_signer"],
        expected_version=None,
    )
    rumours.record_publication(
        session=session,
        place=world.place,
        entry=world.tension.rumour,
        actor=world.users["tension_officer"],
        form=PublicationForm(
            published_on=world.tension.week + timedelta(days=2), published_where="Newsletter"
        ),
        expected_version=None,
    )
    view = rumours.response_view(session=session, place=world.place, entry=world.tension.rumour)
    assert view is not None
    assert view.first_reported == world.tension.week - timedelta(days=10)
    assert view.days_to_respond == 12
    assert view.time_to_respond == "12 days after it was first reported"


def test_only_a_rumour_carries_a_response(session: Session, world: World) -> None:
    with pytest.raises(rumours.ResponseNotFound):
        rumours.save_draft(
            session=session,
            entry=world.tension.entry,
            actor=world.users["tension_officer"],
            form=RumourResponseForm(draft="Anything"),
            expected_version=None,
        )


def test_published_before_observed_is_refused(session: Session, world: World) -> None:
    rumours.sign_off(
        session=session,
        entry=world.tension.rumour,
        actor=world.users["tension_signer"],
        expected_version=None,
    )
    with pytest.raises(FieldError, match="before the rumour was observed"):
        rumours.record_publication(
            session=session,
            place=world.place,
            entry=world.tension.rumour,
            actor=world.users["tension_officer"],
            form=PublicationForm(published_on=date(2020, 1, 1), published_where="Website"),
            expected_version=None,
        )
