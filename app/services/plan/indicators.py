"""Indicators of a plan: population and performance measures, added by hand or from the library.

Rules enforced here:
- an indicator whose target goes the wrong way for its polarity is saved only once the officer confirms it;
- the priority and actions an indicator names must belong to the strategy, or the form is refused;
- a library indicator is added once per strategy, with its exact wording and stable key.
"""

from typing import Any

from sqlmodel import Session, col, select

from app.forms import form_from_values
from app.models import Action, Indicator, IndicatorKind, Polarity, Priority, Strategy, User
from app.schemas.plan import IndicatorForm
from app.services.plan.indicator_library import BY_KEY, LIBRARY, LibraryIndicator
from app.services.plan.service import PlanNotFound, ids_in_strategy, strategy_of
from app.services.records.queries import get_scoped
from app.services.records.versioning import create_in_strategy, save_record


class TargetDirection(Exception):
    """The target goes the wrong way for the indicator's polarity and the officer has not confirmed it."""


def restored_indicator(session: Session, record: Indicator, values: dict[str, Any]) -> dict[str, Any]:
    # The target's direction was confirmed when that version was saved.
    form = form_from_values(IndicatorForm, {**values, "confirm_direction": True})
    return _indicator_values(session, strategy_of(session, record), form)


def list_indicators(*, session: Session, strategy: Strategy) -> list[Indicator]:
    return list(
        session.exec(
            select(Indicator)
            .where(Indicator.strategy_id == strategy.id)
            .order_by(col(Indicator.kind).desc(), col(Indicator.name))
        ).all()
    )


def library_not_added(indicators: list[Indicator]) -> list[LibraryIndicator]:
    """The library's indicators not among a strategy's ``indicators``: each is added once."""
    added = {indicator.library_key for indicator in indicators if indicator.library_key}
    return [item for item in LIBRARY if item.key not in added]


def get_indicator(*, session: Session, strategy: Strategy, indicator_id: int) -> Indicator:
    return get_scoped(
        session, Indicator, indicator_id, Indicator.strategy_id == strategy.id, missing=PlanNotFound
    )


def _indicator_values(session: Session, strategy: Strategy, form: IndicatorForm) -> dict[str, Any]:
    if form.target_goes_the_wrong_way and not form.confirm_direction:
        raise TargetDirection()
    if form.priority_id is not None:
        ids_in_strategy(
            session, Priority, [form.priority_id], strategy, "priority_id", "Select a priority from the list"
        )
    return {
        "name": form.name,
        "kind": form.kind.value,
        "performance_question": form.performance_question.value
        if form.performance_question and form.kind == IndicatorKind.performance
        else None,
        "definition": form.definition,
        "question": form.question,
        "unit": form.unit,
        "data_source": form.data_source,
        "polarity": form.polarity.value,
        "baseline_value": form.baseline_value,
        "baseline_date": form.baseline_date,
        "target_value": form.target_value,
        "target_date": form.target_date,
        "frequency": form.frequency,
        "priority_id": form.priority_id,
        "action_ids": ids_in_strategy(
            session, Action, form.action_ids, strategy, "action_ids", "Select actions from the list"
        ),
    }


def create_indicator(*, session: Session, strategy: Strategy, actor: User, form: IndicatorForm) -> Indicator:
    values = _indicator_values(session, strategy, form)
    return create_in_strategy(
        Indicator, session=session, strategy=strategy, actor=actor, note=form.note, **values
    )


def update_indicator(
    *,
    session: Session,
    strategy: Strategy,
    indicator: Indicator,
    actor: User,
    form: IndicatorForm,
    expected_version: int | None,
) -> Indicator:
    return save_record(
        session=session,
        record=indicator,
        actor=actor,
        changes=_indicator_values(session, strategy, form),
        expected_version=expected_version,
        note=form.note,
    )


def add_from_library(*, session: Session, strategy: Strategy, actor: User, key: str) -> Indicator:
    """One click: the standard indicator with its exact wording and a stable key for comparing places."""
    item = BY_KEY.get(key)
    if item is None:
        raise PlanNotFound(key)
    existing = session.exec(
        select(Indicator).where(Indicator.strategy_id == strategy.id, Indicator.library_key == key)
    ).first()
    if existing is not None:
        return existing
    return create_in_strategy(
        Indicator,
        session=session,
        strategy=strategy,
        actor=actor,
        note="Added from the indicator library",
        library_key=item.key,
        name=item.name,
        kind=IndicatorKind.population,
        definition=item.definition,
        question=item.question,
        unit=item.unit,
        data_source=item.data_source,
        polarity=Polarity(item.polarity),
        frequency=item.frequency,
    )
