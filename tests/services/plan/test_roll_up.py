"""Progress rolled up from an action's parts, by weight, at any depth, and safe from loops in old data."""

from datetime import date

from app.models import Action
from app.services.plan.roll_up import progress_by_action, progress_of, roll_up


def _action(action_id: int, *, parent: int | None = None, weight: int = 1, percent: int = 0) -> Action:
    return Action(
        id=action_id,
        strategy_id=1,
        title=f"Action {action_id}",
        lead_organisation="Fernbridge Council",
        start_date=date(2026, 4, 1),
        end_date=date(2027, 3, 31),
        parent_id=parent,
        weight=weight,
        percent_complete=percent,
    )


def test_an_action_without_parts_keeps_its_own_progress() -> None:
    alone = _action(1, percent=30)
    assert roll_up(alone, [alone]) is None
    assert progress_of(alone, [alone]) == 30


def test_a_weight_below_one_counts_as_one() -> None:
    parent = _action(1, percent=5)
    actions = [parent, _action(2, parent=1, weight=0, percent=100), _action(3, parent=1, weight=1, percent=0)]
    assert progress_of(parent, actions) == 50


def test_every_action_at_once_matches_one_at_a_time() -> None:
    actions = [
        _action(1),
        _action(2, parent=1, weight=2, percent=90),
        _action(3, parent=1),
        _action(4, parent=3, percent=20),
        _action(5, parent=3, weight=3, percent=60),
        _action(6, percent=15),
    ]
    assert progress_by_action(actions) == {a.id: progress_of(a, actions) for a in actions}
    assert progress_by_action(actions)[3] == 50
    assert progress_by_action(actions)[1] == 77  # (2 × 90 + 1 × 50) / 3 = 76.7


def test_a_loop_in_old_data_ends() -> None:
    first, second = _action(1, parent=2, percent=10), _action(2, parent=1, percent=70)
    roll = roll_up(first, [first, second])
    assert roll is not None
    # The second's only part is the first, already met on the way down: the second counts its own progress.
    assert [(child.id, percent) for child, _, percent in roll.parts] == [(2, 70)]
    assert progress_of(first, [first, second]) == 70
