"""Fictional progress for the further-along demo places: quarterly updates since the actions began and two years
of quarterly figures, with some curves turning and some not."""

from datetime import date

from sqlmodel import Session, select

from app.models import Action, ActionUpdate, Indicator, Measurement, Strategy, User
from app.models.base import id_of
from app.services.records.versioning import create_record

QUARTERS = [
    date(2024, 12, 31),
    date(2025, 3, 31),
    date(2025, 6, 30),
    date(2025, 9, 30),
    date(2025, 12, 31),
    date(2026, 3, 31),
    date(2026, 6, 30),
    date(2026, 9, 30),
]
# Figures per quarter for each library indicator; get-on-well turns, belonging stalls, rarely-meet worsens.
FIGURES = {
    "get-on-well": [72.0, 71.5, 71.0, 70.8, 70.5, 71.0, 72.5, 74.0],
    "belonging": [60.0, 59.0, 58.5, 58.0, 58.0, 58.0, 58.5, 58.0],
    "rarely-meet-different-backgrounds": [29.0, 29.5, 30.0, 30.5, 31.0, 31.0, 32.0, 33.0],
}
UPDATES = [
    (date(2026, 6, 30), "First sessions held; residents helped design the programme.", 20),
    (
        date(2026, 9, 30),
        "Running every month; numbers growing, with more families from the newer estates.",
        45,
    ),
]


def seed_progress(session: Session, *, strategy: Strategy, actor: User, index: int) -> None:
    if (
        index >= 3
        or session.exec(select(ActionUpdate.id).where(ActionUpdate.strategy_id == strategy.id)).first()
    ):
        return
    for action in session.exec(select(Action).where(Action.strategy_id == strategy.id)).all():
        if action.status == "not_started":
            continue
        for period_end, text, percent in UPDATES:
            create_record(
                session=session,
                actor=actor,
                note="Demo data",
                record=ActionUpdate(
                    place_id=strategy.place_id,
                    strategy_id=id_of(strategy),
                    action_id=id_of(action),
                    period_end=period_end,
                    status=action.status,
                    percent_complete=min(percent, action.percent_complete or percent),
                    what_happened=text,
                    spent=(action.budget or 0) * percent // 100 if action.budget else None,
                ),
            )
    for indicator in session.exec(select(Indicator).where(Indicator.strategy_id == strategy.id)).all():
        for measured_on, value in zip(QUARTERS, FIGURES.get(indicator.library_key or "", []), strict=False):
            create_record(
                session=session,
                actor=actor,
                note="Demo data",
                record=Measurement(
                    place_id=strategy.place_id,
                    strategy_id=id_of(strategy),
                    indicator_id=id_of(indicator),
                    measured_on=measured_on,
                    value=value + index,
                    source="Residents' survey (fictional)",
                    sample_size=800,
                ),
            )
    session.flush()
