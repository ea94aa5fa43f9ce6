"""You said, we did: which actions answer what an area raised (app/services/outputs/said_did.py)."""

from datetime import date
from types import SimpleNamespace as Row

from app.services.outputs.said_did import Snapshot, said_did

NORTH, SOUTH = 1, 2
BUSES, SAFETY, PARKS = 10, 11, 12


def _action(
    id: int, title: str, struggles: list[int], areas: list[int] | None = None, priority: int | None = None
) -> Row:
    return Row(
        id=id,
        title=title,
        lead_organisation="Council",
        status="on_track",
        percent_complete=10,
        start_date=date(2026, 1, id),
        end_date=date(2027, 1, 1),
        priority_id=priority,
        struggle_ids=struggles,
        area_ids=areas or [],
        update_every_months=3,
    )


def _snapshot(actions: list[Row], updates: list[Row] | None = None, counts: dict | None = None) -> Snapshot:
    return Snapshot(
        areas=[(NORTH, "North"), (SOUTH, "South")],
        counts=counts or {NORTH: {BUSES: 30, SAFETY: 4}, SOUTH: {BUSES: 12, PARKS: 15}},
        theme_names={BUSES: "Public transport", SAFETY: "Feeling safe", PARKS: "Natural space"},
        struggles=[
            Row(id=100, theme_ids=[BUSES], area_ids=[]),  # the whole place
            Row(id=101, theme_ids=[SAFETY], area_ids=[NORTH]),
            Row(id=102, theme_ids=[PARKS], area_ids=[SOUTH]),
        ],
        priorities=[Row(id=7, struggle_ids=[102])],
        actions=actions,
        updates=updates or [],
    )


def _titles(result, area: int) -> list[str]:  # type: ignore[no-untyped-def]
    return [answer.title for item in result if item.area_id == area for answer in item.answers]


def test_a_place_wide_action_answers_every_area_that_raised_its_theme() -> None:
    result = said_did(_snapshot([_action(1, "Night buses", [100])]))
    assert _titles(result, NORTH) == ["Night buses"] and _titles(result, SOUTH) == ["Night buses"]
    assert all(answer.place_wide for item in result for answer in item.answers)


def test_an_area_action_stays_in_its_area_and_a_place_wide_one_goes_where_its_theme_was_raised() -> None:
    result = said_did(
        _snapshot(
            [_action(1, "Street lights", [101], areas=[NORTH]), _action(2, "Park rangers", [], priority=7)]
        )
    )
    assert _titles(result, NORTH) == ["Street lights"]
    assert _titles(result, SOUTH) == ["Park rangers"], (
        "through its priority's struggle: only South raised parks"
    )


def test_an_action_answers_only_themes_the_area_raised() -> None:
    counts = {NORTH: {SAFETY: 20}, SOUTH: {PARKS: 20}}
    result = said_did(_snapshot([_action(1, "Night buses", [100])], counts=counts))
    assert _titles(result, NORTH) == [] and _titles(result, SOUTH) == []


def test_small_counts_read_fewer_than_10_and_come_last_by_name() -> None:
    result = said_did(_snapshot([]))
    north = next(item for item in result if item.area_id == NORTH)
    assert [(t.name, t.shown) for t in north.themes] == [
        ("Public transport", "30"),
        ("Feeling safe", "fewer than 10"),
    ]


def test_the_answer_carries_the_latest_update_by_period() -> None:
    updates = [
        Row(
            id=5,
            action_id=1,
            period_end=date(2026, 9, 30),
            status="at_risk",
            percent_complete=50,
            what_happened="Later",
        ),
        Row(
            id=6,
            action_id=1,
            period_end=date(2026, 6, 30),
            status="on_track",
            percent_complete=30,
            what_happened="Earlier, sent late",
        ),
    ]
    [answer] = said_did(_snapshot([_action(1, "Night buses", [100])], updates=updates))[0].answers
    assert (answer.update, answer.update_on, answer.status, answer.percent) == (
        "Later",
        date(2026, 9, 30),
        "at_risk",
        50,
    )
    assert answer.status_label == "At risk"


def test_where_a_struggle_was_found_does_not_limit_a_place_wide_action() -> None:
    counts = {NORTH: {SAFETY: 20}, SOUTH: {SAFETY: 11}}
    result = said_did(_snapshot([_action(1, "Safety walks", [101])], counts=counts))
    assert _titles(result, NORTH) == ["Safety walks"] and _titles(result, SOUTH) == ["Safety walks"]
