"""The one versioning mechanism: history in plain English, restore, and no lost update."""

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import update
from sqlmodel import Session, col

from app.db import begin_write, make_engine, make_session_factory
from app.models import Strategy, StrategyStatus, Versioned
from app.schemas import StrategyForm
from app.services import strategies
from app.services.records import history as record_history
from app.services.records import restore, versioning
from tests.conftest import World, migrate
from tests.factories import make_action, make_place, make_priority, make_strategy, make_user


def _form(**overrides: object) -> StrategyForm:
    values: dict[str, object] = {
        "title": "Cohesion strategy 2026 to 2029",
        "start_date": date(2026, 4, 1),
        "end_date": date(2029, 3, 31),
        "status": StrategyStatus.draft,
    }
    values.update(overrides)
    return StrategyForm.model_validate(values)


def test_create_edit_twice_gives_three_versions_with_plain_english_diffs(
    session: Session, world: World
) -> None:
    officer = world.users["officer"]
    strategy = world.strategy
    strategies.update_strategy(
        session=session,
        strategy=strategy,
        actor=officer,
        form=_form(title="Belonging strategy", note="Renamed at Cabinet"),
        expected_version=1,
    )
    session.commit()  # each request is its own transaction, and each transaction one version
    strategies.update_strategy(
        session=session,
        strategy=strategy,
        actor=world.users["officer"],
        form=_form(title="Belonging strategy", status=StrategyStatus.adopted, end_date=date(2030, 3, 31)),
        expected_version=2,
    )
    session.commit()

    entries = record_history.history(session=session, record=strategy)

    assert [e.number for e in entries] == [3, 2, 1]
    assert [e.operation for e in entries] == ["changed", "changed", "created"]
    assert entries[0].changes == [
        "End date changed from 31 March 2029 to 31 March 2030",
        "Status changed from Draft to Adopted",
    ]
    assert entries[1].changes == [
        "Title changed from “Cohesion strategy 2026 to 2029” to “Belonging strategy”"
    ]
    assert entries[1].note == "Renamed at Cabinet"
    assert entries[1].actor_name == "Olu Officer"
    assert "Title set to “Cohesion strategy 2026 to 2029”" in entries[2].changes
    assert entries[0].is_current and not entries[1].is_current
    assert strategy.version == 3


def test_restore_writes_a_new_version_and_keeps_history(session: Session, world: World) -> None:
    officer = world.users["officer"]
    strategy = world.strategy
    strategies.update_strategy(
        session=session,
        strategy=strategy,
        actor=officer,
        form=_form(title="Second title", status=StrategyStatus.adopted),
        expected_version=1,
    )
    session.commit()
    first = record_history.history(session=session, record=strategy)[-1]

    restore.restore_version(
        session=session,
        record=strategy,
        transaction_id=first.transaction_id,
        actor=officer,
        expected_version=2,
    )
    session.commit()

    assert strategy.title == "Cohesion strategy 2026 to 2029"
    assert strategy.status == "draft"
    assert strategy.version == 3, "the concurrency counter only ever goes up"
    entries = record_history.history(session=session, record=strategy)
    assert len(entries) == 3
    assert entries[0].note == "Restored version 1"
    assert entries[0].changes == [
        "Title changed from “Second title” to “Cohesion strategy 2026 to 2029”",
        "Status changed from Adopted to Draft",
    ]


def test_restore_of_unknown_version_is_refused(session: Session, world: World) -> None:
    with pytest.raises(versioning.VersionNotFound):
        restore.restore_version(
            session=session,
            record=world.strategy,
            transaction_id=10**9,
            actor=world.users["officer"],
            expected_version=1,
        )


def test_save_from_an_older_version_is_refused_and_changes_nothing(session: Session, world: World) -> None:
    strategy = world.strategy
    strategies.update_strategy(
        session=session,
        strategy=strategy,
        actor=world.users["officer"],
        form=_form(title="First save"),
        expected_version=1,
    )
    session.commit()
    with pytest.raises(versioning.VersionConflict) as conflict:
        strategies.update_strategy(
            session=session,
            strategy=strategy,
            actor=world.users["facilitator"],
            form=_form(title="Second save"),
            expected_version=1,
        )
    assert conflict.value.submitted["title"] == "Second save"
    assert strategy.title == "First save"
    assert len(record_history.history(session=session, record=strategy)) == 2


def test_describe_change_sentences() -> None:
    assert record_history.describe_change("Population", None, 1200) == "Population set to 1200"
    assert record_history.describe_change("Population", 1200, None) == "Population removed (was 1200)"
    assert (
        record_history.describe_change("Status", "draft", "closed", StrategyStatus)
        == "Status changed from Draft to Closed"
    )


def test_save_from_a_stale_copy_is_a_conflict_not_an_overwrite(tmp_path: Path) -> None:
    """Someone loads the form (version 1); someone else saves; the first then saves from the copy they
    loaded. Even if the hidden version were lost, the row's version column refuses the write. Real
    connections and committed data, as in two requests."""
    engine = make_engine(f"sqlite:///{tmp_path / 'race.db'}")
    migrate(engine)
    factory = make_session_factory(engine)
    with factory() as setup:
        user = make_user(setup, email="racer@example.test", name="Racer")
        place = make_place(setup, slug="racetown")
        strategy_id = make_strategy(setup, place=place, actor=user).id
        setup.commit()

    later = factory()
    stale = later.get(Strategy, strategy_id)
    later_actor = later.get(type(user), user.id)
    later.commit()  # the GET that rendered the form is over; the loaded copy stays in memory
    assert stale is not None and later_actor is not None

    with factory() as first:
        begin_write(first)
        mine = first.get(Strategy, strategy_id)
        actor = first.get(type(user), user.id)
        assert mine is not None and actor is not None
        versioning.save_record(
            session=first, record=mine, actor=actor, changes={"title": "First wins"}, expected_version=1
        )
        first.commit()

    begin_write(later)
    with pytest.raises(versioning.VersionConflict):
        versioning.save_record(
            session=later,
            record=stale,
            actor=later_actor,
            changes={"title": "Second loses"},
            expected_version=None,
        )
    later.commit()
    later.close()

    with factory() as check:
        saved = check.get(Strategy, strategy_id)
        assert saved is not None
        assert saved.title == "First wins"
        assert saved.version == 2
        assert len(record_history.history(session=check, record=saved)) == 2
    engine.dispose()


def test_direct_update_bypassing_the_write_path_is_caught_on_save(session: Session, world: World) -> None:
    """The version column guards the row itself, not only the form's hidden field."""
    strategy = world.strategy
    session.execute(
        update(Strategy).where(col(Strategy.id) == strategy.id).values(version=Strategy.version + 1)
    )  # type: ignore[operator]
    with pytest.raises(versioning.VersionConflict):
        versioning.save_record(
            session=session,
            record=strategy,
            actor=world.users["officer"],
            changes={"title": "Overwrite?"},
            expected_version=1,
        )


# --- Restoring runs the edit's checks ------------------------------------------------------------------


def _change(session: Session, world: World, record: Versioned, **changes: object) -> None:
    """One saved edit, as one request would make it."""
    versioning.save_record(
        session=session, record=record, actor=world.users["officer"], changes=changes, expected_version=None
    )
    session.commit()


def _version_of(session: Session, record: Versioned, number: int) -> int:
    """The transaction id of version ``number`` of a record (1 is the first)."""
    entries = record_history.history(session=session, record=record)
    return next(e.transaction_id for e in entries if e.number == number)


def test_restoring_a_version_that_makes_a_parent_cycle_is_refused_and_changes_nothing(
    session: Session, world: World
) -> None:
    action = world.action
    part = make_action(session, strategy=world.strategy, actor=world.users["officer"], title="Iftar venues")
    session.commit()
    _change(session, world, action, parent_id=part.id)  # version 2: the action is part of "Iftar venues"
    _change(session, world, action, parent_id=None)
    _change(session, world, part, parent_id=action.id)  # now "Iftar venues" is part of the action

    with pytest.raises(restore.RestoreRefused) as refused:
        restore.restore_version(
            session=session,
            record=action,
            transaction_id=_version_of(session, action, 2),
            actor=world.users["officer"],
            expected_version=action.version,
        )
    session.commit()

    assert refused.value.problems == [
        "Part of: An action cannot be part of itself or of one of its own parts"
    ]
    session.expire_all()
    assert action.parent_id is None and part.parent_id == action.id
    assert len(record_history.history(session=session, record=action)) == 3, "no version was written"


def test_restoring_a_version_with_a_date_outside_1900_to_2100_is_refused(
    session: Session, world: World
) -> None:
    """A version saved before dates were limited (an end of 31/12/9999) is checked as a typed date would be."""
    action = world.action
    _change(session, world, action, end_date=date(9999, 12, 31))  # version 2, written past the forms
    _change(session, world, action, end_date=date(2027, 3, 31))
    with pytest.raises(restore.RestoreRefused) as refused:
        restore.restore_version(
            session=session,
            record=action,
            transaction_id=_version_of(session, action, 2),
            actor=world.users["officer"],
            expected_version=action.version,
        )
    session.rollback()
    assert refused.value.problems == ["End date: Enter a date between 1900 and 2100"]


def test_restoring_a_version_whose_parent_was_deleted_is_refused_with_its_name(
    session: Session, world: World
) -> None:
    officer = world.users["officer"]
    launch = make_action(session, strategy=world.strategy, actor=officer, title="Launch event")
    session.commit()
    _change(session, world, world.action, parent_id=launch.id)
    _change(session, world, world.action, parent_id=None)
    versioning.delete_record(session=session, record=launch, actor=officer, expected_version=None)
    session.commit()

    plan = restore.plan_restore(
        session=session, record=world.action, transaction_id=_version_of(session, world.action, 2)
    )
    assert plan.problems == ["Part of: “Launch event” has been deleted"]
    assert plan.changes == ["Part of set to Launch event (deleted)"]
    with pytest.raises(restore.RestoreRefused):
        restore.restore_version(
            session=session,
            record=world.action,
            transaction_id=plan.transaction_id,
            actor=officer,
            expected_version=world.action.version,
        )
    session.rollback()
    session.expire_all()
    assert world.action.parent_id is None


def test_a_restore_based_on_an_older_version_is_a_conflict(session: Session, world: World) -> None:
    _change(session, world, world.action, title="Iftar programme, renamed")
    with pytest.raises(versioning.VersionConflict):
        restore.restore_version(
            session=session,
            record=world.action,
            transaction_id=_version_of(session, world.action, 1),
            actor=world.users["officer"],
            expected_version=1,
        )
    assert world.action.title == "Iftar programme, renamed"


def test_history_and_a_restore_name_the_records_an_action_refers_to(session: Session, world: World) -> None:
    officer = world.users["officer"]
    safer = make_priority(
        session, strategy=world.strategy, actor=officer, struggles=[world.struggle], outcome="Safer streets"
    )
    young = make_priority(
        session, strategy=world.strategy, actor=officer, struggles=[world.struggle], outcome="Young people"
    )
    session.commit()
    _change(session, world, world.action, priority_id=safer.id)
    _change(session, world, world.action, priority_id=young.id)

    entries = record_history.history(session=session, record=world.action)
    assert entries[0].changes == ["Priority changed from Safer streets to Young people"]
    assert entries[1].changes == [
        "Priority changed from People from different backgrounds mix in shared spaces to Safer streets"
    ]

    plan = restore.plan_restore(
        session=session, record=world.action, transaction_id=_version_of(session, world.action, 2)
    )
    assert plan.number == 2 and plan.problems == []
    assert plan.changes == ["Priority changed from Young people to Safer streets"]
    restore.restore_version(
        session=session,
        record=world.action,
        transaction_id=plan.transaction_id,
        actor=officer,
        expected_version=world.action.version,
    )
    session.commit()
    assert world.action.priority_id == safer.id
    assert record_history.history(session=session, record=world.action)[0].note == "Restored version 2"


@pytest.mark.parametrize(
    ("kind", "field"),
    [
        ("strategy", "title"),
        ("area", "name"),
        ("listening_exercise", "title"),
        ("voice", "text"),
        ("strength", "name"),
        ("struggle", "title"),
        ("priority", "outcome"),
        ("action", "title"),
        ("indicator", "name"),
    ],
)
def test_every_kind_restores_through_its_edit_checks(
    session: Session, world: World, kind: str, field: str
) -> None:
    """A version the edit accepted passes the edit's checks again when restored, for every kind."""
    record = {
        "strategy": world.strategy,
        "area": world.area,
        "listening_exercise": world.exercise,
        "voice": world.voice,
        "strength": world.strength,
        "struggle": world.struggle,
        "priority": world.priority,
        "action": world.action,
        "indicator": world.indicator,
    }[kind]
    first = getattr(record, field)
    _change(session, world, record, **{field: "Renamed for the test"})

    restore.restore_version(
        session=session,
        record=record,
        transaction_id=_version_of(session, record, 1),
        actor=world.users["officer"],
        expected_version=record.version,
    )
    session.commit()

    assert getattr(record, field) == first
    assert record_history.history(session=session, record=record)[0].note == "Restored version 1"
