"""What the plan's pages show, each read in one call: the router names the page and renders it."""

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session

from app.models import Action, ActionUpdate, Indicator, Place, Priority, Strategy, Voice
from app.models.base import id_of
from app.services import review_threads
from app.services.listening.service import place_areas
from app.services.mapping.lists import voices_by_id
from app.services.plan import indicators as plan_indicators
from app.services.plan.grouping import GROUPINGS, ActionGroup, group_actions
from app.services.plan.roll_up import RollUp, progress_by_action, roll_up
from app.services.plan.service import (
    PlanCheck,
    Thread,
    budget_by_source,
    family_of,
    get_action,
    list_actions,
    list_priorities,
    plan_check,
    thread_of,
)
from app.services.plan.timeline import TimelineRow, overdue, timeline_svg
from app.services.progress.service import updates_of

VOICES_SHOWN = 5  # the first few voices behind an action; the page says how many there are in all


@dataclass(frozen=True)
class PlanScreen:
    """The action plan (``plan/index.html``): its actions grouped one of the ``GROUPINGS`` ways, each
    action's progress (its children rolled up), what the plan's check finds, and the budget by source."""

    group: str
    groups: list[ActionGroup]
    progress: dict[int, int]
    check: PlanCheck
    budget: list[tuple[str, int, int]]
    action_count: int


def plan_screen(*, session: Session, strategy: Strategy, place: Place, group: str) -> PlanScreen:
    """``group``: how to group the actions; by priority when it names none of the ``GROUPINGS``."""
    group = group if group in GROUPINGS else "priority"
    priorities = list_priorities(session=session, strategy=strategy)
    actions = list_actions(session=session, strategy=strategy)
    areas = {id_of(area): area.name for area in place_areas(session=session, place=place)}
    return PlanScreen(
        group=group,
        groups=group_actions(actions=actions, priorities=priorities, areas=areas, by=group),
        progress=progress_by_action(actions),
        check=plan_check(session=session, strategy=strategy, priorities=priorities, actions=actions),
        budget=budget_by_source(actions),
        action_count=len(actions),
    )


@dataclass(frozen=True)
class TimelineScreen:
    """The plan's timeline (``plan/timeline.html``): the actions, the milestones overdue on each, and the
    chart of them from the strategy's start (or the earliest action's) to its end (or the latest's)."""

    actions: list[Action]
    overdue: dict[int, list[str]]
    svg: str


def timeline_screen(*, session: Session, strategy: Strategy, today: date) -> TimelineScreen:
    actions = list_actions(session=session, strategy=strategy)
    rows = [
        TimelineRow(
            label=action.title,
            start=action.start_date,
            end=action.end_date,
            status=action.status.label,
            status_key=action.status.value,
            milestones=[
                (m["title"], date.fromisoformat(m["due"]), bool(m.get("done"))) for m in action.milestones
            ],
        )
        for action in actions
    ]
    start = min([strategy.start_date, *(action.start_date for action in actions)])
    end = max([strategy.end_date, *(action.end_date for action in actions)])
    return TimelineScreen(
        actions=actions,
        overdue={
            id_of(action): overdue(row.milestones, today) for action, row in zip(actions, rows, strict=True)
        },
        svg=timeline_svg(
            title=f"Timeline of actions: {strategy.title}", start=start, end=end, rows=rows, today=today
        ),
    )


@dataclass(frozen=True)
class ActionScreen:
    """An action's page (``plan/action.html``): the action, the golden thread back to what people said, its
    children rolled up, its updates and indicators, and the review comments open on it."""

    action: Action
    thread: Thread
    roll: RollUp | None
    parent: Action | None
    area_names: list[str]
    voices: list[Voice]
    voice_total: int
    updates: list[ActionUpdate]
    indicators: list[Indicator]
    review: review_threads.Panel


def action_screen(*, session: Session, strategy: Strategy, place: Place, action_id: int) -> ActionScreen:
    action = get_action(session=session, strategy=strategy, action_id=action_id)
    actions = family_of(session=session, strategy=strategy, action=action)
    thread = thread_of(session=session, strategy=strategy, action=action)
    areas = {id_of(area): area.name for area in place_areas(session=session, place=place)}
    return ActionScreen(
        action=action,
        thread=thread,
        roll=roll_up(action, actions),
        parent=next((a for a in actions if a.id == action.parent_id), None),
        area_names=[areas[i] for i in action.area_ids if i in areas],
        voices=voices_by_id(session=session, strategy=strategy, voice_ids=thread.voice_ids[:VOICES_SHOWN]),
        voice_total=len(thread.voice_ids),
        updates=updates_of(session=session, action=action),
        indicators=[
            indicator
            for indicator in plan_indicators.list_indicators(session=session, strategy=strategy)
            if action.id in indicator.action_ids
        ],
        review=review_threads.panel(session=session, strategy=strategy, kind="action", target_id=action_id),
    )


@dataclass(frozen=True)
class IndicatorScreen:
    """An indicator's page (``plan/indicator.html``): the indicator, the actions and the priority it
    measures, and the review comments open on it."""

    indicator: Indicator
    actions: list[Action]
    priority: Priority | None
    review: review_threads.Panel


def indicator_screen(*, session: Session, strategy: Strategy, indicator_id: int) -> IndicatorScreen:
    indicator = plan_indicators.get_indicator(session=session, strategy=strategy, indicator_id=indicator_id)
    priorities = list_priorities(session=session, strategy=strategy)
    return IndicatorScreen(
        indicator=indicator,
        actions=[a for a in list_actions(session=session, strategy=strategy) if a.id in indicator.action_ids],
        priority=next((p for p in priorities if p.id == indicator.priority_id), None),
        review=review_threads.panel(
            session=session, strategy=strategy, kind="indicator", target_id=indicator_id
        ),
    )
