"""Editions: frozen after edits, restores and deletes; comparisons; the task list's stage statuses."""

from datetime import date

import pytest
from sqlmodel import Session

from app.models import Action
from app.services.records import edition_records, editions, restore, versioning
from app.services.records import history as record_history
from tests.conftest import World
from tests.factories import make_action, make_priority


def _titles(session: Session, world: World, edition_id: int) -> list[str]:
    edition = editions.get_edition(session=session, strategy=world.strategy, edition_id=edition_id)
    rows = editions.records_at(
        session=session, strategy=world.strategy, stage="plan", transaction_id=edition.transaction_id
    )
    return [row.title for row in rows["action"]]


def test_an_edition_stays_frozen_after_edits_restores_and_deletes(session: Session, world: World) -> None:
    officer = world.users["officer"]
    first = world.edition
    assert _titles(session, world, first.id) == ["Open iftar programme"]  # type: ignore[arg-type]

    versioning.save_record(
        session=session,
        record=world.action,
        actor=officer,
        changes={"title": "Open iftar and shared meals"},
        expected_version=world.action.version,
    )
    session.commit()
    later = make_action(session, strategy=world.strategy, actor=officer, title="Youth mentoring")
    session.commit()
    assert _titles(session, world, first.id) == ["Open iftar programme"]  # type: ignore[arg-type]

    history = record_history.history(session=session, record=world.action)
    restore.restore_version(
        session=session,
        record=world.action,
        transaction_id=history[-1].transaction_id,
        actor=officer,
        expected_version=world.action.version,
    )
    session.commit()
    second = editions.publish_edition(
        session=session,
        strategy=world.strategy,
        stage="plan",
        actor=officer,
        title="Refreshed plan",
        note=None,
        decided_on=date(2026, 3, 12),
    )
    session.commit()

    versioning.delete_record(session=session, record=later, actor=officer, expected_version=later.version)
    versioning.save_record(
        session=session,
        record=world.action,
        actor=officer,
        changes={"title": "Renamed again"},
        expected_version=world.action.version,
    )
    session.commit()

    assert _titles(session, world, first.id) == ["Open iftar programme"]  # type: ignore[arg-type]
    assert _titles(session, world, second.id) == ["Open iftar programme", "Youth mentoring"]  # type: ignore[arg-type]
    now = editions.records_at(session=session, strategy=world.strategy, stage="plan", transaction_id=None)
    assert [row.title for row in now["action"]] == ["Renamed again"]
    assert second.number == 2


def test_comparison_lists_added_removed_and_changed_records_with_field_sentences(
    session: Session, world: World
) -> None:
    officer = world.users["officer"]
    doomed = make_action(session, strategy=world.strategy, actor=officer, title="Pop-up café")
    session.commit()
    before = editions.publish_edition(
        session=session,
        strategy=world.strategy,
        stage="plan",
        actor=officer,
        title="A",
        note=None,
        decided_on=None,
    )
    session.commit()
    versioning.save_record(
        session=session,
        record=world.action,
        actor=officer,
        changes={"status": "at_risk", "lead_organisation": "Interfaith council"},
        expected_version=world.action.version,
    )
    versioning.delete_record(session=session, record=doomed, actor=officer, expected_version=doomed.version)
    make_priority(
        session, strategy=world.strategy, actor=officer, struggles=[], outcome="People feel safe in the park"
    )
    session.commit()
    after = editions.publish_edition(
        session=session,
        strategy=world.strategy,
        stage="plan",
        actor=officer,
        title="B",
        note=None,
        decided_on=None,
    )
    session.commit()

    comparisons = {
        c.kind: c
        for c in edition_records.compare_records(
            session=session,
            before=editions.records_at(
                session=session, strategy=world.strategy, stage="plan", transaction_id=before.transaction_id
            ),
            after=editions.records_at(
                session=session, strategy=world.strategy, stage="plan", transaction_id=after.transaction_id
            ),
            personal=True,
        )
    }
    assert [r.heading for r in comparisons["action"].removed] == ["Pop-up café"]
    assert comparisons["action"].added == []
    [changed] = comparisons["action"].changed
    assert changed.heading == "Open iftar programme"
    assert "Status changed from On track to At risk" in changed.changes
    assert "Lead organisation changed from “Faith forum” to “Interfaith council”" in changed.changes
    assert [r.heading for r in comparisons["priority"].added] == ["People feel safe in the park"]
    assert comparisons["indicator"].is_empty


def test_councillors_see_voices_as_a_count_and_no_personal_fields(session: Session, world: World) -> None:
    officer = world.users["officer"]
    edition = editions.publish_edition(
        session=session,
        strategy=world.strategy,
        stage="listening",
        actor=officer,
        title="What we heard, spring",
        note=None,
        decided_on=None,
    )
    records = editions.records_at(
        session=session, strategy=world.strategy, stage="listening", transaction_id=edition.transaction_id
    )
    public = {
        k.kind: k for k in edition_records.show_records(session=session, records=records, personal=False)
    }
    assert public["voice"].records == []
    assert (public["voice"].count, public["voice"].shown) == (None, "fewer than 10")
    [exercise] = public["listening_exercise"].records
    assert "Who took part" not in exercise.values and "Notes" not in exercise.values
    full = {k.kind: k for k in edition_records.show_records(session=session, records=records, personal=True)}
    assert full["voice"].records[0].values["What was said"] == world.voice.text


def test_task_list_status_follows_editions(session: Session, world: World) -> None:
    statuses = {
        s.stage.slug: s.status for s in editions.stage_statuses(session=session, strategy=world.strategy)
    }
    assert statuses == {
        "listening": "In progress",
        "mapping": "In progress",
        "plan": "Published",
        "progress": "Not started",
    }
    make_action(session, strategy=world.strategy, actor=world.users["officer"], title="Another")
    session.commit()
    statuses = {
        s.stage.slug: s.status for s in editions.stage_statuses(session=session, strategy=world.strategy)
    }
    assert statuses["plan"] == "Changed since last edition"


def test_an_empty_stage_cannot_be_published_and_unknown_stages_are_not_found(
    session: Session, world: World
) -> None:
    with pytest.raises(editions.NothingToPublish):
        editions.publish_edition(
            session=session,
            strategy=world.strategy,
            stage="progress",
            actor=world.users["officer"],
            title="Nothing yet",
            note=None,
            decided_on=None,
        )
    with pytest.raises(editions.EditionNotFound):
        editions.records_at(session=session, strategy=world.strategy, stage="nonsense", transaction_id=None)


def test_a_record_others_depend_on_cannot_be_deleted(session: Session, world: World) -> None:
    child = make_action(session, strategy=world.strategy, actor=world.users["officer"], parent=world.action)
    session.commit()
    with pytest.raises(versioning.RecordInUse) as refused:
        versioning.delete_record(
            session=session, record=world.action, actor=world.users["officer"], expected_version=None
        )
    assert refused.value.dependents == ["1 action"]
    assert session.get(Action, child.id) is not None
