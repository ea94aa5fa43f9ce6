"""What the plan's pages show, each read in one call: the router names the page and renders it."""

from dataclasses import dataclass

from sqlmodel import Session

from app.models import Action, ActionUpdate, Indicator, Place, Priority, Strategy, Voice
from app.models.base import id_of
from app.services import review
from app.services.listening.service import place_areas
from app.services.mapping.lists import voices_by_id
from app.services.plan import indicators as plan_indicators
from app.services.plan.roll_up import RollUp, roll_up
from app.services.plan.service import Thread, family_of, get_action, list_actions, list_priorities, thread_of
from app.services.progress.service import updates_of

VOICES_SHOWN = 5  # the first few voices behind an action; the page says how many there are in all


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
    review: review.Panel


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
        review=review.panel(session=session, strategy=strategy, kind="action", target_id=action_id),
    )


@dataclass(frozen=True)
class IndicatorScreen:
    """An indicator's page (``plan/indicator.html``): the indicator, the actions and the priority it
    measures, and the review comments open on it."""

    indicator: Indicator
    actions: list[Action]
    priority: Priority | None
    review: review.Panel


def indicator_screen(*, session: Session, strategy: Strategy, indicator_id: int) -> IndicatorScreen:
    indicator = plan_indicators.get_indicator(session=session, strategy=strategy, indicator_id=indicator_id)
    priorities = list_priorities(session=session, strategy=strategy)
    return IndicatorScreen(
        indicator=indicator,
        actions=[a for a in list_actions(session=session, strategy=strategy) if a.id in indicator.action_ids],
        priority=next((p for p in priorities if p.id == indicator.priority_id), None),
        review=review.panel(session=session, strategy=strategy, kind="indicator", target_id=indicator_id),
    )
