"""The log's area index: kept in step by every write, read by the log's area filter and the weekly picture."""

from datetime import date, timedelta

from sqlalchemy import func
from sqlalchemy_continuum import version_class
from sqlmodel import Session, select

from app.models import Spread, TensionEntry, TensionEntryArea
from app.schemas.tensions import LogFilters, TensionEntryForm
from app.services.records.restore import restore_version
from app.services.tensions import log, picture
from app.services.tensions.suggest import Observed, WeekFigures
from tests.conftest import World
from tests.factories import make_area
from tests.tension_factories import make_entry


def _indexed(session: Session, entry: TensionEntry) -> set[tuple[int, date]]:
    rows = session.exec(
        select(TensionEntryArea.area_id, TensionEntryArea.observed_on).where(
            TensionEntryArea.entry_id == entry.id
        )
    ).all()
    return {(area_id, observed_on) for area_id, observed_on in rows}


def _form(entry: TensionEntry, **changes: object) -> TensionEntryForm:
    values = {
        "observed_on": entry.observed_on,
        "title": entry.title,
        "category": entry.category,
        "area_ids": entry.area_ids,
        "what_happened": entry.what_happened,
        "source": entry.source,
        "evidence_type": entry.evidence_type,
        "spread": entry.spread,
        "impact": entry.impact,
        "status": entry.status,
        **changes,
    }
    return TensionEntryForm.model_validate(values)


def test_every_write_keeps_the_index_in_step(session: Session, world: World) -> None:
    officer = world.users["tension_officer"]
    east = make_area(session, place=world.place, actor=world.users["admin"], name="Eastfield")
    week = world.tension.week
    created = log.create_entry(
        session=session,
        place=world.place,
        actor=officer,
        form=_form(world.tension.entry, area_ids=[world.area.id, east.id], observed_on=week),
    ).entry
    assert _indexed(session, created) == {(world.area.id, week), (east.id, week)}
    session.commit()
    versions = version_class(TensionEntry)
    first_version = session.exec(
        select(func.min(versions.transaction_id)).where(versions.id == created.id)
    ).one()

    earlier = week - timedelta(days=3)
    log.update_entry(
        session=session,
        place=world.place,
        entry=created,
        actor=officer,
        form=_form(created, area_ids=[east.id], observed_on=earlier),
        expected_version=created.version,
    )
    assert _indexed(session, created) == {(east.id, earlier)}
    session.commit()

    restore_version(
        session=session, record=created, transaction_id=first_version, actor=officer, expected_version=None
    )
    assert _indexed(session, created) == {(world.area.id, week), (east.id, week)}


def test_the_log_by_area_lists_that_areas_entries_newest_first(session: Session, world: World) -> None:
    officer = world.users["tension_officer"]
    east = make_area(session, place=world.place, actor=world.users["admin"], name="Eastfield")
    week = world.tension.week
    older = make_entry(
        session, place=world.place, actor=officer, areas=[east], observed_on=week - timedelta(days=9)
    )
    both = make_entry(session, place=world.place, actor=officer, areas=[world.area, east], observed_on=week)
    closed = make_entry(
        session, place=world.place, actor=officer, areas=[east], observed_on=week, status="closed"
    )

    found = log.list_entries(session=session, place=world.place, filters=LogFilters(area_id=east.id))
    assert [entry.id for entry in found.entries] == [closed.id, both.id, older.id]
    assert found.total == 3

    open_only = LogFilters(area_id=east.id, status="open")
    found = log.list_entries(session=session, place=world.place, filters=open_only)
    assert [entry.id for entry in found.entries] == [both.id, older.id]
    assert found.total == 2

    # Another place's ward names none of this place's entries, whatever is asked.
    elsewhere = LogFilters(area_id=world.other_area.id)
    assert log.list_entries(session=session, place=world.place, filters=elsewhere).total == 0
    other_log = log.list_entries(
        session=session, place=world.other_place, filters=LogFilters(area_id=east.id)
    )
    assert other_log.total == 0 and other_log.entries == []


def test_the_pictures_figures_are_the_rules_reading_of_the_weeks_entries(
    session: Session, world: World
) -> None:
    officer = world.users["tension_officer"]
    east = make_area(session, place=world.place, actor=world.users["admin"], name="Eastfield")
    week = world.tension.week
    cases = [
        ([world.area, east], week, 5, Spread.online),
        ([east], week + timedelta(days=6), 4, Spread.wider),
        ([east], week + timedelta(days=7), 5, Spread.online),  # next week: not counted
        ([east], week - timedelta(days=1), 2, Spread.local),  # the week before
        ([world.area], week - timedelta(days=7), 1, Spread.local),  # the week before
        ([world.area], week - timedelta(days=8), 1, Spread.local),  # two weeks before: not counted
    ]
    for areas, observed_on, impact, spread in cases:
        make_entry(
            session,
            place=world.place,
            actor=officer,
            areas=areas,
            observed_on=observed_on,
            impact=impact,
            spread=spread.value,
        )
    entries = session.exec(select(TensionEntry).where(TensionEntry.place_id == world.place.id)).all()

    def expected(area_id: int | None) -> tuple[WeekFigures, int]:
        named = [e for e in entries if area_id is None or area_id in e.area_ids]
        this_week = [e for e in named if week <= e.observed_on < week + timedelta(days=7)]
        before = [e for e in named if week - timedelta(days=7) <= e.observed_on < week]
        return WeekFigures.of(Observed(e.impact, e.spread) for e in this_week), len(before)

    found = picture.week_figures(session=session, place=world.place, week=week)
    assert found == {key: expected(key) for key in (None, world.area.id, east.id)}
    assert found[east.id] == (WeekFigures(count=2, highest_impact=5, wide=2, wide_at_five=1), 1)

    shown = picture.weekly_picture(session=session, place=world.place, week=week)
    east_row = next(row for row in shown.rows if row.area is not None and row.area.id == east.id)
    assert east_row.entry_count == 2
    assert east_row.suggestion.level.value == "critical"
