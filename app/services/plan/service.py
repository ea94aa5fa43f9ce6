"""Action plan: priorities and actions, the roll-up of child actions, and the plan checks (indicators are in
indicators.py).

Rules enforced here:
- a priority answers at least one struggle of the strategy, and builds only on the strategy's strengths;
- an action's parent is an action of the same strategy and never itself or one of its own descendants;
- a parent's progress is the weighted average of its children's (weights shown beside it, never hidden);
- everything an id names must belong to the strategy (or its place), or the form is refused.
"""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, func, or_
from sqlmodel import Session, col, select

from app.errors import FieldError, NotFound
from app.forms import form_from_values
from app.models import (
    Action,
    FundingSource,
    Indicator,
    Priority,
    Strategy,
    Strength,
    Struggle,
    User,
)
from app.schemas.plan import (
    ActionForm,
    PriorityForm,
    milestones_text,
    parse_milestones,
    parse_risks,
    risks_text,
)
from app.services.records.queries import checked_areas, checked_ids, get_by_id, get_scoped, rows_with_ids
from app.services.records.versioning import create_in_strategy, save_record

# A restore passes an earlier version's values through the edit's own form and checks: the ``restored_*``
# functions are the kinds' restore checks, named in app/services/records/kinds.py.


def strategy_of(session: Session, record: Priority | Action | Indicator) -> Strategy:
    return get_by_id(session, Strategy, record.strategy_id, missing=PlanNotFound)


def restored_priority(session: Session, record: Priority, values: dict[str, Any]) -> dict[str, Any]:
    form = form_from_values(PriorityForm, values)
    return _priority_values(session, strategy_of(session, record), form)


def restored_action(session: Session, record: Action, values: dict[str, Any]) -> dict[str, Any]:
    form = form_from_values(
        ActionForm,
        {
            **values,
            "milestones": milestones_text(values.get("milestones") or []),
            "risks": risks_text(values.get("risks") or []),
        },
    )
    return _action_values(session, strategy_of(session, record), form, record.id)


class PlanNotFound(NotFound):
    """No such priority, action or indicator in this strategy."""


def ids_in_strategy(
    session: Session, model: Any, ids: Sequence[int], strategy: Strategy, field: str, message: str
) -> list[int]:
    return checked_ids(session, model, ids, model.strategy_id == strategy.id, field=field, message=message)


# --- Priorities ----------------------------------------------------------------------------------------


def list_priorities(*, session: Session, strategy: Strategy) -> list[Priority]:
    return list(
        session.exec(
            select(Priority)
            .where(Priority.strategy_id == strategy.id)
            .order_by(col(Priority.position), col(Priority.id))
        ).all()
    )


def get_priority(*, session: Session, strategy: Strategy, priority_id: int) -> Priority:
    return get_scoped(
        session, Priority, priority_id, Priority.strategy_id == strategy.id, missing=PlanNotFound
    )


def _priority_values(session: Session, strategy: Strategy, form: PriorityForm) -> dict[str, Any]:
    return {
        "outcome": form.outcome,
        "description": form.description,
        "struggle_ids": ids_in_strategy(
            session, Struggle, form.struggle_ids, strategy, "struggle_ids", "Select struggles from the list"
        ),
        "strength_ids": ids_in_strategy(
            session, Strength, form.strength_ids, strategy, "strength_ids", "Select strengths from the list"
        ),
    }


def create_priority(*, session: Session, strategy: Strategy, actor: User, form: PriorityForm) -> Priority:
    values = _priority_values(session, strategy, form)
    last = session.exec(select(func.max(Priority.position)).where(Priority.strategy_id == strategy.id)).one()
    return create_in_strategy(
        Priority,
        session=session,
        strategy=strategy,
        actor=actor,
        note=form.note,
        position=int(last or 0) + 1,
        **values,
    )


def update_priority(
    *,
    session: Session,
    strategy: Strategy,
    priority: Priority,
    actor: User,
    form: PriorityForm,
    expected_version: int | None,
) -> Priority:
    return save_record(
        session=session,
        record=priority,
        actor=actor,
        changes=_priority_values(session, strategy, form),
        expected_version=expected_version,
        note=form.note,
    )


def move_priority(*, session: Session, strategy: Strategy, priority: Priority, actor: User, up: bool) -> None:
    """Swap with the neighbour above or below; both keep their history."""
    ordered = list_priorities(session=session, strategy=strategy)
    index = ordered.index(priority)
    other_index = index - 1 if up else index + 1
    if not 0 <= other_index < len(ordered):
        return
    for position, record in enumerate(ordered, start=1):
        wanted = position
        if record is priority:
            wanted = other_index + 1
        elif record is ordered[other_index]:
            wanted = index + 1
        if record.position != wanted:
            save_record(
                session=session,
                record=record,
                actor=actor,
                changes={"position": wanted},
                expected_version=None,
                note="Order changed",
            )


# --- Actions -------------------------------------------------------------------------------------------


def list_actions(*, session: Session, strategy: Strategy) -> list[Action]:
    return list(
        session.exec(
            select(Action)
            .where(Action.strategy_id == strategy.id)
            .order_by(col(Action.start_date), col(Action.id))
        ).all()
    )


def family_of(*, session: Session, strategy: Strategy, action: Action) -> list[Action]:
    """What an action's page needs to roll its children up and name its parent: the strategy's actions that
    have a parent, and the action's own parent (not every action of the plan)."""
    related: ColumnElement[bool] = col(Action.parent_id).is_not(None)
    if action.parent_id is not None:
        related = or_(related, col(Action.id) == action.parent_id)
    return list(
        session.exec(
            select(Action)
            .where(Action.strategy_id == strategy.id, related)
            .order_by(col(Action.start_date), col(Action.id))
        ).all()
    )


def get_action(*, session: Session, strategy: Strategy, action_id: int) -> Action:
    return get_scoped(session, Action, action_id, Action.strategy_id == strategy.id, missing=PlanNotFound)


def _check_parent(session: Session, strategy: Strategy, action_id: int | None, parent_id: int | None) -> None:
    """Refuse a parent outside the strategy, or one that would make a cycle."""
    if parent_id is None:
        return
    parents = dict(
        session.exec(select(Action.id, Action.parent_id).where(Action.strategy_id == strategy.id)).all()
    )
    if parent_id not in parents:
        raise FieldError("parent_id", "Select a larger action from the list")
    seen: set[int] = set()
    current: int | None = parent_id
    while current is not None and current not in seen:
        if current == action_id:
            raise FieldError("parent_id", "An action cannot be part of itself or of one of its own parts")
        seen.add(current)
        current = parents.get(current)


def _action_values(
    session: Session, strategy: Strategy, form: ActionForm, action_id: int | None
) -> dict[str, Any]:
    if form.priority_id is not None:
        ids_in_strategy(
            session, Priority, [form.priority_id], strategy, "priority_id", "Select a priority from the list"
        )
    _check_parent(session, strategy, action_id, form.parent_id)
    areas = checked_areas(session, strategy.place_id, form.area_ids)
    milestones, _ = parse_milestones(form.milestones)
    risks, _ = parse_risks(form.risks)
    return {
        "title": form.title,
        "description": form.description,
        "priority_id": form.priority_id,
        "parent_id": form.parent_id,
        "weight": form.weight,
        "status": form.status.value,
        "lead_organisation": form.lead_organisation,
        "partners": form.partners,
        "area_ids": areas,
        "struggle_ids": ids_in_strategy(
            session, Struggle, form.struggle_ids, strategy, "struggle_ids", "Select struggles from the list"
        ),
        "start_date": form.start_date,
        "end_date": form.end_date,
        "budget": form.budget,
        "funding_source": form.funding_source.value if form.funding_source else None,
        "milestones": milestones,
        "risks": risks,
    }


def create_action(*, session: Session, strategy: Strategy, actor: User, form: ActionForm) -> Action:
    values = _action_values(session, strategy, form, None)
    return create_in_strategy(
        Action, session=session, strategy=strategy, actor=actor, note=form.note, **values
    )


def update_action(
    *,
    session: Session,
    strategy: Strategy,
    action: Action,
    actor: User,
    form: ActionForm,
    expected_version: int | None,
) -> Action:
    return save_record(
        session=session,
        record=action,
        actor=actor,
        changes=_action_values(session, strategy, form, action.id),
        expected_version=expected_version,
        note=form.note,
    )


# --- Golden thread and checks --------------------------------------------------------------------------


@dataclass(frozen=True)
class Thread:
    priority: Priority | None
    struggles: list[Struggle]
    strengths: list[Strength]
    voice_ids: list[int]


def thread_of(*, session: Session, strategy: Strategy, action: Action) -> Thread:
    """From an action back to what people said: its priority, the struggles both answer, the strengths they
    build on (the priority's and those confirmed as able to help), and the voices behind the struggles."""
    priority = session.get(Priority, action.priority_id) if action.priority_id else None
    struggle_ids = set(action.struggle_ids) | set(priority.struggle_ids if priority else [])
    struggles = rows_with_ids(session, Struggle, struggle_ids, Struggle.strategy_id == strategy.id)
    strength_ids = set(priority.strength_ids if priority else []) | {
        i for s in struggles for i in s.strength_ids
    }
    strengths = rows_with_ids(session, Strength, strength_ids)
    voice_ids = sorted({v for s in struggles for v in s.voice_ids})
    return Thread(
        priority=priority,
        struggles=sorted(struggles, key=lambda s: -s.severity),
        strengths=sorted(strengths, key=lambda s: s.name),
        voice_ids=voice_ids,
    )


def actions_answering(*, session: Session, strategy: Strategy, struggle_ids: Sequence[int]) -> list[Action]:
    """Actions that answer any of these struggles, directly or through their priority."""
    wanted = set(struggle_ids)
    if not wanted:
        return []
    priorities = {
        p.id for p in list_priorities(session=session, strategy=strategy) if wanted & set(p.struggle_ids)
    }
    return [
        a
        for a in list_actions(session=session, strategy=strategy)
        if wanted & set(a.struggle_ids) or a.priority_id in priorities
    ]


@dataclass(frozen=True)
class PlanCheck:
    unanswered: list[Struggle]
    unlinked: list[Action]


def plan_check(
    *,
    session: Session,
    strategy: Strategy,
    priorities: Sequence[Priority] | None = None,
    actions: Sequence[Action] | None = None,
) -> PlanCheck:
    """Struggles of severity 4 or 5 that no action answers yet, and actions linked to no struggle.

    ``priorities`` and ``actions``, when the caller has them already, save reading them again."""
    if priorities is None:
        priorities = list_priorities(session=session, strategy=strategy)
    if actions is None:
        actions = list_actions(session=session, strategy=strategy)
    by_id = {p.id: p for p in priorities}
    answered: set[int] = set()
    unlinked = []
    for action in actions:
        linked = set(action.struggle_ids) | set(
            by_id[action.priority_id].struggle_ids if action.priority_id in by_id else []
        )
        answered |= linked
        if not linked:
            unlinked.append(action)
    struggles = session.exec(
        select(Struggle).where(Struggle.strategy_id == strategy.id, col(Struggle.severity) >= 4)
    ).all()
    return PlanCheck(unanswered=[s for s in struggles if s.id not in answered], unlinked=unlinked)


def budget_by_source(actions: Sequence[Action]) -> list[tuple[str, int, int]]:
    """(funding source label, number of actions, total pounds), largest first."""
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for action in actions:
        if action.budget:
            label = FundingSource(action.funding_source).label if action.funding_source else "Not stated"
            totals[label][0] += 1
            totals[label][1] += action.budget
    return sorted(((k, n, t) for k, (n, t) in totals.items()), key=lambda row: -row[2])
