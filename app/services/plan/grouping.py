"""The action plan's groups: its actions by priority, lead organisation, area or status, in the order the
plan page shows them. Each grouping reads the actions once, so a plan of hundreds of actions costs no more
per action than a plan of ten."""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from app.models import Action, ActionStatus, Priority

GROUPINGS = {"priority": "Priority", "lead": "Lead organisation", "area": "Area", "status": "Status"}
NO_PRIORITY = "No priority yet"
WHOLE_PLACE = "Whole place"


@dataclass(frozen=True)
class ActionGroup:
    """One heading of the plan and its actions. Shown by priority, a group has its ``priority`` (none for the
    actions with no priority yet) and the ways it can move in the priorities' order."""

    heading: str
    actions: list[Action]
    priority: Priority | None = None
    moves: tuple[str, ...] = field(default=())


def _by_priority(
    actions: Sequence[Action], priorities: Sequence[Priority], areas: Mapping[int, str]
) -> list[ActionGroup]:
    """Every priority in its order, with or without actions (so a new one can be given some), then the
    actions with no priority, if any. The first priority cannot move up, nor the last down."""
    under: dict[int | None, list[Action]] = {}
    for action in actions:
        under.setdefault(action.priority_id, []).append(action)
    last = len(priorities) - 1
    groups = [
        ActionGroup(
            heading=priority.outcome,
            actions=under.get(priority.id, []),
            priority=priority,
            moves=tuple(way for way, can in (("up", n > 0), ("down", n < last)) if can),
        )
        for n, priority in enumerate(priorities)
    ]
    if None in under:
        groups.append(ActionGroup(heading=NO_PRIORITY, actions=under[None]))
    return groups


def _by_lead(
    actions: Sequence[Action], priorities: Sequence[Priority], areas: Mapping[int, str]
) -> list[ActionGroup]:
    """Lead organisations in alphabetical order, whatever their capitals."""
    under: dict[str, list[Action]] = {}
    for action in sorted(actions, key=lambda a: a.lead_organisation.lower()):
        under.setdefault(action.lead_organisation, []).append(action)
    return [ActionGroup(heading=lead, actions=found) for lead, found in under.items()]


def _by_area(
    actions: Sequence[Action], priorities: Sequence[Priority], areas: Mapping[int, str]
) -> list[ActionGroup]:
    """Areas by name; an action in several areas is under each, and one in none is for the whole place."""
    under: dict[str, list[Action]] = {}
    for action in actions:
        for name in [areas[i] for i in action.area_ids if i in areas] or [WHOLE_PLACE]:
            under.setdefault(name, []).append(action)
    return [ActionGroup(heading=name, actions=under[name]) for name in sorted(under)]


def _by_status(
    actions: Sequence[Action], priorities: Sequence[Priority], areas: Mapping[int, str]
) -> list[ActionGroup]:
    """Statuses in their own order (not started to done), leaving out a status no action has."""
    under: dict[ActionStatus, list[Action]] = {}
    for action in actions:
        under.setdefault(ActionStatus(action.status), []).append(action)
    return [
        ActionGroup(heading=status.label, actions=under[status]) for status in ActionStatus if status in under
    ]


_GROUPERS: dict[
    str, Callable[[Sequence[Action], Sequence[Priority], Mapping[int, str]], list[ActionGroup]]
] = {
    "priority": _by_priority,
    "lead": _by_lead,
    "area": _by_area,
    "status": _by_status,
}


def group_actions(
    *, actions: Sequence[Action], priorities: Sequence[Priority], areas: Mapping[int, str], by: str
) -> list[ActionGroup]:
    """The plan's actions grouped ``by`` one of ``GROUPINGS`` (by priority when it names none of them);
    ``areas`` names the place's areas by id."""
    return _GROUPERS.get(by, _by_priority)(actions, priorities, areas)
