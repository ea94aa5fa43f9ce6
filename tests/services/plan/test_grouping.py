"""The action plan's groups: by priority (every priority, in order, with the ways it can move), by lead
organisation, by area and by status."""

from datetime import date

from app.models import Action, ActionStatus, Priority
from app.services.plan.grouping import GROUPINGS, NO_PRIORITY, WHOLE_PLACE, ActionGroup, group_actions

AREAS = {1: "Riverside", 2: "Abbey Fields"}


def _priority(priority_id: int, outcome: str) -> Priority:
    return Priority(id=priority_id, strategy_id=1, outcome=outcome)


def _action(action_id: int, **changes: object) -> Action:
    values: dict[str, object] = {
        "id": action_id,
        "strategy_id": 1,
        "title": f"Action {action_id}",
        "lead_organisation": "Fernbridge Council",
        "start_date": date(2026, 4, 1),
        "end_date": date(2027, 3, 31),
        **changes,
    }
    return Action(**values)  # type: ignore[arg-type]


def _shown(groups: list[ActionGroup]) -> list[tuple[str, list[int | None]]]:
    return [(group.heading, [action.id for action in group.actions]) for group in groups]


def test_by_priority_every_priority_in_order_then_the_actions_with_none() -> None:
    priorities = [_priority(7, "People mix"), _priority(3, "Rumours answered"), _priority(5, "Young voices")]
    actions = [
        _action(1, priority_id=3),
        _action(2),
        _action(3, priority_id=7),
        _action(4, priority_id=3),
    ]
    groups = group_actions(actions=actions, priorities=priorities, areas=AREAS, by="priority")
    assert _shown(groups) == [
        ("People mix", [3]),
        ("Rumours answered", [1, 4]),
        ("Young voices", []),
        (NO_PRIORITY, [2]),
    ]
    assert [group.priority.id if group.priority else None for group in groups] == [7, 3, 5, None]
    assert [group.moves for group in groups] == [("down",), ("up", "down"), ("up",), ()]


def test_two_priorities_with_the_same_outcome_keep_their_own_actions() -> None:
    priorities = [_priority(1, "People mix"), _priority(2, "People mix")]
    actions = [_action(1, priority_id=2), _action(2, priority_id=1)]
    groups = group_actions(actions=actions, priorities=priorities, areas=AREAS, by="priority")
    assert _shown(groups) == [("People mix", [2]), ("People mix", [1])]


def test_a_single_priority_cannot_move_and_no_group_is_added_without_unprioritised_actions() -> None:
    groups = group_actions(
        actions=[_action(1, priority_id=1)],
        priorities=[_priority(1, "People mix")],
        areas=AREAS,
        by="priority",
    )
    assert _shown(groups) == [("People mix", [1])]
    assert groups[0].moves == ()


def test_by_lead_alphabetical_whatever_the_capitals() -> None:
    actions = [
        _action(1, lead_organisation="fernbridge youth trust"),
        _action(2, lead_organisation="Alder Housing"),
        _action(3, lead_organisation="Fernbridge Council"),
        _action(4, lead_organisation="Alder Housing"),
    ]
    groups = group_actions(actions=actions, priorities=[], areas=AREAS, by="lead")
    assert _shown(groups) == [
        ("Alder Housing", [2, 4]),
        ("Fernbridge Council", [3]),
        ("fernbridge youth trust", [1]),
    ]
    assert all(group.priority is None and group.moves == () for group in groups)


def test_by_area_an_action_is_under_each_of_its_areas_and_none_is_the_whole_place() -> None:
    actions = [
        _action(1, area_ids=[1, 2]),
        _action(2, area_ids=[]),
        _action(3, area_ids=[1]),
        _action(4, area_ids=[99]),  # an area the place no longer has
    ]
    groups = group_actions(actions=actions, priorities=[], areas=AREAS, by="area")
    assert _shown(groups) == [("Abbey Fields", [1]), ("Riverside", [1, 3]), (WHOLE_PLACE, [2, 4])]


def test_by_status_in_the_statuses_own_order_leaving_out_empty_ones() -> None:
    actions = [
        _action(1, status=ActionStatus.complete),
        _action(2, status=ActionStatus.not_started),
        _action(3, status=ActionStatus.complete),
    ]
    groups = group_actions(actions=actions, priorities=[], areas=AREAS, by="status")
    assert _shown(groups) == [("Not started", [2]), ("Complete", [1, 3])]


def test_an_unknown_grouping_is_by_priority() -> None:
    assert "colour" not in GROUPINGS
    priorities = [_priority(1, "People mix")]
    actions = [_action(1, priority_id=1)]
    assert _shown(group_actions(actions=actions, priorities=priorities, areas=AREAS, by="colour")) == _shown(
        group_actions(actions=actions, priorities=priorities, areas=AREAS, by="priority")
    )
