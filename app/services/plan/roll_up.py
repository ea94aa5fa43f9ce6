"""An action's progress rolled up from its parts: a parent's percent complete is the average of its
children's, each counted by its weight (at least 1), down any depth of parts. A part already met on the way
down is not counted again, so a loop in old data cannot recurse for ever.
"""

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from app.models import Action
from app.models.base import id_of


@dataclass(frozen=True)
class RollUp:
    """A parent's progress from its children, with the weights that produced it."""

    percent: int
    parts: list[tuple[Action, int, int]]  # child, its weight, its own (rolled-up) percent


def progress_of(action: Action, actions: Sequence[Action]) -> int:
    """An action's percent complete: its own, or for a parent the weighted average of its children's."""
    roll = roll_up(action, actions)
    return roll.percent if roll is not None else action.percent_complete


def progress_by_action(actions: Sequence[Action]) -> dict[int, int]:
    """``progress_of`` for every action, with the children found once (not once per action)."""
    children = children_by_parent(actions)
    result = {}
    for action in actions:
        roll = roll_up(action, actions, children=children)
        result[id_of(action)] = roll.percent if roll is not None else action.percent_complete
    return result


def children_by_parent(actions: Sequence[Action]) -> dict[int, list[Action]]:
    children: dict[int, list[Action]] = defaultdict(list)
    for action in actions:
        if action.parent_id is not None:
            children[action.parent_id].append(action)
    return children


def roll_up(
    action: Action,
    actions: Sequence[Action],
    _seen: frozenset[int] = frozenset(),
    *,
    children: Mapping[int, list[Action]] | None = None,
) -> RollUp | None:
    """The action's progress from its parts, or none when it has no parts."""
    if children is None:
        children = children_by_parent(actions)
    own = [a for a in children.get(id_of(action), []) if a.id not in _seen]
    if not own:
        return None
    seen = _seen | {id_of(action)}
    parts = []
    for child in own:
        child_roll = roll_up(child, actions, seen, children=children)
        parts.append(
            (child, max(child.weight, 1), child_roll.percent if child_roll else child.percent_complete)
        )
    total = sum(weight for _, weight, _ in parts)
    percent = round(sum(weight * pct for _, weight, pct in parts) / total) if total else 0
    return RollUp(percent=percent, parts=parts)
