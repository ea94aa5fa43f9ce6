"""Dashboards: the councillor's from published editions only; the facilitator overview and comparison."""

import random
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta

import pytest
from sqlalchemy import event
from sqlmodel import Session, select

from app.models import ActionUpdate, Measurement, ReviewComment, Role, Theme, User
from app.services import access
from app.services.access import PermissionDenied
from app.services.listening import service as listening
from app.services.outputs import comparison, dashboards, overview
from app.services.outputs.place_figures import PlaceFigures, place_figures, update_due_before
from app.services.outputs.place_indicators import indicator_status
from app.services.plan import indicators as plan_indicators
from app.services.progress import curve
from app.services.progress import service as progress
from app.services.records import versioning
from app.services.records.versioning import create_record
from tests.conftest import World
from tests.factories import (
    make_action,
    make_exercise,
    make_membership,
    make_place,
    make_strategy,
    make_voice,
)


def theme(session: Session, slug: str) -> Theme:
    return session.exec(select(Theme).where(Theme.slug == slug)).one()


def add_update(session: Session, world: World, period_end: date, text: str, status: str = "at_risk") -> None:
    create_record(
        session=session,
        actor=world.users["officer"],
        record=ActionUpdate(
            place_id=world.place.id,  # type: ignore[arg-type]
            strategy_id=world.strategy.id,  # type: ignore[arg-type]
            action_id=world.action.id,  # type: ignore[arg-type]
            period_end=period_end,
            status=status,
            percent_complete=30,
            what_happened=text,
        ),
    )


def add_figure(session: Session, world: World, on: date, value: float) -> None:
    create_record(
        session=session,
        actor=world.users["officer"],
        record=Measurement(
            place_id=world.place.id,  # type: ignore[arg-type]
            strategy_id=world.strategy.id,  # type: ignore[arg-type]
            indicator_id=world.indicator.id,  # type: ignore[arg-type]
            measured_on=on,
            value=value,
        ),
    )


def action_titles(board: dashboards.Dashboard) -> list[str]:
    return [line.title for block in board.priorities for _, lines in block.by_status for line in lines]


# --- Councillor dashboard ----------------------------------------------------------------------------------


def test_the_dashboard_shows_the_plan_edition_not_later_drafts(session: Session, world: World) -> None:
    officer = world.users["officer"]
    make_action(session, strategy=world.strategy, actor=officer, title="Added after the edition")
    versioning.save_record(
        session=session,
        record=world.action,
        actor=officer,
        changes={"title": "Renamed in the draft"},
        expected_version=world.action.version,
    )
    session.commit()

    board = dashboards.councillor_dashboard(session=session, strategy=world.strategy)

    assert action_titles(board) == ["Open iftar programme"]
    assert board.priorities[0].outcome == world.priority.outcome
    assert board.priorities[0].by_status[0][0] == "On track"
    assert board.editions["plan"].id == world.edition.id
    plan_line = next(line for line in board.stages if line.stage.slug == "plan")
    assert plan_line.edition is not None and plan_line.edition.id == world.edition.id
    assert [line.edition for line in board.stages if line.stage.slug != "plan"] == [None, None, None]
    assert ("On track", 1) in board.status_counts


def test_a_kept_dashboard_gives_way_to_the_next_edition(session: Session, world: World) -> None:
    board = dashboards.councillor_dashboard(session=session, strategy=world.strategy)
    assert action_titles(board) == ["Open iftar programme"]
    versioning.save_record(
        session=session,
        record=world.action,
        actor=world.users["officer"],
        changes={"title": "Open iftar programme on the new estate"},
        expected_version=world.action.version,
    )
    again = dashboards.councillor_dashboard(session=session, strategy=world.strategy)
    assert again.priorities is board.priorities, "the same editions: the sections are worked out once"

    edition = world.publish(session, "plan", "Plan, refreshed")
    board = dashboards.councillor_dashboard(session=session, strategy=world.strategy)
    assert board.editions["plan"].id == edition.id
    assert action_titles(board) == ["Open iftar programme on the new estate"]


def test_figures_come_from_the_progress_edition_only(session: Session, world: World) -> None:
    world.indicator.baseline_value, world.indicator.baseline_date = 70.0, date(2026, 3, 31)
    world.indicator.target_value, world.indicator.target_date = 78.0, date(2029, 3, 31)
    session.add(world.indicator)
    session.commit()
    world.publish(session, "plan", "Plan with a baseline")
    add_figure(session, world, date(2026, 6, 30), 72.0)
    world.publish(session, "progress", "First progress report")
    add_figure(session, world, date(2026, 9, 30), 60.0)
    session.commit()

    board = dashboards.councillor_dashboard(session=session, strategy=world.strategy)

    [panel] = board.indicators
    assert [(row.what, row.value) for row in panel.rows] == [
        ("Baseline", "70%"),
        ("Figure", "72%"),
        ("Target", "78%"),
    ], "the figure added after the progress edition is not shown"
    assert panel.curve.status == "amber", "on course on one figure with no interval: not yet green"
    assert panel.curve.summary.startswith("The latest figure, 72%")
    assert "<svg" in panel.svg and "<title" in panel.svg
    assert board.rule.startswith("Green: on course")


def test_actions_follow_their_latest_published_update(session: Session, world: World) -> None:
    world.publish(session, "mapping", "Strengths and struggles")
    add_update(session, world, date(2026, 6, 30), "First sessions held.")
    world.publish(session, "progress", "Progress to June")
    add_update(session, world, date(2026, 9, 30), "Not yet published.", status="off_track")
    session.commit()

    board = dashboards.councillor_dashboard(session=session, strategy=world.strategy)

    assert board.priorities[0].by_status[0][0] == "At risk", "from the published update, not the plan"
    [(_label, [line])] = board.priorities[0].by_status
    assert line.title == "Open iftar programme"
    assert line.status == "at_risk", "the unpublished later update (behind plan) is not shown"


def test_top_themes_are_counts_with_small_groups_suppressed(session: Session, world: World) -> None:
    officer = world.users["officer"]
    transport, safety = theme(session, "public-transport"), theme(session, "feeling-safe")
    for number in range(12):
        make_voice(session, exercise=world.exercise, actor=officer, text=f"Bus {number}", themes=[transport])
    for number in range(3):
        make_voice(session, exercise=world.exercise, actor=officer, text=f"Dark {number}", themes=[safety])
    world.publish(session, "listening", "What we heard")
    for number in range(9):
        make_voice(session, exercise=world.exercise, actor=officer, text=f"Later {number}", themes=[safety])
    session.commit()

    board = dashboards.councillor_dashboard(session=session, strategy=world.strategy)

    assert [(t.name, t.shown) for t in board.themes] == [
        ("Public transport", "12"),
        ("Feeling safe", "fewer than 10"),
    ], "the nine voices after the edition are not counted"
    assert board.voices_heard == "16"


def test_theme_counts_stay_as_published_after_edits_and_deletes(session: Session, world: World) -> None:
    officer = world.users["officer"]
    transport, safety = theme(session, "public-transport"), theme(session, "feeling-safe")
    voices = [
        make_voice(session, exercise=world.exercise, actor=officer, text=f"Bus {n}", themes=[transport])
        for n in range(11)
    ]
    world.publish(session, "listening", "What we heard")
    listening.accept_theme(
        session=session,
        strategy=world.strategy,
        voice=voices[0],
        theme_id=safety.id,  # type: ignore[arg-type]
        actor=officer,
        expected_version=voices[0].version,
    )
    versioning.delete_record(session=session, record=voices[1], actor=officer, expected_version=None)
    session.commit()

    board = dashboards.councillor_dashboard(session=session, strategy=world.strategy)

    assert [(t.name, t.shown) for t in board.themes] == [("Public transport", "11")]
    assert board.voices_heard == "12"


def test_theme_counts_when_the_place_has_voices_in_another_strategy(session: Session, world: World) -> None:
    officer = world.users["officer"]
    transport = theme(session, "public-transport")
    for number in range(10):
        make_voice(session, exercise=world.exercise, actor=officer, text=f"Bus {number}", themes=[transport])
    earlier = make_strategy(session, place=world.place, actor=officer, slug="cohesion-2022", title="Earlier")
    old_exercise = make_exercise(session, strategy=earlier, actor=officer)
    for number in range(5):
        make_voice(session, exercise=old_exercise, actor=officer, text=f"Old {number}", themes=[transport])
    world.publish(session, "listening", "What we heard")

    board = dashboards.councillor_dashboard(session=session, strategy=world.strategy)

    assert [(t.name, t.shown) for t in board.themes] == [("Public transport", "10")]
    assert board.voices_heard == "11"


def test_a_stage_with_no_edition_shows_nothing_of_its_drafts(session: Session, world: World) -> None:
    board = dashboards.councillor_dashboard(session=session, strategy=world.strategy)
    assert board.themes == [] and board.voices_heard == "None"
    assert board.editions.keys() == {"plan"}


# --- Facilitator overview ----------------------------------------------------------------------------------


@contextmanager
def counted(session: Session) -> Iterator[list[str]]:
    statements: list[str] = []
    engine = session.get_bind()

    def count(conn, cursor, statement, parameters, context, executemany) -> None:  # type: ignore[no-untyped-def]
        if statement.lstrip().upper().startswith("SELECT"):
            statements.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", count)


def another_place(
    session: Session, world: World, slug: str, facilitator: User, status: str = "on_track"
) -> None:
    place = make_place(session, slug=slug)
    make_membership(session, user=facilitator, place=place, role=Role.facilitator)
    strategy = make_strategy(session, place=place, actor=world.users["admin"])
    make_exercise(session, strategy=strategy, actor=world.users["admin"])
    make_action(session, strategy=strategy, actor=world.users["admin"], status=status)
    plan_indicators.add_from_library(
        session=session, strategy=strategy, actor=world.users["admin"], key="belonging"
    )


def rows(session: Session, world: World, today: date = date(2026, 9, 1)) -> list[PlaceFigures]:
    places = access.facilitated_places(session=session, user=world.users["facilitator"])
    return place_figures(session=session, places=places, today=today)


def test_the_overview_has_the_facilitators_places_only(session: Session, world: World) -> None:
    [row] = rows(session, world)
    assert row.place.name == "Northmoor"
    assert row.strategy is not None and row.strategy.id == world.strategy.id
    assert row.stages == {
        "listening": "In progress",
        "mapping": "In progress",
        "plan": "Published",
        "progress": "Not started",
    }
    assert row.actions_by_status == [("On track", 1)] and row.actions_total == 1
    assert row.overdue == 1, "started in May, no update by September"
    assert rows(session, world, today=date(2026, 7, 1))[0].overdue == 0
    assert row.indicators["get-on-well"] == "not-enough-data"
    assert row.last_activity is not None
    with pytest.raises(PermissionDenied):
        access.facilitated_places(session=session, user=world.users["officer"])


def test_stage_status_changes_after_the_edition_and_comments_count(session: Session, world: World) -> None:
    officer, facilitator = world.users["officer"], world.users["facilitator"]
    before = rows(session, world)[0].last_activity
    make_action(session, strategy=world.strategy, actor=officer, title="After the edition")
    for status, parent in (("open", None), ("resolved", None)):
        create_record(
            session=session,
            actor=facilitator,
            record=ReviewComment(
                place_id=world.place.id,  # type: ignore[arg-type]
                strategy_id=world.strategy.id,  # type: ignore[arg-type]
                target_kind="action",
                target_id=world.action.id,  # type: ignore[arg-type]
                body="Who leads this?",
                status=status,
                parent_id=parent,
            ),
        )
    session.commit()
    first = session.exec(select(ReviewComment).where(ReviewComment.status == "open")).one()
    create_record(
        session=session,
        actor=officer,
        record=ReviewComment(
            place_id=world.place.id,  # type: ignore[arg-type]
            strategy_id=world.strategy.id,  # type: ignore[arg-type]
            target_kind="action",
            target_id=world.action.id,  # type: ignore[arg-type]
            body="The faith forum",
            parent_id=first.id,
        ),
    )
    session.commit()

    [row] = rows(session, world)
    assert row.stages["plan"] == "Changed since last edition"
    assert row.open_comments == 1, "a reply and a resolved comment do not count"
    assert row.actions_total == 2
    assert before is not None and row.last_activity is not None and row.last_activity >= before


def test_the_overview_makes_the_same_queries_for_one_place_or_many(session: Session, world: World) -> None:
    facilitator = world.users["facilitator"]

    def overview_queries(**query: str) -> list[str]:
        filters = overview.Filters.model_validate(query)
        with counted(session) as statements:
            overview.facilitator_overview(
                session=session, user=facilitator, today=date(2026, 9, 1), filters=filters
            )
        return statements

    session.commit()
    one = [overview_queries(sort="name", order="asc"), overview_queries(sort="overdue", order="desc")]
    for number in range(5):
        another_place(session, world, f"place-{number}", facilitator)
    session.commit()
    six = [overview_queries(sort="name", order="asc"), overview_queries(sort="overdue", order="desc")]
    assert [len(q) for q in six] == [len(q) for q in one], six
    assert all(len(q) <= 10 for q in six), six


def test_filters_and_sorting(session: Session, world: World) -> None:
    facilitator = world.users["facilitator"]
    another_place(session, world, "aldermoor", facilitator)
    another_place(session, world, "zedton", facilitator, status="complete")
    session.commit()

    def names(**query: str) -> list[str]:
        filters = overview.Filters.model_validate(query)
        found = overview.facilitator_overview(
            session=session, user=facilitator, today=date(2026, 9, 1), filters=filters
        )
        return [row.place.name for row in found.rows]

    assert names() == ["Aldermoor", "Northmoor", "Zedton"]
    assert names(sort="name", order="desc") == ["Zedton", "Northmoor", "Aldermoor"]
    assert names(q="MOOR") == ["Aldermoor", "Northmoor"]
    assert names(stage="plan", stage_status="published") == ["Northmoor"]
    assert names(stage="plan", stage_status="in-progress") == ["Aldermoor", "Zedton"]
    assert names(sort="plan", order="desc")[0] == "Northmoor"
    assert names(sort="nonsense") == ["Aldermoor", "Northmoor", "Zedton"], "unknown sort: by name"
    assert names(overdue="1") == ["Aldermoor", "Northmoor"], "Zedton's only action is complete"
    assert names(sort="overdue", order="desc")[-1] == "Zedton"


def test_column_links_sort_and_toggle(session: Session, world: World) -> None:
    filters = overview.Filters.model_validate({"q": "n", "overdue": "1", "sort": "overdue"})
    found = overview.facilitator_overview(
        session=session, user=world.users["facilitator"], today=date(2026, 9, 1), filters=filters
    )
    by_key = {column.key: column for column in found.columns}
    assert by_key["overdue"].aria_sort == "ascending"
    assert by_key["overdue"].query == "q=n&overdue=1&sort=overdue&order=desc"
    assert by_key["name"].aria_sort is None and by_key["name"].query == "q=n&overdue=1"
    assert "indicator-get-on-well" in by_key


# --- One indicator across places ---------------------------------------------------------------------------


def test_comparison_only_where_the_wording_matches(session: Session, world: World) -> None:
    facilitator, admin = world.users["facilitator"], world.users["admin"]
    add_figure(session, world, date(2026, 6, 30), 72.0)
    for slug, wording in (("eastmoor", None), ("westmoor", "Do people here get on?"), ("nomoor", "skip")):
        place = make_place(session, slug=slug)
        make_membership(session, user=facilitator, place=place, role=Role.facilitator)
        strategy = make_strategy(session, place=place, actor=admin)
        if wording == "skip":
            continue
        indicator = plan_indicators.add_from_library(
            session=session, strategy=strategy, actor=admin, key="get-on-well"
        )
        if wording:
            indicator.question = wording
            session.add(indicator)
    session.commit()

    result = comparison.compare_indicator(session=session, user=facilitator, key="get-on-well")

    assert [(c.place.name, c.latest.value if c.latest else None) for c in result.compared] == [
        ("Northmoor", 72.0),
        ("Eastmoor", None),
    ]
    assert [place.name for place, _, _ in result.different_wording] == ["Westmoor"]
    assert [place.name for place in result.without] == ["Nomoor"]
    assert result.summary.startswith("Of the 2 places asking this question in the same words, only Northmoor")
    assert "<svg" in result.svg and "Northmoor" in result.svg and "Westmoor" not in result.svg
    with pytest.raises(comparison.LibraryIndicatorNotFound):
        comparison.compare_indicator(session=session, user=facilitator, key="no-such-key")
    with pytest.raises(PermissionDenied):
        comparison.compare_indicator(session=session, user=world.users["councillor"], key="get-on-well")


# --- The overview's shortcuts give the same answers as the rules they stand for --------------------------


def test_status_from_sums_matches_the_curve_rule() -> None:
    rng = random.Random(7)
    baseline_on = date(2026, 3, 31)
    for _ in range(400):
        figures = sorted(
            {
                baseline_on + timedelta(days=rng.randint(-900, 900)): round(rng.uniform(40, 90), 1)
                for _ in range(6)
            }.items()
        )
        baseline = curve.Point(baseline_on, round(rng.uniform(50, 80), 1))
        target = curve.Point(date(2029, 3, 31), round(rng.uniform(40, 90), 1)) if rng.random() < 0.8 else None
        higher = rng.random() < 0.5
        expected = curve.assess(
            measurements=[curve.Point(on, value) for on, value in figures],
            baseline=baseline,
            target=target,
            higher_is_better=higher,
            unit="%",
        ).status
        history = [((on - baseline_on).days, value) for on, value in figures if on <= baseline_on]
        after = [(on, value) for on, value in figures if on > baseline_on]
        sums = (
            len(history),
            len(history),
            sum(x for x, _ in history),
            sum(y for _, y in history),
            sum(x * y for x, y in history),
            sum(x * x for x, _ in history),
        )
        assert (
            indicator_status(
                higher_is_better=higher,
                baseline=(baseline.on, baseline.value),
                target=(target.on, target.value) if target else (None, None),
                history=sums,
                latest=after[-1] if after else (None, None),
                previous=after[-2] if len(after) > 1 else (None, None),
            )
            == expected
        ), (figures, baseline, target, higher)


@pytest.mark.parametrize(
    "today", [date(2026, 3, 31), date(2026, 5, 30), date(2027, 2, 28), date(2028, 2, 29)]
)
@pytest.mark.parametrize("months", [1, 2, 3, 6, 12, 36])
def test_due_before_date_matches_the_overdue_rule(today: date, months: int) -> None:
    due = update_due_before(today, months)
    for offset in range(-40, 40):
        last = due + timedelta(days=offset)
        assert (progress.add_months(last, months) < today) == (last < due), (last, due)
