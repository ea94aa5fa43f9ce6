"""Strategies: reading and changing one cycle of a place's work."""

from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, col, select

from app.models import (
    Action,
    ActionUpdate,
    ListeningExercise,
    Measurement,
    Place,
    Priority,
    Strategy,
    StrategyStatus,
    Strength,
    Struggle,
    User,
)
from app.schemas import StrategyForm
from app.services.versioning import KindSpec, register_kind, save_record
from app.stages import STAGES, Stage

register_kind("strategy", KindSpec(model=Strategy, noun="strategy", choices={"status": StrategyStatus}))


class StrategyNotFound(Exception):
    """No strategy with that slug in this place."""


@dataclass(frozen=True)
class StageProgress:
    stage: Stage
    status: str  # "Not started", "In progress", "Published"
    available: bool  # False until the stage's screens exist


def list_strategies(*, session: Session, place: Place) -> list[Strategy]:
    return list(
        session.exec(
            select(Strategy).where(Strategy.place_id == place.id).order_by(col(Strategy.start_date).desc())
        ).all()
    )


def get_strategy(*, session: Session, place: Place, strategy_slug: str) -> Strategy:
    """The strategy within an already access-checked place; another place's strategy is not found."""
    strategy = session.exec(
        select(Strategy).where(Strategy.place_id == place.id, Strategy.slug == strategy_slug)
    ).first()
    if strategy is None:
        raise StrategyNotFound(strategy_slug)
    return strategy


def _has(session: Session, model: Any, strategy: Strategy) -> bool:
    return session.exec(select(model.id).where(model.strategy_id == strategy.id).limit(1)).first() is not None


def stage_progress(*, session: Session, strategy: Strategy) -> list[StageProgress]:
    """Where each stage stands: "Not started" until it has a record, then "In progress".
    A stage whose screens are not built yet is "Not started" and has no link."""
    started = {
        "listening": _has(session, ListeningExercise, strategy),
        "mapping": _has(session, Strength, strategy) or _has(session, Struggle, strategy),
        "plan": _has(session, Priority, strategy) or _has(session, Action, strategy),
        "progress": _has(session, ActionUpdate, strategy) or _has(session, Measurement, strategy),
    }
    return [
        StageProgress(
            stage=stage,
            status="In progress" if started.get(stage.slug) else "Not started",
            available=stage.slug in started,
        )
        for stage in STAGES
    ]


def update_strategy(
    *, session: Session, strategy: Strategy, actor: User, form: StrategyForm, expected_version: int | None
) -> Strategy:
    """Change the title, dates and status as one new version; refused if the strategy moved on."""
    return save_record(
        session=session,
        record=strategy,
        actor=actor,
        changes={
            "title": form.title,
            "start_date": form.start_date,
            "end_date": form.end_date,
            "status": form.status.value,
        },
        expected_version=expected_version,
        note=form.note,
    )
