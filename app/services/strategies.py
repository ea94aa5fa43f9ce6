"""Strategies: reading and changing one cycle of a place's work."""

from typing import Any

from sqlmodel import Session, col, select

from app.errors import NotFound
from app.forms import form_from_values
from app.models import Place, Strategy, User
from app.schemas import StrategyForm
from app.services.records.versioning import save_record


def restored_strategy(session: Session, record: Strategy, values: dict[str, Any]) -> dict[str, Any]:
    """A restore passes an earlier version's values through the edit's own form."""
    return _strategy_values(form_from_values(StrategyForm, values))


class StrategyNotFound(NotFound):
    """No strategy with that slug in this place."""


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


def update_strategy(
    *, session: Session, strategy: Strategy, actor: User, form: StrategyForm, expected_version: int | None
) -> Strategy:
    """Change the title, dates and status as one new version; refused if the strategy moved on."""
    return save_record(
        session=session,
        record=strategy,
        actor=actor,
        changes=_strategy_values(form),
        expected_version=expected_version,
        note=form.note,
    )


def _strategy_values(form: StrategyForm) -> dict[str, Any]:
    return {
        "title": form.title,
        "start_date": form.start_date,
        "end_date": form.end_date,
        "status": form.status.value,
    }
